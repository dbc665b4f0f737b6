import Testing

@testable import GRAUSim

/// ``_LineSums/fill(_:_:candidates:bound:)`` (the lazy row scan) against the plain scan it replaces
/// (`referenceFill`, FillReference.swift): the DP must end up with every entry and link identical, for any
/// candidate list and any bound.
@Suite struct PWLFitterFillTests {
  static let functions: [ActivationFunction] = [
    .leakyReLU(alpha: 0.1), .leakyReLU(alpha: 0.3), .relu, .silu, .gelu, .sigmoid, .tanh, .hswish, .relu6,
  ]

  /// Random channels (few output bits make equal-cost options, hence tie replays, common), PoT and APoT,
  /// saturating or not, Int64 and Int128 sums; the full candidate list, every third candidate and one row's
  /// candidates; bounds: none, the optimum, above it, below it.
  @Test(arguments: 0..<48)
  func lazyScanLeavesTheDPAsThePlainScan(seed: Int) throws {
    var rng = FitTestRandom(seed: UInt64(seed) &* 0x2545_F491 &+ 7)
    let w = Int.random(in: 6...14, using: &rng)
    let input = IntegerFormat(bits: w, signed: true)
    let f = Self.functions.randomElement(using: &rng)!
    let bits = Int.random(in: 2...8, using: &rng)
    let lo = Int.random(in: input.min...(input.max - 8), using: &rng)
    let hi = min(input.max, lo + Int.random(in: 8...1500, using: &rng))
    let q = fitTestChannel(
      f, inputBits: w, lo: lo, hi: hi, span: Double.random(in: 2...16, using: &rng), bits: bits,
      signed: Bool.random(using: &rng))
    let domain: FitDomain =
      Bool.random(using: &rng)
      ? .range(lo...hi)
      : .histogram(
        (0..<3000).map { _ in (Int.random(in: lo...hi, using: &rng) + Int.random(in: lo...hi, using: &rng)) / 2 })
    let stages = Int.random(in: 2...16, using: &rng)
    let a = GRAUArchitecture(
      inputBits: w, segments: Int.random(in: 2...9, using: &rng), preShift: Int.random(in: 0...8, using: &rng),
      stages: stages, slopeMode: Int.random(in: 0..<4, using: &rng) == 0 ? .apot : .pot,
      saturate: Int.random(in: 0..<3, using: &rng) == 0)
    let options = FitOptions(maxCandidates: Int.random(in: 8...160, using: &rng), apotMaxTerms: 2)
    let p = try _FitProblem(target: q, domain: domain, architecture: a, options: options)
    let b = p.candidateBounds().bounds
    if p.fitsInt64 { check(p, b, Int64.self, &rng) }
    check(p, b, Int128.self, &rng)
  }

  func check<I: FixedWidthInteger & SignedInteger>(
    _ p: _FitProblem, _ b: [Int], _: I.Type, _ rng: inout FitTestRandom
  ) {
    let sums = _LineSums<I>(p, bounds: b)
    let m = b.count - 1
    let free = _PartitionDP<I>(intervals: m, segments: p.segmentLimit)
    sums.referenceFill(free, p, candidates: Array(0...m), bound: .max)
    let optimum = free.total
    let bounds: [I] = [
      .max, optimum, optimum + I(Int.random(in: 1...1000, using: &rng)), optimum / 2, optimum / 4 * 3,
    ]
    let sparse = Array(stride(from: 0, to: m, by: 3)) + [m]
    let i = Int.random(in: 0..<m, using: &rng)
    let j = Int.random(in: (i + 1)...m, using: &rng)
    let lists: [(candidates: [Int], segments: Int)] = [
      (Array(0...m), p.segmentLimit), (sparse, p.segmentLimit), (Array(i...j), 1),
    ]
    for bound in bounds {
      for (candidates, segments) in lists {
        let lazy = _PartitionDP<I>(intervals: candidates.count - 1, segments: segments)
        sums.fill(lazy, p, candidates: candidates, bound: bound)
        let plain = _PartitionDP<I>(intervals: candidates.count - 1, segments: segments)
        sums.referenceFill(plain, p, candidates: candidates, bound: bound)
        #expect(
          lazy.entries == plain.entries,
          "\(I.self) bound \(bound) of optimum \(optimum), \(candidates.count) candidates, \(segments) segments")
      }
    }
    checkLevelBounds(sums, p, m: m, free: free, &rng)
  }

  /// A family's DP (level bounds, as ``_FitProblem/fitMSE(segmentCounts:)`` makes them: non-increasing, level k's
  /// at least the optimum over k segments, or random ones below it): every entry that must be exact — best[k][m]
  /// within level k's bound, best[k][j] before m within level k + 1's — has the cost and link of the plain scan
  /// run with the loosest bound (the family's `bound`); no other entry is below its true value.
  func checkLevelBounds<I: FixedWidthInteger & SignedInteger>(
    _ sums: _LineSums<I>, _ p: _FitProblem, m: Int, free: _PartitionDP<I>, _ rng: inout FitTestRandom
  ) {
    let kMax = min(p.segmentLimit, m)
    var levels: [I] = (1...kMax).map { k in
      let least = free.least(segments: k)
      switch Int.random(in: 0..<4, using: &rng) {
      case 0: return least
      case 1: return least / 4 * 3
      default: return least + I(Int.random(in: 0...5000, using: &rng))
      }
    }
    for k in stride(from: kMax - 2, through: 0, by: -1) { levels[k] = max(levels[k], levels[k + 1]) }
    let bound = levels[0]
    let family = _PartitionDP<I>(intervals: m, segments: kMax, levelBounds: levels)
    sums.fill(family, p, candidates: Array(0...m), bound: bound)
    let plain = _PartitionDP<I>(intervals: m, segments: kMax)
    sums.referenceFill(plain, p, candidates: Array(0...m), bound: bound)
    let (got, want, exact) = (family.entries, plain.entries, free.entries)
    var compared = 0
    for j in 0...m {
      for k in 1...kMax {
        let e = j * (kMax + 1) + k
        #expect(got[e].cost >= exact[e].cost, "\(I.self) entry (\(k), \(j)) below the optimum")
        let limit = j == m ? levels[k - 1] : k < kMax ? levels[k] : -1
        guard exact[e].cost <= limit else { continue }
        compared += 1
        #expect(got[e] == want[e], "\(I.self) entry (\(k), \(j)) of \(m), level bounds \(levels)")
      }
    }
    #expect(compared > 0 || levels.allSatisfy { $0 < free.total })
  }
}
