/// Which inputs a GRAU fit covers.
package enum FitRange: String, Sendable, Hashable, CaseIterable {
  /// Every input the W-bit port can carry (``FitDomain/covering(runs:)``): no input wraps the output, and the
  /// inputs the calibration never showed still count.
  case full
  /// Only the calibration's inputs: lines may wrap outside them (the report says where).
  case calibration
}

/// The integers a channel sees, with how often it sees each: what fitting and error metrics are weighted by.
package struct FitDomain: Sendable, Hashable {
  /// Distinct, strictly ascending input values.
  let points: [Int]
  /// Positive integer weight of each point (occurrence counts; 1 for a plain range).
  let weights: [Int]
  /// The inputs the calibration stimulus covers when the domain also holds points outside it
  /// (``covering(runs:)``); breakpoint candidates concentrate there. Nil: every point is calibration.
  private(set) var core: ClosedRange<Int>?

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
  package static func histogram<S: Sequence<Int>>(_ samples: S) -> FitDomain {
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

  /// The default share of the total weight that the points outside the calibration get together (1/32): enough
  /// that a fit cannot ignore the inputs it was not calibrated on, small enough that it still spends its segments
  /// on the calibration (docs/semantics.md, "Safety over the whole input range").
  static let defaultCoverageShare = 1.0 / 32

  /// This domain with every run of constant `Q_c` represented: the first and last input of each run in `runs`
  /// (which cover the whole input range) joins with a floor weight unless the domain already holds it.
  ///
  /// Together the added points weigh about `share` of the calibration's weight (spread evenly); where that would
  /// put them below weight 1, the calibration's weights are scaled up instead (a weighted MSE is scale-free). A fit
  /// over the result sees every input range's target, and a non-saturating line is kept inside the output range on
  /// every integer from the first run to the last, so no input wraps.
  package func covering(runs: [ConstantRun], share: Double = FitDomain.defaultCoverageShare) -> FitDomain {
    var extra: [Int] = []
    for r in runs {
      extra.append(r.lower)
      if r.upper != r.lower { extra.append(r.upper) }
    }
    let present = Set(points)
    extra = extra.filter { !present.contains($0) }
    guard !extra.isEmpty, let lo = points.first, let hi = points.last else { return self }
    // Per added point a floor of share · total / count; below 1, scale the calibration up instead.
    let total = Double(totalWeight)
    let perPoint = share * total / Double(extra.count)
    let scale = perPoint >= 1 ? 1 : Int((1 / perPoint).rounded(.up))
    let floor = perPoint >= 1 ? Int(perPoint) : 1
    var merged: [(Int, Int)] = zip(points, weights.map { $0 * scale }).map { ($0, $1) }
    merged += extra.map { ($0, floor) }
    merged.sort { $0.0 < $1.0 }
    var d = FitDomain(points: merged.map(\.0), weights: merged.map(\.1))
    d.core = lo...hi
    return d
  }
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
