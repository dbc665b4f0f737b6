import Foundation

/// A continuous piecewise-linear least-squares fit in binary64: the float half of the published flow
/// (``PWLFitter/fitFloatRound(_:domain:architecture:options:)``, docs/semantics.md, "The published flow").
///
/// Breakpoints `0 < b_1 < … < b_{K−1} < 1` on the unit interval; for fixed breakpoints the best continuous PWL is
/// linear least squares in the hat basis of the nodes `0, b_1, …, b_{K−1}, 1` (each sample touches two basis
/// functions, so the normal equations are tridiagonal: O(N + K) per evaluation). The breakpoints are optimised by
/// coordinate descent from several starts: the evenly spaced breakpoints and a fixed number of seeded random
/// ones, each coordinate moved to the best of a grid over its free interval and refined by golden-section search.
/// Everything is deterministic: same samples, same breakpoints, bit for bit.
struct _FloatPWLFit: Sendable {
  /// The nodes `0, b_1, …, b_{K−1}, 1`.
  var nodes: [Double]
  /// The fitted values at the nodes (the hat-basis coefficients).
  var values: [Double]
  /// The sum of squared residuals over the samples.
  var sse: Double

  /// The continuous PWL at `t` (extrapolated linearly outside [0, 1] by the end segments).
  func callAsFunction(_ t: Double) -> Double {
    var j = 0
    while j + 2 < nodes.count && t >= nodes[j + 1] { j += 1 }
    let w = nodes[j + 1] - nodes[j]
    let u = (t - nodes[j]) / w
    return values[j] + (values[j + 1] - values[j]) * u
  }

  /// The slope of segment `j` per unit of t.
  func slope(_ j: Int) -> Double { (values[j + 1] - values[j]) / (nodes[j + 1] - nodes[j]) }

  /// Random starts besides the evenly spaced one.
  static let randomStarts = 3
  /// The seed of the random starts (fixed: the fit is a pure function of its samples).
  static let seed: UInt64 = 0x4752_4155_4652_4E44
  /// Grid points of the first sweep's step per coordinate, golden-section iterations per step, the most sweeps per
  /// start.
  static let gridPoints = 8
  static let goldenIterations = 16
  static let maxSweeps = 30

  /// The least-squares continuous PWL with `segments` pieces through samples `(t[i], y[i])`, t ascending in [0, 1]
  /// and evenly spaced, at least `2·segments + 1` of them.
  static func fit(t: [Double], y: [Double], segments k: Int) -> _FloatPWLFit {
    precondition(t.count == y.count && k >= 1 && t.count >= 2 * k + 1, "enough samples")
    // Every interval keeps at least two samples (2.5 sample spacings), so the normal equations are regular.
    let gap = 2.5 / Double(t.count - 1)
    var starts: [[Double]] = [curvatureStart(y, segments: k, gap: gap), (1..<k).map { Double($0) / Double(k) }]
    var rng = _SplitMix(state: seed)
    for _ in 0..<randomStarts {
      // Gaps drawn in [0.2, 1) and normalised: every gap is at least 0.2/K, above `gap` for K ≤ 32 and N ≥ 1000.
      let widths = (0..<k).map { _ in 0.2 + 0.8 * rng.unit() }
      let total = widths.reduce(0, +)
      var b: [Double] = []
      var s = 0.0
      for w in widths.dropLast() {
        s += w / total
        b.append(s)
      }
      starts.append(b)
    }
    var best: _FloatPWLFit?
    for start in starts {
      let f = descend(start, t: t, y: y, gap: gap)
      if best == nil || f.sse < best!.sse { best = f }
    }
    return best!
  }

  /// Breakpoints at equal shares of |y''|^(2/5) (the asymptotically optimal knot density of a least-squares linear
  /// spline), from second differences of the samples with a floor of 1 % of their mean so flat stretches get some,
  /// and kept `gap` apart.
  static func curvatureStart(_ y: [Double], segments k: Int, gap: Double) -> [Double] {
    let n = y.count
    var density = [Double](repeating: 0, count: n)
    for i in 1..<(n - 1) { density[i] = pow(abs(y[i + 1] - 2 * y[i] + y[i - 1]), 0.4) }
    density[0] = density[1]
    density[n - 1] = density[n - 2]
    let mean = density.reduce(0, +) / Double(n)
    let floor = mean > 0 ? 0.01 * mean : 1
    var cumulative = [Double](repeating: 0, count: n)
    for i in 1..<n { cumulative[i] = cumulative[i - 1] + (density[i - 1] + density[i]) / 2 + floor }
    let total = cumulative[n - 1]
    var b: [Double] = []
    var i = 0
    for s in 1..<k {
      let target = total * Double(s) / Double(k)
      while i + 1 < n - 1 && cumulative[i + 1] < target { i += 1 }
      let f = (target - cumulative[i]) / (cumulative[i + 1] - cumulative[i])
      var v = (Double(i) + f) / Double(n - 1)
      v = max(v, (b.last ?? 0) + gap)
      b.append(v)
    }
    // Pull back from the right end, keeping the gaps.
    var limit = 1.0
    for s in stride(from: b.count - 1, through: 0, by: -1) {
      limit -= gap
      b[s] = min(b[s], limit)
      limit = b[s]
    }
    return b
  }

