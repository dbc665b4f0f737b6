import Testing

@testable import GRAUSim

@Suite struct FitProblemTests {
  /// The one-pass error measurement equals the reference evaluated point by point, for random valid parameters:
  /// thresholds inside and outside the domain, any setting, biases that make the output wrap or saturate.
  @Test(arguments: 0..<40)
  func measureMatchesReference(seed: Int) throws {
    var rng = FitTestRandom(seed: UInt64(seed) &* 0x51_7CC1 &+ 3)
    let bits = Int.random(in: 4...12, using: &rng)
    let stages = Int.random(in: 1...12, using: &rng)
    let mode: SlopeMode = Bool.random(using: &rng) ? .pot : .apot
    let a = GRAUArchitecture(
      inputBits: bits, segments: Int.random(in: 2...6, using: &rng), preShift: Int.random(in: 0...8, using: &rng),
      stages: stages, slopeMode: mode, saturate: Bool.random(using: &rng))
    let input = a.input
    let lo = Int.random(in: input.min...input.max, using: &rng)
    let hi = min(input.max, lo + Int.random(in: 0...300, using: &rng))
    let points = (lo...hi).filter { _ in Int.random(in: 0..<3, using: &rng) > 0 }
    let domain =
      points.isEmpty
      ? FitDomain.range(lo...lo)
      : FitDomain(points: points, weights: points.map { _ in Int.random(in: 1...1000, using: &rng) })
    let q = fitTestChannel(
      .tanh, inputBits: bits, lo: lo, hi: max(hi, lo + 1), span: 6, bits: Int.random(in: 1...8, using: &rng),
      signed: Bool.random(using: &rng))
    let problem = try _FitProblem(target: q, domain: domain, architecture: a, options: FitOptions())
    // Thresholds: a random strictly increasing subset of the threshold range around the domain.
    let t = a.threshold
    var thresholds = Set<Int>()
    while thresholds.count < a.segments - 1 {
      thresholds.insert(Int.random(in: max(t.min, lo - 8)...min(t.max, hi + 8), using: &rng))
    }
    let mask = UInt32((UInt64(1) << stages) - 1)
    let segments = (0..<a.segments).map { _ in
      GRAUSegment(
        negative: Bool.random(using: &rng),
        setting: mode == .pot
          ? UInt32((UInt64(1) << Int.random(in: 0...stages, using: &rng)) - 1)
          : UInt32.random(in: 0...mask, using: &rng),
        bias: Int.random(in: a.bias.min...a.bias.max, using: &rng) >> Int.random(in: 0...a.bias.bits, using: &rng))
    }
    let p = GRAUParameters(
      architecture: a, mode: .pwl, thresholds: thresholds.sorted(), segments: segments, output: q.output)
    try p.validate()
    let expected = ErrorMetrics.measure(domain: domain, target: { q($0) }, unit: { GRAUReference.output($0, p) })
    #expect(problem.measure(p) == expected)
  }
}
