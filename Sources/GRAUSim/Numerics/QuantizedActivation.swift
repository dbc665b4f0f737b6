/// The exact quantized activation `Q_c` of one channel (docs/semantics.md).
///
///     z = gamma * (x * inputScale) + beta
///     a = f(z)
///     q = clamp(round(a / outputScale) + zeroPoint, qmin, qmax)
///
/// `round` is round-half-away-from-zero (`Double.rounded()`, IEEE `roundToIntegralTiesToAway`). The value is
/// computed in binary64 in exactly the order above, so two evaluations on any IEEE machine agree bit for bit.
/// Infinite `a` (a pole of `reciprocal` or `rsqrt`, or overflow of `exp`) saturates to `qmax` or `qmin`.
package struct QuantizedActivation: Sendable, Hashable {
  /// The integer input format (the MAC result), W bits signed, W in 2...32.
  var input: IntegerFormat
  var inputScale: Double
  var gamma: Double
  var beta: Double
  var function: ActivationFunction
  var outputScale: Double
  var zeroPoint: Int
  /// The n-bit output code format (n in 1...16); `qmin`/`qmax` are its range.
  var output: IntegerFormat

  package init(
    input: IntegerFormat, inputScale: Double, gamma: Double = 1, beta: Double = 0, function: ActivationFunction,
    outputScale: Double, zeroPoint: Int = 0, output: IntegerFormat
  ) {
    self.input = input
    self.inputScale = inputScale
    self.gamma = gamma
    self.beta = beta
    self.function = function
    self.outputScale = outputScale
    self.zeroPoint = zeroPoint
    self.output = output
  }

  var qmin: Int { output.min }
  var qmax: Int { output.max }

  /// Checks the ranges the semantics needs; `path` prefixes the names in the error.
  func validate(path: String = "") throws(ValueError) {
    func p(_ k: String) -> String { path.isEmpty ? k : "\(path).\(k)" }
    guard input.signed, (2...32).contains(input.bits) else {
      throw ValueError(path: p("in_bits"), expected: "a signed input width in 2...32", got: "\(input)")
    }
    guard (1...16).contains(output.bits) else {
      throw ValueError(path: p("out_bits"), expected: "an integer in 1...16", got: "\(output.bits)")
    }
    for (k, v) in [("in_scale", inputScale), ("out_scale", outputScale)] where !(v.isFinite && v > 0) {
      throw ValueError(path: p(k), expected: "a finite number > 0", got: "\(v)")
    }
    for (k, v) in [("gamma", gamma), ("beta", beta)] where !v.isFinite {
      throw ValueError(path: p(k), expected: "a finite number", got: "\(v)")
    }
    // The zero point is the code of real 0: it must be a code of the output format.
    guard output.contains(zeroPoint) else {
      throw ValueError(
        path: p("zero_point"), expected: "an integer in \(output.min)...\(output.max) (a code of the \(output) output)",
        got: "\(zeroPoint)")
    }
  }

  /// The real-valued pre-activation `z` for input `x`.
  func preActivation(_ x: Int) -> Double { gamma * (Double(x) * inputScale) + beta }

  /// `Q_c(x)`, exact for every integer `x`.
  package func callAsFunction(_ x: Int) -> Int {
    let v = function(preActivation(x)) / outputScale
    // Clamp in the real domain first so that ±inf and huge values never reach Int(_:).
    let lo = Double(qmin - zeroPoint) - 1
    let hi = Double(qmax - zeroPoint) + 1
    guard !v.isNaN else { return qmin }
    let r = Swift.min(Swift.max(v, lo), hi).rounded(.toNearestOrAwayFromZero)
    return output.clamp(Int(r) + zeroPoint)
  }
}
