/// LUTs per cost primitive for one unit variant: the fitted part of the resource model.
package struct LUTCoefficients: Sendable, Hashable {
  /// LUTs per comparator bit.
  var comparatorBit: Double
  /// LUTs per adder bit.
  var adderBit: Double
  /// LUTs per `case`-mux input bit (b · (N − 1) for an N:1 mux of b bits).
  var muxInput: Double
  /// LUTs per bit of a 2:1 select.
  var selectBit: Double
  /// LUTs per parameter memory (write-enable decode).
  var memory: Double
  /// LUTs per output bit formatted by `fit_n`.
  var outputBit: Double
  /// LUTs per bit of the saturating clamp.
  var clampBit: Double
  /// LUTs per control block.
  var control: Double
  /// LUTs per LUT6 of a threshold-select mux tree merged into its comparator (``CostTerms/muxTreeLUTs``).
  var muxTree: Double
  /// LUTs per LUT6 of a banked memory's bank mux and write decode (``CostTerms/bankMuxLUTs``).
  package var bankMux: Double
  /// LUTs per bit of a block RAM read bypass (``CostTerms/bypassBits``).
  package var bypass: Double
  /// LUTs per bit of a barrel shifter stage's select (``CostTerms/barrelSelectBits``).
  package var barrelSelect: Double

  init(
    comparatorBit: Double, adderBit: Double, muxInput: Double, selectBit: Double, memory: Double,
    outputBit: Double, clampBit: Double, control: Double, muxTree: Double = 0, bankMux: Double = 0,
    bypass: Double = 0, barrelSelect: Double? = nil
  ) {
    self.comparatorBit = comparatorBit
    self.adderBit = adderBit
    self.muxInput = muxInput
    self.selectBit = selectBit
    self.memory = memory
    self.outputBit = outputBit
    self.clampBit = clampBit
    self.control = control
    self.muxTree = muxTree
    self.bankMux = bankMux
    self.bypass = bypass
    self.barrelSelect = barrelSelect ?? selectBit
  }

  /// The coefficients in declaration order (as the fit solves for them).
  var values: [Double] {
    [
      comparatorBit, adderBit, muxInput, selectBit, memory, outputBit, clampBit, control, muxTree, bankMux, bypass,
      barrelSelect,
    ]
  }

  /// Coefficients from ``values`` order (missing trailing values are 0, a missing `barrelSelect` is `selectBit`).
  package init(_ v: [Double]) {
    func at(_ i: Int) -> Double { i < v.count ? v[i] : 0 }
    self.init(
      comparatorBit: v[0], adderBit: v[1], muxInput: v[2], selectBit: v[3], memory: v[4], outputBit: v[5],
      clampBit: v[6], control: v[7], muxTree: at(8), bankMux: at(9), bypass: at(10),
      barrelSelect: v.count > 11 ? v[11] : nil)
  }

  /// The primitives of `t` in ``values`` order.
  package static func features(_ t: CostTerms) -> [Double] {
    [
      t.comparatorBits, t.adderBits, t.muxInputs, t.selectBits, t.memories, t.outputBits, t.clampBits, t.control,
      t.muxTreeLUTs, t.bankMuxLUTs, t.bypassBits, t.barrelSelectBits,
    ]
  }

  /// Logic LUTs of `t`.
  func luts(_ t: CostTerms) -> Double {
    zip(values, Self.features(t)).reduce(0) { $0 + $1.0 * $1.1 }
  }
}

/// The LUT coefficients of every unit variant (docs/resources.md; fitted against `data/calibration/yosys.csv`
/// with `scripts/calibrate_resources.sh --fit`: non-negative least squares on the relative error). Registers,
/// SRLs and memories are structural and carry no coefficient.
package struct ResourceCoefficients: Sendable, Hashable {
  /// Indexed like `UnitKind.allCases`.
  var perKind: [LUTCoefficients]
  /// LUTs per LUT6 of an ideal register-file read mux tree (``CostTerms/registerReadLUTs``), indexed like
  /// `UnitKind.allCases`: abc maps wide muxes of flip-flops into 1.3–1.7 times the LUT6 of a binary tree of 4:1
  /// leaves (fitted on the six n = 4 designs of docs/resources.md, "Thresholds in registers").
  var registerRead: [Double]

  init(perKind: [LUTCoefficients], registerRead: [Double] = [0, 0, 1.32, 1.6, 1.72]) {
    self.perKind = perKind
    self.registerRead = registerRead
  }

  /// The coefficients of `kind`.
  package subscript(kind: UnitKind) -> LUTCoefficients {
    get { perKind[UnitKind.allCases.firstIndex(of: kind)!] }
    set { perKind[UnitKind.allCases.firstIndex(of: kind)!] = newValue }
  }

  /// The coefficients fitted on the committed calibration sweep; `bankMux` and `bypass` (primitives that occur only
  /// outside it) on the design-space grid's training rows that have banked or block RAM memories, keeping every
  /// sweep row within ±15 %; GRAU's `barrelSelect` on the grid's training barrels, keeping the shifter comparison's
  /// barrels within ±15 % (`scripts/calibrate_resources.sh --fit`).
  package static let `default` = ResourceCoefficients(perKind: [
    // grau
    LUTCoefficients([0.473, 2.211, 0.000, 1.322, 4.914, 0.000, 0.000, 0.000, 0.000, 0.550, 0.900, 1.550]),
    // grau_serial
    LUTCoefficients([1.205, 0.000, 0.300, 1.042, 5.057, 7.809, 10.598, 0.000, 0.000, 0.000, 0.600]),
    // mt
    LUTCoefficients([0.794, 0.434, 0.000, 0.000, 4.242, 2.866, 0.000, 0.000, 0.000, 1.800, 1.150]),
    // mt_serial
    LUTCoefficients([0.485, 3.180, 0.000, 1.184, 10.088, 0.000, 0.000, 0.000, 0.000, 1.250, 0.000]),
    // mt_bs
    LUTCoefficients([0.714, 0.000, 0.000, 0.000, 2.958, 0.000, 0.000, 6.569, 1.160, 0.600, 0.750]),
  ])

  /// The counts of `t` for a unit of `kind`.
  func apply(_ t: CostTerms, kind: UnitKind) -> ResourceCounts {
    ResourceCounts(
      lut: self[kind].luts(t) + registerRead[UnitKind.allCases.firstIndex(of: kind)!] * t.registerReadLUTs
        + t.structuralLUTs, ff: t.registerBits, lutram: t.memoryLUTs + t.shiftRegisters, bram36: t.bram36,
      carry8: t.carry8)
  }
}
