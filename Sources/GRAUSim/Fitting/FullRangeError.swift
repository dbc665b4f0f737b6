/// How a unit does over every input its W-bit port can carry, not only over the inputs it was fitted or measured on
/// (docs/semantics.md, "Safety over the whole input range").
package struct FullRangeError: Sendable, Hashable {
  /// The largest |unit(x) − Q_c(x)| over every representable input x, in output LSBs.
  package var maxAbs: Int
  /// An input with that error (the smallest of the pieces' ends that have it).
  package var worstInput: Int
  /// The smallest input at which a non-saturating GRAU's line leaves the output range, so that its n-bit output
  /// wraps (+127 becomes −128); nil when it never does.
  package var wrapInput: Int?

  /// Whether the unit wraps for some input.
  package var wraps: Bool { wrapInput != nil }
}

/// Exact full-range errors from the runs of `Q_c` (``QuantizedActivation/constantRuns(over:)``).
///
/// Every input lies in one run of constant `Q_c` and one segment (GRAU) or between two thresholds (MT). On each
/// such piece the unit is monotone — a GRAU line, clamped or not; an MT or bypass count is constant — so the error's
/// extremes are at the piece's ends, and evaluating the bit-exact reference there gives the exact maximum. A line
/// that leaves the output range inside a piece wraps: the error is then largest at the wrap, which is found by
/// bisection on the (monotone) line and evaluated too.
package enum FullRange {
  /// The error of `p` against `target` over the whole input range; `runs` are the target's runs over that range.
  ///
  /// - Complexity: O((runs + K) · log W).
  package static func error(_ p: GRAUParameters, target: QuantizedActivation, runs: [ConstantRun]) -> FullRangeError {
    let a = p.architecture
    var result = FullRangeError(maxAbs: 0, worstInput: runs.first?.lower ?? 0, wrapInput: nil)
    func note(_ x: Int, _ v: Int) {
      let e = abs(GRAUReference.output(x, p) - v)
      if e > result.maxAbs || (e == result.maxAbs && x < result.worstInput) {
        result.maxAbs = e
        result.worstInput = x
      }
    }
    let wrapping = p.mode == .pwl && !a.saturate
    let out = p.output
    let period = 1 << out.bits
    pieces(runs, breaks: p.thresholds) { lo, hi, v in
      note(lo, v)
      note(hi, v)
      guard wrapping else { return }
      let segment = p.segments[GRAUReference.segmentIndex(lo, p.thresholds)]
      func line(_ x: Int) -> Int { GRAUReference.line(x, segment, a) }
      let (l0, l1) = (line(lo), line(hi))
      guard !out.contains(l0) || !out.contains(l1) else { return }
      let increasing = l1 >= l0
      /// The first input of the piece whose line is at least `b` (increasing) or below `b` (decreasing).
      func first(reaching b: Int) -> Int {
        var l = lo
        var h = hi
        while l < h {
          let mid = l + (h - l) / 2
          if (line(mid) >= b) == increasing { h = mid } else { l = mid + 1 }
        }
        return l
      }
      // The line is monotone; the output jumps where it crosses qmin + k·2^n. The error is largest next to a jump.
      let low = Swift.min(l0, l1)
      let high = Swift.max(l0, l1)
      var k = (low - out.min).floorDivided(by: period) + 1
      var crossings = 0
      while out.min + k * period <= high {
        let x = first(reaching: out.min + k * period)
        note(x, v)
        if x > lo { note(x - 1, v) }
        crossings += 1
        // Hundreds of wraps in one piece: the largest error is already met (every tooth spans all codes).
        if crossings == 256 { break }
        k += 1
      }
      let wrap = out.contains(l0) ? first(reaching: increasing ? out.max + 1 : out.min) : lo
      if result.wrapInput.map({ wrap < $0 }) ?? true { result.wrapInput = wrap }
    }
    return result
  }

  /// The error of an MT unit against `target` over the whole input range.
  package static func error(_ p: MTParameters, target: QuantizedActivation, runs: [ConstantRun]) -> FullRangeError {
    var result = FullRangeError(maxAbs: 0, worstInput: runs.first?.lower ?? 0, wrapInput: nil)
    let lookup = MTLookup(p)
    pieces(runs, breaks: p.thresholds) { lo, _, v in
      let e = abs(lookup.output(lo) - v)
      if e > result.maxAbs {
        result.maxAbs = e
        result.worstInput = lo
      }
    }
    return result
  }

  /// The errors of `p` against `target` on the points of `domain`, weighted, as
  /// `GRAUReference.output(x, p) − target(x)` point by point would give them: walked piece by piece (``pieces``),
  /// each point takes its piece's `Q_c` and segment instead of evaluating the function and the comparators. A point
  /// no run covers (outside the runs' range) is evaluated directly.
  ///
  /// - Complexity: O(points + runs + K).
  package static func domainError(
    _ p: GRAUParameters, target: QuantizedActivation, runs: [ConstantRun], domain: FitDomain
  ) -> ErrorAccumulator {
    var error = ErrorAccumulator()
    let (points, weights) = (domain.points, domain.weights)
    let input = p.architecture.input
    /// Point `j` evaluated directly (no run covers it).
    func direct(_ j: Int) {
      error.add(error: GRAUReference.output(points[j], p) - target(points[j]), weight: weights[j])
    }
    var i = 0
    pieces(runs, breaks: p.thresholds) { lo, hi, v in
      guard i < points.count && points[i] <= hi else { return }
      let k = GRAUReference.segmentIndex(lo, p.thresholds)
      while i < points.count && points[i] <= hi {
        let x = points[i]
        if x >= lo && input.contains(x) {
          error.add(error: GRAUReference.output(x, p, segment: k) - v, weight: weights[i])
        } else {
          direct(i)
        }
        i += 1
      }
    }
    for j in i..<points.count { direct(j) }
    return error
  }

  /// Calls `body(lo, hi, value)` for every maximal interval inside one run on which no threshold of `breaks`
  /// (ascending or not) starts a new segment, in ascending order.
  private static func pieces(_ runs: [ConstantRun], breaks: [Int], _ body: (Int, Int, Int) -> Void) {
    let starts = Array(Set(breaks)).sorted()
    var t = 0
    for run in runs {
      var lo = run.lower
      while t < starts.count && starts[t] <= lo { t += 1 }
      var k = t
      while k < starts.count && starts[k] <= run.upper {
        body(lo, starts[k] - 1, run.value)
        lo = starts[k]
        k += 1
      }
      body(lo, run.upper, run.value)
    }
  }
}
