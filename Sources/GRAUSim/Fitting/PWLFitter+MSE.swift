/// The best slope option and bias of every candidate segment `[b_i, b_j)`, row-major by (i, j).
struct _SegmentTable<I: FixedWidthInteger & SignedInteger> {
  var size: Int
  var cost: [I]
  var option: [Int32]
  var bias: [Int]

  init(intervals m: Int) {
    size = m + 1
    cost = [I](repeating: I.max, count: size * size)
    option = [Int32](repeating: -1, count: size * size)
    bias = [Int](repeating: 0, count: size * size)
  }
}

extension _FitProblem {
  /// Candidate segment starts as ascending point indices, with `count` appended as the end.
  ///
  /// Every point when the domain has at most `maxCandidates` points. Otherwise the points where `Q_c` changes
  /// value, thinned evenly to `maxCandidates − 1` if there are more, and topped up with evenly spaced weight
  /// quantiles (duplicates dropped).
  func candidateBounds() -> (bounds: [Int], exhaustive: Bool) {
    let n = count
    if n <= options.maxCandidates { return (Array(0...n), true) }
    let interior = options.maxCandidates - 1
    let changes = (1..<n).filter { q[$0] != q[$0 - 1] }
    var chosen: [Int]
    if changes.count >= interior {
      chosen = (0..<interior).map { changes[($0 * 2 + 1) * changes.count / (2 * interior)] }
    } else {
      let extra = interior - changes.count
      var quantiles: [Int] = []
      quantiles.reserveCapacity(extra)
      var cumulative = 0
      var k = 1
      for i in 0..<n where k <= extra {
        // Boundary i + 1 once the weight of points 0...i reaches the k-th quantile.
        cumulative += w[i]
        while k <= extra && cumulative * (extra + 1) >= k * totalWeight {
          if i + 1 < n { quantiles.append(i + 1) }
          k += 1
        }
      }
      chosen = (changes + quantiles).sorted()
    }
    var bounds = [0]
    for b in chosen where b > bounds[bounds.count - 1] && b < n { bounds.append(b) }
    bounds.append(n)
    return (bounds, false)
  }

  /// MSE fit: DP over candidate boundaries; for a saturating unit either exact clamped costs (small domains) or
  /// the unclamped bound followed by per-segment re-optimisation against the clamped error.
  func fitMSE() -> (pieces: [_FitPiece], exhaustive: Bool, optimal: Bool) {
    fitsInt64 ? fitMSE(Int64.self) : fitMSE(Int128.self)
  }

  private func fitMSE<I: FixedWidthInteger & SignedInteger>(_: I.Type) -> ([_FitPiece], Bool, Bool) {
    let (b, exhaustive) = candidateBounds()
    let saturate = architecture.saturate
    let exactClamp = saturate && exhaustive && count <= options.exactSaturationPoints
    let table = exactClamp ? clampedTable(b, I.self) : lineTable(b, I.self)
    let starts = optimalPartition(table)
    var pieces: [_FitPiece] = []
    for s in starts.indices.dropLast() {
      let e = starts[s] * table.size + starts[s + 1]
      pieces.append(_FitPiece(start: b[starts[s]], option: Int(table.option[e]), bias: table.bias[e]))
    }
    if saturate && !exactClamp {
      for s in pieces.indices {
        let end = s + 1 < pieces.count ? pieces[s + 1].start : count
        let best = bestClamped(pieces[s].start, end, first: pieces[s].option, I.self)
        pieces[s].option = best.option
        pieces[s].bias = best.bias
      }
    }
    return (pieces, exhaustive, exhaustive && (!saturate || exactClamp))
  }

  /// DP: `best[k][j] = min_i best[k−1][i] + cost(i, j)` with at most K segments (and at most M).
  /// - Returns: candidate indices of the segment starts, then M.
  func optimalPartition<I>(_ t: _SegmentTable<I>) -> [Int] {
    let m = t.size - 1
    let kMax = min(segmentLimit, m)
    let infinity = I.max
    var best = [I](repeating: infinity, count: (kMax + 1) * (m + 1))
    var parent = [Int32](repeating: -1, count: (kMax + 1) * (m + 1))
    best[0] = 0
    for k in 1...kMax {
      let row = k * (m + 1)
      let previous = (k - 1) * (m + 1)
      for j in k...m {
        var value = infinity
        var arg = -1
        for i in (k - 1)..<j {
          let head = best[previous + i]
          let c = t.cost[i * t.size + j]
          guard head != infinity, c != infinity else { continue }
          let v = head + c
          if v < value {
            value = v
            arg = i
          }
        }
        best[row + j] = value
        parent[row + j] = Int32(arg)
      }
    }
    // More segments never cost more (a segment split keeps its line), so prefer the largest k on ties.
    var k = kMax
    for candidate in stride(from: kMax - 1, through: 1, by: -1)
    where best[candidate * (m + 1) + m] < best[k * (m + 1) + m] {
      k = candidate
    }
    var starts = [m]
    var j = m
    while k > 0 {
      j = Int(parent[k * (m + 1) + j])
      starts.append(j)
      k -= 1
    }
    return starts.reversed()
  }

