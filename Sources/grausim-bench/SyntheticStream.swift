import GRAUSim

/// A synthetic element stream for the benchmarks: a deterministic LCG over the input range, channel-interleaved.
struct SyntheticStream: ElementStream {
  let count: Int
  let channels: Int
  let input: IntegerFormat
  let output: IntegerFormat

  func fill(_ block: inout ElementBlock, start: Int, length: Int) {
    block.removeAll()
    let span = UInt64(input.count)
    for i in start..<(start + length) {
      let h = UInt64(i) &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let x = Int((h >> 20) % span) + input.min
      block.x.append(x)
      block.channel.append(i % channels)
      block.expected.append(output.clamp(x >> 8))
    }
  }
}
