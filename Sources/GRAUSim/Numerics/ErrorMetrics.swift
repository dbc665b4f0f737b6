/// Error of a unit against the exact quantized activation, in output LSBs, weighted by how often each input occurs.
package struct ErrorMetrics: Sendable, Hashable, Codable {
  /// Largest |error| over elements with nonzero weight.
  package var maxAbs: Int
  /// Weighted mean |error|.
  package var meanAbs: Double
  /// Weighted mean squared error.
  package var mse: Double
  /// Weighted fraction of outputs with zero error.
  package var exactFraction: Double
  /// Weighted fraction of outputs off by 2 LSB or more (an error a rounding difference does not explain).
  package var offByTwoFraction: Double
  /// Total weight (number of elements) measured.
  var weight: Int

  init(maxAbs: Int, meanAbs: Double, mse: Double, exactFraction: Double, offByTwoFraction: Double = 0, weight: Int) {
    self.maxAbs = maxAbs
    self.meanAbs = meanAbs
    self.mse = mse
    self.exactFraction = exactFraction
    self.offByTwoFraction = offByTwoFraction
    self.weight = weight
  }

  enum CodingKeys: String, CodingKey {
    case maxAbs = "max_abs", meanAbs = "mean_abs", mse, exactFraction = "exact_fraction"
    case offByTwoFraction = "off_by_2_fraction", weight
  }
}

/// Accumulates errors exactly (integer sums) and turns them into ``ErrorMetrics``; mergeable across lanes and threads.
package struct ErrorAccumulator: Sendable, Hashable {
  var weight = 0
  var exactWeight = 0
  /// Weight of the errors of 2 LSB or more.
  var offByTwoWeight = 0
  var sumAbs = 0
  /// Σ w·e², exact (128-bit: 5.95 M elements of up to 2^16 LSB error cannot overflow).
  var sumSquares: Int128 = 0
  var maxAbs = 0

  init() {}

  /// Records an error of `error` LSB occurring `weight` times.
  mutating func add(error: Int, weight w: Int = 1) {
    guard w > 0 else { return }
    let a = error.magnitude
    weight += w
    if a == 0 { exactWeight += w }
    if a >= 2 { offByTwoWeight += w }
    sumAbs += Int(a) * w
    sumSquares += Int128(Int(a) * Int(a)) * Int128(w)
    if Int(a) > maxAbs { maxAbs = Int(a) }
  }

  /// Records one error of `error` LSB (``add(error:weight:)`` with weight 1, for the simulators' inner loops).
  @inline(__always)
  mutating func add(error: Int) {
    let a = Int(error.magnitude)
    weight += 1
    if a == 0 { exactWeight += 1 }
    if a >= 2 { offByTwoWeight += 1 }
    sumAbs += a
    sumSquares += Int128(a * a)
    if a > maxAbs { maxAbs = a }
  }

  /// Adds everything `other` recorded.
  mutating func merge(_ other: ErrorAccumulator) {
    weight += other.weight
    exactWeight += other.exactWeight
    offByTwoWeight += other.offByTwoWeight
    sumAbs += other.sumAbs
    sumSquares += other.sumSquares
    maxAbs = Swift.max(maxAbs, other.maxAbs)
  }

  /// The metrics; all zero (and exact fraction 1) when nothing was recorded.
  var metrics: ErrorMetrics {
    guard weight > 0 else { return ErrorMetrics(maxAbs: 0, meanAbs: 0, mse: 0, exactFraction: 1, weight: 0) }
    let w = Double(weight)
    return ErrorMetrics(
      maxAbs: maxAbs, meanAbs: Double(sumAbs) / w, mse: Double(sumSquares) / w,
      exactFraction: Double(exactWeight) / w, offByTwoFraction: Double(offByTwoWeight) / w, weight: weight)
  }
}