  /// Segment costs of lines without clamping, from prefix sums: O(1) per (segment, option).
  ///
  /// Non-saturating: the bias is confined to the interval that keeps the line inside `[qmin, qmax]` at the
  /// segment's first and last point (S is monotone in x, so that suffices); options with an empty interval are
  /// infeasible. Saturating: the bias is free within its register (an upper bound of the clamped cost).
  ///
  /// Pruning, exact: a DP over every 8th candidate gives an achievable total cost U. A segment of the optimum
  /// costs at most U, and an option's cost never decreases as its segment grows, so each row i drops an option
  /// for good once its cost exceeds U (or it becomes infeasible) and stops when no option is left.
  func lineTable<I: FixedWidthInteger & SignedInteger>(_ b: [Int], _: I.Type) -> _SegmentTable<I> {
    let sums = _LineSums<I>(self, bounds: b)
    let m = b.count - 1
    var bound = I.max
    if m > 64 {
      let coarse = Array(stride(from: 0, to: m, by: 8)) + [m]
      let t = sums.table(self, candidates: coarse, bound: .max)
      let starts = optimalPartition(t)
      bound = 0
      for s in starts.indices.dropLast() { bound &+= t.cost[starts[s] * t.size + starts[s + 1]] }
    }
    return sums.table(self, candidates: Array(0...m), bound: bound)
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
  func clampedTable<I: FixedWidthInteger & SignedInteger>(_ b: [Int], _: I.Type) -> _SegmentTable<I> {
    let m = b.count - 1
    var t = _SegmentTable<I>(intervals: m)
    for i in 0..<m {
      for j in (i + 1)...m {
        let r = bestClamped(b[i], b[j], I.self)
        t.cost[i * t.size + j] = r.cost
        t.option[i * t.size + j] = Int32(r.option)
        t.bias[i * t.size + j] = r.bias
      }
    }
    return t
  }

  /// The option and bias minimising the true clamped squared error on points `lo..<hi`; `first` is evaluated
  /// first (a good guess prunes more pieces of the other options).
  func bestClamped<I: FixedWidthInteger & SignedInteger>(_ lo: Int, _ hi: Int, first: Int = 0, _: I.Type) -> (
    cost: I, option: Int, bias: Int
  ) {
    var best = (cost: I.max, option: 0, bias: 0)
    var a = [Int](repeating: 0, count: hi - lo)
    // Every point clamped low: the cost below all pieces, shared by the options.
    var allLow: I = 0
    for i in lo..<hi {
      let e = I(qmin - q[i])
      allLow &+= I(w[i]) &* e &* e
    }
    a.withUnsafeMutableBufferPointer { a in
      for o in [first] + (0..<optionCount).filter({ $0 != first }) {
        fillSignedSlope(o, lo, hi, into: a)
        if let r = clampedBest(lo, hi, a: UnsafeBufferPointer(a), allLow: allLow, below: best.cost), r.cost < best.cost
        {
          best = (r.cost, o, r.bias)
        }
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
    big.withUnsafeBufferPointer { big in
      if architecture.slopeMode == .pot {
        let r = shifts[u]
        if negative {
          for k in 0..<(hi - lo) { a[k] = 0 &- (big[lo + k] >> r) }
        } else {
          for k in 0..<(hi - lo) { a[k] = big[lo + k] >> r }
        }
      } else {
        for k in 0..<(hi - lo) { a[k] = negative ? -slope(u, big[lo + k]) : slope(u, big[lo + k]) }
      }
    }
  }

  /// The bias minimising `Σ w·(clamp(a + c) − q)²` over points `lo..<hi` (`a[i − lo]` = sign·S of one option),
  /// exactly, or nil if no bias costs less than `below`. `allLow` is the cost with every point clamped to qmin.
  ///
  /// As a function of c the cost is piecewise quadratic: point i is clamped low for c < qmin − a_i, on the line
  /// for qmin − a_i ≤ c ≤ qmax − a_i, clamped high above. Since a is monotone along the segment those entry and
  /// exit values are sorted, so one merge walks every piece and minimises each quadratic: O(L).
  func clampedBest<I: FixedWidthInteger & SignedInteger>(
    _ lo: Int, _ hi: Int, a: UnsafeBufferPointer<Int>, allLow: I, below: I
  ) -> (cost: I, bias: Int)? {
    let n = hi - lo
    // Order the points so that the entry value qmin − a ascends: a is monotone along x, in either direction.
    let ascending = a[0] >= a[n - 1]
    @inline(__always) func point(_ r: Int) -> Int { ascending ? r : n - 1 - r }
    var lowCost = allLow
    var highCost: I = 0
    var sw: I = 0
    var sa: I = 0
    var sa2: I = 0
    var best: (cost: I, bias: Int)? = nil
    var bestCost = below
    let first = qmin - a[point(0)]
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
        let wi = I(w[lo + k])
        let e = I(qmin - q[lo + k])
        let d = I(a[k] - q[lo + k])
        lowCost &-= wi &* e &* e
        sw &+= wi
        sa &+= wi &* d
        sa2 &+= wi &* d &* d
        p += 1
        nextEnter = p < n ? qmin - a[point(p)] : .max
      }
      while r < p && nextExit == v {
        let k = point(r)
        let wi = I(w[lo + k])
        let e = I(qmax - q[lo + k])
        let d = I(a[k] - q[lo + k])
        sw &-= wi
        sa &-= wi &* d
        sa2 &-= wi &* d &* d
        highCost &+= wi &* e &* e
        r += 1
        nextExit = r < n ? qmax - a[point(r)] + 1 : .max
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

extension _LineSums {
  /// The segment table over a subset of the interval boundaries (`candidates`, ascending, from 0 to m); entries
  /// whose best cost exceeds `bound` may be left infinite.
  func table(_ p: _FitProblem, candidates c: [Int], bound: I) -> _SegmentTable<I> {
    let saturate = p.architecture.saturate
    let (qmin, qmax, biasMin, biasMax) = (p.qmin, p.qmax, p.biasMin, p.biasMax)
    let flatLo = saturate ? biasMin : max(qmin, biasMin)
    let flatHi = saturate ? biasMax : min(qmax, biasMax)
    var t = _SegmentTable<I>(intervals: c.count - 1)
    let size = t.size
    var active = [Int](repeating: 0, count: 2 * u)
    t.cost.withUnsafeMutableBufferPointer { cost in
      t.option.withUnsafeMutableBufferPointer { option in
        t.bias.withUnsafeMutableBufferPointer { bias in
          for ii in 0..<(c.count - 1) {
            let i = c[ii]
            // Options still worth evaluating in this row: 2s (sign +) and 2s + 1 (sign −).
            var activeCount = 2 * u
            for k in 0..<activeCount { active[k] = k }
            var flatActive = true
            for jj in (ii + 1)..<c.count {
              let j = c[jj]
              let n = sw[j] &- sw[i]
              let q1 = sq[j] &- sq[i]
              let q2 = sq2[j] &- sq2[i]
              let inverse = 1 / Double(n)
              var best = (cost: I.max, bias: 0)
              var bestOption: Int32 = -1
              if flatActive {
                let r = _FitProblem.quadraticBest(a: q1, b: q2, n: n, inverse: inverse, lo: flatLo, hi: flatHi)
                if r.cost > bound {
                  flatActive = false
                } else {
                  best = r
                  bestOption = 0
                }
              }
              var k = 0
              while k < activeCount {
                let code = active[k]
                let s = code >> 1
                let negative = code & 1 == 1
                let s1 = ps[j * u + s] &- ps[i * u + s]
                let s2 = ps2[j * u + s] &- ps2[i * u + s]
                let qs = pqs[j * u + s] &- pqs[i * u + s]
                // d = q − S (sign +) or q + S (sign −); cost Σw(d − c)² = Σwd² − 2cΣwd + c²Σw.
                let a = negative ? q1 &+ s1 : q1 &- s1
                let b2 = negative ? q2 &+ (qs &+ qs) &+ s2 : q2 &- (qs &+ qs) &+ s2
                var lo = biasMin
                var hi = biasMax
                if !saturate {
                  let first = sFirst[i * u + s]
                  let last = sLast[(j - 1) * u + s]
                  lo = max(lo, negative ? qmin + last : qmin - first)
                  hi = min(hi, negative ? qmax + first : qmax - last)
                }
                var keep = lo <= hi
                if keep {
                  let r = _FitProblem.quadraticBest(a: a, b: b2, n: n, inverse: inverse, lo: lo, hi: hi)
                  if r.cost > bound {
                    keep = false
                  } else if r.cost < best.cost {
                    best = r
                    bestOption = Int32(1 + code)
                  }
                }
                if keep {
                  k += 1
                } else {
                  activeCount -= 1
                  active[k] = active[activeCount]
                }
              }
              if bestOption < 0 { break }
              cost[ii * size + jj] = best.cost
              option[ii * size + jj] = bestOption
              bias[ii * size + jj] = best.bias
            }
          }
        }
      }
    }
    return t
  }
}
