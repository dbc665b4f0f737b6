extension _FitProblem {
  /// Candidate segment starts as ascending point indices, with `count` appended as the end.
  ///
  /// Every point when the domain has at most `maxCandidates` points. Otherwise the points where `Q_c` changes
  /// value, thinned evenly to `maxCandidates − 1` if there are more, and topped up with evenly spaced weight
  /// quantiles (duplicates dropped). A domain that covers inputs beyond its calibration (``FitDomain/core``) gives
  /// each side outside it up to 1/8 of the candidates (its change points, thinned evenly, and the core's edge)
  /// and the calibration the rest.
  func candidateBounds() -> (bounds: [Int], exhaustive: Bool) {
    let n = count
    if n <= options.maxCandidates { return (Array(0...n), true) }
    let interior = options.maxCandidates - 1
    var chosen: [Int]
    if let core, let coreLo = x.firstIndex(where: { $0 >= core.lowerBound }),
      let last = x.lastIndex(where: { $0 <= core.upperBound }), coreLo <= last
    {
      let coreHi = last + 1
      let side = Swift.max(1, interior / 8)
      // The core may start at the first point (a calibration that reaches the range's minimum): no left side.
      let left = thinned((1..<Swift.max(1, coreLo)).filter { q[$0] != q[$0 - 1] }, to: side - 1)
      let right = thinned((Swift.min(coreHi + 1, n)..<n).filter { q[$0] != q[$0 - 1] }, to: side - 1)
      let edges = [coreLo, coreHi].filter { $0 > 0 && $0 < n }
      chosen = left + edges + right
      chosen += starts(in: coreLo..<coreHi, budget: interior - chosen.count)
      chosen.sort()
    } else {
      chosen = starts(in: 0..<n, budget: interior)
    }
    var bounds = [0]
    for b in chosen where b > bounds[bounds.count - 1] && b < n { bounds.append(b) }
    bounds.append(n)
    return (bounds, false)
  }

  /// `values` thinned evenly to at most `count` of them.
  private func thinned(_ values: [Int], to count: Int) -> [Int] {
    guard values.count > count else { return values }
    guard count > 0 else { return [] }
    return (0..<count).map { values[($0 * 2 + 1) * values.count / (2 * count)] }
  }

  /// Up to `budget` segment starts among the points of `range`: where `Q_c` changes value, thinned evenly if there
  /// are more, else topped up with evenly spaced quantiles of the range's weight.
  private func starts(in range: Range<Int>, budget: Int) -> [Int] {
    guard budget > 0, !range.isEmpty else { return [] }
    let changes = range.dropFirst().filter { q[$0] != q[$0 - 1] }
    if changes.count >= budget { return thinned(changes, to: budget) }
    let extra = budget - changes.count
    let weight = range.reduce(0) { $0 + w[$1] }
    var quantiles: [Int] = []
    quantiles.reserveCapacity(extra)
    var cumulative = 0
    var k = 1
    for i in range where k <= extra {
      // Boundary i + 1 once the weight of the range's points up to i reaches the k-th quantile.
      cumulative += w[i]
      while k <= extra && cumulative * (extra + 1) >= k * weight {
        if i + 1 < range.upperBound { quantiles.append(i + 1) }
        k += 1
      }
    }
    return (changes + quantiles).sorted()
  }
}
