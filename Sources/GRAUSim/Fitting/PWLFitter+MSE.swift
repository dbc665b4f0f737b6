extension _FitProblem {
  /// MSE fit: DP over candidate boundaries; for a saturating unit either exact clamped costs (small domains) or
  /// the unclamped bound followed by per-segment re-optimisation against the clamped error.
  func fitMSE() -> (pieces: [_FitPiece], exhaustive: Bool, optimal: Bool) {
    fitsInt64 ? fitMSE(Int64.self) : fitMSE(Int128.self)
  }

  private func fitMSE<I: FixedWidthInteger & SignedInteger>(_: I.Type) -> ([_FitPiece], Bool, Bool) {
    let (b, exhaustive) = candidateBounds()
    let saturate = architecture.saturate
    let exactClamp = saturate && exhaustive && count <= options.exactSaturationPoints
    let dp = exactClamp ? clampedPartition(b, I.self) : linePartition(b, I.self)
    let pieces = dp.solution.segments.map { _FitPiece(start: b[$0.start], option: $0.option, bias: $0.bias) }
    return (
      saturate && !exactClamp ? reoptimized(pieces, I.self) : pieces, exhaustive,
      exhaustive && (!saturate || exactClamp)
    )
  }

  /// A saturating fit of a large domain: each fitted segment's option and bias re-optimised against the clamped
  /// error (the DP used the unclamped cost as a bound).
  func reoptimized<I: FixedWidthInteger & SignedInteger>(_ fitted: [_FitPiece], _: I.Type) -> [_FitPiece] {
    var pieces = fitted
    for s in pieces.indices {
      let end = s + 1 < pieces.count ? pieces[s + 1].start : count
      let best = bestClamped(pieces[s].start, end, first: pieces[s].option, I.self)
      pieces[s].option = best.option
      pieces[s].bias = best.bias
    }
    return pieces
  }

  /// The DP over line segment costs without clamping, from prefix sums: O(1) per (segment, option).
  ///
  /// Non-saturating: the bias is confined to the interval that keeps the line inside `[qmin, qmax]` at the
  /// segment's first and last point (S is monotone in x, so that suffices); options with an empty interval are
  /// infeasible. Saturating: the bias is free within its register (an upper bound of the clamped cost).
  ///
  /// Pruning, exact: a DP over every 8th candidate gives an achievable total cost U. A segment of the optimum
  /// costs at most U, and an option's cost never decreases as its segment grows, so each row i drops an option
  /// for good once its cost exceeds U (or it becomes infeasible). A segment [i, j) of a path within U also costs
  /// at most U − (cheapest path into i), known exactly when row i starts, so the row stops at the first j
  /// beyond that (``_LineSums/fill(_:_:candidates:bound:)``).
  func linePartition<I: FixedWidthInteger & SignedInteger>(_ b: [Int], _: I.Type) -> _PartitionDP<I> {
    let sums = _LineSums<I>(self, bounds: b)
    let m = b.count - 1
    var bound = I.max
    if m > 64 {
      let coarse = Array(stride(from: 0, to: m, by: 8)) + [m]
      let dp = _PartitionDP<I>(intervals: coarse.count - 1, segments: segmentLimit)
      sums.fill(dp, self, candidates: coarse, bound: .max)
      bound = dp.total
    }
    let dp = _PartitionDP<I>(intervals: m, segments: segmentLimit)
    sums.fill(dp, self, candidates: Array(0...m), bound: bound)
    return dp
  }

  /// The integer `c` in `lo...hi` minimising `b − 2ca + c²n` (n > 0), and that minimum; exact.
  @inline(__always)
  static func quadraticBest<I: FixedWidthInteger & SignedInteger>(
    a: I, b: I, n: I, inverse: Double, lo: Int, hi: Int
  ) -> (cost: I, bias: Int) {
    // Estimate the mean in binary64, then step to the exact integer optimum: f(c+1) − f(c) = (2c+1)n − 2a.
    let mean = Double(a) * inverse
    var c = Int(mean + (mean < 0 ? -0.5 : 0.5))
    let twoA = a &+ a
    while I(2 * c + 1) &* n < twoA { c += 1 }
    while I(2 * c - 1) &* n > twoA { c -= 1 }
    c = min(max(c, lo), hi)
    let ci = I(c)
    return (b &- (ci &+ ci) &* a &+ ci &* ci &* n, c)
  }

  /// Exact clamped segment costs for every pair of candidates (small domains only: O(M²·U·L)).
  func clampedPartition<I: FixedWidthInteger & SignedInteger>(_ b: [Int], _: I.Type) -> _PartitionDP<I> {
    let m = b.count - 1
    let dp = _PartitionDP<I>(intervals: m, segments: segmentLimit)
    for i in 0..<m {
      guard dp.beginRow(i) != I.max else { continue }
      for j in (i + 1)...m {
        let r = bestClamped(b[i], b[j], I.self)
        dp.relax(j, cost: r.cost, option: Int32(r.option), bias: r.bias)
      }
    }
    return dp
  }

  /// The option and bias minimising the true clamped squared error on points `lo..<hi`; `first` is evaluated
  /// first (a good guess prunes more pieces of the other options).
  func bestClamped<I: FixedWidthInteger & SignedInteger>(_ lo: Int, _ hi: Int, first: Int = 0, _: I.Type) -> (
    cost: I, option: Int, bias: Int
  ) {
    var best = (cost: I.max, option: 0, bias: 0)
    let n = hi - lo
    let a = UnsafeMutableBufferPointer<Int>.allocate(capacity: n)
    defer { a.deallocate() }
    let runs = _ClampRuns<I>(capacity: n)
    // Every point clamped low: the cost below all pieces, shared by the options.
    var allLow: I = 0
    for i in lo..<hi {
      let e = I(qmin - q[i])
      allLow &+= I(w[i]) &* e &* e
    }
    for o in [first] + (0..<optionCount).filter({ $0 != first }) {
      fillSignedSlope(o, lo, hi, into: a)
      runs.build(self, lo, hi, a: UnsafeBufferPointer(a))
      if let r = clampedBest(runs, allLow: allLow, below: best.cost), r.cost < best.cost {
        best = (r.cost, o, r.bias)
      }
    }
    return best
  }

  /// `a[i − lo] = sign·S` of option `o` for the points `lo..<hi`.
  func fillSignedSlope(_ o: Int, _ lo: Int, _ hi: Int, into a: UnsafeMutableBufferPointer<Int>) {
    guard o != 0 else {
      for k in 0..<(hi - lo) { a[k] = 0 }
      return
    }
    let u = (o - 1) >> 1
    let negative = (o - 1) & 1 == 1
    let p = architecture.preShift
    x.withUnsafeBufferPointer { x in
      if architecture.slopeMode == .pot {
        let r = shifts[u]
        if negative {
          for k in 0..<(hi - lo) { a[k] = 0 &- ((x[lo + k] &<< p) &>> r) }
        } else {
          for k in 0..<(hi - lo) { a[k] = (x[lo + k] &<< p) &>> r }
        }
      } else {
        for k in 0..<(hi - lo) { a[k] = negative ? -slope(u, x[lo + k] &<< p) : slope(u, x[lo + k] &<< p) }
      }
    }
  }

  /// The bias minimising `Σ w·(clamp(a + c) − q)²` over one segment's points, given as runs of equal
  /// (a = sign·S of one option, q), exactly, or nil if no bias costs less than `below`. `allLow` is the cost with
  /// every point clamped to qmin.
  ///
  /// As a function of c the cost is piecewise quadratic: point i is clamped low for c < qmin − a_i, on the line
  /// for qmin − a_i ≤ c ≤ qmax − a_i, clamped high above. Since a is monotone along the segment those entry and
  /// exit values are sorted, so one merge walks every piece and minimises each quadratic: O(L). Points of a run
  /// enter and leave together, so the runs carry their sums.
  func clampedBest<I: FixedWidthInteger & SignedInteger>(_ runs: borrowing _ClampRuns<I>, allLow: I, below: I) -> (
    cost: I, bias: Int
  )? {
    let n = runs.count
    let (value, weight, linear, square, low, high) = (
      runs.value, runs.weight, runs.linear, runs.square, runs.low, runs.high
    )
    // Order the runs so that the entry value qmin − a ascends: a is monotone along x, in either direction.
    let ascending = value[0] >= value[n - 1]
    @inline(__always) func point(_ r: Int) -> Int { ascending ? r : n - 1 - r }
    var lowCost = allLow
    var highCost: I = 0
    var sw: I = 0
    var sa: I = 0
    var sa2: I = 0
    var best: (cost: I, bias: Int)? = nil
    var bestCost = below
    let first = qmin - value[point(0)]
    if biasMin <= first - 1 && lowCost < bestCost {
      best = (lowCost, min(first - 1, biasMax))
      bestCost = lowCost
    }
    let span = qmax - qmin + 1
    var p = 0
    var r = 0
    var nextEnter = first
    var nextExit = first + span
    while r < n {
      let v = min(nextEnter, nextExit)
      while p < n && nextEnter == v {
        let k = point(p)
        lowCost &-= low[k]
        sw &+= weight[k]
        sa &+= linear[k]
        sa2 &+= square[k]
        p += 1
        nextEnter = p < n ? qmin - value[point(p)] : .max
      }
      while r < p && nextExit == v {
        let k = point(r)
        sw &-= weight[k]
        sa &-= linear[k]
        sa2 &-= square[k]
        highCost &+= high[k]
        r += 1
        nextExit = r < n ? qmax - value[point(r)] + 1 : .max
      }
      // Σw(d + c)² ≥ 0, so a piece whose clamped part alone is no better cannot win.
      let clamped = lowCost &+ highCost
      guard clamped < bestCost else { continue }
      let end = min(nextEnter, nextExit)
      let pieceLo = max(v, biasMin)
      let pieceHi = min(end == .max ? .max : end - 1, biasMax)
      guard pieceLo <= pieceHi else { continue }
      // On this piece: cost(c) = low + high + Σw(d + c)² = low + high + sa2 + 2c·sa + c²·sw.
      var c = pieceLo
      if sw > 0 {
        let mean = -Double(sa) / Double(sw)
        c = Int(mean + (mean < 0 ? -0.5 : 0.5))
        let twoA = sa &+ sa
        while I(2 * c + 1) &* sw &+ twoA < 0 { c += 1 }
        while I(2 * c - 1) &* sw &+ twoA > 0 { c -= 1 }
        c = min(max(c, pieceLo), pieceHi)
      }
      let ci = I(c)
      let cost = clamped &+ sa2 &+ (ci &+ ci) &* sa &+ ci &* ci &* sw
      if cost < bestCost {
        best = (cost, c)
        bestCost = cost
      }
    }
    return best
  }
}

