import Testing

@testable import GRAUSim

/// A 32-bit layer with a tiny input scale asks for slopes far below 2^(P−R): the run warns, naming the fix, and
/// `pre_shift` / `stages` "auto" choose a shifter that follows it.
@Suite struct AutoArchitectureTests {
  static let wide = ["accelerator.in_bits=32", "network.layers[0].in_scale=5.960464477539063e-08"]

  static func run(_ overrides: [String]) throws -> RunResult {
    try NetworkRunner.run(
      config: try SimulationConfig.load(path: Fixtures.path("tiny.json"), overrides: wide + overrides),
      options: .init(layers: ["conv0"]))
  }

  @Test func staircaseIsWarnedAndAutoFollowsTheRamp() throws {
    let plain = try Self.run([])
    let warning = try #require(plain.layers[0].grauWarnings.first)
    #expect(warning.kind == .tooShallow && warning.channels == 4)
    #expect(warning.message.contains("GRAU falls back to flat steps") && warning.message.contains("\"auto\""))
    #expect(plain.renderTable().contains("WARNING: conv0: GRAU cannot follow 4 of 4 channels"))
    let auto = try Self.run(["accelerator.grau.pre_shift=\"auto\"", "accelerator.grau.stages=\"auto\""])
    let a = auto.config.accelerator
    #expect(a.autoPreShift && a.autoStages)
    #expect(a.grau.preShift < 6 && a.grau.stages > 16, "P = \(a.grau.preShift), R = \(a.grau.stages)")
    #expect(auto.layers[0].grauWarnings.isEmpty)
    let before = try #require(plain.layers[0].unit(.grau)).error.metrics
    let after = try #require(auto.layers[0].unit(.grau)).error.metrics
    #expect(after.mse * 10 < before.mse, "MSE \(before.mse) -> \(after.mse)")
    // The report's config keeps "auto"; the chosen values are in the table's header.
    #expect(auto.config.resolvedJSON["accelerator"]?["grau"]?["pre_shift"] == .string("auto"))
    #expect(auto.renderTable().contains("P = \(a.grau.preShift) (auto) R = \(a.grau.stages) (auto)"))
  }
}
