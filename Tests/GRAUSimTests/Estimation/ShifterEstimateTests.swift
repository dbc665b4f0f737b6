import Testing

@testable import GRAUSim

/// The barrel shifter's resource estimate against the yosys counts recorded in docs/resources.md ("Shifter",
/// `grausim-bench calibrate --shifters`, yosys 0.23 `synth_xilinx -family xcup`): ±15 % LUT and FF on every point,
/// and the barrel is the smaller shifter at every K and n measured (W = 16, P = 6, R = 16, PoT, one lane).
@Suite struct ShifterEstimateTests {
  /// (n, K, chain LUT, chain FF, barrel LUT, barrel FF) from yosys.
  static let yosys = CalibrationSweep.shifterYosys

  @Test(arguments: yosys.indices)
  func barrelWithinFifteenPercent(index: Int) {
    let (n, k, chainLUT, chainFF, barrelLUT, barrelFF) = Self.yosys[index]
    func total(_ shifter: ShifterStyle) -> ResourceCounts {
      let design = CalibrationSweep.shifterDesign(n: n, k: k, shifter: shifter)
      #expect(design.grau.shifter == shifter)
      #expect(CalibrationSweep.shifterDesigns().contains(design))
      return ResourceEstimator.estimate(design).total
    }
    let chain = total(.chain)
    let barrel = total(.barrel)
    for (estimate, actual, what) in [
      (chain.lut, chainLUT, "chain LUT"), (chain.ff, chainFF, "chain FF"), (barrel.lut, barrelLUT, "barrel LUT"),
      (barrel.ff, barrelFF, "barrel FF"),
    ] {
      let error = CalibrationRow.relativeError(estimate, Double(actual))
      #expect(abs(error) <= 0.15, "n \(n) K \(k) \(what): estimate \(estimate), yosys \(actual)")
    }
    #expect(barrel.lut < chain.lut && barrel.ff < chain.ff)
  }
}
