/// The hardware unit variants grausim models, simulates, emits and costs.
package enum UnitKind: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
  /// GRAU pipelined: pre-shift, comparator stages, R shifter stages, sign, bias; one result per cycle.
  case grau
  /// GRAU serialized: one comparator and one shifter stage reused; one element in flight.
  case grauSerial = "grau_serial"
  /// Multi-threshold, one comparator stage per threshold (sized for the largest precision served).
  case mt
  /// Multi-threshold, one comparator walking the thresholds; one element in flight.
  case mtSerial = "mt_serial"
  /// Multi-threshold binary search (FINN's RTL thresholding): one stage per output bit.
  case mtBinarySearch = "mt_bs"

  package static func < (a: UnitKind, b: UnitKind) -> Bool {
    allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
  }

  /// Whether this is a GRAU variant (fitted PWL parameters) rather than an MT variant (thresholds).
  package var isGRAU: Bool { self == .grau || self == .grauSerial }
  /// Whether at most one element is in flight.
  var isSerialized: Bool { self == .grauSerial || self == .mtSerial }
}

/// How many configuration-port writes a layer's parameters take (DOMAIN.md §3: reconfiguration takes cycles).
///
/// The configuration port writes one word of `busBits` bits per cycle, broadcast to every lane. Each register
/// field takes `ceil(fieldBits / busBits)` words; a layer starts with one control word (mode, precision, qmin)
/// and then writes every channel's parameter set into the parameter memory.
enum ReconfigurationCost {
  /// Words of one channel's parameter set.
  static func wordsPerChannel(_ kind: UnitKind, outputBits n: Int, grau: GRAUArchitecture, busBits: Int) -> Int {
    func words(_ bits: Int) -> Int { (bits + busBits - 1) / busBits }
    let thresholdBits = grau.inputBits + 1
    switch kind {
    case .grau, .grauSerial:
      let k = grau.segments
      if grau.usesBypass(outputBits: n) { return (k - 1) * words(thresholdBits) }
      return (k - 1) * words(thresholdBits) + k * words(1 + grau.stages) + k * words(grau.bias.bits)
    case .mt, .mtSerial, .mtBinarySearch:
      return ((1 << n) - 1) * words(thresholdBits)
    }
  }

  /// Cycles to reconfigure a unit for a layer of `channels` channels: one control word plus every set.
  static func cycles(
    _ kind: UnitKind, outputBits n: Int, channels: Int, grau: GRAUArchitecture, busBits: Int
  ) -> Int {
    1 + channels * wordsPerChannel(kind, outputBits: n, grau: grau, busBits: busBits)
  }
}
