/// LUTs per cost primitive: the fitted part of the resource model (docs/resources.md, fitted against
/// `data/calibration/yosys.csv` by `scripts/fit_resources.py`). Registers, SRLs and memories are structural and
/// carry no coefficient.
public struct ResourceCoefficients: Sendable, Hashable {
  /// LUTs per comparator bit.
  public var comparatorBit: Double
  /// LUTs per adder bit.
  public var adderBit: Double
  /// LUTs per mux LUT6 equivalent (b · ⌈N / 4⌉ for an N:1 mux of b bits).
  public var muxLUT: Double
  /// LUTs per parameter memory (write-enable decode).
  public var memory: Double
  /// LUTs per output bit formatted by `fit_n`.
  public var outputBit: Double
  /// LUTs per bit of the saturating clamp.
  public var clampBit: Double
  /// LUTs per control block.
  public var control: Double

  public init(
    comparatorBit: Double, adderBit: Double, muxLUT: Double, memory: Double, outputBit: Double,
    clampBit: Double, control: Double
  ) {
    self.comparatorBit = comparatorBit
    self.adderBit = adderBit
    self.muxLUT = muxLUT
    self.memory = memory
    self.outputBit = outputBit
    self.clampBit = clampBit
    self.control = control
  }

  /// The coefficients fitted on the committed calibration sweep.
  public static let `default` = ResourceCoefficients(
    comparatorBit: 0.6, adderBit: 1.0, muxLUT: 0.35, memory: 1.0, outputBit: 1.5, clampBit: 1.5, control: 4)

  /// The counts of `t` under these coefficients.
  public func apply(_ t: CostTerms, kind: UnitKind) -> ResourceCounts {
    let lut =
      comparatorBit * t.comparatorBits + adderBit * t.adderBits + muxLUT * t.muxLUTs + memory * t.memories
      + outputBit * t.outputBits + clampBit * t.clampBits + control * t.control
    return ResourceCounts(
      lut: lut, ff: t.registerBits, lutram: t.memoryLUTs + t.shiftRegisters, bram36: t.bram36, carry8: t.carry8)
  }
}
