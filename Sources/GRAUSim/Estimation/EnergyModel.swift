/// Dynamic energy of one simulated run: per class, per stage, in total, and the average power at a clock.
struct EnergyEstimate: Sendable, Hashable {
  /// Total dynamic energy in joules.
  var joules: Double
  /// Joules per signal class, in ``EnergyTable/classes`` order (classes without toggles included, as 0).
  var perClass: [(signalClass: String, joules: Double)]
  /// Joules per stage (the part of a signal name before its last `.`), in first-appearance (datapath) order.
  var perStage: [(stage: String, joules: Double)]
  /// Cycles the energy was spent over.
  var cycles: Int
  /// Clock frequency in MHz.
  var clockMHz: Double
  /// Average dynamic power in watts: joules / (cycles / clock); 0 for 0 cycles.
  var watts: Double

  static func == (a: EnergyEstimate, b: EnergyEstimate) -> Bool {
    a.joules == b.joules && a.cycles == b.cycles && a.clockMHz == b.clockMHz
      && a.perClass.elementsEqual(b.perClass) { $0 == $1 } && a.perStage.elementsEqual(b.perStage) { $0 == $1 }
  }

  func hash(into h: inout Hasher) {
    h.combine(joules)
    h.combine(cycles)
  }
}

/// Dynamic energy = Σ over signal groups of toggles × energy per toggle of the group's class (docs/energy.md).
struct EnergyModel: Sendable, Hashable {
  var table: EnergyTable

  init(table: EnergyTable) { self.table = table }

  /// Prices `toggles` with ``table``.
  ///
  /// - Parameters:
  ///   - toggles: signal groups as ``UnitLayerResult/toggles`` reports them (names `<stage>.<field>`).
  ///   - cycles: cycles the toggles were counted over (for the average power), ≥ 0.
  ///   - clockMHz: clock frequency, > 0.
  /// - Throws: ``EnergyTableError`` for a class the table does not price, negative toggles or cycles, or a
  ///   clock that is not positive.
  func estimate(toggles: [SignalToggles], cycles: Int, clockMHz: Double) throws(EnergyTableError)
    -> EnergyEstimate
  {
    func fail(_ m: String) -> EnergyTableError { EnergyTableError(file: "energy estimate", message: m) }
    guard clockMHz.isFinite, clockMHz > 0 else { throw fail("clock: expected a positive MHz value, got \(clockMHz)") }
    guard cycles >= 0 else { throw fail("cycles: expected a non-negative integer, got \(cycles)") }
    var perClass = [Double](repeating: 0, count: EnergyTable.classes.count)
    var stages: [String] = []
    var perStage: [Double] = []
    for t in toggles {
      guard let index = EnergyTable.classes.firstIndex(of: t.signalClass) else {
        throw fail(
          "\(t.name): class '\(t.signalClass)' is not in the energy table (\(EnergyTable.classes.joined(separator: ", ")))"
        )
      }
      guard t.toggles >= 0 else { throw fail("\(t.name): negative toggle count \(t.toggles)") }
      let e = Double(t.toggles) * table.joulesPerToggle[index]
      perClass[index] += e
      let stage = t.name.lastIndex(of: ".").map { String(t.name[..<$0]) } ?? t.name
      if let s = stages.lastIndex(of: stage) {
        perStage[s] += e
      } else {
        stages.append(stage)
        perStage.append(e)
      }
    }
    let total = perClass.reduce(0, +)
    let seconds = Double(cycles) / (clockMHz * 1e6)
    return EnergyEstimate(
      joules: total, perClass: Array(zip(EnergyTable.classes, perClass)), perStage: Array(zip(stages, perStage)),
      cycles: cycles, clockMHz: clockMHz, watts: seconds > 0 ? total / seconds : 0)
  }

  /// ``estimate(toggles:cycles:clockMHz:)`` with the built-in table (``EnergyTable.builtIn``).
  static func estimate(toggles: [SignalToggles], cycles: Int, clockMHz: Double) throws(EnergyTableError)
    -> EnergyEstimate
  {
    try EnergyModel(table: EnergyTable.builtIn).estimate(toggles: toggles, cycles: cycles, clockMHz: clockMHz)
  }
}
