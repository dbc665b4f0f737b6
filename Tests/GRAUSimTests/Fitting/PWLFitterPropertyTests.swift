import Testing

@testable import GRAUSim

@Suite struct PWLFitterPropertyTests {
  static let functions: [ActivationFunction] = [
    .relu, .leakyReLU(alpha: 0.1), .sigmoid, .tanh, .silu, .hswish, .gelu, .relu6, .exp, .hsigmoid,
  ]

  /// Random channels, widths, K, slope modes, objectives and domains (ranges and weighted histograms).
  @Test(arguments: 0..<24)
  func fitsAreValidAndStrictlyIncreasing(seed: Int) throws {
    var rng = FitTestRandom(seed: UInt64(seed) &* 0x1234_5677 &+ 11)
    let w = Int.random(in: 6...14, using: &rng)
    let input = IntegerFormat(bits: w, signed: true)
    let f = Self.functions.randomElement(using: &rng)!
    let n = Int.random(in: 1...8, using: &rng)
    let lo = Int.random(in: input.min...(input.max - 8), using: &rng)
    let hi = min(input.max, lo + Int.random(in: 8...900, using: &rng))
    let q = fitTestChannel(
      f, inputBits: w, lo: lo, hi: hi, span: Double.random(in: 2...16, using: &rng), bits: n,
      signed: Bool.random(using: &rng))
    let domain: FitDomain =
      Bool.random(using: &rng)
      ? .range(lo...hi)
      : .histogram(
        (0..<2000).map { _ in (Int.random(in: lo...hi, using: &rng) + Int.random(in: lo...hi, using: &rng)) / 2 })
    let a = GRAUArchitecture(
      inputBits: w, segments: Int.random(in: 2...10, using: &rng), preShift: Int.random(in: 0...8, using: &rng),
      stages: Int.random(in: 4...16, using: &rng), slopeMode: Bool.random(using: &rng) ? .pot : .apot,
      saturate: Bool.random(using: &rng))
    let options = FitOptions(
      objective: Bool.random(using: &rng) ? .mse : .maxabs, maxCandidates: Int.random(in: 16...128, using: &rng))
    let fit = try PWLFitter.fit(q, domain: domain, architecture: a, options: options)
    try fit.parameters.validate()
    #expect(fit.parameters.mode == .pwl)
    #expect(fit.parameters.output == q.output)
    for (t0, t1) in zip(fit.parameters.thresholds, fit.parameters.thresholds.dropFirst()) { #expect(t0 < t1) }
    let measured = ErrorMetrics.measure(
      domain: domain, target: { q($0) }, unit: { GRAUReference.output($0, fit.parameters) })
    #expect(fit.error == measured)
    #expect(fit.exhaustiveCandidates == (options.objective == .maxabs || domain.points.count <= options.maxCandidates))
  }

  /// More segments never fit worse (same candidates; non-saturating MSE and any maxabs fit are optimal over them).
  @Test(arguments: [ActivationFunction.silu, .gelu, .sigmoid])
  func moreSegmentsNeverHurt(_ f: ActivationFunction) throws {
    let q = fitTestChannel(f, inputBits: 12, lo: -2048, hi: 2047, span: 12, bits: 6)
    let domain = FitDomain.range(-2048...2047)
    for objective in FitObjective.allCases {
      var previous = Int.max
      for k in 2...7 {
        let a = GRAUArchitecture(inputBits: 12, segments: k, preShift: 4, stages: 12)
        let fit = try PWLFitter.fit(
          q, domain: domain, architecture: a, options: FitOptions(objective: objective, maxCandidates: 64))
        let o = fitTestObjective(fit.parameters, q, domain)
        let value = objective == .mse ? o.sse : o.maxAbs
        #expect(value <= previous, "\(objective) K = \(k)")
        previous = value
      }
    }
  }

  /// A target that is exactly a PoT line is fitted with zero error by a single segment.
  @Test func exactLineHasZeroError() throws {
    // Q(x) = round(x / 4) ... a floor shift by 2 of x is x >> 2 = ((x << 2) >> 4): identity f, scale chosen to match.
    let q = QuantizedActivation(
      input: IntegerFormat(bits: 8, signed: true), inputScale: 1, beta: -0.5, function: .identity, outputScale: 4,
      output: IntegerFormat(bits: 8, signed: true))
    // round((x − 0.5) / 4) with ties away from zero equals floor(x / 4) except where (x − 0.5)/4 hits .5 exactly,
    // which never happens for integer x; so Q = x >> 2 = S for P = 2, r = 4.
    let domain = FitDomain.range(-128...127)
    for x in domain.points { #expect(q(x) == x >> 2 || q(x) == (x >> 2) + 1) }
    let a = GRAUArchitecture(inputBits: 8, segments: 2, preShift: 2, stages: 8, saturate: true)
    let fit = try PWLFitter.fit(q, domain: domain, architecture: a, options: FitOptions(objective: .maxabs))
    #expect(fit.error.maxAbs <= 1)
    let mse = try PWLFitter.fit(q, domain: domain, architecture: a)
    #expect(mse.error.mse <= fit.error.mse + 1e-12 || mse.error.maxAbs <= 1)
  }

  @Test func invalidInputsThrow() {
    let q = fitTestChannel(.relu, inputBits: 8, lo: -128, hi: 127, span: 8, bits: 4)
    let a = GRAUArchitecture(inputBits: 8, segments: 4)
    #expect(throws: FitError.emptyDomain) {
      try PWLFitter.fit(q, domain: FitDomain(points: [], weights: []), architecture: a)
    }
    #expect(throws: FitError.domainOutsideInput(lo: -200, hi: 0, format: a.input)) {
      try PWLFitter.fit(q, domain: .range(-200...0), architecture: a)
    }
    for options in [FitOptions(maxCandidates: 1), FitOptions(apotMaxTerms: 0), FitOptions(exactSaturationPoints: -1)] {
      #expect(throws: FitError.self) { try PWLFitter.fit(q, domain: .range(0...10), architecture: a, options: options) }
    }
    var bad = a
    bad.segments = 1
    #expect(throws: FitError.self) { try PWLFitter.fit(q, domain: .range(0...10), architecture: bad) }
    var badTarget = q
    badTarget.outputScale = 0
    #expect(throws: FitError.self) { try PWLFitter.fit(badTarget, domain: .range(0...10), architecture: a) }
    let apot = GRAUArchitecture(inputBits: 8, segments: 4, stages: 24, slopeMode: .apot)
    #expect(throws: FitError.self) {
      try PWLFitter.fit(q, domain: .range(0...10), architecture: apot, options: FitOptions(apotMaxTerms: 24))
    }
  }

  /// Fewer domain points than segments: thresholds are padded outside the domain and stay strictly increasing.
  @Test func paddingKeepsThresholdsStrict() throws {
    let q = fitTestChannel(.silu, inputBits: 4, lo: -8, hi: 7, span: 8, bits: 3)
    for (domain, k) in [(FitDomain.range(5...7), 8), (.range(-8...7), 20), (.range((-8)...(-6)), 12)] {
      let a = GRAUArchitecture(inputBits: 4, segments: k, preShift: 2, stages: 4)
      let fit = try PWLFitter.fit(q, domain: domain, architecture: a)
      try fit.parameters.validate()
      #expect(fit.error.maxAbs == 0, "a segment per point is exact")
    }
  }
}
