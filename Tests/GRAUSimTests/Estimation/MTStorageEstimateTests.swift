import Testing

@testable import GRAUSim

/// The resource model of thresholds in registers (docs/resources.md, "Thresholds in registers"): flip-flops per
/// stored bit once per design, no RAM, read muxes per lane; RAM designs unchanged by the key's existence.
@Suite struct MTStorageEstimateTests {
  static func design(_ kind: UnitKind, _ storage: MTStorage, n: Int = 4, lanes: Int = 1, channels: Int = 16)
    -> UnitDesign
  {
    UnitDesign(
      kind: kind, mtMaxBits: n, maxOutputBits: n, lanes: lanes, channelCapacity: channels, mtStorage: storage)
  }

  @Test(arguments: [UnitKind.mt, .mtSerial, .mtBinarySearch])
  func registersHoldEveryThresholdBitOncePerDesign(kind: UnitKind) {
    let ram = ResourceEstimator.estimate(Self.design(kind, .ram)).total
    let regs = ResourceEstimator.estimate(Self.design(kind, .registers)).total
    #expect(ram.lutram > 0)
    #expect(regs.lutram == 0 && regs.bram36 == 0)
    let words = kind == .mtSerial ? 16 << 4 : 15 * 16
    #expect(regs.ff >= Double(17 * words))
    #expect(regs.ff < Double(17 * words) + ram.ff + 50)
    // A second lane adds its read muxes and datapath, not another register file.
    let two = ResourceEstimator.estimate(Self.design(kind, .registers, lanes: 2)).total
    #expect(two.ff - regs.ff <= regs.ff - Double(17 * words))
    #expect(two.lut > regs.lut)
    // More channels: a wider read mux and more stored words.
    let one = ResourceEstimator.estimate(Self.design(kind, .registers, channels: 1)).total
    #expect(one.lut < regs.lut && one.ff < regs.ff)
  }

  /// The paper's serialized MT (one channel, n = 8, W = 32): 255 thresholds of 33 bits in flip-flops.
  @Test func thePapersSerializedMTIsRegisterBound() {
    let d = UnitDesign(
      kind: .mtSerial, grau: GRAUArchitecture(inputBits: 32), mtMaxBits: 8, maxOutputBits: 8, channelCapacity: 1,
      mtStorage: .registers)
    let e = ResourceEstimator.estimate(d).total
    #expect(e.ff >= 256 * 33 && e.ff < 256 * 33 + 150)
    #expect(e.lut > 10 * ResourceEstimator.estimate(UnitDesign(kind: .mtSerial, mtMaxBits: 8)).total.lut)
  }
}
