import Foundation

/// Figures of a sweep (``SweepReport``): a metric against a swept key, one line per unit (and per value of the
/// other swept keys), with the points where a unit's line crosses the others marked; or a Pareto chart of two
/// metrics over every point and unit, with the front of the non-dominated ones.
enum SweepPlot {
  /// The metrics a figure can show: every numeric column of the unit schema (``UnitColumns``, the CSV's names),
  /// plus `exact_percent` (and for networks with weights `top1…` and `top1_percent`); name → (axis label, value
  /// from a unit's record).
  static let metrics: [(name: String, label: String, value: @Sendable (JSONValue) -> Double?)] = {
    let percent: @Sendable (JSONValue) -> Double? = {
      (UnitColumns.csvNumber($0, "exact_fraction") ?? UnitColumns.number($0["error"]?["exact_fraction"])).map {
        $0 * 100
      }
    }
    let top1: @Sendable (JSONValue) -> Double? = {
      (UnitColumns.csvNumber($0, "top1") ?? UnitColumns.number($0["network"]?["top1"])).map { $0 * 100 }
    }
    return (UnitColumns.csv + UnitColumns.networkCSV).filter(\.numeric).map { c in
      (c.name, labels[c.name] ?? c.name, { Double(UnitColumns.cell($0, c)) })
    }
      + [("exact_percent", "exact outputs (%)", percent), ("top1_percent", "top-1 on the test images (%)", top1)]
  }()

  private static let labels: [String: String] = [
    "cycles_reconfig": "reconfiguration cycles", "time_us": "time (µs)", "max_abs": "max |error| (LSB)",
    "mean_abs": "mean |error| (LSB)", "mse": "MSE (LSB²)", "exact_fraction": "exact outputs (fraction)",
    "full_range_max_abs": "max |error| over every input (LSB)", "lut": "LUT", "ff": "FF", "lutram": "LUTRAM",
    "bram36": "RAMB36", "lut_equivalent": "LUT + LUTRAM + 576·RAMB36", "energy_uj": "energy (µJ)",
    "power_mw": "power (mW)", "top1": "top-1 (fraction)", "top1_correct": "test images classified right",
  ]

  static var metricNames: [String] { metrics.map(\.name) }

  /// `unknown metric 'msee', did you mean 'mse'? (one of …)`.
  static func unknownMetric(_ name: String) -> String {
    let hint = Suggestion.closest(to: name, in: metricNames).map { ", did you mean '\($0)'?" } ?? ""
    return "unknown metric '\(name)'\(hint) (one of \(metricNames.joined(separator: ", ")))"
  }

  static func metric(_ name: String) -> (name: String, label: String, value: @Sendable (JSONValue) -> Double?)? {
    metrics.first { $0.name == name }
  }

  /// Why a figure cannot be drawn.
  struct PlotError: Error, Sendable, CustomStringConvertible {
    var message: String
    var description: String { message }
  }

