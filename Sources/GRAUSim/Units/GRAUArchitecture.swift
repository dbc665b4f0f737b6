/// How a GRAU unit's shifter chain realises a slope.
package enum SlopeMode: String, Sendable, Hashable, Codable, CaseIterable {
  /// One power of two: a thermometer-coded setting, stage i shifts by one when its bit is set.
  case pot
  /// A sum of distinct powers of two: every stage shifts by one and adds its output when its bit is set.
  case apot
}

/// How the comparator bank that finds the segment is built.
package enum ComparatorStyle: String, Sendable, Hashable, Codable, CaseIterable {
  /// The published design: K − 1 comparator stages in a pipeline, one threshold each.
  case chain
  /// All K − 1 comparators in one stage feeding a popcount.
  case parallel
}

/// How the pipelined GRAU unit's shifter applies the slope (the serialized unit always reuses one one-bit stage).
package enum ShifterStyle: String, Sendable, Hashable, Codable, CaseIterable {
  /// The published design: R one-bit stages, one pipeline stage each.
  case chain
  /// A log-depth barrel: ⌈log2(R + 1)⌉ stages, stage k shifting by 2^(k−1) under bit k − 1 of a binary shift
  /// amount. PoT only: an APoT sum of shifted copies needs one adder per power, which is the chain.
  case barrel
}

