import Foundation

extension RunResult {
  /// The report `grausim run` prints: a line on the network, the per-layer table, the trade-off summary
  /// (``renderSummary()``) and the notes and warnings. The default table fits 120 columns; `wide` prints every
  /// column, the GRAU/MT ratios and the accuracy table as well. The columns are explained by ``legend``.
  func renderTable(wide: Bool = false) -> String {
    var out = renderHeadline()
    if wide {
      out += renderWideTable() + renderRatios() + renderAccuracy() + renderDeviceTable()
    } else {
      out += renderCompactTable()
    }
    out += renderSummary()
    out += renderNetworkAccuracy()
    out += renderComparison()
    out += renderNotes()
    return out
  }

  /// `network yolov3-tiny: 11 layers, … MT sized for 8 bits`.
  func renderHeadline() -> String {
    let a = config.accelerator
    let totalElements = layers.reduce(0) { $0 + $1.elements }
    var out = "network \(config.network.name): \(layers.count) layer\(layers.count == 1 ? "" : "s"), "
    out += "\(totalElements) elements; \(a.lanes) lanes, W = \(a.inputBits), \(String(format: "%g", a.clockMHz)) MHz, "
    out += "GRAU K = \(a.grau.segments) \(a.grau.slopeMode.rawValue)"
    if a.grau.shifter != .chain { out += " \(a.grau.shifter.rawValue) shifter" }  // the published chain goes unsaid
    if a.fit.fitter != .optimal { out += " (\(a.fit.fitter.rawValue) fit)" }  // grausim's own fitter goes unsaid
    if a.autoPreShift || a.autoStages {
      out +=
        " P = \(a.grau.preShift)\(a.autoPreShift ? " (auto)" : "") R = \(a.grau.stages)\(a.autoStages ? " (auto)" : "")"
    }
    out += ", MT sized for \(a.mtMaxBits) bits"
    return out + (a.mtStorage == .registers ? ", thresholds in registers\n" : "\n")
  }

  private static func bits(_ f: IntegerFormat) -> String { "\(f.signed ? "s" : "u")\(f.bits)" }

  /// One row per layer × unit and a TOTAL row per unit, with the figures of ``UnitColumns/table``.
  func renderCompactTable() -> String {
    var rows: [[String]] = []
    func row(_ name: String, _ bits: String, _ u: UnitRunSummary) -> [String] {
      let record = Self.json(u, signals: false)
      return [name, u.kind.rawValue, bits, "\(u.elements)"] + UnitColumns.table.map { $0.cell(record) }
    }
    for layer in layers {
      for u in layer.units { rows.append(row(layer.name, Self.bits(layer.output), u)) }
    }
    let separatorAt = rows.count
    for t in totals { rows.append(row("TOTAL", "", t)) }
    var table = TextTable(
      header: ["layer", "unit", "bits", "elements"] + UnitColumns.table.map(\.header), nameColumns: 2, rows: rows)
    table.rulesBefore = [separatorAt]
    var out = table.render()
    out += "errors: output LSBs against Q_c; LUT…BRAM36: estimated for a unit sized for the layer (TOTAL: for all "
    out += "layers);\nuJ: dynamic energy. --wide shows every column; grausim run --help explains them.\n"
    return out
  }

