/// Error of a unit against the exact quantized activation, in output LSBs, weighted by how often each input occurs.
public struct ErrorMetrics: Sendable, Hashable, Codable {
  /// Largest |error| over elements with nonzero weight.
  public var maxAbs: Int
  /// Weighted mean |error|.
  public var meanAbs: Double
  /// Weighted mean squared error.
  public var mse: Double
  /// Weighted fraction of outputs with zero error.
  public var exactFraction: Double
  /// Total weight (number of elements) measured.
  public var weight: Int

  public init(maxAbs: Int, meanAbs: Double, mse: Double, exactFraction: Double, weight: Int) {
    self.maxAbs = maxAbs
    self.meanAbs = meanAbs
    self.mse = mse
    self.exactFraction = exactFraction
    self.weight = weight
  }

  enum CodingKeys: String, CodingKey {
    case maxAbs = "max_abs", meanAbs = "mean_abs", mse, exactFraction = "exact_fraction", weight
  }
}

/// Accumulates errors exactly (integer sums) and turns them into ``ErrorMetrics``; mergeable across lanes and threads.
public struct ErrorAccumulator: Sendable, Hashable {
  public internal(set) var weight = 0
  public internal(set) var exactWeight = 0
  public internal(set) var sumAbs = 0
  /// Σ w·e², exact (128-bit: 5.95 M elements of up to 2^16 LSB error cannot overflow).
  public internal(set) var sumSquares: Int128 = 0
  public internal(set) var maxAbs = 0

  public init() {}

  /// Records an error of `error` LSB occurring `weight` times.
  public mutating func add(error: Int, weight w: Int = 1) {
    guard w > 0 else { return }
    let a = error.magnitude
    weight += w
    if a == 0 { exactWeight += w }
    sumAbs += Int(a) * w
    sumSquares += Int128(Int(a) * Int(a)) * Int128(w)
    if Int(a) > maxAbs { maxAbs = Int(a) }
  }

  /// Adds everything `other` recorded.
  public mutating func merge(_ other: ErrorAccumulator) {
    weight += other.weight
    exactWeight += other.exactWeight
    sumAbs += other.sumAbs
    sumSquares += other.sumSquares
    maxAbs = Swift.max(maxAbs, other.maxAbs)
  }

  /// The metrics; all zero (and exact fraction 1) when nothing was recorded.
  public var metrics: ErrorMetrics {
    guard weight > 0 else { return ErrorMetrics(maxAbs: 0, meanAbs: 0, mse: 0, exactFraction: 1, weight: 0) }
    let w = Double(weight)
    return ErrorMetrics(
      maxAbs: maxAbs, meanAbs: Double(sumAbs) / w, mse: Double(sumSquares) / w,
      exactFraction: Double(exactWeight) / w, weight: weight)
  }
}
