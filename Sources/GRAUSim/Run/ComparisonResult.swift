/// grausim's estimate of one design of the configuration's comparison (``ComparisonConfig``).
struct ComparisonResult: Sendable, Hashable {
  var row: ComparisonRow
  /// The resource estimate of the design as reports give it (whole LUTs and FFs, RAMB36 to a tenth).
  var estimate: ResourceCounts

  /// grausim's figure of `metric` (`lut`, `ff`, `lutram`, `bram36`).
  func estimated(_ metric: String) -> Double { estimate[metric] }

  /// grausim's figure over the published one, nil where none is published or it is 0.
  func ratio(_ metric: String) -> Double? {
    guard let p = row.published[metric], p > 0 else { return nil }
    return estimated(metric) / p
  }
}

extension AcceleratorConfig {
  /// The hardware of `kind` on this accelerator, sized for `bits`-bit outputs and `channels` channels.
  func design(_ kind: UnitKind, bits: Int, channels: Int) -> UnitDesign {
    UnitDesign(
      kind: kind, grau: grau, mtMaxBits: mtMaxBits, maxOutputBits: bits, lanes: lanes,
      channelCapacity: Swift.max(1, channels), busBits: paramBusBits, mtStorage: mtStorage)
  }
}

extension SimulationConfig {
  /// Every design of the comparison with grausim's estimate (empty without a comparison). Estimates only: the
  /// designs are not simulated.
  var comparisonResults: [ComparisonResult] {
    (comparison?.rows ?? []).map { row in
      let design = row.accelerator.design(row.unit, bits: row.outputBits, channels: row.channels)
      return ComparisonResult(row: row, estimate: ResourceEstimator.estimate(design).total.reported)
    }
  }
}

extension ResourceCounts {
  /// The count of a comparison metric (``PublishedResources/metrics``: `lut`, `ff`, `lutram`, `bram36`).
  subscript(metric: String) -> Double {
    switch metric {
    case "lut": lut
    case "ff": ff
    case "lutram": lutram
    default: bram36
    }
  }
}