/// One segment's points under one slope option, merged into runs of equal (a = sign·S, q): per run a, Σw, Σw·d,
/// Σw·d² (d = a − q) and the clamped costs Σw(qmin − q)², Σw(qmax − q)². Exact (wrapping) integer sums.
///
/// Noncopyable: it owns its buffers and frees them in `deinit`.
struct _ClampRuns<I: FixedWidthInteger & SignedInteger>: ~Copyable {
  let value: UnsafeMutableBufferPointer<Int>
  let weight: UnsafeMutableBufferPointer<I>
  let linear: UnsafeMutableBufferPointer<I>
  let square: UnsafeMutableBufferPointer<I>
  let low: UnsafeMutableBufferPointer<I>
  let high: UnsafeMutableBufferPointer<I>
  /// The run count, behind a pointer so that `build` stays non-mutating and callers can lend the runs out.
  private let counter: UnsafeMutablePointer<Int>

  var count: Int { counter.pointee }

  init(capacity: Int) {
    value = .allocate(capacity: capacity)
    weight = .allocate(capacity: capacity)
    linear = .allocate(capacity: capacity)
    square = .allocate(capacity: capacity)
    low = .allocate(capacity: capacity)
    high = .allocate(capacity: capacity)
    counter = .allocate(capacity: 1)
    counter.initialize(to: 0)
  }

