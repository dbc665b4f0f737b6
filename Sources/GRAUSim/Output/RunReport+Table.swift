import Foundation

extension RunReport {
  /// A fixed-width, human-readable table: one row per layer × unit, then one total row per unit.
  ///
  /// Errors are in output LSBs against `Q_c`; `tog/b/c` is toggles per bit per cycle; `fit mse` is the error the
  /// fitter predicted, for reference.
  public func renderTable() -> String {
    let header = [
      "layer", "unit", "bits", "elements", "cycles", "compute", "fill", "reconfig", "stall", "el/cyc", "lat", "time_us",
      "toggles", "tog/b/c", "max_abs", "mean_abs", "mse", "exact%", "fit_mse", "LUT", "FF", "LUTRAM", "BRAM36", "uJ",
      "mW",
    ]
    var rows: [[String]] = []
    func row(_ name: String, _ bits: String, _ u: UnitRunSummary) -> [String] {
      let e = u.error.metrics
      let c = u.cycles
      return [
        name, u.kind.rawValue, bits, "\(u.elements)", "\(c.total)", "\(c.compute)", "\(c.fillDrain)",
        "\(c.reconfiguration)", "\(c.stall)", String(format: "%.3f", u.elementsPerCycle),
        u.latency.map(String.init) ?? "-", String(format: "%.1f", u.timeMicroseconds), "\(u.totalToggles)",
        String(format: "%.4f", u.toggleRate), "\(e.maxAbs)", String(format: "%.4f", e.meanAbs),
        String(format: "%.4f", e.mse), String(format: "%.2f", 100 * e.exactFraction),
        String(format: "%.4f", u.fitError.metrics.mse),
        u.resources.map { String(format: "%.0f", $0.lut) } ?? "-",
        u.resources.map { String(format: "%.0f", $0.ff) } ?? "-",
        u.resources.map { String(format: "%.0f", $0.lutram) } ?? "-",
        u.resources.map { String(format: "%.1f", $0.bram36) } ?? "-",
        u.energy.map { String(format: "%.3f", $0.joules * 1e6) } ?? "-",
        u.energy.map { String(format: "%.2f", $0.watts * 1e3) } ?? "-",
      ]
    }
    for layer in layers {
      for u in layer.units { rows.append(row(layer.name, "\(layer.output.signed ? "s" : "u")\(layer.output.bits)", u)) }
    }
    let separatorAt = rows.count
    for t in totals { rows.append(row("TOTAL", "", t)) }

    var widths = header.map(\.count)
    for r in rows { for (i, f) in r.enumerated() { widths[i] = max(widths[i], f.count) } }
    func line(_ fields: [String]) -> String {
      fields.enumerated().map { i, f in
        let pad = String(repeating: " ", count: widths[i] - f.count)
        return i < 2 ? f + pad : pad + f  // names left-aligned, numbers right-aligned
      }.joined(separator: "  ")
    }
    let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))
    let a = config.accelerator
    let totalElements = layers.reduce(0) { $0 + $1.elements }
    var out = "network \(config.network.name): \(layers.count) layer\(layers.count == 1 ? "" : "s"), "
    out += "\(totalElements) elements; \(a.lanes) lanes, W = \(a.inputBits), \(String(format: "%g", a.clockMHz)) MHz, "
    out += "GRAU K = \(a.grau.segments) \(a.grau.slopeMode.rawValue), MT sized for \(a.mtMaxBits) bits\n"
    out += line(header) + "\n" + rule + "\n"
    for (i, r) in rows.enumerated() {
      if i == separatorAt { out += rule + "\n" }
      out += line(r) + "\n"
    }
    out += renderRatios()
    let mismatches = totals.reduce(0) { $0 + $1.referenceMismatches }
    if mismatches > 0 { out += "WARNING: \(mismatches) simulated outputs differ from the bit-exact reference\n" }
    return out
  }

  /// GRAU-to-MT ratios (LUT, FF, energy, cycles) per layer and in total; empty without both kinds of unit.
  func renderRatios() -> String {
    let total = Self.ratios(totals)
    guard !total.isEmpty else { return "" }
    func f(_ v: Double?) -> String { v.map { String(format: "%.3f", $0) } ?? "-" }
    var rows: [[String]] = []
    for layer in layers {
      for r in Self.ratios(layer.units) {
        rows.append([layer.name, r.pair, f(r.lut), f(r.ff), f(r.energy), f(r.cycles)])
      }
    }
    for r in total { rows.append(["TOTAL", r.pair, f(r.lut), f(r.ff), f(r.energy), f(r.cycles)]) }
    let header = ["layer", "grau/mt", "LUT", "FF", "energy", "cycles"]
    var widths = header.map(\.count)
    for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { i, c in
        let pad = String(repeating: " ", count: widths[i] - c.count)
        return i < 2 ? c + pad : pad + c
      }.joined(separator: "  ")
    }
    var out = "\nGRAU / MT ratios (per layer: units sized for that layer; TOTAL: one unit serving every layer)\n"
    out += line(header) + "\n"
    for r in rows { out += line(r) + "\n" }
    return out
  }
}