/// The design-time constants of a GRAU unit: what is fixed when the hardware is built.
///
/// Widths derived here are shared by the reference, the cycle-accurate model, the RTL emitter and the
/// resource estimator, so the four can never disagree about a register's size.
package struct GRAUArchitecture: Sendable, Hashable, Codable {
  /// Input (MAC result) width W, signed, 2...32.
  package var inputBits: Int
  /// Number of segments K the hardware holds, 2...32.
  package var segments: Int
  /// Pre-shift P: `X = x << P`, in ``preShiftRange``.
  var preShift: Int
  /// Shifter stages R, 1...24; slopes 2^(P−1) ... 2^(P−R).
  package var stages: Int
  var slopeMode: SlopeMode
  /// Whether the offset adder saturates to the output range (otherwise it wraps to n bits).
  var saturate: Bool
  var comparator: ComparatorStyle
  /// Chain of R one-bit stages or log-depth barrel (pipelined `grau` only; ``UnitDesign`` keeps the chain for
  /// every other kind).
  package var shifter: ShifterStyle
  /// Whether 1- and 2-bit layers use the comparators alone as a small multi-threshold unit.
  var bypass: Bool

  package init(
    inputBits: Int = 16, segments: Int = 6, preShift: Int = 6, stages: Int = 16, slopeMode: SlopeMode = .pot,
    saturate: Bool = false, comparator: ComparatorStyle = .chain, bypass: Bool = true, shifter: ShifterStyle = .chain
  ) {
    self.inputBits = inputBits
    self.segments = segments
    self.preShift = preShift
    self.stages = stages
    self.slopeMode = slopeMode
    self.saturate = saturate
    self.comparator = comparator
    self.bypass = bypass
    self.shifter = shifter
  }

  /// The input port format.
  package var input: IntegerFormat { IntegerFormat(bits: inputBits, signed: true) }
  /// Threshold registers are one bit wider than the input so that "never" (`xmax + 1`) is representable.
  var threshold: IntegerFormat { IntegerFormat(bits: inputBits + 1, signed: true) }
  /// The pre-shifted value `X = x << P`.
  var shifted: IntegerFormat { IntegerFormat(bits: inputBits + preShift, signed: true) }
  /// The bias register.
  var bias: IntegerFormat { IntegerFormat(bits: inputBits + preShift + 1, signed: true) }
  /// The offset adder's result before saturation or wrapping; wide enough never to overflow.
  var sum: IntegerFormat { IntegerFormat(bits: inputBits + preShift + 2, signed: true) }
  /// Bits of the segment index.
  var segmentIndexBits: Int { Swift.max(1, bitsFor(segments - 1)) }
  /// Register stages of the shifter: R (chain) or bitsFor(R) = ⌈log2(R + 1)⌉ (barrel).
  var shifterStages: Int { shifter == .chain ? stages : bitsFor(stages) }
  /// Width of the `set` register: R (chain: thermometer code or APoT subset) or bitsFor(R) (barrel: the binary
  /// shift amount 0 … R, 0 gating the output to slope 0 as the chain's all-zero setting does).
  var settingBits: Int { shifter == .chain ? stages : bitsFor(stages) }
  /// The shift of barrel stage `k` (1-based): 2^(k−1).
  static func barrelShift(stage k: Int) -> Int { 1 << (k - 1) }
  /// The `set` code stored for a segment's `setting` (bit i − 1 for chain stage i): the setting itself within R
  /// bits (chain), or its shift amount popcount (barrel, a PoT thermometer code's shift).
  func settingCode(_ setting: UInt32) -> UInt64 {
    let mask: UInt32 = stages >= 32 ? .max : (UInt32(1) << stages) - 1
    switch shifter {
    case .chain: return UInt64(setting & mask)
    case .barrel: return UInt64((setting & mask).nonzeroBitCount)
    }
  }
  /// Whether a layer of `outputBits` runs through the comparator bypass.
  func usesBypass(outputBits: Int) -> Bool { bypass && outputBits <= 2 && (1 << outputBits) - 1 <= segments - 1 }

  /// Checks every field; `path` prefixes names in the error.
  func validate(path: String = "grau") throws(ValueError) {
    func check(_ key: String, _ v: Int, _ r: ClosedRange<Int>) throws(ValueError) {
      guard r.contains(v) else {
        throw ValueError(
          path: "\(path).\(key)",
          expected: "an integer in \(r.lowerBound)...\(r.upperBound)",
          got: "\(v)")
      }
    }
    try check("in_bits", inputBits, 2...32)
    try check("segments", segments, 2...32)
    try check("pre_shift", preShift, Self.preShiftRange)
    try check("stages", stages, Self.stagesRange)
    if shifter == .barrel && slopeMode == .apot {
      throw ValueError(
        path: "\(path).shifter",
        expected:
          "\"chain\" with slopes \"apot\" (a barrel shifts by one amount; an APoT slope is a sum of shifts, one "
          + "adder per power, which the chain provides)",
        got: "\"barrel\"")
    }
  }

  /// The pre-shifts a unit can be built with: slopes up to 2^(P−1) (P = 6 in the published design).
  static let preShiftRange = 0...16
  /// The shifter lengths a unit can be built with: slopes down to 2^(P−R).
  static let stagesRange = 1...24

  /// Checks that the offset adder can carry the codes of `output` in PWL mode: the bias register (W + P + 1 bits)
  /// must hold qmin and qmax. The one check the config path and `grausim fit` share; the error names the fix.
  func validate(output: IntegerFormat, path: String) throws(ValueError) {
    guard !usesBypass(outputBits: output.bits), !(bias.contains(output.min) && bias.contains(output.max)) else {
      return
    }
    var p = preShift
    while p < Self.preShiftRange.upperBound {
      p += 1
      let f = IntegerFormat(bits: inputBits + p + 1, signed: true)
      if f.contains(output.min) && f.contains(output.max) { break }
    }
    throw ValueError(
      path: path,
      expected:
        "an output range that fits GRAU's \(bias.bits)-bit bias register (in_bits + pre_shift + 1 = "
        + "\(inputBits) + \(preShift) + 1): pre_shift \(p) or more, or \"auto\", for \(output) outputs",
      got: "\(output.bits) bits")
  }
}

/// Number of bits needed to hold the unsigned value `v` (0 needs 0 bits).
func bitsFor(_ v: Int) -> Int { v <= 0 ? 0 : Int.bitWidth - v.leadingZeroBitCount }
