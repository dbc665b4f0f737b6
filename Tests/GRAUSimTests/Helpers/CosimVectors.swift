@testable import GRAUSim

extension SplitMix64 {
  /// Uniform in `range`.
  mutating func int(_ range: ClosedRange<Int>) -> Int {
    let span = UInt64(range.upperBound - range.lowerBound) &+ 1
    return range.lowerBound + Int(span == 0 ? next() : next() % span)
  }

  mutating func bool() -> Bool { next() & 1 == 1 }

  /// `count` distinct values of `range`, ascending.
  mutating func distinctSorted(_ count: Int, in range: ClosedRange<Int>) -> [Int] {
    precondition(range.count >= count)
    var set = Set<Int>()
    while set.count < count { set.insert(int(range)) }
    return set.sorted()
  }
}

/// Random valid layers for co-simulation: every parameter register and input extreme gets exercised.
enum CosimVectors {
  /// Channel parameters of a GRAU layer: strictly increasing thresholds (PWL) or non-decreasing ones (bypass),
  /// "never" (`xmax + 1`) thresholds sometimes, thermometer settings (PoT) or any subset (APoT), slope 0,
  /// both signs and biases anywhere in the bias register's range (its extremes included).
  static func grau(_ a: GRAUArchitecture, output: IntegerFormat, channels: Int, rng: inout CosimRandom)
    -> [GRAUParameters]
  {
    let tf = a.threshold
    let never = a.input.max + 1
    let bypass = a.usesBypass(outputBits: output.bits)
    return (0..<channels).map { _ in
      var t: [Int]
      if bypass {
        t = (0..<(a.segments - 1)).map { _ in rng.int(0...3) == 0 ? never : rng.int(tf.min...never) }.sorted()
      } else {
        t = rng.distinctSorted(a.segments - 1, in: tf.min...never)
        // Often keep the thresholds inside a narrow window so that many segments are actually hit.
        if rng.bool() {
          let lo = rng.int(a.input.min...(a.input.max - 2 * a.segments))
          t = rng.distinctSorted(a.segments - 1, in: lo...Swift.min(lo + 4 * a.segments, never))
        }
      }
      let segments = (0..<a.segments).map { _ -> GRAUSegment in
        let setting: UInt32
        switch a.slopeMode {
        case .pot:
          let r = rng.int(0...a.stages)
          setting = r == 0 ? 0 : UInt32((1 << r) - 1)
        case .apot:
          setting = UInt32(truncatingIfNeeded: rng.next()) & UInt32((1 << a.stages) - 1)
        }
        let bias: Int
        switch rng.int(0...5) {
        case 0: bias = a.bias.min
        case 1: bias = a.bias.max
        case 2, 3: bias = a.bias.clamp(rng.int(-300...300))
        default: bias = rng.int(a.bias.min...a.bias.max)
        }
        return GRAUSegment(negative: rng.bool(), setting: setting, bias: bias)
      }
      return GRAUParameters(
        architecture: a, mode: bypass ? .bypass : .pwl, thresholds: t, segments: segments, output: output)
    }
  }

  /// Channel parameters of an MT layer: `2^n − 1` sorted thresholds with repeats and "never" values.
  static func mt(inputBits w: Int, output: IntegerFormat, channels: Int, rng: inout CosimRandom) -> [MTParameters] {
    let input = IntegerFormat(bits: w, signed: true)
    let m = (1 << output.bits) - 1
    return (0..<channels).map { _ in
      let lo = rng.bool() ? input.min : rng.int(input.min...0)
      let t = (0..<m).map { _ in rng.int(0...7) == 0 ? input.max + 1 : rng.int(lo...(input.max + 1)) }.sorted()
      return MTParameters(inputBits: w, thresholds: t, output: output)
    }
  }

  /// `count` inputs with their channels: the input extremes, values next to the thresholds, and random values.
  static func elements(
    _ parameters: UnitParameterSet, inputBits w: Int, count: Int, rng: inout CosimRandom
  ) -> (x: [Int], channel: [Int]) {
    let input = IntegerFormat(bits: w, signed: true)
    var x: [Int] = []
    var ch: [Int] = []
    for i in 0..<count {
      let c = rng.int(0...(parameters.channels - 1))
      let thresholds: [Int]
      switch parameters {
      case .grau(let p): thresholds = p[c].thresholds
      case .mt(let p): thresholds = p[c].thresholds
      }
      let v: Int
      switch i < 4 ? i : rng.int(4...9) {
      case 0: v = input.min
      case 1: v = input.max
      case 2: v = 0
      case 3: v = -1
      case 4, 5, 6: v = input.clamp(thresholds[rng.int(0...(thresholds.count - 1))] + rng.int(-1...0))
      default: v = rng.int(input.min...input.max)
      }
      x.append(v)
      ch.append(c)
    }
    return (x, ch)
  }

  /// The handshake patterns the co-simulation runs each layer with: none, then back-pressure and starvation.
  static let patterns: [(valid: EdgePattern, ready: EdgePattern)] = [
    (.always, .always),
    (.always, EdgePattern("1101")!),
    (EdgePattern("10")!, EdgePattern("0011")!),
  ]

  /// A layer for `design` with `n`-bit outputs, random parameters and elements.
  static func layer(
    _ design: RTLDesign, outputBits n: Int, signed: Bool, channels: Int, elements: Int,
    pattern: (valid: EdgePattern, ready: EdgePattern), rng: inout CosimRandom
  ) -> RTLLayerVectors {
    let output = IntegerFormat(bits: n, signed: signed)
    let parameters: UnitParameterSet =
      design.kind.isGRAU
      ? .grau(grau(design.grau, output: output, channels: channels, rng: &rng))
      : .mt(mt(inputBits: design.inputBits, output: output, channels: channels, rng: &rng))
    let (x, ch) = self.elements(parameters, inputBits: design.inputBits, count: elements, rng: &rng)
    return RTLLayerVectors(
      parameters: parameters, x: x, channel: ch, sourceValid: pattern.valid, sinkReady: pattern.ready)
  }
}
