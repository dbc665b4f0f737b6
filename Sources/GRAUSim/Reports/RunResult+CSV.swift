extension RunResult {
  /// The CSV columns, in order.
  static let csvColumns = [
    "layer", "unit", "channels", "out_bits", "elements", "cycles_total", "cycles_compute", "cycles_fill_drain",
    "cycles_reconfiguration", "cycles_stall", "elements_per_cycle", "latency", "time_us", "toggles", "toggle_rate",
    "evaluated", "error_max_abs", "error_mean_abs", "error_mse", "error_exact_fraction", "error_off_by_2_fraction",
    "worst_channel", "worst_channel_mse", "full_range_max_abs", "full_range_worst_channel", "full_range_worst_input",
    "wrapping_channels", "calibration_source", "calibration_samples", "calibration_max_abs", "calibration_mean_abs",
    "calibration_mse", "calibration_exact_fraction", "reference_mismatches", "lut", "ff", "lutram", "bram36",
    "energy_j", "power_w",
  ]

  /// One header row, then one row per layer × unit (RFC 4180 quoting, `\n` line ends). Reals use Swift's
  /// shortest round-trip form, so the text is deterministic.
  func csvText() -> String {
    var out = CSV.line(Self.csvColumns)
    for layer in layers {
      for u in layer.units {
        let e = u.error.metrics
        let f = u.calibrationError.metrics
        let c = u.cycles
        let fields: [String] = [
          layer.name, u.kind.rawValue, "\(layer.channels)", "\(layer.output.bits)", "\(u.elements)",
          "\(c.total)", "\(c.compute)", "\(c.fillDrain)", "\(c.reconfiguration)", "\(c.stall)",
          JSONValue.format(u.elementsPerCycle), u.latency.map(String.init) ?? "",
          JSONValue.format(u.timeMicroseconds),
          "\(u.totalToggles)", JSONValue.format(u.toggleRate), "\(e.weight)", "\(e.maxAbs)",
          JSONValue.format(e.meanAbs), JSONValue.format(e.mse), JSONValue.format(e.exactFraction),
          JSONValue.format(e.offByTwoFraction), u.worstChannel.map { "\($0.channel)" } ?? "",
          u.worstChannel.map { JSONValue.format($0.error.mse) } ?? "", u.fullRange.map { "\($0.maxAbs)" } ?? "",
          u.fullRange.map { "\($0.worstChannel)" } ?? "", u.fullRange.map { "\($0.worstInput)" } ?? "",
          u.fullRange.map { "\($0.wrappingChannels)" } ?? "", layer.calibration.source.rawValue,
          "\(layer.calibration.samples)", "\(f.maxAbs)", JSONValue.format(f.meanAbs),
          JSONValue.format(f.mse), JSONValue.format(f.exactFraction), "\(u.referenceMismatches)",
          u.resources.map { JSONValue.format($0.lut) } ?? "", u.resources.map { JSONValue.format($0.ff) } ?? "",
          u.resources.map { JSONValue.format($0.lutram) } ?? "",
          u.resources.map { JSONValue.format($0.bram36) } ?? "",
          u.energy.map { JSONValue.format($0.joules) } ?? "", u.energy.map { JSONValue.format($0.watts) } ?? "",
        ]
        out += CSV.line(fields)
      }
    }
    return out
  }
}
