/// Where an observer reads the beats a unit delivers: the names (as ``ObservedSignal/name``) of the output
/// handshake and of the register each lane's output comes from, and how to decode that register.
///
/// A beat leaves at edge e iff `valid` and `ready` are both 1 in the state committed before edge e (the values an
/// observer holds after replaying every change at edges < e); lane l's output is then `value(<lanes[l]>)`.
struct UnitOutputSignals: Sendable, Hashable {
  /// How a lane's output register encodes the n-bit code.
  enum Encoding: Sendable, Hashable {
    /// The register holds the code itself (GRAU `bias.y`, MT binary-search `out.y`).
    case code
    /// The code is `qmin + count`, formed combinationally from a count register (MT `cnt`, GRAU bypass `seg`).
    case minPlusCount
  }

  /// `<unit>.out_valid`.
  var valid: String
  /// `<unit>.out_ready`.
  var ready: String
  /// Per lane, the register the sink reads: `<unit>.lane<l>.<stage>.<field>`.
  var lanes: [String]
  /// Per lane, the valid bit of the output register (0 for a bubble lane); nil for the serialized units, whose
  /// lanes carry no valid bit of their own (a bubble is known from the beat's position in the stream).
  var laneValid: [String]?
  /// How ``lanes`` encode the code (see ``value(_:)``).
  var encoding: Encoding
  /// The layer's output format.
  var output: IntegerFormat

  /// The n-bit code a lane's output register pattern stands for.
  func value(_ pattern: UInt64) -> Int {
    switch encoding {
    case .code: output.signed ? pattern.signExtended(output.bits) : Int(truncatingIfNeeded: pattern)
    case .minPlusCount: output.wrap(output.min + Int(truncatingIfNeeded: pattern))
    }
  }
}

extension UnitSimulator {
  /// The signals an observer of `simulate(job, observer:scope:)` reads the unit's outputs from; declare every lane
  /// (`ObservationScope(lanes: Array(0 ..< job.lanes))`) to see all of them.
  ///
  /// - Complexity: O(size of the unit): it elaborates the unit without simulating it.
  static func outputSignals(of job: LayerJob) -> UnitOutputSignals {
    var elaboration = Elaboration()
    let model = UnitModel(job: job, elaboration: &elaboration)
    let names = elaboration.signals.map(\.name)
    let first: Int
    let encoding: UnitOutputSignals.Encoding
    switch model.outputTap {
    case .code(let f):
      first = f
      encoding = .code
    case .minPlus(let f):
      first = f
      encoding = .minPlusCount
    }
    let lanes = (0..<model.lanes).map { names[first + $0] }
    // Pipelined units: field 0 of the last stage is the per-lane valid bit (`outValidSource` is lane 0's).
    let laneValid =
      model.kind.isSerialized ? nil : (0..<model.lanes).map { names[model.outValidSource + $0] }
    return UnitOutputSignals(
      valid: names[model.outValid.signal], ready: names[model.outReady.signal], lanes: lanes, laneValid: laneValid,
      encoding: encoding, output: model.output)
  }
}
