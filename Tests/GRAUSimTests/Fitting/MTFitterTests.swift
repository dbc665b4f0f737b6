import Testing

@testable import GRAUSim

@Suite struct MTFitterTests {
  static let monotone: [ActivationFunction] = [
    .identity, .relu, .leakyReLU(alpha: 0.1), .relu6, .pact(alpha: 3), .sigmoid, .tanh, .hsigmoid, .exp,
  ]

  /// Non-decreasing Q_c: zero error on the whole W-bit input range, at every precision, signed and unsigned.
  @Test(arguments: monotone)
  func exactForMonotoneFunctions(_ f: ActivationFunction) throws {
    for bits in 1...8 {
      for signed in [false, true] {
        // The domain covers part of the range only: the thresholds must still be exact everywhere.
        let q = fitTestChannel(f, inputBits: 10, lo: -300, hi: 200, span: 10, bits: bits, signed: signed)
        let p = MTFitter.thresholds(q, domain: .range(-300...200))
        try p.validate()
        #expect(p.thresholds.count == (1 << bits) - 1)
        for x in q.input.min...q.input.max where MTReference.output(x, p) != q(x) {
          Issue.record("\(f.name) n = \(bits) signed = \(signed): x = \(x): MT \(MTReference.output(x, p)), Q \(q(x))")
          return
        }
      }
    }
  }

  /// Non-monotone Q_c: the MT output equals the optimal non-decreasing integer step function, found here by a
  /// brute-force DP over levels (independent of the pool-adjacent-violators code).
  @Test(arguments: [ActivationFunction.silu, .gelu, .hswish], [3, 4])
  func bestMonotoneApproximation(_ f: ActivationFunction, bits: Int) throws {
    var rng = FitTestRandom(seed: UInt64(bits) &* 31 &+ UInt64(f.name.count))
    let q = fitTestChannel(f, inputBits: 8, lo: -40, hi: 10, span: 5, bits: bits, center: -1.5)
    let domain = FitDomain(points: Array(-40...10), weights: (-40...10).map { _ in Int.random(in: 1...9, using: &rng) })
    let p = MTFitter.thresholds(q, domain: domain)
    try p.validate()
    let levels = Array(q.qmin...q.qmax)
    // best[v] = least Σw(y − q)² over the points so far with the last value y = levels[v], y non-decreasing.
    var best = [Int](repeating: 0, count: levels.count)
    for (x, w) in zip(domain.points, domain.weights) {
      var running = Int.max
      for v in levels.indices {
        running = min(running, best[v])
        let e = levels[v] - q(x)
        best[v] = running + w * e * e
      }
    }
    var got = 0
    var previous = Int.min
    for (x, w) in zip(domain.points, domain.weights) {
      let y = MTReference.output(x, p)
      #expect(y >= previous)
      previous = y
      got += w * (y - q(x)) * (y - q(x))
    }
    #expect(got == best.min()!)
    let monotoneTarget = domain.points.map { q($0) }
    #expect(zip(monotoneTarget, monotoneTarget.dropFirst()).contains { $0 > $1 }, "the test needs a non-monotone Q")
  }

  @Test func negativeGammaIsApproximatedMonotonically() throws {
    var q = fitTestChannel(.sigmoid, inputBits: 8, lo: -100, hi: 100, span: 8, bits: 4)
    q.gamma = -1
    let domain = FitDomain.range(-100...100)
    let p = MTFitter.thresholds(q, domain: domain)
    try p.validate()
    // The best non-decreasing fit of a decreasing staircase is one constant: the rounded mean.
    let outputs = Set(domain.points.map { MTReference.output($0, p) })
    #expect(outputs.count == 1)
  }

  @Test func isotonicRoundingIsHalfAwayFromZero() {
    #expect(MTFitter.isotonicSteps([3, 1, 0, 4], weights: [1, 1, 1, 1]) == [1, 1, 1, 4])
    #expect(MTFitter.isotonicSteps([-1, -2], weights: [1, 1]) == [-2, -2])
    #expect(MTFitter.isotonicSteps([2, 1], weights: [1, 1]) == [2, 2])
    #expect(MTFitter.roundedQuotient(-3, 2) == -2)
    #expect(MTFitter.roundedQuotient(5, 2) == 3)
  }
}
