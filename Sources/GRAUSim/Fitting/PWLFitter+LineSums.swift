/// Prefix sums over candidate intervals for O(1) line costs: Σw, Σwq, Σwq² and, per shifter setting, ΣwS, ΣwS²,
/// ΣwqS, plus S at each interval's first and last point.
///
/// All sums wrap (`&+`, `&*`, `&<<`): they are exact modulo 2^bitWidth, so every difference whose true value fits
/// `I` is exact (see ``_FitProblem/fitsInt64``).
struct _LineSums<I: FixedWidthInteger & SignedInteger> {
  let m: Int
  let u: Int
  var sw: [I]
  var sq: [I]
  var sq2: [I]
  var ps: [I]
  var ps2: [I]
  var pqs: [I]
  var sFirst: [Int]
  var sLast: [Int]
  /// Slope options per boundary (``_FitProblem/optionCount``: flat, then 1 + 2s + sign).
  let width: Int
  /// Indexed j·width + o: the option's prefix sums and column-side bias limits at boundary j, and its row-side
  /// limits (``_OptionSums``, ``_RowLimits``).
  var options: [_OptionSums<I>]
  var rowLimits: [_RowLimits]

  /// Builds the sums from the moments of the single shifts `S_r = X >> r` (``_ShiftMoments``) of each interval:
  /// a PoT setting is one shift, an APoT setting the sum of its terms (ΣwS² then needs the cross moments).
  /// O(N·(1 + R − P) / 2 + M·U·T²) instead of O(N·U) for one pass per setting.
  init(_ p: _FitProblem, bounds b: [Int]) {
    m = b.count - 1
    u = p.settings.count
    sw = [I](repeating: 0, count: m + 1)
    sq = sw
    sq2 = sw
    ps = [I](repeating: 0, count: (m + 1) * u)
    ps2 = ps
    pqs = ps
    sFirst = [Int](repeating: 0, count: m * u)
    sLast = sFirst
    width = 1 + 2 * u
    options = []
    rowLimits = []
    let pot = p.architecture.slopeMode == .pot
    // The shifts (1...R) a setting adds: PoT one shift (its thermometer length), APoT one per set bit.
    var termStart = [0]
    var terms: [Int] = []
    for s in 0..<u {
      if pot {
        terms.append(p.shifts[s])
      } else {
        var rest = p.settings[s]
        while rest != 0 {
          terms.append(rest.trailingZeroBitCount + 1)
          rest &= rest - 1
        }
      }
      termStart.append(terms.count)
    }
    for e in 0..<m {
      for s in 0..<u {
        sFirst[e * u + s] = p.slope(s, p.big(b[e]))
        // The last input the interval covers: up to the next interval's first point (the unit sees every
        // integer, not only the domain's), or the last domain point.
        sLast[e * u + s] = p.slope(s, p.pointEnd(b[e + 1] - 1) &<< p.architecture.preShift)
      }
    }
    let moments = _ShiftMoments<I>(
      stages: p.architecture.stages, preShift: p.architecture.preShift, cross: !pot,
      capacity: (0..<m).reduce(0) { max($0, b[$1 + 1] - b[$1]) })
    let r1 = moments.stages + 1
    p.x.withUnsafeBufferPointer { x in
      p.w.withUnsafeBufferPointer { w in
        p.q.withUnsafeBufferPointer { q in
          for e in 0..<m {
            let base = moments.measure(x: x, w: w, q: q, lo: b[e], hi: b[e + 1])
            sw[e + 1] = sw[e] &+ base.w
            sq[e + 1] = sq[e] &+ base.q
            sq2[e + 1] = sq2[e] &+ base.q2
            let row = e * u
            let next = row + u
            for s in 0..<u {
              var a: I = 0
              var aq: I = 0
              var a2: I = 0
              for k in termStart[s]..<termStart[s + 1] {
                let i = terms[k]
                a &+= moments.linear[i]
                aq &+= moments.withQ[i]
                a2 &+= moments.gram[i * r1 + i]
                // (Σ_i S_i)² = Σ_i S_i² + 2 Σ_{i<j} S_i·S_j; terms ascend, so i < j.
                for l in (k + 1)..<termStart[s + 1] {
                  let g = moments.gram[i * r1 + terms[l]]
                  a2 &+= g &+ g
                }
              }
              ps[next + s] = ps[row + s] &+ a
              ps2[next + s] = ps2[row + s] &+ a2
              pqs[next + s] = pqs[row + s] &+ aq
            }
          }
        }
      }
    }
    // The bias limits of ``fill``: the register's range, and for a non-saturating unit the interval that keeps the
    // line inside [qmin, qmax] at the segment's first point (row side) and last point (column side).
    let saturate = p.architecture.saturate
    let (qmin, qmax, biasMin, biasMax) = (p.qmin, p.qmax, p.biasMin, p.biasMax)
    var flatLo = saturate ? biasMin : max(qmin, biasMin)
    let flatHi = saturate ? biasMax : min(qmax, biasMax)
    // An empty flat interval still clamps every bias to flatHi (min(max(c, lo), hi) = hi): keep that clamp.
    if flatLo > flatHi { flatLo = flatHi }
    let (width, count) = (width, (m + 1) * width)
    let (q1, q2, s1s, s2s, qss, firsts, lasts) = (sq, sq2, ps, ps2, pqs, sFirst, sLast)
    options = [_OptionSums<I>](unsafeUninitializedCapacity: count) { table, initialized in
      rowLimits = [_RowLimits](unsafeUninitializedCapacity: count) { limits, done in
        for j in 0...m {
          let base = j * width
          table[base] = _OptionSums(a: q1[j], b: q2[j], colLo: .min, colHi: .max)
          limits[base] = _RowLimits(lo: flatLo, hi: flatHi)
          for s in 0..<u {
            let s1 = s1s[j * u + s]
            let s2 = s2s[j * u + s]
            let qs = qss[j * u + s]
            // d = q − S (sign +) or q + S (sign −): Σwd = Σwq ∓ ΣwS, Σwd² = Σwq² ∓ 2ΣwqS + ΣwS².
            var plus = _OptionSums(a: q1[j] &- s1, b: q2[j] &- (qs &+ qs) &+ s2, colLo: .min, colHi: .max)
            var minus = _OptionSums(a: q1[j] &+ s1, b: q2[j] &+ (qs &+ qs) &+ s2, colLo: .min, colHi: .max)
            var plusRow = _RowLimits(lo: biasMin, hi: biasMax)
            var minusRow = plusRow
            if !saturate {
              if j < m {
                let first = firsts[j * u + s]
                plusRow.lo = max(biasMin, qmin - first)
                minusRow.hi = min(biasMax, qmax + first)
              }
              if j > 0 {
                let last = lasts[(j - 1) * u + s]
                plus.colHi = min(biasMax, qmax - last)
                minus.colLo = max(biasMin, qmin + last)
              }
            }
            table[base + 1 + 2 * s] = plus
            table[base + 2 + 2 * s] = minus
            limits[base + 1 + 2 * s] = plusRow
            limits[base + 2 + 2 * s] = minusRow
          }
        }
        done = count
      }
      initialized = count
    }
  }
}