  /// `y` against the swept key `x`; `crossing` names a unit whose crossings with the other lines are marked.
  static func lines(_ report: SweepReport, x: String, y: String, logY: Bool = false, crossing: String? = nil)
    throws(PlotError) -> SVGChart
  {
    guard report.keys.contains(x) else {
      throw PlotError(message: "'\(x)' is not a swept key (the sweep varies \(report.keys.joined(separator: ", ")))")
    }
    guard let m = metric(y) else {
      throw PlotError(message: unknownMetric(y))
    }
    // Lines are told apart by the other keys that vary at a fixed x (zipped keys move with x and do not).
    let others = report.keys.filter { k in
      guard k != x else { return false }
      var seen: [String: Set<String>] = [:]
      for p in report.points {
        seen[SweepReport.cell(p["set"]?[x]), default: []].insert(SweepReport.cell(p["set"]?[k]))
      }
      return seen.values.contains { $0.count > 1 }
    }
    var order: [String] = []
    var lines: [String: [(x: Double, y: Double)]] = [:]
    for p in report.points {
      guard case .array(let units)? = p["units"] else { continue }
      guard let xv = UnitColumns.number(p["set"]?[x]) else {
        throw PlotError(message: "'\(x)' must be numeric to be an axis (got \(SweepReport.cell(p["set"]?[x])))")
      }
      let group = others.map { "\(short($0))=\(SweepReport.cell(p["set"]?[$0]))" }.joined(separator: " ")
      for u in units {
        guard let yv = m.value(u) else { continue }
        let name = UnitColumns.text(u["unit"]) + (group.isEmpty ? "" : " " + group)
        if lines[name] == nil { order.append(name) }
        lines[name, default: []].append((xv, yv))
      }
    }
    guard !order.isEmpty else { throw PlotError(message: "the sweep has no '\(y)' values to plot") }
    let series = order.map { SVGChart.Series(name: $0, points: lines[$0]!.sorted { $0.x < $1.x }) }
    var marks: [SVGChart.Mark] = []
    if let crossing {
      for a in series where a.name == crossing || a.name.hasPrefix(crossing + " ") {
        let suffix = String(a.name.dropFirst(crossing.count))
        for b in series where b.name != a.name && b.name.hasSuffix(suffix) && !b.name.hasPrefix(crossing + " ") {
          for xc in crossings(a.points, b.points) {
            let other = String(b.name.dropLast(suffix.count))
            marks.append(SVGChart.Mark(x: xc, label: "\(crossing) = \(other) at \(SVGChart.label(xc))"))
          }
        }
      }
    }
    return SVGChart(
      title: "\(m.label) vs \(short(x))", xLabel: x, yLabel: m.label, series: series, marks: marks, logY: logY)
  }

  /// Where the piecewise-linear lines through `a` and `b` (same x values) change order, interpolated.
  static func crossings(_ a: [(x: Double, y: Double)], _ b: [(x: Double, y: Double)]) -> [Double] {
    let bx = Dictionary(b.map { ($0.x, $0.y) }, uniquingKeysWith: { first, _ in first })
    let common = a.compactMap { p in bx[p.x].map { (x: p.x, d: p.y - $0) } }
    var out: [Double] = []
    for (l, r) in zip(common, common.dropFirst()) where (l.d < 0) != (r.d < 0) && l.d != 0 {
      out.append(l.x + (r.x - l.x) * l.d / (l.d - r.d))
    }
    return out
  }

  /// Every point and unit as (`x`, `y`) — one scatter series per unit — and the front of the points no other
  /// beats in both (smaller is better in both).
  static func pareto(_ report: SweepReport, x: String, y: String, logX: Bool = false, logY: Bool = false)
    throws(PlotError) -> SVGChart
  {
    guard let mx = metric(x), let my = metric(y) else {
      throw PlotError(
        message: unknownMetric(metric(x) == nil ? x : y))
    }
    var order: [String] = []
    var byUnit: [String: [(x: Double, y: Double)]] = [:]
    for p in report.points {
      guard case .array(let units)? = p["units"] else { continue }
      for u in units {
        guard let xv = mx.value(u), let yv = my.value(u) else { continue }
        let name = UnitColumns.text(u["unit"])
        if byUnit[name] == nil { order.append(name) }
        byUnit[name, default: []].append((xv, yv))
      }
    }
    guard !order.isEmpty else { throw PlotError(message: "the sweep has no '\(x)' and '\(y)' values to plot") }
    let all = order.flatMap { byUnit[$0]! }.sorted { $0.x != $1.x ? $0.x < $1.x : $0.y < $1.y }
    var front: [(x: Double, y: Double)] = []
    for p in all where front.last.map({ p.y < $0.y }) ?? true { front.append(p) }
    let series =
      order.map { SVGChart.Series(name: $0, points: byUnit[$0]!, line: false) }
      + [SVGChart.Series(name: "Pareto front", points: front, line: true, emphasised: true)]
    return SVGChart(
      title: "\(my.label) against \(mx.label)", xLabel: mx.label, yLabel: my.label, series: series, logY: logY,
      logX: logX)
  }

  /// The last component of a config key (`accelerator.grau.segments` → `segments`).
  static func short(_ key: String) -> String { key.split(separator: ".").last.map(String.init) ?? key }
}
