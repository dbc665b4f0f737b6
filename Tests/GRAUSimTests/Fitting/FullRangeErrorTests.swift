import Testing

@testable import GRAUSim

/// The exact full-range error from runs and segment boundaries equals the input-by-input maximum, and finds the
/// first wrapping input.
@Suite struct FullRangeErrorTests {
  static func target(_ f: ActivationFunction, inputBits: Int, output: IntegerFormat, rng: inout SplitMix64)
    -> QuantizedActivation
  {
    QuantizedActivation(
      input: IntegerFormat(bits: inputBits, signed: true), inputScale: Double.random(in: 0.001...0.02, using: &rng),
      gamma: Double.random(in: 0.5...1.5, using: &rng), beta: Double.random(in: -1...1, using: &rng), function: f,
      outputScale: Double.random(in: 0.01...0.2, using: &rng), output: output)
  }

  @Test(arguments: [SlopeMode.pot, .apot], [false, true])
  func grauMatchesTheScan(slope: SlopeMode, saturate: Bool) {
    var rng = SplitMix64(seed: saturate ? 41 : 42)
    var models = SeededGenerator(seed: slope == .pot ? 5 : 6)
    var wrapped = 0
    for trial in 0..<40 {
      let output = IntegerFormat(bits: [2, 4, 8][trial % 3], signed: trial % 2 == 0)
      let a = GRAUArchitecture(
        inputBits: 11, segments: [2, 4, 6][trial % 3], preShift: 3, stages: 6, slopeMode: slope, saturate: saturate)
      let p = ModelFixtures.grauParameters(a, output: output, rng: &models)
      let q = Self.target(
        [.silu, .sigmoid, .leakyReLU(alpha: 0.1)][trial % 3], inputBits: 11, output: output, rng: &rng)
      let fast = FullRange.error(p, target: q, runs: q.constantRuns())
      var maxAbs = 0
      var wrap: Int?
      for x in a.input.min...a.input.max {
        maxAbs = max(maxAbs, abs(GRAUReference.output(x, p) - q(x)))
        if wrap == nil, p.mode == .pwl, !saturate {
          let k = GRAUReference.segmentIndex(x, p.thresholds)
          if !output.contains(GRAUReference.line(x, p.segments[k], a)) { wrap = x }
        }
      }
      #expect(fast.maxAbs == maxAbs, "trial \(trial)")
      #expect(abs(GRAUReference.output(fast.worstInput, p) - q(fast.worstInput)) == maxAbs, "trial \(trial)")
      #expect(fast.wrapInput == wrap, "trial \(trial)")
      if wrap != nil { wrapped += 1 }
    }
    // Random lines wrap often; saturating units never do.
    #expect(saturate ? wrapped == 0 : wrapped > 5)
  }

  /// The calibration error walked piece by piece equals the point-by-point sum it replaces, also for points no
  /// run covers (runs over part of the range) and thresholds out of order.
  @Test(arguments: [SlopeMode.pot, .apot])
  func domainErrorMatchesThePointByPointSum(slope: SlopeMode) {
    var rng = SplitMix64(seed: slope == .pot ? 44 : 45)
    var models = SeededGenerator(seed: slope == .pot ? 8 : 9)
    for trial in 0..<40 {
      let output = IntegerFormat(bits: [2, 4, 8][trial % 3], signed: trial % 2 == 0)
      let a = GRAUArchitecture(
        inputBits: 11, segments: [2, 4, 6, 9][trial % 4], preShift: 3, stages: 6, slopeMode: slope,
        saturate: trial % 5 == 0)
      var p = ModelFixtures.grauParameters(a, output: output, rng: &models)
      if trial % 7 == 3 { p.thresholds.reverse() }
      let q = Self.target(
        [.silu, .sigmoid, .leakyReLU(alpha: 0.1), .gelu][trial % 4], inputBits: 11, output: output, rng: &rng)
      let domain = FitDomain.histogram(
        (0..<Int.random(in: 1...3000, using: &rng)).map { _ in
          Int.random(in: a.input.min...a.input.max, using: &rng) / Int.random(in: 1...4, using: &rng)
        })
      let lo = Int.random(in: a.input.min...0, using: &rng)
      let runs =
        trial % 3 == 0 ? q.constantRuns(over: lo...Int.random(in: lo...a.input.max, using: &rng)) : q.constantRuns()
      var want = ErrorAccumulator()
      for (x, w) in zip(domain.points, domain.weights) { want.add(error: GRAUReference.output(x, p) - q(x), weight: w) }
      #expect(FullRange.domainError(p, target: q, runs: runs, domain: domain) == want, "trial \(trial)")
    }
  }

  @Test func mtMatchesTheScan() {
    var rng = SplitMix64(seed: 43)
    var models = SeededGenerator(seed: 7)
    for trial in 0..<30 {
      let output = IntegerFormat(bits: 1 + trial % 5, signed: trial % 2 == 1)
      let p = ModelFixtures.mtParameters(inputBits: 10, output: output, rng: &models)
      let q = Self.target([.silu, .gelu, .tanh][trial % 3], inputBits: 10, output: output, rng: &rng)
      let fast = FullRange.error(p, target: q, runs: q.constantRuns())
      let scan = (p.input.min...p.input.max).map { abs(MTReference.output($0, p) - q($0)) }
      #expect(fast.maxAbs == scan.max(), "trial \(trial)")
      #expect(abs(MTReference.output(fast.worstInput, p) - q(fast.worstInput)) == fast.maxAbs, "trial \(trial)")
      #expect(!fast.wraps)
    }
  }
}
