import Foundation

extension RunResult {
  /// A network with weights: top-1 on the test images of the float network, the exact one (every layer Q_c) and
  /// each unit's forward pass, with the differences in points; empty for a network without weights.
  func renderNetworkAccuracy() -> String {
    guard let a = networkAccuracy else { return "" }
    func percent(_ correct: Int) -> String { String(format: "%6.2f %%", 100 * a.top1(correct)) }
    func points(_ d: Double) -> String { String(format: "%+.2f", 100 * d) }
    var out = "\ntop-1 on \(a.images) test images (parameters fitted on \(a.calibrationImages) calibration images):\n"
    let width = max(9, units.map(\.rawValue.count).max() ?? 0)
    func name(_ s: String) -> String { s.padding(toLength: width, withPad: " ", startingAt: 0) }
    out += "  \(name("float"))  \(percent(a.floatCorrect))  (\(a.floatCorrect)/\(a.images))\n"
    out += "  \(name("exact Q_c"))  \(percent(a.exactCorrect))  (\(a.exactCorrect)/\(a.images))\n"
    for u in a.units {
      out += "  \(name(u.kind.rawValue))  \(percent(u.correct))  (\(u.correct)/\(a.images))"
      out += "  \(points(a.top1(u.correct) - a.top1(a.exactCorrect))) points vs exact Q_c,"
      out += " \(points(a.top1(u.correct) - a.top1(a.floatCorrect))) vs float"
      if u.saturated > 0 { out += "; \(u.saturated) MAC results saturated to W bits" }
      out += "\n"
    }
    return out
  }

  /// `"network_accuracy"` of the JSON report (docs/report.md), nil for a network without weights.
  var networkAccuracyJSON: JSONValue? {
    guard let a = networkAccuracy else { return nil }
    func entry(_ correct: Int) -> JSONValue { .object(["correct": .int(correct), "top1": .finite(a.top1(correct))]) }
    var units = JSONObject()
    for u in a.units {
      units[u.kind.rawValue] = .object([
        "correct": .int(u.correct), "top1": .finite(a.top1(u.correct)),
        "vs_exact": .finite(a.top1(u.correct) - a.top1(a.exactCorrect)),
        "vs_float": .finite(a.top1(u.correct) - a.top1(a.floatCorrect)), "saturated_macs": .int(u.saturated),
      ])
    }
    return .object([
      "test_images": .int(a.images), "calibration_images": .int(a.calibrationImages),
      "float": entry(a.floatCorrect), "exact": entry(a.exactCorrect), "units": .object(units),
    ])
  }
}
