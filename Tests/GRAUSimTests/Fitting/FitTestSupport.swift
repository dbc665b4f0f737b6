@testable import GRAUSim

/// Σ w·e² and max |e| of GRAU parameters against the target, evaluated point by point with the reference.
func fitTestObjective(_ p: GRAUParameters, _ q: QuantizedActivation, _ d: FitDomain) -> (sse: Int, maxAbs: Int) {
  var sse = 0
  var maxAbs = 0
  for (x, w) in zip(d.points, d.weights) {
    let e = GRAUReference.output(x, p) - q(x)
    sse += w * e * e
    maxAbs = max(maxAbs, abs(e))
  }
  return (sse, maxAbs)
}

/// A channel whose function spans the n-bit code over `lo...hi`, where z runs over `center ± span / 2`.
func fitTestChannel(
  _ f: ActivationFunction, inputBits: Int, lo: Int, hi: Int, span: Double, bits: Int, signed: Bool = true,
  center: Double = 0
) -> QuantizedActivation {
  let input = IntegerFormat(bits: inputBits, signed: true)
  let output = IntegerFormat(bits: bits, signed: signed)
  let s = span / Double(hi - lo)
  let beta = center - span / 2 - Double(lo) * s
  var fmin = Double.infinity
  var fmax = -Double.infinity
  for x in lo...hi {
    let v = f(Double(x) * s + beta)
    fmin = min(fmin, v)
    fmax = max(fmax, v)
  }
  let scale = max(fmax - fmin, 1e-9) / Double(output.count - 1)
  return QuantizedActivation(
    input: input, inputScale: s, gamma: 1, beta: beta, function: f, outputScale: scale,
    zeroPoint: output.clamp(output.min - Int((fmin / scale).rounded())), output: output)
}
