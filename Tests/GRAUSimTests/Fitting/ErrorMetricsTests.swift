import Testing

@testable import GRAUSim

@Suite struct ErrorMetricsTests {
  @Test func handComputedCase() {
    // Errors −2, 0, 1, 3 with weights 1, 2, 3, 4: total 10.
    let domain = FitDomain(points: [0, 1, 2, 3], weights: [1, 2, 3, 4])
    let errors = [-2, 0, 1, 3]
    let m = ErrorMetrics.measure(domain: domain, target: { _ in 5 }, unit: { 5 + errors[$0] })
    #expect(m.maxAbs == 3)
    #expect(m.weight == 10)
    let meanAbs: Double = 17.0 / 10  // (2 + 0 + 3 + 12) / 10
    #expect(m.meanAbs == meanAbs)
    let mse: Double = 43.0 / 10  // (4 + 0 + 3 + 36) / 10
    #expect(m.mse == mse)
    #expect(m.exactFraction == 0.2)
  }

  @Test func mergeEqualsOneAccumulator() {
    var a = ErrorAccumulator()
    var b = ErrorAccumulator()
    var all = ErrorAccumulator()
    for (i, e) in [4, -1, 0, 0, 7, -3].enumerated() {
      if i % 2 == 0 { a.add(error: e, weight: i + 1) } else { b.add(error: e, weight: i + 1) }
      all.add(error: e, weight: i + 1)
    }
    a.merge(b)
    #expect(a == all)
    #expect(all.metrics.maxAbs == 7)
    let squares: Int128 = 16 + 2 + 245 + 54  // 4²·1 + 1²·2 + 7²·5 + 3²·6
    #expect(all.sumSquares == squares)
  }

  @Test func emptyIsExact() {
    let m = ErrorAccumulator().metrics
    #expect(m.exactFraction == 1)
    #expect(m.weight == 0)
    var z = ErrorAccumulator()
    z.add(error: 9, weight: 0)
    #expect(z.weight == 0)
  }
}
