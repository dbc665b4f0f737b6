extension RTLLayerVectors {
  /// The vectors of `job`: its parameters and patterns, and its first `maxElements` elements in stream order
  /// (all of them when nil). Golden vectors of a whole network layer can be large; a few thousand elements
  /// exercise every register.
  init(job: LayerJob, maxElements: Int? = nil) {
    let n = Swift.min(job.stream.count, Swift.max(0, maxElements ?? job.stream.count))
    var block = ElementBlock()
    var x: [Int] = []
    var channel: [Int] = []
    x.reserveCapacity(n)
    channel.reserveCapacity(n)
    var start = 0
    while start < n {
      let length = Swift.min(4096, n - start)
      job.stream.fill(&block, start: start, length: length)
      x += block.x.prefix(length)
      channel += block.channel.prefix(length)
      start += length
    }
    self.init(
      parameters: job.parameters, x: x, channel: channel, sourceValid: job.sourceValid, sinkReady: job.sinkReady)
  }
}