/// One slope option's prefix sums at one boundary: `a = Σw·d`, `b = Σw·d²` over the points before it, with
/// d = q − sign·S (flat: d = q), wrapping like the other sums, so that a segment [i, j) has Σwd = a_j − a_i and
/// Σwd² = b_j − b_i exactly; and the bias limits of a segment ending there. The bias interval of a segment [i, j)
/// is max(row_i.lo, colLo_j)...min(row_i.hi, colHi_j) (``_RowLimits``).
struct _OptionSums<I: FixedWidthInteger & SignedInteger> {
  var a: I
  var b: I
  var colLo: Int
  var colHi: Int
}

/// One slope option's bias limits for a segment starting at one boundary.
struct _RowLimits {
  var lo: Int
  var hi: Int
}

/// Moments of the single shifts `S_r = (x·2^P) >> r`, r = 1...R, over one interval of domain points:
/// `linear[r] = ΣwS_r`, `withQ[r] = ΣwqS_r`, `gram[i·(R+1) + j] = ΣwS_iS_j` (i ≤ j; only i = j unless `cross`).
///
/// - r ≤ P: `S_r = x·2^(P−r)` exactly, so every such moment is a power-of-two multiple of Σwx, Σwqx or Σwx².
/// - r > P: `S_r = x >> (r − P)` (floor) is constant on runs of points with equal `x >> (r − P)`; x ascends, so
///   runs are consecutive, and the runs of shift r + 1 are unions of adjacent runs of shift r. One pass builds the
///   runs of shift P + 1, each further shift merges them in place: about N/2 + N/4 + … run visits in all.
/// - Cross moments (APoT), i < j, j > P: S_j is constant (v) on a run of shift j, so ΣwS_iS_j = Σ_runs v·ΣwS_i,
///   with ΣwS_i carried along the runs (Σwx·2^(P−i) for i ≤ P).
///
/// Noncopyable: it owns its buffers and frees them in `deinit`.
struct _ShiftMoments<I: FixedWidthInteger & SignedInteger>: ~Copyable {
  let stages: Int
  let preShift: Int
  let cross: Bool
  /// Shifts above P, the run levels.
  let levels: Int
  /// Indexed by shift r (entry 0 unused).
  let linear: UnsafeMutableBufferPointer<I>
  let withQ: UnsafeMutableBufferPointer<I>
  /// Row-major (R + 1)², upper triangle.
  let gram: UnsafeMutableBufferPointer<I>
  // Runs of the current level: value v = S, Σw, Σwq and (cross) Σwx and ΣwS_r per finer level r > P.
  let runValue: UnsafeMutableBufferPointer<Int>
  let runW: UnsafeMutableBufferPointer<I>
  let runQ: UnsafeMutableBufferPointer<I>
  let runX: UnsafeMutableBufferPointer<I>
  let runS: UnsafeMutableBufferPointer<I>

