extension _FitProblem {
  /// Minimax fit over every domain point: the smallest error bound E for which at most K segments suffice.
  ///
  /// For a fixed E and option, the biases that keep point i within E form an interval (clamping is monotone), so
  /// a segment is feasible iff the running intersection of those intervals is non-empty; feasibility is hereditary
  /// (a sub-segment of a feasible segment is feasible), so the greedy that extends each segment as far as any
  /// option allows uses the fewest segments. Bisection on E then gives the exact optimum.
  func fitMaxAbs() -> [_FitPiece] {
    var lo = 0
    // Slope 0 with bias 0 (inside both the output range and the bias register) is within qmax − qmin everywhere.
    var hi = qmax - qmin
    while lo < hi {
      let mid = lo + (hi - lo) / 2
      if greedy(bound: mid) != nil { hi = mid } else { lo = mid + 1 }
    }
    let found = greedy(bound: hi) ?? []
    return found.enumerated().map { s, piece in
      // Any bias in the feasible interval meets the bound; take the one closest to the segment's weighted mean.
      let end = s + 1 < found.count ? found[s + 1].start : count
      var sw = 0.0
      var sd = 0.0
      for i in piece.start..<end {
        sw += Double(w[i])
        sd += Double(w[i]) * Double(q[i] - signedSlope(piece.option, i))
      }
      let mean = Int((sd / sw).rounded())
      return _FitPiece(start: piece.start, option: piece.option, bias: min(max(mean, piece.lo), piece.hi))
    }
  }

  /// The greedy partition meeting |error| ≤ `bound` everywhere with at most K segments, or nil.
  func greedy(bound e: Int) -> [(start: Int, option: Int, lo: Int, hi: Int)]? {
    let n = count
    let saturate = architecture.saturate
    var pieces: [(start: Int, option: Int, lo: Int, hi: Int)] = []
    var start = 0
    while start < n {
      guard pieces.count < segmentLimit else { return nil }
      var best = (reach: start, option: 0, lo: 0, hi: 0)
      for o in 0..<optionCount {
        var lo = biasMin
        var hi = biasMax
        var i = start
        while i < n {
          let a = signedSlope(o, i)
          let qi = q[i]
          let l: Int
          let h: Int
          if saturate {
            // clamp(a + c) ≥ q − e always holds when q − e ≤ qmin; otherwise it needs a + c ≥ q − e.
            l = qi - e <= qmin ? biasMin : qi - e - a
            h = qi + e >= qmax ? biasMax : qi + e - a
          } else {
            // No wrap: the line itself must stay in [qmin, qmax] as well as within e of q, here and on every
            // integer up to the next point (the line is monotone, so that point's end suffices).
            let end = signedSlope(o, atInput: pointEnd(i))
            l = max(max(qi - e, qmin) - a, qmin - end)
            h = min(min(qi + e, qmax) - a, qmax - end)
          }
          let nl = max(lo, l)
          let nh = min(hi, h)
          if nl > nh { break }
          lo = nl
          hi = nh
          i += 1
        }
        if i > best.reach { best = (i, o, lo, hi) }
        if i == n { break }
      }
      guard best.reach > start else { return nil }
      pieces.append((start, best.option, best.lo, best.hi))
      start = best.reach
    }
    return pieces
  }
}