  deinit {
    value.deallocate()
    for b in [weight, linear, square, low, high] { b.deallocate() }
    counter.deallocate()
  }

  /// Merges points `lo..<hi` with `a[i − lo]` = sign·S (non-empty).
  func build(_ p: _FitProblem, _ lo: Int, _ hi: Int, a: UnsafeBufferPointer<Int>) {
    let (qmin, qmax) = (p.qmin, p.qmax)
    var n = -1
    var lastA = 0
    var lastQ = 0
    p.w.withUnsafeBufferPointer { w in
      p.q.withUnsafeBufferPointer { q in
        for k in 0..<(hi - lo) {
          let ak = a[k]
          let qk = q[lo + k]
          let wk = I(w[lo + k])
          let d = I(ak &- qk)
          let eLow = I(qmin &- qk)
          let eHigh = I(qmax &- qk)
          if n >= 0 && ak == lastA && qk == lastQ {
            weight[n] &+= wk
            linear[n] &+= wk &* d
            square[n] &+= wk &* d &* d
            low[n] &+= wk &* eLow &* eLow
            high[n] &+= wk &* eHigh &* eHigh
          } else {
            n += 1
            value[n] = ak
            weight[n] = wk
            linear[n] = wk &* d
            square[n] = wk &* d &* d
            low[n] = wk &* eLow &* eLow
            high[n] = wk &* eHigh &* eHigh
            lastA = ak
            lastQ = qk
          }
        }
      }
    }
    counter.pointee = n + 1
  }
}
