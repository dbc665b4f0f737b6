/// The GRAU-to-MT comparison of one GRAU variant against one MT variant: `grau / mt` for each figure.
struct UnitRatio: Sendable, Hashable {
  /// `"<grau variant>/<mt variant>"`, e.g. `grau/mt_bs`.
  var pair: String
  var lut: Double?
  var ff: Double?
  var energy: Double?
  var cycles: Double?
}

extension RunResult {
  /// Fills in every unit's resources and energy.
  ///
  /// Per layer, a unit is costed as the hardware sized for that layer alone (its output width, its channel count):
  /// that is what shows precision crossovers. In the totals, a unit is the one piece of hardware that serves every
  /// simulated layer (the widest output, the deepest parameter memory), and its energy is the sum over layers.
  ///
  /// - Throws: ``EnergyTableError`` when the table does not price a signal class the models report.
  mutating func estimate(energy table: EnergyTable) throws(EnergyTableError) {
    let a = config.accelerator
    let model = EnergyModel(table: table)
    func design(_ kind: UnitKind, bits: Int, channels: Int) -> UnitDesign {
      a.design(kind, bits: bits, channels: channels)
    }
    func energy(_ u: UnitRunSummary) throws(EnergyTableError) -> EnergyEstimate {
      try model.estimate(
        toggles: u.signals.map {
          SignalToggles(name: $0.name, signalClass: $0.signalClass, bits: $0.bits, toggles: $0.toggles)
        }, cycles: u.cycles.total, clockMHz: u.clockMHz)
    }
    func cost(_ u: inout UnitRunSummary, _ d: UnitDesign) {
      let total = ResourceEstimator.estimate(d).total
      u.resources = total
      u.outsideCalibration = CalibratedRegion.excursions(d)
      u.utilization = a.device.map { DeviceUtilization(device: $0, used: total) }
    }
    for l in layers.indices {
      for u in layers[l].units.indices {
        let kind = layers[l].units[u].kind
        cost(&layers[l].units[u], design(kind, bits: layers[l].output.bits, channels: layers[l].channels))
        layers[l].units[u].energy = try energy(layers[l].units[u])
      }
    }
    let bits = layers.map(\.output.bits).max() ?? 1
    let channels = layers.map(\.channels).max() ?? 1
    for t in totals.indices {
      cost(&totals[t], design(totals[t].kind, bits: bits, channels: channels))
      totals[t].energy = try energy(totals[t])
    }
  }

  /// Every (GRAU variant, MT variant) pair among `units`, with `grau / mt` ratios of LUTs, FFs, energy and cycles.
  static func ratios(_ units: [UnitRunSummary]) -> [UnitRatio] {
    func ratio(_ a: Double?, _ b: Double?) -> Double? {
      guard let a, let b, b > 0 else { return nil }
      return a / b
    }
    var result: [UnitRatio] = []
    for g in units where g.kind.isGRAU {
      for m in units where !m.kind.isGRAU {
        result.append(
          UnitRatio(
            pair: "\(g.kind.rawValue)/\(m.kind.rawValue)", lut: ratio(g.resources?.lut, m.resources?.lut),
            ff: ratio(g.resources?.ff, m.resources?.ff), energy: ratio(g.energy?.joules, m.energy?.joules),
            cycles: ratio(Double(g.cycles.total), Double(m.cycles.total))))
      }
    }
    return result
  }
}
