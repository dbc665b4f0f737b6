import Testing

@testable import GRAUSim

/// ``PWLFitter/fit(_:domain:architecture:options:segmentCounts:)`` fits several segment counts from one DP; every
/// K's result must be exactly the standalone fit's (parameters, error and flags), or the same error.
@Suite struct PWLFitterSegmentsTests {
  static let functions: [ActivationFunction] = [
    .relu, .leakyReLU(alpha: 0.1), .sigmoid, .tanh, .silu, .hswish, .gelu, .relu6, .exp, .hsigmoid,
  ]

  /// Checks every K of `counts` against a standalone fit; returns how many Ks were compared.
  @discardableResult
  static func expectStandalone(
    _ q: QuantizedActivation, domain: FitDomain, architecture: GRAUArchitecture, options: FitOptions,
    counts: [Int], _ label: String
  ) -> Int {
    let family = PWLFitter.fitEach(
      q, domain: domain, architecture: architecture, options: options, segmentCounts: counts)
    #expect(Set(family.keys) == Set(counts), "\(label)")
    for k in Set(counts).sorted() {
      var a = architecture
      a.segments = k
      let standalone: Result<FitResult, FitError> = Result { () throws(FitError) in
        try PWLFitter.fit(q, domain: domain, architecture: a, options: options)
      }
      switch (family[k], standalone) {
      case (.success(let f)?, .success(let s)):
        #expect(f.parameters == s.parameters, "\(label) K = \(k)")
        #expect(f.error == s.error, "\(label) K = \(k)")
        #expect(f.exhaustiveCandidates == s.exhaustiveCandidates, "\(label) K = \(k)")
        #expect(f.optimal == s.optimal, "\(label) K = \(k)")
      case (.failure(let f)?, .failure(let s)):
        #expect(f == s, "\(label) K = \(k)")
      default:
        Issue.record("\(label) K = \(k): \(String(describing: family[k])) vs \(standalone)")
      }
    }
    return counts.count
  }

  /// Random channels, widths, slope modes, saturation and domains: small ranges (the exact clamped DP), weighted
  /// histograms above `maxCandidates` (pruned DP, M > 64), and calibrations covering the whole range (a core).
  @Test(arguments: 0..<32)
  func everyCountEqualsItsStandaloneFit(seed: Int) {
    var rng = FitTestRandom(seed: UInt64(seed) &* 0x2545_F491 &+ 7)
    let w = Int.random(in: 6...14, using: &rng)
    let input = IntegerFormat(bits: w, signed: true)
    let f = Self.functions.randomElement(using: &rng)!
    let n = Int.random(in: 1...8, using: &rng)
    let lo = Int.random(in: input.min...(input.max - 8), using: &rng)
    let hi = min(input.max, lo + Int.random(in: 8...1500, using: &rng))
    let q = fitTestChannel(
      f, inputBits: w, lo: lo, hi: hi, span: Double.random(in: 2...16, using: &rng), bits: n,
      signed: Bool.random(using: &rng))
    let histogram = FitDomain.histogram(
      (0..<3000).map { _ in (Int.random(in: lo...hi, using: &rng) + Int.random(in: lo...hi, using: &rng)) / 2 })
    let domain: FitDomain
    switch seed % 4 {
    case 0: domain = .range(lo...min(hi, lo + Int.random(in: 3...60, using: &rng)))
    case 1: domain = histogram.covering(runs: q.constantRuns())
    default: domain = Bool.random(using: &rng) ? .range(lo...hi) : histogram
    }
    let a = GRAUArchitecture(
      inputBits: w, segments: 6, preShift: Int.random(in: 0...8, using: &rng),
      stages: Int.random(in: 4...16, using: &rng), slopeMode: Bool.random(using: &rng) ? .pot : .apot,
      saturate: Bool.random(using: &rng))
    let options = FitOptions(
      objective: seed % 8 == 7 ? .maxabs : .mse, maxCandidates: [16, 64, 100, 256][Int.random(in: 0...3, using: &rng)])
    var counts = (0..<Int.random(in: 2...6, using: &rng)).map { _ in Int.random(in: 2...16, using: &rng) }
    if seed % 5 == 0 { counts += [1, 33] }  // invalid counts fail alone, as standalone
    Self.expectStandalone(
      q, domain: domain, architecture: a, options: options, counts: counts,
      "seed \(seed) \(f) w \(w) n \(n) \(a.slopeMode) sat \(a.saturate) N \(domain.points.count) \(options.objective)")
  }

  /// The sweep's case: wide histograms (M = 256 > 64, so the full DP is pruned with U(2), far above U(16)), every
  /// K of 2...16, PoT and APoT, saturating and not. Ties between options with equal costs are common on short
  /// segments, where the standalone's option order depends on its own bound (without replaying each segment's row
  /// with U(K), APoT fits of both functions differ from the standalone ones at several K).
  @Test(arguments: [ActivationFunction.leakyReLU(alpha: 0.1), .silu])
  func everyCountOfASweepEqualsItsStandaloneFit(_ f: ActivationFunction) {
    var rng = FitTestRandom(seed: 99)
    let q = fitTestChannel(f, inputBits: 16, lo: -6000, hi: 6000, span: 10, bits: 8)
    let samples = (0..<20_000).map { _ in
      Int((Double.random(in: -1...1, using: &rng) + Double.random(in: -1...1, using: &rng)) * 2000)
    }
    let calibration = FitDomain.histogram(samples)
    for domain in [calibration, calibration.covering(runs: q.constantRuns())] {
      for mode in SlopeMode.allCases {
        for saturate in [false, true] {
          let a = GRAUArchitecture(inputBits: 16, segments: 6, slopeMode: mode, saturate: saturate)
          Self.expectStandalone(
            q, domain: domain, architecture: a, options: FitOptions(), counts: Array(2...16),
            "\(f) \(mode) sat \(saturate) N \(domain.points.count)")
        }
      }
    }
  }

  /// The throwing form returns every K, or throws what the smallest failing K's standalone fit throws.
  @Test func throwingFormMatches() throws {
    let q = fitTestChannel(.silu, inputBits: 10, lo: -512, hi: 511, span: 8, bits: 6)
    let a = GRAUArchitecture(inputBits: 10, segments: 4, preShift: 3, stages: 8)
    let fits = try PWLFitter.fit(q, domain: .range(-512...511), architecture: a, segmentCounts: [3, 5, 3])
    #expect(fits.keys.sorted() == [3, 5])
    #expect(throws: FitError.self) {
      _ = try PWLFitter.fit(q, domain: .range(-512...511), architecture: a, segmentCounts: [4, 40])
    }
  }
}