  /// Every figure per layer × unit (`--wide`).
  func renderWideTable() -> String {
    let header = [
      "layer", "unit", "bits", "elements", "cycles", "compute", "fill", "reconfig", "stall", "el/cyc", "lat", "time_us",
      "toggles", "tog/b/c", "max_abs", "mean_abs", "mse", "exact%", "cal_mse", "LUT", "FF", "LUTRAM", "BRAM36", "uJ",
      "mW",
    ]
    var rows: [[String]] = []
    func row(_ name: String, _ bits: String, _ u: UnitRunSummary) -> [String] {
      let e = u.error.metrics
      let c = u.cycles
      let r = u.resources?.reported
      return [
        name, u.kind.rawValue, bits, "\(u.elements)", "\(c.total)", "\(c.compute)", "\(c.fillDrain)",
        "\(c.reconfiguration)", "\(c.stall)", Figure.fixed(u.elementsPerCycle, 3), u.latency.map(String.init) ?? "-",
        Figure.fixed(u.timeMicroseconds, 1), "\(u.totalToggles)", Figure.fixed(u.toggleRate, 4), "\(e.maxAbs)",
        Figure.fixed(e.meanAbs, 4), Figure.fixed(e.mse, 4), Figure.fixed(100 * e.exactFraction, 2),
        Figure.fixed(u.calibrationError.metrics.mse, 4),
        r.map { Figure.fixed($0.lut, 0) } ?? "-", r.map { Figure.fixed($0.ff, 0) } ?? "-",
        r.map { Figure.fixed($0.lutram, 0) } ?? "-",
        r.map { Figure.fixed($0.bram36, 1) } ?? "-",
        u.energy.map { Figure.fixed($0.joules.rounded(significant: 6) * 1e6, 3) } ?? "-",
        u.energy.map { Figure.fixed($0.watts.rounded(significant: 6) * 1e3, 2) } ?? "-",
      ]
    }
    for layer in layers {
      for u in layer.units { rows.append(row(layer.name, Self.bits(layer.output), u)) }
    }
    let separatorAt = rows.count
    for t in totals { rows.append(row("TOTAL", "", t)) }
    var table = TextTable(header: header, nameColumns: 2, rows: rows)
    table.rulesBefore = [separatorAt]
    return table.render()
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

  /// Accuracy per layer and unit: where the parameters were calibrated, the evaluation error's distribution, the
  /// worst channel, and the error over every input the port can carry (with the channels that wrap).
  func renderAccuracy() -> String {
    func source(_ c: CalibrationSummary) -> String {
      switch c.source {
      case .freshDraw: "fresh draw"
      case .calibrationTrace: "calibration trace"
      case .tracePrefix: "trace prefix"
      case .calibrationImages: "calibration images"
      case .inSample: "in-sample"
      }
    }
    func row(_ name: String, _ calibration: CalibrationSummary?, _ u: UnitRunSummary) -> [String] {
      let e = u.error.metrics
      // A worst channel or input is only named where there is an error.
      let w = u.worstChannel.flatMap { $0.error.maxAbs > 0 ? $0 : nil }
      let worst = w.map { w in (w.layer.map { "\($0)/" } ?? "") + "c\(w.channel)" } ?? "-"
      let full = u.fullRange
      let at = full.flatMap { f in
        f.maxAbs > 0 ? (f.worstLayer.map { "\($0)/" } ?? "") + "c\(f.worstChannel) x=\(f.worstInput)" : nil
      }
      return [
        name, u.kind.rawValue, calibration.map(source) ?? "", calibration.map { "\($0.samples)" } ?? "",
        "\(e.weight)", "\(e.maxAbs)", String(format: "%.4f", e.meanAbs), String(format: "%.4f", e.mse),
        String(format: "%.2f", 100 * e.offByTwoFraction), worst,
        w.map { String(format: "%.4f", $0.error.mse) } ?? "-", full.map { "\($0.maxAbs)" } ?? "-",
        at ?? "-", full.map { "\($0.wrappingChannels)/\($0.channels)" } ?? "-",
      ]
    }
    var table = TextTable(
      header: [
        "layer", "unit", "calibration", "cal_samples", "evaluated", "max_abs", "mean_abs", "mse", ">=2LSB%",
        "worst_ch", "worst_mse", "full_max", "full_at", "wraps",
      ], nameColumns: 4)
    for layer in layers {
      for u in layer.units { table.rows.append(row(layer.name, layer.calibration, u)) }
    }
    table.rulesBefore = [table.rows.count]
    for t in totals { table.rows.append(row("TOTAL", nil, t)) }
    var out = "\naccuracy (output LSBs against Q_c on the evaluated outputs; full_max: the largest error over every "
    out += "input the \(config.accelerator.inputBits)-bit port can carry)\n"
    out += table.render()
    return out
  }

  /// What the reader must know about the figures: in-sample calibration, unmeasured layers, slopes GRAU cannot
  /// make, outputs that wrap, outputs that differ from the bit-exact reference.
  func renderNotes() -> String {
    var out = ""
    let inSample = layers.filter { $0.calibration.source == .inSample }.map(\.name)
    if !inSample.isEmpty {
      out += "note: \(inSample.joined(separator: ", ")) calibrated in-sample (stimulus.calibration.source = "
      out += "in_sample): the errors are measured on the data the parameters were fitted on, so they are optimistic\n"
    }
    let unmeasured = layers.filter { $0.units.first?.error.weight == 0 }.map(\.name)
    if !unmeasured.isEmpty {
      out += "note: no held-out output was simulated in \(unmeasured.joined(separator: ", ")) (every simulated "
      out += "element calibrated): raise --max-elements to measure them\n"
    }
    for layer in layers {
      for w in layer.grauWarnings {
        let what = w.kind == .constant ? "has a constant target on" : "GRAU cannot follow"
        out += "WARNING: \(layer.name): \(what) \(w.channels) of \(w.totalChannels) channels; channel "
        out += "\(w.worstChannel): \(w.message)\n"
      }
    }
    for t in totals {
      guard let f = t.fullRange, f.wrappingChannels > 0 else { continue }
      out += "WARNING: \(t.kind.rawValue) wraps its output on \(f.wrappingChannels) of \(f.channels) channels for "
      // The published flow keeps no line inside the output range, whatever the fit range.
      let floatRound = config.accelerator.fit.fitter == .floatRound
      out +=
        floatRound
        ? "some inputs (accelerator.grau.fitter = float_round: its lines may leave the output range): up to "
        : "inputs outside the calibration (accelerator.grau.fit_range = calibration): up to "
      out += "\(f.maxAbs) LSB (\(f.worstLayer ?? "") channel \(f.worstChannel), x = \(f.worstInput)); "
      out +=
        floatRound ? "a saturating adder (accelerator.grau.saturate) prevents it\n" : "fit_range \"full\" prevents it\n"
    }
    let mismatches = totals.reduce(0) { $0 + $1.referenceMismatches }
    if mismatches > 0 { out += "WARNING: \(mismatches) simulated outputs differ from the bit-exact reference\n" }
    out += renderDeviceNotes()
    out += renderCalibrationNotes()
    return out
  }
}
