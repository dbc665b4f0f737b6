import Testing

@testable import GRAUSim

/// The shift-moment prefix sums against one literal pass per shifter setting (S from the reference's formula).
@Suite struct PWLFitterLineSumsTests {
  /// Naive prefix sums: Σw, Σwq, Σwq², then per setting ΣwS, ΣwS², ΣwqS, each in one pass over the points.
  static func naive<I: FixedWidthInteger & SignedInteger>(_ p: _FitProblem, _ b: [Int], _: I.Type) -> [[I]] {
    let m = b.count - 1
    let u = p.settings.count
    var base = [[I]](repeating: [I](repeating: 0, count: m + 1), count: 3)
    var per = [[I]](repeating: [I](repeating: 0, count: (m + 1) * u), count: 3)
    for e in 0..<m {
      var t = [I](repeating: 0, count: 3)
      for i in b[e]..<b[e + 1] {
        let (w, q) = (I(p.w[i]), I(p.q[i]))
        t[0] &+= w
        t[1] &+= w &* q
        t[2] &+= w &* q &* q
      }
      for k in 0..<3 { base[k][e + 1] = base[k][e] &+ t[k] }
      for s in 0..<u {
        var v = [I](repeating: 0, count: 3)
        for i in b[e]..<b[e + 1] {
          let setting = p.settings[s]
          let big = p.architecture.shifted.wrap(p.x[i] << p.architecture.preShift)
          let sv = I(
            GRAUReference.shifterChain(
              big, setting: setting, mode: p.architecture.slopeMode, stages: p.architecture.stages))
          let (w, q) = (I(p.w[i]), I(p.q[i]))
          v[0] &+= w &* sv
          v[1] &+= w &* sv &* sv
          v[2] &+= w &* q &* sv
        }
        for k in 0..<3 { per[k][(e + 1) * u + s] = per[k][e * u + s] &+ v[k] }
      }
    }
    return base + per
  }

  /// Random sparse or dense domains, pre-shifts 0...8 (also P ≥ R), R up to 14, PoT and APoT, Int64 and Int128.
  @Test(arguments: 0..<40)
  func sumsMatchOnePassPerSetting(seed: Int) throws {
    var rng = FitTestRandom(seed: UInt64(seed) &* 0x9E37 &+ 5)
    let bits = Int.random(in: 6...12, using: &rng)
    let input = IntegerFormat(bits: bits, signed: true)
    let lo = Int.random(in: input.min...(input.max - 4), using: &rng)
    let hi = min(input.max, lo + Int.random(in: 4...400, using: &rng))
    let dense = Bool.random(using: &rng)
    var points = dense ? Array(lo...hi) : (lo...hi).filter { _ in Int.random(in: 0..<3, using: &rng) == 0 }
    if points.isEmpty { points = [lo] }
    let maxWeight = Bool.random(using: &rng) ? 1 : 1 << Int.random(in: 1...30, using: &rng)
    let domain = FitDomain(points: points, weights: points.map { _ in Int.random(in: 1...maxWeight, using: &rng) })
    let stages = Int.random(in: 1...14, using: &rng)
    let mode: SlopeMode = Bool.random(using: &rng) ? .pot : .apot
    let a = GRAUArchitecture(
      inputBits: bits, segments: 4, preShift: Int.random(in: 0...8, using: &rng), stages: stages, slopeMode: mode)
    let q = fitTestChannel(.silu, inputBits: bits, lo: lo, hi: hi, span: 8, bits: Int.random(in: 2...8, using: &rng))
    let p = try _FitProblem(
      target: q, domain: domain, architecture: a,
      options: FitOptions(apotMaxTerms: Int.random(in: 1...(stages <= 8 ? stages : 3), using: &rng)))
    let n = p.count
    var b = [0] + (1..<max(1, n)).filter { _ in Int.random(in: 0..<4, using: &rng) == 0 } + [n]
    if n == 1 { b = [0, 1] }
    try check(p, b, Int64.self)
    try check(p, b, Int128.self)
  }

  func check<I: FixedWidthInteger & SignedInteger>(_ p: _FitProblem, _ b: [Int], _ t: I.Type) throws {
    let sums = _LineSums<I>(p, bounds: b)
    let expected = Self.naive(p, b, I.self)
    #expect(sums.sw == expected[0])
    #expect(sums.sq == expected[1])
    #expect(sums.sq2 == expected[2])
    #expect(sums.ps == expected[3], "ΣwS, \(p.architecture.slopeMode), P = \(p.architecture.preShift)")
    #expect(sums.ps2 == expected[4], "ΣwS², \(p.architecture.slopeMode), P = \(p.architecture.preShift)")
    #expect(sums.pqs == expected[5], "ΣwqS, \(p.architecture.slopeMode), P = \(p.architecture.preShift)")
    let u = p.settings.count
    for e in 0..<(b.count - 1) {
      for s in 0..<u {
        #expect(sums.sFirst[e * u + s] == p.slope(s, p.big(b[e])))
        // The interval's last covered input: just below the next interval's first point, or the last point.
        let end = e + 2 < b.count ? p.x[b[e + 1]] - 1 : p.x[b[e + 1] - 1]
        #expect(sums.sLast[e * u + s] == p.slope(s, end << p.architecture.preShift))
      }
    }
  }
}
