import Testing

@testable import GRAUSim

/// The safety guarantee on a real layer: every channel of yolo-tiny's conv13 (256 channels, LeakyReLU, 8-bit
/// outputs, the published non-saturating unit), fitted on its held-out calibration, evaluated with the bit-exact
/// reference over all 65 536 inputs of the 16-bit port.
@Suite struct FullRangeGuaranteeTests {
  @Test func noChannelOfAYoloLayerWrapsAndTheReportedBoundIsExact() throws {
    let config = try SimulationConfig.load(path: Fixtures.root + "/configs/yolo-tiny.json")
    let network = try NetworkRunner.prepare(config: config, options: .init(layers: ["conv13"], maxElementsPerLayer: 1))
    let layer = network.layers[0]
    let a = config.accelerator.grau
    #expect(!a.saturate)
    var worst = 0
    for (c, fit) in network.fits[0].enumerated() {
      let p = try #require(fit.grau)
      let q = layer.stream.activations[c]
      var maxAbs = 0
      for x in a.input.min...a.input.max {
        let k = GRAUReference.segmentIndex(x, p.thresholds)
        // The guarantee: the line never leaves the output range, so the n-bit output never wraps.
        let line = GRAUReference.line(x, p.segments[k], a)
        guard q.output.contains(line) else {
          Issue.record("channel \(c): the line is \(line) at x = \(x), outside \(q.output)")
          break
        }
        maxAbs = max(maxAbs, abs(GRAUReference.output(x, p) - q(x)))
      }
      // What the report says is exactly what the hardware does over every input.
      let reported = try #require(fit.grauFullRange)
      #expect(reported.maxAbs == maxAbs, "channel \(c)")
      #expect(!reported.wraps, "channel \(c)")
      worst = max(worst, maxAbs)
    }
    // The bound this layer meets (docs/accuracy.md quotes it): a few LSB, not a wrap of 2^n.
    #expect(worst <= 16, "worst full-range error \(worst) LSB")
  }

  /// MT and GRAU are measured on the same evaluation elements, fitted on the same calibration.
  @Test func unitsAreComparedOnTheSameEvaluation() throws {
    let config = try SimulationConfig.load(path: Fixtures.path("tiny.json"))
    let r = try NetworkRunner.run(config: config)
    for layer in r.layers {
      let weights = Set(layer.units.map(\.error.weight))
      let calibration = Set(layer.units.map(\.calibrationError.weight))
      #expect(weights.count == 1 && calibration.count == 1, "\(layer.name)")
    }
  }
}
