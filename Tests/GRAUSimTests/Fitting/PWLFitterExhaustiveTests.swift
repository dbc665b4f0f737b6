import Testing

@testable import GRAUSim

/// The fitter against an independent brute force on small domains: every strictly increasing threshold tuple,
/// every slope option and every bias in a window that contains all useful biases, evaluated with the reference.
@Suite struct PWLFitterExhaustiveTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var function: ActivationFunction
    var mode: SlopeMode
    var saturate: Bool
    var objective: FitObjective
    var testDescription: String { "\(function.name) \(mode) sat=\(saturate) \(objective)" }
  }

  static let cases: [Case] = {
    var result: [Case] = []
    for (f, mode) in [(ActivationFunction.silu, SlopeMode.pot), (.gelu, .apot), (.sigmoid, .pot), (.hswish, .apot)] {
      for saturate in [false, true] {
        for objective in FitObjective.allCases {
          result.append(Case(function: f, mode: mode, saturate: saturate, objective: objective))
        }
      }
    }
    return result
  }()

  @Test(arguments: cases)
  func fitterMatchesBruteForce(_ c: Case) throws {
    // W = 8, P = 2, R = 4: slopes 2, 1, 1/2, 1/4 per input step; a 4-bit signed output over ~14 points.
    let points = c.mode == .pot ? 16 : 12
    let lo = -7
    let hi = lo + points - 1
    let q = fitTestChannel(c.function, inputBits: 8, lo: lo, hi: hi, span: 8, bits: 4)
    var rng = FitTestRandom(seed: UInt64(points) &* 7919 &+ (c.saturate ? 1 : 0))
    let domain = FitDomain(points: Array(lo...hi), weights: (lo...hi).map { _ in Int.random(in: 1...4, using: &rng) })
    let table = SegmentBruteForce(q: q, domain: domain, mode: c.mode, saturate: c.saturate, objective: c.objective)
    for k in 2...4 {
      let a = GRAUArchitecture(
        inputBits: 8, segments: k, preShift: 2, stages: 4, slopeMode: c.mode, saturate: c.saturate)
      let fit = try PWLFitter.fit(
        q, domain: domain, architecture: a, options: FitOptions(objective: c.objective, apotMaxTerms: 4))
      try fit.parameters.validate()
      #expect(fit.exhaustiveCandidates)
      #expect(fit.optimal)
      let got = fitTestObjective(fit.parameters, q, domain)
      let best = table.bestPartition(segments: k)
      let value = c.objective == .mse ? got.sse : got.maxAbs
      #expect(value == best, "K = \(k): fitter \(value), brute force \(best)")
    }
  }
}

/// Brute-force best cost of every segment `[i, j)` of the domain (memoised), then of every partition.
struct SegmentBruteForce {
  let n: Int
  let objective: FitObjective
  var cost: [[Int]]

  init(q: QuantizedActivation, domain d: FitDomain, mode: SlopeMode, saturate: Bool, objective: FitObjective) {
    n = d.points.count
    self.objective = objective
    let r = 4
    let a = GRAUArchitecture(inputBits: 8, segments: 2, preShift: 2, stages: r, slopeMode: mode, saturate: saturate)
    var settings: [UInt32] = [0]
    switch mode {
    case .pot: settings += (1...r).map { UInt32((1 << $0) - 1) }
    case .apot: settings += (1..<(UInt32(1) << r)).map { $0 }
    }
    cost = Array(repeating: Array(repeating: Int.max, count: n + 1), count: n + 1)
    let targets = d.points.map { q($0) }
    for i in 0..<n {
      for j in (i + 1)...n {
        var best = Int.max
        for setting in settings {
          for negative in [false, true] where !(setting == 0 && negative) {
            let probe = GRAUSegment(negative: negative, setting: setting, bias: 0)
            let lines = d.points[i..<j].map { GRAUReference.line($0, probe, a) }
            // Beyond this window every point is clamped (or wrapped) the same way as at its edge.
            for bias in (q.qmin - lines.max()! - 2)...(q.qmax - lines.min()! + 2) {
              let s = GRAUSegment(negative: negative, setting: setting, bias: bias)
              let p = GRAUParameters(
                architecture: a, thresholds: [a.threshold.max], segments: [s, s], output: q.output)
              var total = 0
              var feasible = true
              for t in i..<j {
                let x = d.points[t]
                if !saturate {
                  // The fitter's search space for a wrapping unit: lines that stay in the output range.
                  let y = GRAUReference.line(x, s, a)
                  if y < q.qmin || y > q.qmax {
                    feasible = false
                    break
                  }
                }
                let e = GRAUReference.output(x, p) - targets[t]
                total = objective == .mse ? total + d.weights[t] * e * e : max(total, abs(e))
              }
              if feasible { best = min(best, total) }
            }
          }
        }
        cost[i][j] = best
      }
    }
  }

  /// The best objective over all partitions into at most `segments` contiguous segments (all threshold tuples).
  func bestPartition(segments k: Int) -> Int {
    var best = Int.max
    func visit(_ start: Int, _ used: Int, _ acc: Int) {
      if start == n {
        best = min(best, acc)
        return
      }
      guard used < k else { return }
      for end in (start + 1)...n where cost[start][end] != Int.max {
        visit(end, used + 1, objective == .mse ? acc + cost[start][end] : max(acc, cost[start][end]))
      }
    }
    visit(0, 0, 0)
    return best
  }
}
