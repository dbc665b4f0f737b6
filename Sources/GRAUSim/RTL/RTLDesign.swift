/// One exported Verilog module: a ``UnitDesign`` and the module's name. Every width comes from the unit design
/// (`design.fieldBits`, `design.lanes`, … read through to it), so the emitter, the testbench writer and the
/// hex-vector writer describe the same hardware the model simulates and the estimator costs.
@dynamicMemberLookup
package struct RTLDesign: Sendable, Hashable {
  /// The unit the module implements.
  var unit: UnitDesign
  /// The Verilog module name; `unit.kind.rawValue` unless several designs of one kind share a simulation.
  var moduleName: String

  /// A module for `unit`, named `moduleName` (default: the unit variant's name).
  package init(unit: UnitDesign, moduleName: String? = nil) {
    self.unit = unit
    self.moduleName = moduleName ?? unit.kind.rawValue
  }

  /// Creates a module for the unit design with these constants (see ``UnitDesign``); ``validate(path:)`` checks
  /// it (the emitter does so before writing any text).
  init(
    kind: UnitKind, grau: GRAUArchitecture = GRAUArchitecture(), mtMaxBits: Int = 8, maxOutputBits: Int = 8,
    lanes: Int = 1, channelCapacity: Int = 16, busBits: Int = 32, mtStorage: MTStorage = .ram,
    moduleName: String? = nil
  ) {
    self.init(
      unit: UnitDesign(
        kind: kind, grau: grau, mtMaxBits: mtMaxBits, maxOutputBits: maxOutputBits, lanes: lanes,
        channelCapacity: channelCapacity, busBits: busBits, mtStorage: mtStorage),
      moduleName: moduleName)
  }

  /// Reads and writes the unit design's members: `design.lanes`, `design.fieldBits`, …
  package subscript<T>(dynamicMember key: WritableKeyPath<UnitDesign, T>) -> T {
    get { unit[keyPath: key] }
    set { unit[keyPath: key] = newValue }
  }

  /// Reads the unit design's derived members.
  subscript<T>(dynamicMember key: KeyPath<UnitDesign, T>) -> T { unit[keyPath: key] }

  /// Bus words a field of `bits` bits takes.
  func parts(_ bits: Int) -> Int { unit.parts(bits) }
  /// Configuration field index of threshold `j` (1-based).
  func thresholdField(_ j: Int) -> Int { unit.thresholdField(j) }
  /// Configuration field index of segment `k`'s setting word (GRAU).
  func settingField(_ k: Int) -> Int { unit.settingField(k) }
  /// Configuration field index of segment `k`'s bias (GRAU).
  func biasField(_ k: Int) -> Int { unit.biasField(k) }
  /// The timing of a layer with `outputBits`-bit outputs on this design.
  func timing(outputBits n: Int) -> UnitTiming { unit.timing(outputBits: n) }

  /// Checks that the emitter can write the design; `path` prefixes names in the error.
  func validate(path: String = "rtl") throws(ValueError) {
    try unit.grau.validate(path: "\(path).grau")
    func check(_ key: String, _ v: Int, _ r: ClosedRange<Int>) throws(ValueError) {
      guard r.contains(v) else {
        throw ValueError(
          path: "\(path).\(key)", expected: "an integer in \(r.lowerBound)...\(r.upperBound)", got: "\(v)")
      }
    }
    try check("lanes", unit.lanes, 1...64)
    try check("channels", unit.channelCapacity, 1...4096)
    // The control word (7 bits) must fit one bus word: the configuration interface counts exactly one.
    try check("bus_bits", unit.busBits, ControlWord.bits...64)
    try check("max_out_bits", unit.maxOutputBits, 1...16)
    if !unit.kind.isGRAU {
      try check("mt_max_bits", unit.mtMaxBits, 1...Swift.min(8, unit.maxOutputBits))
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

  /// The Verilog source of this design (``RTLEmitter/verilog(_:)``).
  func verilog() throws(ValueError) -> String { try RTLEmitter.verilog(self) }
}
