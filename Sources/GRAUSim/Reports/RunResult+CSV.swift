extension RunResult {
  /// The CSV columns, in order: the layer's, then the unit schema every report shares (``UnitColumns``).
  static let csvColumns =
    ["layer", "unit", "channels", "out_bits", "calibration_source", "calibration_samples"] + UnitColumns.csvNames

  /// One header row, one row per layer × unit, then one `TOTAL` row per unit (the unit sized for every layer:
  /// channels summed, the widest output); RFC 4180 quoting, `\n` line ends. Every cell comes from the unit's JSON
  /// record, so the CSV and the JSON report agree to the digit.
  func csvText() -> String {
    // With a device, its columns follow the unit columns (docs/report.md).
    let device = config.accelerator.device != nil
    // A network with weights: its accuracy columns last (filled on the TOTAL rows).
    let network = networkAccuracy != nil
    var out = CSV.line(
      Self.csvColumns + (device ? UnitColumns.deviceCSV.map(\.name) : [])
        + (network ? UnitColumns.networkCSV.map(\.name) : []))
    func line(_ layer: [String], _ u: UnitRunSummary) {
      let cells = UnitColumns.csvCells(Self.json(u, signals: false), device: device, network: network)
      out += CSV.line([layer[0], cells[0]] + layer.dropFirst() + cells.dropFirst())
    }
    for layer in layers {
      let fields = [
        layer.name, "\(layer.channels)", "\(layer.output.bits)", layer.calibration.source.rawValue,
        "\(layer.calibration.samples)",
      ]
      for u in layer.units { line(fields, u) }
    }
    let total = [
      "TOTAL", "\(layers.reduce(0) { $0 + $1.channels })", "\(layers.map(\.output.bits).max() ?? 0)", "",
      "\(layers.reduce(0) { $0 + $1.calibration.samples })",
    ]
    for t in totals { line(total, t) }
    return out
  }
}
