import Foundation

/// The human-readable output of `grausim fit`: header, parameter table, GRAU-vs-MT error table, fit time.
enum FitTable {
  static func render(_ r: FitReport, fitTime: Duration, mtTime: Duration, exhaustive: Bool) -> String {
    let p = r.parameters
    let a = p.architecture
    let q = r.activation
    var out = ""
    let alpha = q.function.alpha.map { "(alpha \(fmt($0)))" } ?? ""
    out += "function:   \(q.function.name)\(alpha), gamma \(fmt(q.gamma)), beta \(fmt(q.beta))\n"
    out += "input:      \(q.input) (scale \(fmt(q.inputScale))), range \(r.range.lowerBound)...\(r.range.upperBound)"
    out += " (\(r.range.count) values)\n"
    out +=
      "output:     \(q.output) (scale \(fmt(q.outputScale)), zero point \(q.zeroPoint)), qmin \(q.qmin), qmax \(q.qmax)\n"
    out +=
      "GRAU:       \(a.segments) segments, \(a.slopeMode == .pot ? "PoT" : "APoT") slopes, pre-shift \(a.preShift)"
    out += r.autoPreShift ? " (auto), " : ", "
    out += "\(a.stages) shifter stages\(r.autoStages ? " (auto)" : ""), "
    out += "\(a.saturate ? "saturating" : "wrapping") offset adder, objective \(r.objective.rawValue)"
    // The default fitter goes unsaid, so default output stays as it was.
    out += r.fitter == .optimal ? "\n" : ", fitter \(r.fitter.rawValue)\n"
    out += "fit range:  "
    out +=
      r.fitRange == .full
      ? "the range above plus every other input of the \(a.inputBits)-bit port "
        + (r.fitter == .floatRound
          ? "(measured there; float_round's lines may still wrap)\n" : "(no input wraps the output)\n")
      : "the range above only (inputs outside it may wrap the output)\n"
    out += "\n"
    out +=
      "thresholds: " + (p.thresholds.isEmpty ? "(none)" : p.thresholds.map(String.init).joined(separator: " ")) + "\n"
    out += "\n"
    let shiftTitle = a.slopeMode == .pot ? "shift" : "shifts"
    out +=
      [
        pad("segment", 7), pad("x from", 11), pad("x to", 11), padRight("slope", 10), padRight(shiftTitle, 12),
        padRight("sign", 4), pad("bias", 11),
      ].joined(separator: "  ") + "\n"
    for (k, s) in p.segments.enumerated() {
      let lower = k == 0 ? Int.min : p.thresholds[k - 1]
      let upper = k == p.segments.count - 1 ? Int.max : p.thresholds[k] - 1
      // A full-range fit serves every input of the port, so the segments are shown over all of it.
      let shown = r.fitRange == .full ? a.input.min...a.input.max : r.range
      let lo = max(lower, shown.lowerBound)
      let hi = min(upper, shown.upperBound)
      let served = lo <= hi
      let (slope, shift) = describeSlope(s, a)
      out +=
        [
          pad(String(k), 7), pad(served ? String(lo) : "unused", 11), pad(served ? String(hi) : "", 11),
          padRight(slope, 10), padRight(shift, 12), padRight(s.negative ? "-" : "+", 4), pad(String(s.bias), 11),
        ]
        .joined(separator: "  ") + "\n"
    }
    out += "\n"
    out += padRight("error", 18) + pad("GRAU", 12) + pad("MT", 12) + "\n"
    let e = r.error
    let m = r.mtError
    out += padRight("max |err| (LSB)", 18) + pad(String(e.maxAbs), 12) + pad(String(m.maxAbs), 12) + "\n"
    out +=
      padRight("mean |err| (LSB)", 18) + pad(Figure.fixed(e.meanAbs, 4), 12) + pad(Figure.fixed(m.meanAbs, 4), 12)
      + "\n"
    out += padRight("MSE (LSB^2)", 18) + pad(Figure.fixed(e.mse, 4), 12) + pad(Figure.fixed(m.mse, 4), 12) + "\n"
    out +=
      padRight("exact fraction", 18) + pad(Figure.fixed(e.exactFraction, 4), 12)
      + pad(Figure.fixed(m.exactFraction, 4), 12) + "\n"
    out +=
      padRight("off by >= 2 LSB", 18) + pad(Figure.fixed(e.offByTwoFraction, 4), 12)
      + pad(Figure.fixed(m.offByTwoFraction, 4), 12)
      + "\n"
    if let g = r.fullRange, let t = r.mtFullRange {
      out += padRight("full range max", 18) + pad(String(g.maxAbs), 12) + pad(String(t.maxAbs), 12) + "\n"
      out += padRight("  at x =", 18) + pad(g.maxAbs > 0 ? String(g.worstInput) : "-", 12)
      out += pad(t.maxAbs > 0 ? String(t.worstInput) : "-", 12) + "\n"
      if let x = g.wrapInput {
        // float_round keeps no line inside the output range, whatever the fit range.
        let fix = r.fitter == .floatRound ? "--saturate clamps instead" : "use --fit-range full"
        out += "wraps:      GRAU's output wraps from x = \(x) on (\(fix))\n"
      }
    }
    out += "\n"
    out += "MT:         \(r.mt.thresholds.count) thresholds (2^\(q.output.bits) - 1)"
    if !q.function.isMonotone {
      out += "; \(q.function.name) is not monotone, so MT is its best monotone approximation"
    }
    out += "\n"
    out += "fit time:   GRAU \(millis(fitTime)) ms, MT \(millis(mtTime)) ms"
    out +=
      exhaustive
      ? " (every input of the fit a breakpoint candidate: the best this unit can do on it)\n" : "\n"
    return out
  }

  /// The slope as a number and the shifter setting (`shift` r, `{i, j}` for APoT, `-` for slope 0).
  static func describeSlope(_ s: GRAUSegment, _ a: GRAUArchitecture) -> (slope: String, shift: String) {
    guard s.setting != 0 else { return ("0", "-") }
    switch a.slopeMode {
    case .pot:
      let r = s.potShift!
      let e = a.preShift - r
      return (e == 0 ? "1" : "2^\(e)", String(r))
    case .apot:
      let shifts = s.apotShifts
      let slope = shifts.reduce(0.0) { $0 + pow(2.0, Double(a.preShift - $1)) }
      return (fmt(slope), "{" + shifts.map(String.init).joined(separator: ",") + "}")
    }
  }

  static func fmt(_ d: Double) -> String {
    d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : d.description
  }

  static func millis(_ d: Duration) -> String {
    let (s, atto) = d.components
    return Figure.fixed(Double(s) * 1000 + Double(atto) / 1e15, 2)
  }

  /// Right-aligned in `width` columns (wider text is kept whole).
  static func pad(_ s: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - s.count)) + s
  }

  /// Left-aligned in `width` columns (wider text is kept whole).
  static func padRight(_ s: String, _ width: Int) -> String {
    s + String(repeating: " ", count: max(0, width - s.count))
  }
}
