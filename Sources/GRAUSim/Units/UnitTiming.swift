/// When a unit accepts and returns elements, for one layer.
///
/// Edges are rising clock edges. An element is *accepted* at the edge where `in_valid && in_ready`, and *leaves*
/// at the edge where `out_valid && out_ready`. `latency` is leave − accept when nothing stalls; a new element can
/// be accepted every `initiationInterval` edges. See docs/cycle-model.md.
package struct UnitTiming: Sendable, Hashable {
  package var latency: Int
  var initiationInterval: Int

  init(latency: Int, initiationInterval: Int) {
    self.latency = latency
    self.initiationInterval = initiationInterval
  }

  /// Timing of `kind` for a layer with `outputBits`-bit outputs.
  ///
  /// - Parameters:
  ///   - grau: the GRAU architecture (used by GRAU variants).
  ///   - mtMaxBits: the largest precision the MT hardware is sized for (pipelined and binary-search MT keep
  ///     that depth whatever the layer's precision).
  static func of(_ kind: UnitKind, outputBits n: Int, grau: GRAUArchitecture, mtMaxBits: Int) -> UnitTiming {
    switch kind {
    case .grau:
      let comparatorStages = grau.comparator == .chain ? grau.segments - 1 : 1
      let latency =
        grau.usesBypass(outputBits: n) ? 1 + comparatorStages : 1 + comparatorStages + grau.shifterStages + 2
      return UnitTiming(latency: latency, initiationInterval: 1)
    case .grauSerial:
      // One comparator walks K − 1 thresholds, one shifter stage is reused R times.
      let latency = grau.usesBypass(outputBits: n) ? grau.segments : grau.segments + grau.stages + 2
      return UnitTiming(latency: latency, initiationInterval: latency)
    case .mt:
      return UnitTiming(latency: (1 << mtMaxBits) - 1, initiationInterval: 1)
    case .mtSerial:
      let latency = (1 << n) - 1
      return UnitTiming(latency: latency, initiationInterval: latency)
    case .mtBinarySearch:
      // Input register, one stage per bit of the largest precision, output register.
      return UnitTiming(latency: mtMaxBits + 2, initiationInterval: 1)
    }
  }
}