  init(stages: Int, preShift: Int, cross: Bool, capacity: Int) {
    self.stages = stages
    self.preShift = preShift
    self.cross = cross
    levels = max(0, stages - preShift)
    func buffer<T>(_ count: Int, _ zero: T) -> UnsafeMutableBufferPointer<T> {
      let p = UnsafeMutableBufferPointer<T>.allocate(capacity: count)
      p.initialize(repeating: zero)
      return p
    }
    linear = buffer(stages + 1, 0)
    withQ = buffer(stages + 1, 0)
    gram = buffer((stages + 1) * (stages + 1), 0)
    // Points are distinct but need not be consecutive: the first level may have one run per point of the longest
    // interval.
    let runs = levels > 0 ? capacity : 0
    runValue = buffer(runs, 0)
    runW = buffer(runs, 0)
    runQ = buffer(runs, 0)
    runX = buffer(cross ? runs : 0, 0)
    runS = buffer(cross ? runs * levels : 0, 0)
  }

  deinit {
    for b in [linear, withQ, gram, runW, runQ, runX, runS] { b.deallocate() }
    runValue.deallocate()
  }

  /// Fills the moments for points `lo..<hi` (non-empty) and returns Σw, Σwq, Σwq² over them.
  func measure(
    x: UnsafeBufferPointer<Int>, w: UnsafeBufferPointer<Int>, q: UnsafeBufferPointer<Int>, lo: Int, hi: Int
  ) -> (w: I, q: I, q2: I) {
    let r1 = stages + 1
    let p = preShift
    var a: I = 0
    var aq: I = 0
    var aq2: I = 0
    var ax: I = 0
    var ax2: I = 0
    var aqx: I = 0
    for i in lo..<hi {
      let wi = I(w[i])
      let xi = I(x[i])
      let wq = wi &* I(q[i])
      let wx = wi &* xi
      a &+= wi
      aq &+= wq
      aq2 &+= wq &* I(q[i])
      ax &+= wx
      ax2 &+= wx &* xi
      aqx &+= wq &* xi
    }
    for r in stride(from: 1, through: min(p, stages), by: 1) {
      linear[r] = ax &<< (p - r)
      withQ[r] = aqx &<< (p - r)
      if cross {
        for i in 1...r { gram[i * r1 + r] = ax2 &<< (2 * p - i - r) }
      } else {
        gram[r * r1 + r] = ax2 &<< (2 * p - 2 * r)
      }
    }
    if levels > 0 { measureRuns(x: x, w: w, q: q, lo: lo, hi: hi) }
    return (a, aq, aq2)
  }

