import Foundation
import Testing

@testable import GRAUSim

@Suite struct QuantizedActivationTests {
  /// The activation written out again, independently of ActivationFunction.callAsFunction.
  static func f(_ name: String, _ z: Double) -> Double {
    func sigmoid(_ z: Double) -> Double {
      z >= 0 ? 1 / (1 + Foundation.exp(-z)) : Foundation.exp(z) / (1 + Foundation.exp(z))
    }
    switch name {
    case "relu": return z > 0 ? z : 0
    case "leaky_relu": return z >= 0 ? z : 0.1 * z
    case "sigmoid": return sigmoid(z)
    case "tanh": return Foundation.tanh(z)
    case "silu": return z * sigmoid(z)
    case "hswish": return z * min(max(z + 3, 0), 6) / 6
    case "gelu": return 0.5 * z * (1 + erf(z / 2.0.squareRoot()))
    case "exp": return Foundation.exp(z)
    default: return .nan
    }
  }

  /// Q_c(x) = clamp(round_half_away(f(γ·(x·s_in) + β) / s_out) + zp, qmin, qmax), in binary64, in that order.
  @Test(arguments: ["relu", "leaky_relu", "sigmoid", "tanh", "silu", "hswish", "gelu", "exp"])
  func matchesDirectEvaluation(_ name: String) throws {
    var rng = FitTestRandom(seed: UInt64(name.utf8.reduce(0) { $0 &* 31 &+ UInt64($1) }))
    let function = try ActivationFunction(name: name)
    for _ in 0..<40 {
      let bits = Int.random(in: 1...16, using: &rng)
      let output = IntegerFormat(bits: bits, signed: Bool.random(using: &rng))
      let input = IntegerFormat(bits: Int.random(in: 4...32, using: &rng), signed: true)
      let q = QuantizedActivation(
        input: input, inputScale: Double.random(in: 1e-6...0.5, using: &rng),
        gamma: Double.random(in: -3...3, using: &rng), beta: Double.random(in: -4...4, using: &rng), function: function,
        outputScale: Double.random(in: 1e-4...1, using: &rng),
        zeroPoint: Int.random(in: max(-20, output.min)...min(20, output.max), using: &rng),
        output: output)
      try q.validate()
      for _ in 0..<50 {
        let x = Int.random(in: input.min...input.max, using: &rng)
        let z = q.gamma * (Double(x) * q.inputScale) + q.beta
        let v = Self.f(name, z) / q.outputScale
        let expected: Int
        if v.isNaN {
          expected = output.min
        } else if v >= Double(output.max - q.zeroPoint) + 1 {
          expected = output.max
        } else if v <= Double(output.min - q.zeroPoint) - 1 {
          expected = output.min
        } else {
          expected = min(max(Int(v.rounded(.toNearestOrAwayFromZero)) + q.zeroPoint, output.min), output.max)
        }
        #expect(q(x) == expected, "\(name) x = \(x)")
      }
    }
  }

  @Test func halfwayRoundsAwayFromZero() {
    let out = IntegerFormat(bits: 8, signed: true)
    let q = QuantizedActivation(
      input: IntegerFormat(bits: 8, signed: true), inputScale: 0.5, function: .identity, outputScale: 1, output: out)
    #expect(q(1) == 1)  // 0.5 → 1
    #expect(q(-1) == -1)  // −0.5 → −1
    #expect(q(3) == 2)  // 1.5 → 2
    #expect(q(-5) == -3)  // −2.5 → −3
  }

  @Test func polesSaturate() {
    let out = IntegerFormat(bits: 4, signed: false)
    let r = QuantizedActivation(
      input: IntegerFormat(bits: 8, signed: true), inputScale: 1, function: .reciprocal, outputScale: 1, output: out)
    #expect(r(0) == out.max)
    let s = QuantizedActivation(
      input: IntegerFormat(bits: 8, signed: true), inputScale: 1, function: .rsqrt, outputScale: 1, output: out)
    #expect(s(-3) == out.max)
  }
}