  /// Coordinate descent from breakpoints `start` (each at least `gap` from its neighbours and the ends): the first
  /// sweep moves each breakpoint to the best point of a grid over its free interval, refined by golden-section
  /// search around it; later sweeps search a bracket about the current breakpoint that halves every sweep. A move is
  /// kept only when it lowers the cost; descent stops when a sweep gains less than 1e-10 of the cost.
  private static func descend(_ start: [Double], t: [Double], y: [Double], gap: Double) -> _FloatPWLFit {
    var b = start
    var sse = solve(b, t: t, y: y).sse
    var radius = [Double](repeating: 0, count: b.count)
    for sweep in 0..<maxSweeps {
      let before = sse
      for i in b.indices {
        let lo = (i == 0 ? 0 : b[i - 1]) + gap
        let hi = (i + 1 == b.count ? 1 : b[i + 1]) - gap
        guard lo < hi else { continue }
        func cost(_ v: Double) -> Double {
          var c = b
          c[i] = v
          return solve(c, t: t, y: y).sse
        }
        var candidate = (value: b[i], cost: sse)
        var a: Double
        var d: Double
        if sweep == 0 {
          let step = (hi - lo) / Double(gridPoints - 1)
          var bestIndex = 0
          var bestCost = Double.infinity
          for g in 0..<gridPoints {
            let c = cost(lo + step * Double(g))
            if c < bestCost {
              bestCost = c
              bestIndex = g
            }
          }
          if bestCost < candidate.cost { candidate = (lo + step * Double(bestIndex), bestCost) }
          a = lo + step * Double(max(bestIndex - 1, 0))
          d = lo + step * Double(min(bestIndex + 1, gridPoints - 1))
          radius[i] = step / 2
        } else {
          a = max(lo, b[i] - radius[i])
          d = min(hi, b[i] + radius[i])
          radius[i] /= 2
        }
        let ratio = (5.0.squareRoot() - 1) / 2
        var x1 = d - ratio * (d - a)
        var x2 = a + ratio * (d - a)
        var f1 = cost(x1)
        var f2 = cost(x2)
        for _ in 0..<goldenIterations {
          if f1 <= f2 {
            d = x2
            x2 = x1
            f2 = f1
            x1 = d - ratio * (d - a)
            f1 = cost(x1)
          } else {
            a = x1
            x1 = x2
            f1 = f2
            x2 = a + ratio * (d - a)
            f2 = cost(x2)
          }
        }
        if f1 < candidate.cost { candidate = (x1, f1) }
        if f2 < candidate.cost { candidate = (x2, f2) }
        if candidate.cost < sse {
          b[i] = candidate.value
          sse = candidate.cost
        }
      }
      if sweep > 0 && !(before - sse > 1e-10 * before) { break }
    }
    return solve(b, t: t, y: y)
  }

  /// The least-squares continuous PWL with breakpoints `b`: the tridiagonal normal equations of the hat basis,
  /// solved by Thomas' algorithm (symmetric positive definite when every interval holds two samples); an
  /// irregular system costs +∞.
  static func solve(_ b: [Double], t: [Double], y: [Double]) -> _FloatPWLFit {
    let nodes = [0] + b + [1]
    let m = nodes.count
    var c = [Double](repeating: 0, count: m)
    let sse = nodes.withUnsafeBufferPointer { nodes in
      t.withUnsafeBufferPointer { t in
        y.withUnsafeBufferPointer { y in
          c.withUnsafeMutableBufferPointer { c in solve(nodes, t, y, c) }
        }
      }
    }
    return _FloatPWLFit(nodes: nodes, values: c, sse: sse)
  }

  /// ``solve(_:t:y:)`` on buffers (the hot loop of the descent): the node values into `c`, the SSE returned.
  private static func solve(
    _ nodes: UnsafeBufferPointer<Double>, _ t: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>,
    _ c: UnsafeMutableBufferPointer<Double>
  ) -> Double {
    let m = nodes.count
    let work = UnsafeMutableBufferPointer<Double>.allocate(capacity: 3 * m)
    defer { work.deallocate() }
    work.initialize(repeating: 0)
    let diagonal = work.baseAddress!
    let upper = diagonal + m
    let rhs = upper + m
    /// Every sample i (ascending t) with its interval j and its position u in [nodes[j], nodes[j + 1]].
    @inline(__always) func samples(_ body: (_ i: Int, _ j: Int, _ u: Double) -> Void) {
      var j = 0
      var right = nodes[1]
      var inverse = 1 / (nodes[1] - nodes[0])
      for i in 0..<t.count {
        let ti = t[i]
        while j + 2 < m && ti >= right {
          j += 1
          right = nodes[j + 1]
          inverse = 1 / (right - nodes[j])
        }
        body(i, j, (ti - nodes[j]) * inverse)
      }
    }
    samples { i, j, u in
      let v = 1 - u
      let yi = y[i]
      diagonal[j] += v * v
      diagonal[j + 1] += u * u
      upper[j] += u * v
      rhs[j] += v * yi
      rhs[j + 1] += u * yi
    }
    // Forward elimination, then back substitution; a non-positive pivot is an irregular system.
    for i in 1..<m {
      guard diagonal[i - 1] > 0 else { return .infinity }
      let factor = upper[i - 1] / diagonal[i - 1]
      diagonal[i] -= factor * upper[i - 1]
      rhs[i] -= factor * rhs[i - 1]
    }
    guard diagonal[m - 1] > 0 else { return .infinity }
    c[m - 1] = rhs[m - 1] / diagonal[m - 1]
    for i in stride(from: m - 2, through: 0, by: -1) {
      c[i] = (rhs[i] - upper[i] * c[i + 1]) / diagonal[i]
    }
    var sse = 0.0
    samples { i, j, u in
      let r = y[i] - (c[j] + (c[j + 1] - c[j]) * u)
      sse += r * r
    }
    return sse.isNaN ? .infinity : sse
  }
}

/// SplitMix64 (Steele, Lea, Flood 2014): the seeded generator of the float fit's random starts.
struct _SplitMix: Sendable {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform double in [0, 1) from the top 53 bits.
  mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
}
