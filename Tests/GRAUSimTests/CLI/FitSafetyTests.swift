import Foundation
import Testing

@testable import GRAUSim

/// `grausim fit` over the whole input range, and what it says when the hardware cannot follow the target.
@Suite struct FitSafetyTests {
  static let leaky = [
    "fit", "--function", "leaky_relu", "--segments", "6", "--in-bits", "16", "--in-scale", "0.000244140625",
    "--out-bits", "8", "--out-scale", "0.03125", "--signed", "--range", "-12000:12000",
  ]

  static func value(_ label: String, _ text: String) -> [String] {
    let line = text.split(separator: "\n").first { $0.hasPrefix(label) }.map(String.init) ?? ""
    return line.dropFirst(label.count).split(separator: " ").map(String.init)
  }

  /// The example: calibrated on ±12000, the published unit wrapped (129 LSB at x = 32640); fitted over the
  /// full range it does not, and its in-range error stays 1 LSB.
  @Test func leakyReLUDoesNotWrapOutsideItsRange() {
    let full = runCLI(Self.leaky)
    #expect(full.code == 0, "\(full.stderr)")
    #expect(Self.value("max |err| (LSB)", full.stdout).first == "1")
    let fullMax = Int(Self.value("full range max", full.stdout).first ?? "") ?? .max
    #expect(fullMax <= 4, "full-range max \(fullMax)")
    #expect(!full.stdout.contains("wraps:"))
    let calibration = runCLI(Self.leaky + ["--fit-range", "calibration"])
    #expect(calibration.code == 0)
    #expect((Int(Self.value("full range max", calibration.stdout).first ?? "") ?? 0) > 100)
    #expect(calibration.stdout.contains("wraps:      GRAU's output wraps from x = "))
  }

  /// W = 32 with a tiny input scale: every slope is 2^-14, below the shallowest 2^-10 the default shifter has, so
  /// the fit falls back to flat steps. Warned, with the fix; "auto" picks P = 0 and 14 stages, and fits. (A range of
  /// 196 608 inputs keeps the debug build quick; the wider example behaves the same, docs/accuracy.md.)
  @Test func shallowSlopesAreWarnedAndAutoFollowsThem() {
    let args = [
      "fit", "--function", "relu", "--in-bits", "32", "--in-scale", "0.0000002384185791015625", "--out-bits", "8",
      "--out-scale", "0.00390625", "--range", "-65536:131071",
    ]
    let plain = runCLI(args)
    #expect(plain.code == 0)
    #expect(
      plain.stderr.contains("warning: 100% of the calibration's ramps need slopes below the shifter's shallowest"))
    #expect(plain.stderr.contains("use --pre-shift 6 and --stages 20, or \"auto\" for both"))
    #expect((Int(Self.value("full range max", plain.stdout).first ?? "") ?? 0) >= 16)
    let auto = runCLI(args + ["--pre-shift", "auto", "--stages", "auto"])
    #expect(auto.code == 0)
    #expect(auto.stderr.isEmpty, "\(auto.stderr)")
    #expect(auto.stdout.contains("pre-shift 0 (auto), 14 shifter stages (auto)"))
    #expect(Self.value("max |err| (LSB)", auto.stdout).first == "1")
    #expect((Int(Self.value("full range max", auto.stdout).first ?? "") ?? .max) <= 2)
  }

  /// The exp example: its 16-bit codes do not fit the bias register at P = 6 — refused as the config path
  /// refuses it, naming both causes (bias register, slopes) and their fixes; with "auto" the unit gets P = 12.
  @Test func expNamesTheBiasFixAndAutoFits() {
    let args = [
      "fit", "--function", "exp", "--segments", "8", "--slopes", "apot", "--in-bits", "8", "--in-scale", "0.0625",
      "--out-bits", "16", "--out-scale", "0.000030517578125", "--range", "-128:-1", "--saturate",
    ]
    let plain = runCLI(args)
    #expect(plain.code == 64)
    #expect(plain.stderr.contains("GRAU's 15-bit bias register"))
    #expect(plain.stderr.contains("--pre-shift 8 or more, or \"auto\""))
    // And the slope it needs (about 1800 LSB per input step) is far above the 32 that P = 6 gives: named too.
    #expect(plain.stderr.contains("needs slopes above the shifter's steepest 32 LSB per input step (up to 1808)"))
    #expect(plain.stderr.contains("use --pre-shift 12"))
    let auto = runCLI(args + ["--pre-shift", "auto", "--stages", "auto"])
    #expect(auto.code == 0, "\(auto.stderr)")
    #expect(auto.stdout.contains("pre-shift 12 (auto)"))
    // Was 14352 LSB at P = 6 (every segment capped); a steep exponential over 8 segments, about 1.5 % of full scale.
    #expect((Int(Self.value("max |err| (LSB)", auto.stdout).first ?? "") ?? .max) < 1000)
  }

  /// `fit` validates like the config path: a zero point outside the output codes is refused.
  @Test func zeroPointOutsideTheCodesIsRefused() {
    let r = runCLI(Self.leaky + ["--zero-point", "1000"])
    #expect(r.code == 64)
    #expect(r.stderr.contains("--zero-point") && r.stderr.contains("-128...127"), "\(r.stderr)")
    let config = """
      {"network": {"layers": [{"activation": "relu", "out_bits": 8, "signed": true, "zero_point": 1000,
      "out_scale": 0.1}]}}
      """
    #expect(throws: ConfigError.self) { try SimulationConfig.decode(config) }
    do { _ = try SimulationConfig.decode(config) } catch {
      #expect(error.description.contains("zero_point: expected an integer in -128...127"), "\(error)")
    }
  }
}
