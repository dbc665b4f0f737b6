import Testing

@testable import GRAUSim

/// `constantRuns` (bisection between turning points) equals the input-by-input scan of the whole range.
@Suite struct ConstantRunsTests {
  /// The runs of `q` by evaluating every input.
  static func scanned(_ q: QuantizedActivation) -> [ConstantRun] {
    var runs: [ConstantRun] = []
    for x in q.input.min...q.input.max {
      let v = q(x)
      if let last = runs.last, last.value == v {
        runs[runs.count - 1].upper = x
      } else {
        runs.append(ConstantRun(lower: x, upper: x, value: v))
      }
    }
    return runs
  }

  static let functions: [ActivationFunction] = [
    .identity, .relu, .leakyReLU(alpha: 0.1), .leakyReLU(alpha: -0.2), .relu6, .pact(alpha: 3), .sigmoid, .tanh,
    .silu, .hswish, .hsigmoid, .gelu, .exp, .reciprocal, .rsqrt,
  ]

  /// Random channels of every function at 16-bit inputs: scales from a few inputs per level to thousands, negative
  /// and zero γ, zero points, 1- to 8-bit outputs.
  @Test(arguments: functions)
  func bisectionEqualsTheScan(function: ActivationFunction) {
    var rng = SplitMix64(seed: UInt64(function.name.utf8.reduce(7) { $0 &* 31 &+ UInt64($1) }))
    for trial in 0..<12 {
      let bits = Int.random(in: 1...8, using: &rng)
      let output = IntegerFormat(bits: bits, signed: Bool.random(using: &rng))
      let gamma = trial == 0 ? 0 : Double.random(in: -2...2, using: &rng)
      let q = QuantizedActivation(
        input: IntegerFormat(bits: 16, signed: true), inputScale: Double.random(in: 1e-5...0.01, using: &rng),
        gamma: gamma, beta: Double.random(in: -2...2, using: &rng), function: function,
        outputScale: Double.random(in: 0.002...0.5, using: &rng),
        zeroPoint: Int.random(in: output.min...output.max, using: &rng) / 2, output: output)
      let runs = q.constantRuns()
      let scan = Self.scanned(q)
      #expect(runs == scan, "\(function.name) trial \(trial): \(runs.count) runs, the scan has \(scan.count)")
    }
  }

  @Test func runsCoverTheRangeOnce() {
    let q = QuantizedActivation(
      input: IntegerFormat(bits: 24, signed: true), inputScale: 1e-6, function: .silu, outputScale: 0.03,
      output: IntegerFormat(bits: 8, signed: true))
    let runs = q.constantRuns()
    #expect(runs.first?.lower == q.input.min && runs.last?.upper == q.input.max)
    for (a, b) in zip(runs, runs.dropFirst()) {
      #expect(b.lower == a.upper + 1 && a.value != b.value)
    }
    // Every run's ends carry its value.
    for r in runs.prefix(50) { #expect(q(r.lower) == r.value && q(r.upper) == r.value) }
  }
}
