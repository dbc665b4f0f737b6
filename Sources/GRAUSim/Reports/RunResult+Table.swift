import Foundation

extension RunResult {
  /// A fixed-width, human-readable table: one row per layer × unit, then one total row per unit.
  ///
  /// Errors are in output LSBs against `Q_c`; `tog/b/c` is toggles per bit per cycle; `fit mse` is the error the
  /// fitter predicted, for reference.
  func renderTable() -> String {
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

    var table = TextTable(header: header, nameColumns: 2, rows: rows)
    table.rulesBefore = [separatorAt]
    let a = config.accelerator
    let totalElements = layers.reduce(0) { $0 + $1.elements }
    var out = "network \(config.network.name): \(layers.count) layer\(layers.count == 1 ? "" : "s"), "
    out += "\(totalElements) elements; \(a.lanes) lanes, W = \(a.inputBits), \(String(format: "%g", a.clockMHz)) MHz, "
    out += "GRAU K = \(a.grau.segments) \(a.grau.slopeMode.rawValue), MT sized for \(a.mtMaxBits) bits\n"
    out += table.render()
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
    var table = TextTable(header: header, nameColumns: 2, rows: rows)
    table.ruleAfterHeader = false
    var out = "\nGRAU / MT ratios (per layer: units sized for that layer; TOTAL: one unit serving every layer)\n"
    out += table.render()
    return out
  }
}
