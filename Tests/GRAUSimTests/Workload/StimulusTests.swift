import Testing

@testable import GRAUSim

@Suite struct StimulusTests {
  static let input = IntegerFormat(bits: 12, signed: true)

  func gaussian(seed: UInt64, layer: Int = 0, channels: Int = 5, pixels: Int = 7) -> LayerStimulus {
    .gaussian(seed: seed, layerIndex: layer, channels: channels, pixels: pixels, input: Self.input, mean: 10, std: 300)
  }

  func activations(_ n: Int) -> [QuantizedActivation] {
    (0..<n).map {
      QuantizedActivation(
        input: Self.input, inputScale: 1.0 / 256, gamma: 1 + 0.1 * Double($0), function: .leakyReLU(alpha: 0.1),
        outputScale: 1.0 / 16, output: IntegerFormat(bits: 8, signed: true))
    }
  }

  @Test func deterministicPerSeedAndDistinctAcrossSeedsAndLayers() {
    let a = gaussian(seed: 1)
    let b = gaussian(seed: 1)
    let values = (0..<35).map { a.value(channel: $0 % 5, pixel: $0 / 5) }
    #expect(values == (0..<35).map { b.value(channel: $0 % 5, pixel: $0 / 5) })
    #expect(values != (0..<35).map { gaussian(seed: 2).value(channel: $0 % 5, pixel: $0 / 5) })
    #expect(values != (0..<35).map { gaussian(seed: 1, layer: 1).value(channel: $0 % 5, pixel: $0 / 5) })
    #expect(values.allSatisfy { Self.input.contains($0) })
  }

  @Test func gaussianHasTheRequestedMomentsAndIsClamped() {
    let s = LayerStimulus.gaussian(
      seed: 5, layerIndex: 0, channels: 1, pixels: 20_000, input: Self.input, mean: 100, std: 400)
    let xs = (0..<20_000).map { Double(s.value(channel: 0, pixel: $0)) }
    let mean = xs.reduce(0, +) / Double(xs.count)
    let sd = (xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(xs.count)).squareRoot()
    #expect(abs(mean - 100) < 15)
    #expect(abs(sd - 400) < 15)
    let wide = LayerStimulus.gaussian(
      seed: 5, layerIndex: 0, channels: 1, pixels: 2000, input: Self.input, mean: 0, std: 1e6)
    let ws = (0..<2000).map { wide.value(channel: 0, pixel: $0) }
    #expect(ws.contains(Self.input.max) && ws.contains(Self.input.min))
    #expect(ws.allSatisfy { Self.input.contains($0) })
  }

  @Test(arguments: StreamOrder.allCases)
  func randomAccessEqualsSequential(order: StreamOrder) {
    let stream = LayerStream(stimulus: gaussian(seed: 3), order: order, activations: activations(5))
    var whole = ElementBlock()
    stream.fill(&whole, start: 0, length: stream.count)
    #expect(whole.count == 35)
    var block = ElementBlock()
    for (start, length) in [(0, 1), (4, 9), (13, 22), (30, 100), (34, 1)] {
      stream.fill(&block, start: start, length: length)
      let end = min(35, start + length)
      #expect(block.x == Array(whole.x[start..<end]))
      #expect(block.channel == Array(whole.channel[start..<end]))
      #expect(block.expected == Array(whole.expected[start..<end]))
    }
    for i in 0..<35 {
      #expect(whole.expected[i] == stream.activations[whole.channel[i]](whole.x[i]))
    }
  }

  @Test func streamOrdersVisitTheSameElementsInTheirOrder() {
    let s = gaussian(seed: 9)
    let inter = LayerStream(stimulus: s, order: .channelInterleaved, activations: activations(5))
    let major = LayerStream(stimulus: s, order: .channelMajor, activations: activations(5))
    var a = ElementBlock()
    var b = ElementBlock()
    inter.fill(&a, start: 0, length: 35)
    major.fill(&b, start: 0, length: 35)
    #expect(a.channel == (0..<35).map { $0 % 5 })
    #expect(b.channel == (0..<35).map { $0 / 7 })
    for i in 0..<35 {
      #expect(a.x[i] == s.value(channel: i % 5, pixel: i / 5))
      #expect(b.x[i] == s.value(channel: i / 7, pixel: i % 7))
    }
    #expect(a.x.sorted() == b.x.sorted())
  }

  @Test(arguments: StreamOrder.allCases)
  func pixelsSeenMatchesATruncatedStream(order: StreamOrder) {
    let s = gaussian(seed: 4)
    for limit in [1, 3, 5, 6, 12, 17, 34, 35] {
      let stream = LayerStream(stimulus: s, order: order, activations: activations(5), count: limit)
      var block = ElementBlock()
      stream.fill(&block, start: 0, length: limit)
      for c in 0..<5 {
        #expect(s.pixelsSeen(channel: c, count: limit, order: order) == block.channel.filter { $0 == c }.count)
      }
    }
  }

  @Test func syntheticBatchNormIsSeededAndBounded() throws {
    let c = try SimulationConfig.load(path: Fixtures.path("tiny.json"))
    let l = c.network.layers[0]
    let a = l.activations(layerIndex: 0, inputBits: 12, stimulus: c.stimulus)
    #expect(a.map(\.gamma) == l.activations(layerIndex: 0, inputBits: 12, stimulus: c.stimulus).map(\.gamma))
    #expect(Set(a.map(\.gamma)).count == 4)
    #expect(a.allSatisfy { abs($0.gamma - 1) <= 0.3 && abs($0.beta) <= 0.3 })
    // Given values are used as written.
    let g = c.network.layers[1].activations(layerIndex: 1, inputBits: 12, stimulus: c.stimulus)
    #expect(g.map(\.gamma) == [1.0, 0.5, 2.0])
    #expect(g.allSatisfy { $0.beta == 0.25 })
  }
}
