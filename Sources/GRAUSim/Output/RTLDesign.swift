/// The design-time constants of one exported Verilog module: which unit variant, how wide, how many lanes and
/// channels. Everything the layer changes at run time (precision, signedness, mode, parameters) goes through the
/// configuration port instead, so one compiled module serves every layer that fits it.
///
/// Widths follow docs/datapath.md and docs/rtl.md; the derived members below are what the emitter, the
/// testbench writer and the hex-vector writer all use, so the three cannot disagree.
public struct RTLDesign: Sendable, Hashable {
  /// The unit variant.
  public var kind: UnitKind
  /// The GRAU architecture. Its `inputBits` is the input width W of every variant, MT included.
  public var grau: GRAUArchitecture
  /// The largest precision the MT hardware is sized for (N_max); MT variants store 2^N_max − 1 thresholds.
  public var mtMaxBits: Int
  /// The output port width per lane: the largest output precision the module serves.
  public var maxOutputBits: Int
  /// Lanes L running in lock-step.
  public var lanes: Int
  /// Depth of the per-channel parameter memories.
  public var channelCapacity: Int
  /// Configuration bus width B.
  public var busBits: Int
  /// The Verilog module name; `kind.rawValue` unless several designs of one kind share a simulation.
  public var moduleName: String

  /// Creates a design; ``validate(path:)`` checks it (the emitter does so before writing any text).
  public init(
    kind: UnitKind, grau: GRAUArchitecture = GRAUArchitecture(), mtMaxBits: Int = 8, maxOutputBits: Int = 8,
    lanes: Int = 1, channelCapacity: Int = 16, busBits: Int = 32, moduleName: String? = nil
  ) {
    self.kind = kind
    self.grau = grau
    self.mtMaxBits = mtMaxBits
    self.maxOutputBits = maxOutputBits
    self.lanes = lanes
    self.channelCapacity = channelCapacity
    self.busBits = busBits
    self.moduleName = moduleName ?? kind.rawValue
  }

  /// Checks every field; `path` prefixes names in the error.
  public func validate(path: String = "rtl") throws(ValueError) {
    try grau.validate(path: "\(path).grau")
    func check(_ key: String, _ v: Int, _ r: ClosedRange<Int>) throws(ValueError) {
      guard r.contains(v) else {
        throw ValueError(
          path: "\(path).\(key)", expected: "an integer in \(r.lowerBound)...\(r.upperBound)", got: "\(v)")
      }
    }
    try check("lanes", lanes, 1...64)
    try check("channels", channelCapacity, 1...4096)
    // The control word (7 bits) must fit one bus word: ReconfigurationCost counts exactly one.
    try check("bus_bits", busBits, RTLDesign.controlBits...64)
    try check("max_out_bits", maxOutputBits, 1...16)
    if !kind.isGRAU {
      try check("mt_max_bits", mtMaxBits, 1...Swift.min(8, maxOutputBits))
    }
    guard RTLDesign.isIdentifier(moduleName) else {
      throw ValueError(
        path: "\(path).module", expected: "a Verilog identifier ([A-Za-z_][A-Za-z0-9_]*)", got: moduleName)
    }
  }

  static func isIdentifier(_ s: String) -> Bool {
    guard let first = s.unicodeScalars.first, s.unicodeScalars.count <= 64 else { return false }
    func letter(_ c: Unicode.Scalar) -> Bool { (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_" }
    return letter(first) && s.unicodeScalars.allSatisfy { letter($0) || ($0 >= "0" && $0 <= "9") }
  }

  // MARK: Widths shared by the emitter and the testbench

  /// Bits of the control word: `{n[4:0], signed, bypass}`.
  public static let controlBits = 7
  /// Input width W.
  public var inputBits: Int { grau.inputBits }
  /// Threshold register width W + 1 ("never" = xmax + 1 is representable).
  public var thresholdBits: Int { grau.inputBits + 1 }
  /// Parameter-memory address bits A.
  public var channelBits: Int { Swift.max(1, bitsFor(channelCapacity - 1)) }
  /// Thresholds per channel the hardware stores: K − 1 (GRAU) or 2^N_max − 1 (MT).
  public var thresholdCount: Int { kind.isGRAU ? grau.segments - 1 : (1 << mtMaxBits) - 1 }
  /// Number of configuration field indices (control field 0 included).
  public var fieldCount: Int { kind.isGRAU ? 3 * grau.segments : thresholdCount + 1 }
  /// Width of `cfg_field`.
  public var fieldBits: Int { Swift.max(1, bitsFor(fieldCount - 1)) }
  /// Width of a GRAU setting word `{neg, set[R−1:0]}`.
  public var settingWordBits: Int { 1 + grau.stages }
  /// Bus words a field of `bits` bits takes.
  public func parts(_ bits: Int) -> Int { (bits + busBits - 1) / busBits }
  /// The most words any field of this design takes.
  public var maxParts: Int {
    var p = Swift.max(parts(RTLDesign.controlBits), parts(thresholdBits))
    if kind.isGRAU { p = Swift.max(p, parts(settingWordBits), parts(grau.bias.bits)) }
    return p
  }
  /// Width of `cfg_part`.
  public var partBits: Int { Swift.max(1, bitsFor(maxParts - 1)) }

  /// Configuration field index of threshold `j` (1-based).
  public func thresholdField(_ j: Int) -> Int { j }
  /// Configuration field index of segment `k`'s setting word (GRAU).
  public func settingField(_ k: Int) -> Int { grau.segments + k }
  /// Configuration field index of segment `k`'s bias (GRAU).
  public func biasField(_ k: Int) -> Int { 2 * grau.segments + k }

  /// The timing of a layer with `outputBits`-bit outputs on this design.
  public func timing(outputBits n: Int) -> UnitTiming {
    UnitTiming.of(kind, outputBits: n, grau: grau, mtMaxBits: mtMaxBits)
  }
}