  /// The moments of the shifts r = P + 1 ... R from runs of equal `S_r`.
  private func measureRuns(
    x: UnsafeBufferPointer<Int>, w: UnsafeBufferPointer<Int>, q: UnsafeBufferPointer<Int>, lo: Int, hi: Int
  ) {
    let r1 = stages + 1
    let p = preShift
    let l = levels
    let cross = self.cross
    // Level 1 (shift P + 1): runs of equal x >> 1.
    var count = 0
    var i = lo
    while i < hi {
      let v = x[i] >> 1
      var sw: I = 0
      var sq: I = 0
      var sx: I = 0
      repeat {
        let wi = I(w[i])
        sw &+= wi
        sq &+= wi &* I(q[i])
        if cross { sx &+= wi &* I(x[i]) }
        i += 1
      } while i < hi && x[i] >> 1 == v
      runValue[count] = v
      runW[count] = sw
      runQ[count] = sq
      if cross { runX[count] = sx }
      count += 1
    }
    for level in 1...l {
      if level > 1 {
        // Adjacent runs whose values agree after one more shift merge; the finer levels' ΣwS_r add up.
        var n = 0
        for k in 0..<count {
          let v = runValue[k] >> 1
          if n > 0 && runValue[n - 1] == v {
            runW[n - 1] &+= runW[k]
            runQ[n - 1] &+= runQ[k]
            if cross {
              runX[n - 1] &+= runX[k]
              for f in 0..<(level - 1) { runS[(n - 1) * l + f] &+= runS[k * l + f] }
            }
          } else {
            runValue[n] = v
            runW[n] = runW[k]
            runQ[n] = runQ[k]
            if cross {
              runX[n] = runX[k]
              for f in 0..<(level - 1) { runS[n * l + f] = runS[k * l + f] }
            }
            n += 1
          }
        }
        count = n
      }
      let r = p + level
      var lin: I = 0
      var linQ: I = 0
      var diag: I = 0
      for k in 0..<count {
        let v = I(runValue[k])
        let vw = v &* runW[k]
        lin &+= vw
        linQ &+= v &* runQ[k]
        diag &+= v &* vw
      }
      linear[r] = lin
      withQ[r] = linQ
      gram[r * r1 + r] = diag
      guard cross else { continue }
      var withX: I = 0
      for k in 0..<count { withX &+= I(runValue[k]) &* runX[k] }
      for i in stride(from: 1, through: p, by: 1) { gram[i * r1 + r] = withX &<< (p - i) }
      for f in 0..<(level - 1) {
        var c: I = 0
        for k in 0..<count { c &+= I(runValue[k]) &* runS[k * l + f] }
        gram[(p + 1 + f) * r1 + r] = c
      }
      // ΣwS_r on each run (S_r = v there), carried to the coarser levels.
      for k in 0..<count { runS[k * l + level - 1] = I(runValue[k]) &* runW[k] }
    }
  }
}
