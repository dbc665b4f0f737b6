import Testing

@testable import GRAUSim

@Suite struct MaterializedStreamTests {
  /// A stream over `input` bits with `outBits`-bit outputs (unsigned when `signed` is false), a calibration prefix
  /// of 2 pixels, a gaussian or a trace stimulus.
  func stream(input inBits: Int, outBits: Int, signed: Bool, order: StreamOrder, trace: Bool, count: Int? = nil)
    -> LayerStream
  {
    let input = IntegerFormat(bits: inBits, signed: true)
    let (channels, pixels) = (5, 11)
    let stimulus: LayerStimulus
    if trace {
      let values = (0..<(channels * pixels)).map { Int32(input.wrap($0 &* 2_654_435_761)) }
      stimulus = .trace(values, channels: channels, pixels: pixels, input: input)
    } else {
      stimulus = .gaussian(
        seed: 7, layerIndex: 2, channels: channels, pixels: pixels, input: input, mean: 0,
        std: Double(input.max) / 3)
    }
    let activations = (0..<channels).map {
      QuantizedActivation(
        input: input, inputScale: 4 / Double(input.max), gamma: 1 + 0.2 * Double($0), function: .silu,
        outputScale: 1 / Double(1 << (outBits - 2)), output: IntegerFormat(bits: outBits, signed: signed))
    }
    return LayerStream(stimulus: stimulus, order: order, activations: activations, count: count, measuredFrom: 2)
  }

  func expectSameBlocks(_ a: some ElementStream, _ b: some ElementStream) {
    #expect(a.count == b.count)
    var x = ElementBlock()
    var y = ElementBlock()
    for (start, length) in [(0, 1), (0, a.count), (3, 9), (13, 40), (a.count - 1, 5), (a.count, 3), (50, 0)] {
      a.fill(&x, start: start, length: length)
      b.fill(&y, start: start, length: length)
      #expect(x.x == y.x, "start \(start), length \(length)")
      #expect(x.channel == y.channel)
      #expect(x.expected == y.expected)
      #expect(x.measured == y.measured)
    }
  }

  @Test(arguments: StreamOrder.allCases, [false, true])
  func blocksEqualTheStreamsOwn(order: StreamOrder, trace: Bool) {
    // 16/8 bits: two 16-bit codes per element; 24 bits in, or 16 unsigned bits out: two 32-bit codes.
    for (inBits, outBits, signed, bytes) in [(16, 8, true, 4), (24, 8, true, 8), (12, 16, false, 8), (2, 1, true, 4)] {
      for count in [nil, 23] {
        let s = stream(input: inBits, outBits: outBits, signed: signed, order: order, trace: trace, count: count)
        #expect(MaterializedStream.bytes(s) == s.count * bytes)
        expectSameBlocks(MaterializedStream(s), s)
      }
    }
  }

  @Test func aShareGivesEveryReaderTheSameBlocks() {
    let layers = [
      stream(input: 16, outBits: 8, signed: true, order: .channelInterleaved, trace: false),
      stream(input: 24, outBits: 4, signed: false, order: .channelMajor, trace: true),
    ]
    for cache in [nil, RunCache()] {
      let share = StreamShare(layers: layers, readers: 3, cache: cache)
      for _ in 0..<4 {
        for l in layers.indices {
          let s = share.acquire(l)
          expectSameBlocks(s, layers[l])
          share.release(l)
        }
      }
    }
  }
}
