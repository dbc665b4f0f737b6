@testable import GRAUSim

/// The model tests' generator: SplitMix64 started one step further along than the others (so the random cases
/// the model tests were written against stay the same).
struct SeededGenerator: RandomNumberGenerator {
  var base: SplitMix64
  init(seed: UInt64) { base = SplitMix64(seed: seed &+ 0x9E37_79B9_7F4A_7C15) }
  mutating func next() -> UInt64 { base.next() }
}

/// An in-memory element stream.
struct ModelArrayStream: ElementStream {
  var x: [Int]
  var channel: [Int]
  var expected: [Int]
  var count: Int { x.count }
  func fill(_ block: inout ElementBlock, start: Int, length: Int) {
    block.removeAll()
    block.x.append(contentsOf: x[start..<(start + length)])
    block.channel.append(contentsOf: channel[start..<(start + length)])
    block.expected.append(contentsOf: expected[start..<(start + length)])
  }
}

/// Random valid parameters and inputs for every unit variant.
enum ModelFixtures {
  /// `count` distinct sorted values in `range` (strictly increasing), or with repeats if `strict` is false.
  static func sortedValues(_ count: Int, in range: ClosedRange<Int>, strict: Bool, rng: inout SeededGenerator) -> [Int]
  {
    if strict {
      var set = Set<Int>()
      while set.count < count { set.insert(Int.random(in: range, using: &rng)) }
      return set.sorted()
    }
    return (0..<count).map { _ in Int.random(in: range, using: &rng) }.sorted()
  }

  static func grauParameters(_ a: GRAUArchitecture, output: IntegerFormat, rng: inout SeededGenerator) -> GRAUParameters
  {
    let mode: GRAUMode = a.usesBypass(outputBits: output.bits) ? .bypass : .pwl
    // Thresholds mostly inside the input range so every segment is hit; the top may be "never" (xmax + 1).
    let thresholds = sortedValues(a.segments - 1, in: a.input.min...(a.input.max + 1), strict: mode == .pwl, rng: &rng)
    let segments = (0..<a.segments).map { _ -> GRAUSegment in
      let setting: UInt32
      switch a.slopeMode {
      case .pot:
        let r = Int.random(in: 0...a.stages, using: &rng)
        setting = r == 0 ? 0 : UInt32((1 << r) - 1)
      case .apot:
        setting = UInt32.random(in: 0...UInt32((1 << a.stages) - 1), using: &rng)
      }
      return GRAUSegment(
        negative: Bool.random(using: &rng), setting: setting, bias: Int.random(in: a.bias.min...a.bias.max, using: &rng)
      )
    }
    let p = GRAUParameters(architecture: a, mode: mode, thresholds: thresholds, segments: segments, output: output)
    try! p.validate()
    return p
  }

  static func mtParameters(inputBits: Int, output: IntegerFormat, rng: inout SeededGenerator) -> MTParameters {
    let input = IntegerFormat(bits: inputBits, signed: true)
    let t = sortedValues((1 << output.bits) - 1, in: input.min...(input.max + 1), strict: false, rng: &rng)
    let p = MTParameters(inputBits: inputBits, thresholds: t, output: output)
    try! p.validate()
    return p
  }

  /// A job with random parameters over `channels` channels and `elements` random inputs (channel-interleaved).
  /// `expected` is a random code, so the error the model accumulates can be checked independently.
  static func job(
    kind: UnitKind, outputBits n: Int, segments: Int = 6, slopeMode: SlopeMode = .pot,
    comparator: ComparatorStyle = .chain, stages: Int = 6, saturate: Bool = false, inputBits: Int = 10,
    lanes: Int = 1, elements: Int = 20, channels: Int = 3, mtMaxBits: Int? = nil, busBits: Int = 32,
    sourceValid: EdgePattern = .always, sinkReady: EdgePattern = .always, seed: UInt64 = 1,
    shifter: ShifterStyle = .chain
  ) -> LayerJob {
    var rng = SeededGenerator(seed: seed)
    let output = IntegerFormat(bits: n, signed: Bool.random(using: &rng))
    let a = GRAUArchitecture(
      inputBits: inputBits, segments: segments, preShift: 6, stages: stages, slopeMode: slopeMode, saturate: saturate,
      comparator: comparator, bypass: true, shifter: shifter)
    let parameters: UnitParameterSet
    if kind.isGRAU {
      parameters = .grau((0..<channels).map { _ in grauParameters(a, output: output, rng: &rng) })
    } else {
      parameters = .mt((0..<channels).map { _ in mtParameters(inputBits: inputBits, output: output, rng: &rng) })
    }
    var x: [Int] = []
    var ch: [Int] = []
    var expected: [Int] = []
    for i in 0..<elements {
      x.append(Int.random(in: a.input.min...a.input.max, using: &rng))
      ch.append(i % channels)
      expected.append(Int.random(in: output.min...output.max, using: &rng))
    }
    return LayerJob(
      layerName: "test", kind: kind, lanes: lanes, grau: a, mtMaxBits: mtMaxBits ?? n, output: output,
      parameters: parameters, stream: ModelArrayStream(x: x, channel: ch, expected: expected), busBits: busBits,
      sourceValid: sourceValid, sinkReady: sinkReady)
  }

  /// The error a bit-exact unit makes on `job`, computed from the references alone.
  static func referenceError(_ job: LayerJob) -> ErrorAccumulator {
    var block = ElementBlock()
    job.stream.fill(&block, start: 0, length: job.stream.count)
    var acc = ErrorAccumulator()
    for i in 0..<block.count {
      acc.add(error: job.parameters.reference(block.x[i], channel: block.channel[i]) - block.expected[i])
    }
    return acc
  }

  /// ``OutputDigest`` of the reference outputs in stream order (the digest a correct simulation reports).
  static func referenceDigest(_ job: LayerJob) -> UInt64 {
    var block = ElementBlock()
    job.stream.fill(&block, start: 0, length: job.stream.count)
    var digest = OutputDigest()
    for i in 0..<block.count { digest.add(job.parameters.reference(block.x[i], channel: block.channel[i])) }
    return digest.value
  }
}
