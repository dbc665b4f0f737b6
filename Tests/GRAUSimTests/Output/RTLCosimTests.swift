import Testing

@testable import GRAUSim

@Suite struct RTLCosimTests {
  @Test func smoke() throws {
    var rng = CosimRandom(seed: 1)
    let d = RTLDesign(kind: .grau, grau: GRAUArchitecture(inputBits: 8, segments: 6), lanes: 2, channelCapacity: 4)
    let layers = [8, 1, 2, 4].map { n in
      CosimVectors.layer(d, outputBits: n, signed: true, channels: 3, elements: 12, pattern: CosimVectors.patterns[1], rng: &rng)
    }
    let tb = try RTLTestbench(design: d, layers: layers)
    let problems = try CosimRunner.icarus([tb], name: "smoke")
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }
}
