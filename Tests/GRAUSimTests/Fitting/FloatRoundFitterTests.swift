import Testing

@testable import GRAUSim

/// The published flow (`fitter: float_round`, docs/semantics.md §5, "The published flow"): valid, deterministic,
/// measured as the optimal fitter measures, and never better than the optimal fitter where that one is optimal.
@Suite struct FloatRoundFitterTests {
  static let float = FitOptions(fitter: .floatRound)
  static let functions: [ActivationFunction] = [
    .relu, .leakyReLU(alpha: 0.1), .sigmoid, .tanh, .silu, .hswish, .gelu, .relu6, .exp,
  ]

  /// SiLU, K = 6, 16-bit inputs, 8-bit outputs (the issue's case, measured there with `pwlf`): the calibration
  /// covers z in [−2, 2], the fit the whole input range, as `grausim fit --range -8192:8191` does.
  @Test func siluLosesToTheOptimalFitter() throws {
    let q = QuantizedActivation(
      input: IntegerFormat(bits: 16, signed: true), inputScale: 0x1p-12, function: .silu, outputScale: 0.0625,
      output: IntegerFormat(bits: 8, signed: true))
    let domain = FitDomain.range(-8192...8191).covering(runs: q.constantRuns())
    let a = GRAUArchitecture(inputBits: 16, segments: 6)
    let optimal = try PWLFitter.fit(q, domain: domain, architecture: a)
    let rounded = try PWLFitter.fit(q, domain: domain, architecture: a, options: Self.float)
    // Measured over the fit domain: optimal 0.187 LSB², float_round 4.17 LSB² (22×; K = 4: 0.260 / 9.61, K = 8: 0.152 / 2.40).
    #expect(optimal.error.mse < 0.25)
    #expect(
      rounded.error.mse >= 5 * optimal.error.mse, "optimal \(optimal.error.mse), float_round \(rounded.error.mse)")
    #expect(!rounded.optimal && !rounded.exhaustiveCandidates)
  }

  /// The same input gives the same parameters, and a segment-count family gives each K's standalone fit.
  @Test func deterministicAndFamilyEqualsStandalone() throws {
    let q = fitTestChannel(.gelu, inputBits: 12, lo: -900, hi: 1400, span: 9, bits: 6)
    let domain = FitDomain.range(-900...1400).covering(runs: q.constantRuns())
    let a = GRAUArchitecture(inputBits: 12, segments: 5, preShift: 4, stages: 12)
    let first = try PWLFitter.fit(q, domain: domain, architecture: a, options: Self.float)
    let second = try PWLFitter.fit(q, domain: domain, architecture: a, options: Self.float)
    #expect(first == second)
    let family = try PWLFitter.fit(q, domain: domain, architecture: a, options: Self.float, segmentCounts: [3, 5, 7])
    for k in [3, 5, 7] {
      var ak = a
      ak.segments = k
      #expect(family[k] == (try PWLFitter.fit(q, domain: domain, architecture: ak, options: Self.float)), "K = \(k)")
    }
  }

  /// Whether every line of `p` stays inside the output range on every integer its segment serves between domain
  /// points, as the optimal fitter's no-wrap search space requires (docs/semantics.md §5, "Search space").
  static func staysInRange(_ p: GRAUParameters, _ d: FitDomain) -> Bool {
    let x = d.points
    let segment = x.map { GRAUReference.segmentIndex($0, p.thresholds) }
    for i in x.indices {
      let end = i + 1 < x.count ? (segment[i + 1] == segment[i] ? x[i + 1] : x[i + 1] - 1) : x[i]
      for v in x[i]...max(x[i], end) {
        let y = GRAUReference.line(v, p.segments[segment[i]], p.architecture)
        guard p.output.contains(y) else { return false }
      }
    }
    return true
  }

  /// Random channels and architectures (PoT and APoT, saturating or not, monotone and non-monotone functions):
  /// valid PWL parameters, the error the reference makes against Q_c over the domain, and never a lower MSE than
  /// the optimal fitter's where that fit is optimal over a space holding float_round's parameters (saturating
  /// small domains; non-saturating ones whose lines do not wrap).
  @Test(arguments: 0..<3)
  func validExactlyMeasuredAndNeverBetterThanOptimal(block: Int) throws {
    var compared = 0
    for trial in 0..<12 {
      var rng = FitTestRandom(seed: UInt64(block * 100 + trial) &* 0x9E37_79B9 &+ 5)
      let w = Int.random(in: 6...14, using: &rng)
      let input = IntegerFormat(bits: w, signed: true)
      let f = Self.functions[(block * 12 + trial) % Self.functions.count]
      let n = Int.random(in: 2...8, using: &rng)
      let saturate = trial % 2 == 0
      // Saturating fits are optimal up to 64 points, non-saturating ones up to 256 (every point a candidate).
      let width = min(Int.random(in: 8...(saturate ? 60 : 250), using: &rng), input.max - input.min)
      let lo = Int.random(in: input.min...(input.max - width), using: &rng)
      let hi = lo + width
      let q = fitTestChannel(
        f, inputBits: w, lo: lo, hi: hi, span: Double.random(in: 2...12, using: &rng), bits: n,
        signed: Bool.random(using: &rng))
      let domain: FitDomain =
        trial % 3 == 0
        ? .histogram(
          (0..<400).map { _ in (Int.random(in: lo...hi, using: &rng) + Int.random(in: lo...hi, using: &rng)) / 2 })
        : .range(lo...hi)
      let a = GRAUArchitecture(
        inputBits: w, segments: Int.random(in: 2...8, using: &rng), preShift: Int.random(in: 2...8, using: &rng),
        stages: Int.random(in: 4...12, using: &rng), slopeMode: trial % 4 < 2 ? .pot : .apot, saturate: saturate)
      let fit = try PWLFitter.fit(q, domain: domain, architecture: a, options: Self.float)
      try fit.parameters.validate()
      #expect(fit.parameters.mode == .pwl && fit.parameters.output == q.output)
      let measured = ErrorMetrics.measure(
        domain: domain, target: { q($0) }, unit: { GRAUReference.output($0, fit.parameters) })
      #expect(fit.error == measured)
      let optimal = try PWLFitter.fit(q, domain: domain, architecture: a)
      if optimal.optimal && (saturate || Self.staysInRange(fit.parameters, domain)) {
        compared += 1
        let o = fitTestObjective(optimal.parameters, q, domain).sse
        let r = fitTestObjective(fit.parameters, q, domain).sse
        #expect(o <= r, "\(f.name) W \(w) K \(a.segments) \(a.slopeMode) sat \(saturate): \(o) > \(r)")
      }
    }
    // The comparison must not be vacuous.
    #expect(compared >= 6, "only \(compared) of 12 fits compared")
  }

  /// APoT slopes respect the term limit, and a PoT fit uses only thermometer codes (validate() checks the latter).
  @Test func apotSlopesRespectTheTermLimit() throws {
    let q = fitTestChannel(.tanh, inputBits: 12, lo: -1500, hi: 1500, span: 6, bits: 8)
    let domain = FitDomain.range(-1500...1500)
    for terms in 1...3 {
      let a = GRAUArchitecture(inputBits: 12, segments: 6, preShift: 6, stages: 12, slopeMode: .apot)
      let fit = try PWLFitter.fit(
        q, domain: domain, architecture: a, options: FitOptions(apotMaxTerms: terms, fitter: .floatRound))
      for s in fit.parameters.segments { #expect(s.setting.nonzeroBitCount <= terms) }
    }
  }

  /// The maxabs objective has no float_round form: a clear error naming the option.
  @Test func maxabsIsRejected() throws {
    let q = fitTestChannel(.silu, inputBits: 10, lo: -200, hi: 200, span: 8, bits: 6)
    #expect(throws: FitError.self) {
      try PWLFitter.fit(
        q, domain: .range(-200...200), architecture: GRAUArchitecture(inputBits: 10),
        options: FitOptions(objective: .maxabs, fitter: .floatRound))
    }
    do {
      try FitOptions(objective: .maxabs, fitter: .floatRound).validate()
      Issue.record("maxabs with float_round validated")
    } catch {
      #expect(error.path == "fit.objective")
    }
  }

  /// Nearest slopes: ties to the smaller magnitude, then to the positive sign; tiny slopes round to 0.
  @Test func nearestSlope() {
    let options: [(option: Int, slope: Double)] = [(0, 0), (1, 1), (2, -1), (3, 0.5), (4, -0.5)]
    #expect(PWLFitter.nearestOption(0.2, options) == 0)
    #expect(PWLFitter.nearestOption(0.25, options) == 0)
    #expect(PWLFitter.nearestOption(0.75, options) == 3)
    #expect(PWLFitter.nearestOption(-0.8, options) == 2)
    #expect(PWLFitter.nearestOption(7, options) == 1)
  }
}
