import Foundation

/// A counter-based random number generator: every value is a pure function of (seed, stream key, index), so any
/// element of a layer can be produced in O(1) time and memory, in any order, on any thread.
enum CounterRNG {
  /// SplitMix64's finalizer (Steele, Lea, Flood 2014): a bijective 64-bit mixer.
  static func mix(_ z: UInt64) -> UInt64 {
    var z = z &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// The 64 random bits for `(seed, a, b, c)`.
  static func bits(seed: UInt64, _ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 {
    mix(prefix(seed: seed, a, b) ^ c)
  }

  /// The part of ``bits(seed:_:_:_:)`` that depends on `(seed, a, b)` only: a stream's values hoist it.
  @inline(__always)
  static func prefix(seed: UInt64, _ a: UInt64, _ b: UInt64) -> UInt64 { mix(mix(mix(seed) ^ a) ^ b) }

  /// A uniform double in (0, 1] (53 bits).
  static func unit(_ bits: UInt64) -> Double { Double((bits >> 11) + 1) * 0x1p-53 }

  /// A standard normal value for `(seed, a, b, c)` by Box–Muller (the cosine branch).
  static func normal(seed: UInt64, _ a: UInt64, _ b: UInt64, _ c: UInt64) -> Double {
    normal(prefix: prefix(seed: seed, a, b), c)
  }

  /// ``normal(seed:_:_:_:)`` with `prefix(seed, a, b)` given.
  @inline(__always)
  static func normal(prefix: UInt64, _ c: UInt64) -> Double {
    let u1 = unit(mix(prefix ^ (c << 1)))
    let u2 = unit(mix(prefix ^ (c << 1 | 1)))
    return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
  }
}

/// Random-stream tags, so the stimulus and the synthetic batch-norm draws never share random numbers.
package enum StimulusTag: UInt64 {
  case input = 1
  case gamma = 2
  case beta = 3
  /// The calibration draw of a synthetic layer: the same distributions as `input`, other random numbers.
  case calibration = 4
}

/// The pre-activation values one layer sees: `value(channel:pixel:)` in O(1), independent of stream order.
package struct LayerStimulus: Sendable, Hashable {
  enum Source: Sendable, Hashable {
    /// Per channel, N(mean, std) in input LSBs, rounded half away from zero and clamped to W bits.
    case gaussian(seed: UInt64, tag: UInt64, layer: UInt64, mean: Double, std: Double)
    /// Values in C order, already clamped to W bits.
    case trace([Int32])
  }

  let source: Source
  let channels: Int
  let pixels: Int
  let input: IntegerFormat

  /// A seeded Gaussian stimulus (mean and std in input LSBs); `tag` picks its random stream (the layer's inputs,
  /// or its calibration draw).
  package static func gaussian(
    seed: UInt64, tag: StimulusTag = .input, layerIndex: Int, channels: Int, pixels: Int, input: IntegerFormat,
    mean: Double, std: Double
  ) -> LayerStimulus {
    LayerStimulus(
      source: .gaussian(seed: seed, tag: tag.rawValue, layer: UInt64(layerIndex), mean: mean, std: std),
      channels: channels, pixels: pixels, input: input)
  }

  /// A stimulus read from trace values in C order (`channels · pixels` of them).
  static func trace(_ values: [Int32], channels: Int, pixels: Int, input: IntegerFormat) -> LayerStimulus {
    precondition(values.count == channels * pixels, "trace size must match the layer")
    return LayerStimulus(source: .trace(values), channels: channels, pixels: pixels, input: input)
  }

  /// The MAC result of `pixel` in `channel`.
  package func value(channel: Int, pixel: Int) -> Int { Sampler(self).value(channel: channel, pixel: pixel) }

  /// ``value(channel:pixel:)`` with the stimulus's constants hoisted, for loops over many elements.
  struct Sampler {
    private let trace: [Int32]?
    private let pixels: Int
    private let prefix: UInt64
    private let mean: Double
    private let std: Double
    private let lo: Double
    private let hi: Double

    init(_ s: LayerStimulus) {
      pixels = s.pixels
      lo = Double(s.input.min)
      hi = Double(s.input.max)
      switch s.source {
      case .gaussian(let seed, let tag, let layer, let mean, let std):
        trace = nil
        prefix = CounterRNG.prefix(seed: seed, tag, layer)
        self.mean = mean
        self.std = std
      case .trace(let values):
        trace = values
        prefix = 0
        mean = 0
        std = 0
      }
    }

    @inline(__always)
    func value(channel: Int, pixel: Int) -> Int {
      if let trace { return Int(trace[channel * pixels + pixel]) }
      let z = CounterRNG.normal(prefix: prefix, UInt64(channel) << 40 | UInt64(pixel))
      let v = mean + std * z
      let clamped = Swift.min(Swift.max(v, lo), hi)
      return Int(clamped.rounded(.toNearestOrAwayFromZero))
    }
  }

  /// How many pixels of `channel` the first `count` stream elements contain (always a prefix `0 ..< n`).
  func pixelsSeen(channel c: Int, count: Int, order: StreamOrder) -> Int {
    switch order {
    case .channelInterleaved:
      // Element i is pixel i / C of channel i % C.
      return count > c ? Swift.min(pixels, (count - c + channels - 1) / channels) : 0
    case .channelMajor:
      return Swift.min(pixels, Swift.max(0, count - c * pixels))
    }
  }
}

/// A layer's element stream in a given order, carrying `Q_c(x)` for every element. Memory independent of the
/// element count.
struct LayerStream: ElementStream, Hashable {
  let stimulus: LayerStimulus
  let order: StreamOrder
  /// `Q_c` of every channel.
  let activations: [QuantizedActivation]
  let count: Int
  /// Pixels below this index of every channel calibrated the parameters: their outputs are simulated but left out
  /// of the errors (0: every element is measured).
  let measuredFrom: Int
  /// `Q_c` of every input code, when the channels see many more elements than there are codes (derived from the
  /// fields above: not part of equality).
  private let table: ActivationTable?

  static func == (a: LayerStream, b: LayerStream) -> Bool {
    a.stimulus == b.stimulus && a.order == b.order && a.activations == b.activations && a.count == b.count
      && a.measuredFrom == b.measuredFrom
  }

  func hash(into h: inout Hasher) {
    h.combine(stimulus)
    h.combine(order)
    h.combine(activations)
    h.combine(count)
    h.combine(measuredFrom)
  }

  /// - Parameters:
  ///   - count: elements to stream (the first `count` in stream order); at most `channels · pixels`.
  ///   - measuredFrom: the first pixel of each channel whose output counts in the errors.
  init(
    stimulus: LayerStimulus, order: StreamOrder, activations: [QuantizedActivation], count: Int? = nil,
    measuredFrom: Int = 0
  ) {
    precondition(activations.count == stimulus.channels, "one Q_c per channel")
    self.stimulus = stimulus
    self.order = order
    self.activations = activations
    self.count = Swift.min(count ?? Int.max, stimulus.channels * stimulus.pixels)
    self.measuredFrom = measuredFrom
    table = ActivationTable(activations, input: stimulus.input, elements: self.count)
  }

  /// The channel and pixel of stream element `i`.
  func position(_ i: Int) -> (channel: Int, pixel: Int) {
    switch order {
    case .channelInterleaved: (i % stimulus.channels, i / stimulus.channels)
    case .channelMajor: (i / stimulus.pixels, i % stimulus.pixels)
    }
  }

  func fill(_ block: inout ElementBlock, start: Int, length: Int) {
    let sampler = LayerStimulus.Sampler(stimulus)
    fill(&block, start: start, length: length) { _, c, p in
      let x = sampler.value(channel: c, pixel: p)
      return (x, table?.value(x, channel: c) ?? activations[c](x))
    }
  }

  /// ``fill(_:start:length:)`` with the elements' inputs and `Q_c(x)` read from `x` and `expected` (indexed in
  /// stream order): the codes are converted in one pass, the channels (and measured flags) written in another.
  @inline(__always)
  func fill<T: FixedWidthInteger & SignedInteger>(
    _ block: inout ElementBlock, start: Int, length: Int, x: UnsafeBufferPointer<T>, expected: UnsafeBufferPointer<T>
  ) {
    let (n, split) = resize(&block, start: start, length: length)
    guard n > 0 else { return }
    precondition(start + n <= x.count && start + n <= expected.count, "the codes cover the stream")
    let xp = x.baseAddress! + start
    let ep = expected.baseAddress! + start
    block.x.withUnsafeMutableBufferPointer { xs in
      for k in 0..<n { xs[k] = Int(xp[k]) }
    }
    block.expected.withUnsafeMutableBufferPointer { es in
      for k in 0..<n { es[k] = Int(ep[k]) }
    }
    var (c, p) = position(start)
    let measuredFrom = self.measuredFrom
    block.channel.withUnsafeMutableBufferPointer { cs in
      block.measured.withUnsafeMutableBufferPointer { ms in
        for k in 0..<n {
          cs[k] = c
          if split { ms[k] = p >= measuredFrom }
          step(&c, &p)
        }
      }
    }
  }

  /// Empties `block` and sizes it for the elements `start ..< start + length` that the stream has (written then
  /// through pointers, with no per-element capacity check): their count, and whether they carry measured flags.
  @inline(__always)
  private func resize(_ block: inout ElementBlock, start: Int, length: Int) -> (count: Int, split: Bool) {
    block.removeAll()
    let n = Swift.max(0, Swift.min(count, start + length) - start)
    let split = measuredFrom > 0
    guard n > 0 else { return (0, split) }
    block.x.append(contentsOf: repeatElement(0, count: n))
    block.channel.append(contentsOf: repeatElement(0, count: n))
    block.expected.append(contentsOf: repeatElement(0, count: n))
    if split { block.measured.append(contentsOf: repeatElement(false, count: n)) }
    return (n, split)
  }

  /// The position after (channel `c`, pixel `p`) in stream order.
  @inline(__always)
  private func step(_ c: inout Int, _ p: inout Int) {
    switch order {
    case .channelInterleaved:
      c += 1
      if c == stimulus.channels {
        c = 0
        p += 1
      }
    case .channelMajor:
      p += 1
      if p == stimulus.pixels {
        p = 0
        c += 1
      }
    }
  }

  /// ``fill(_:start:length:)`` with each element's input and `Q_c(x)` from `element(i, channel, pixel)`, `i` its
  /// index in stream order.
  @inline(__always)
  func fill(
    _ block: inout ElementBlock, start: Int, length: Int,
    element: (_ i: Int, _ channel: Int, _ pixel: Int) -> (x: Int, expected: Int)
  ) {
    let (n, split) = resize(&block, start: start, length: length)
    guard n > 0 else { return }
    var (c, p) = position(start)
    block.x.withUnsafeMutableBufferPointer { xs in
      block.channel.withUnsafeMutableBufferPointer { cs in
        block.expected.withUnsafeMutableBufferPointer { es in
          block.measured.withUnsafeMutableBufferPointer { ms in
            for k in 0..<n {
              let (x, expected) = element(start + k, c, p)
              xs[k] = x
              cs[k] = c
              es[k] = expected
              if split { ms[k] = p >= measuredFrom }
              step(&c, &p)
            }
          }
        }
      }
    }
  }
}

/// `Q_c(x)` of every input code x of every channel, evaluated once: built when the stream has at least twice as many
/// elements as the table has entries, and at most 1 M entries (4 MB).
final class ActivationTable: Sendable {
  private let codes: [Int32]
  private let min: Int
  private let width: Int

  init?(_ activations: [QuantizedActivation], input: IntegerFormat, elements: Int) {
    let entries = activations.count * input.count
    guard input.bits <= 20, entries <= 1 << 20, elements >= 2 * entries,
      activations.allSatisfy({ $0.output.bits <= 31 && $0.input == input })
    else { return nil }
    min = input.min
    width = input.count
    var codes = [Int32]()
    codes.reserveCapacity(entries)
    for q in activations {
      for x in input.min...input.max { codes.append(Int32(q(x))) }
    }
    self.codes = codes
  }

  /// `Q_c(x)`, or nil for an x outside the input range.
  @inline(__always)
  func value(_ x: Int, channel c: Int) -> Int? {
    let k = x - min
    guard k >= 0 && k < width else { return nil }
    return Int(codes[c * width + k])
  }
}

extension LayerConfig {
  /// `Q_c` of every channel: the layer's quantization with its (given or synthetic) batch-norm parameters.
  ///
  /// Synthetic parameters are seeded by (seed, layer index, channel): `gamma_c = 1 + gamma_std · clip(N, ±3)`,
  /// `beta_c = beta_std · clip(N, ±3)`.
  func activations(layerIndex: Int, inputBits: Int, stimulus: StimulusConfig) -> [QuantizedActivation] {
    func draw(_ v: ChannelValues, _ tag: StimulusTag, _ c: Int, center: Double, spread: Double) -> Double {
      switch v {
      case .scalar(let x): return x
      case .perChannel(let xs): return xs[c]
      case .synthetic:
        let z = CounterRNG.normal(seed: stimulus.seed, tag.rawValue, UInt64(layerIndex), UInt64(c))
        return center + spread * Swift.min(Swift.max(z, -3), 3)
      }
    }
    return (0..<channels).map { c in
      QuantizedActivation(
        input: IntegerFormat(bits: inputBits, signed: true), inputScale: inputScale,
        gamma: draw(gamma, .gamma, c, center: 1, spread: stimulus.gammaStd),
        beta: draw(beta, .beta, c, center: 0, spread: stimulus.betaStd), function: function, outputScale: outputScale,
        zeroPoint: zeroPoint, output: output)
    }
  }
}
