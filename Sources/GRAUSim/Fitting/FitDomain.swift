/// The integers a channel sees, with how often it sees each: what fitting and error metrics are weighted by.
package struct FitDomain: Sendable, Hashable {
  /// Distinct, strictly ascending input values.
  let points: [Int]
  /// Positive integer weight of each point (occurrence counts; 1 for a plain range).
  let weights: [Int]

  /// A domain from ascending distinct points and positive weights (checked).
  init(points: [Int], weights: [Int]) {
    precondition(points.count == weights.count, "one weight per point")
    precondition(zip(points, points.dropFirst()).allSatisfy { $0 < $1 }, "points must be strictly ascending")
    precondition(weights.allSatisfy { $0 > 0 }, "weights must be positive")
    self.points = points
    self.weights = weights
  }

  /// Every integer in `range`, weight 1.
  package static func range(_ range: ClosedRange<Int>) -> FitDomain {
    FitDomain(points: Array(range), weights: [Int](repeating: 1, count: range.count))
  }

  /// The histogram of `samples`: each distinct value once, weighted by its count.
  static func histogram<S: Sequence<Int>>(_ samples: S) -> FitDomain {
    var sorted = Array(samples)
    sorted.sort()
    var points: [Int] = []
    var weights: [Int] = []
    for v in sorted {
      if points.last == v {
        weights[weights.count - 1] += 1
      } else {
        points.append(v)
        weights.append(1)
      }
    }
    return FitDomain(points: points, weights: weights)
  }

  /// Total weight.
  var totalWeight: Int { weights.reduce(0, +) }
  var isEmpty: Bool { points.isEmpty }
}

extension ErrorMetrics {
  /// Measures `unit` against `target` over `domain` (every point, weighted).
  package static func measure(domain: FitDomain, target: (Int) -> Int, unit: (Int) -> Int) -> ErrorMetrics {
    var acc = ErrorAccumulator()
    for i in domain.points.indices {
      let x = domain.points[i]
      acc.add(error: unit(x) - target(x), weight: domain.weights[i])
    }
    return acc.metrics
  }
}
