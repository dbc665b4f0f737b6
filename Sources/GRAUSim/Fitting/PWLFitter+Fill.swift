extension _LineSums {
  /// Feeds `dp` every useful segment between the given interval boundaries (`candidates`, ascending, from 0 to
  /// m), row by row, with its cheapest option and bias; `bound` is an achievable total cost (or `I.max`).
  ///
  /// It feeds the DP exactly what the plain scan did (an earlier implementation, kept as `referenceFill` in the
  /// tests): every entry and link ends up the same. The plain scan: row i evaluates, at each column j = i + 1,
  /// i + 2, …, the flat option, then every option of an active list (initially the codes in order); an option that
  /// is infeasible (empty bias interval) or costs more than `bound` is dropped by moving the list's last entry into
  /// its place (that entry is evaluated next); the first option of least cost wins the cell and is relaxed; the row
  /// stops at the first column where no option costs at most the row bound `bound − beginRow(i)`.
  ///
  /// Facts:
  /// 1. An option's cost of [i, j) never decreases as j grows (more points; a non-saturating bias interval only
  ///    shrinks), so being dead (infeasible or above `bound`) and being above the row bound persist along a row.
  /// 2. A relax changes the DP iff the cost is below ``_PartitionDP/need(_:)`` of its column, and only the current
  ///    row writes a column past i, at that column: the need of column j holds until the row relaxes j.
  /// 3. Needs never decrease along a row: for i < t < t', each entry best[t'][k] comes from a row r < i that relaxed
  ///    (r, t'); that row did not stop before t', so it relaxed (r, t) with a least cost no larger (its options alive
  ///    at t' are alive at t and cost no more there) from the same head. So best[t][k] ≤ best[t'][k], and so is the
  ///    need (the maximum over the heads of entry − head). This holds for this scan as it leaves the DP as the plain
  ///    scan does (by induction over the rows).
  ///
  /// The row scan (``_RowScan/row(_:_:rowBound:bound:sw:table:limits:c:)``):
  /// - An option evaluated at column j with cost C waits until the first column whose need exceeds C: before, it
  ///   costs at least C ≥ the need (facts 1, 3), so no relax through it changes anything. Awake options are
  ///   evaluated in ascending order of their last cost, and a column stops once that exceeds the least cost found
  ///   below the need: the others cost more there. An option above the row bound is not evaluated again in the
  ///   row (no relaxed cost exceeds it), and the row ends when none is left.
  /// - So when the least evaluated cost is below the need, it is the plain scan's least cost of the cell (every
  ///   other option costs at least the need or that cost, or is dead or above the row bound), and the plain scan
  ///   reaches the column (that cost is within the row bound, so no earlier column stopped it, fact 1). Otherwise
  ///   the plain scan's relax there, if any, changes nothing. The relaxes that change the DP are the same.
  /// - The winner among equal least costs is the plain scan's first in its order: the flat option, else the
  ///   first in the active list. That list only depends on the column at which each option dies (a walk goes in
  ///   the list's order), so a tie replays it: each option's death column by bisection on the monotone predicate,
  ///   then the walks column by column.
  func fill(_ dp: _PartitionDP<I>, _ p: _FitProblem, candidates c: [Int], bound: I) {
    let columns = c.count
    guard columns > 1 else { return }
    let scan = _RowScan<I>(width: width, columns: columns)
    sw.withUnsafeBufferPointer { sw in
      options.withUnsafeBufferPointer { table in
        rowLimits.withUnsafeBufferPointer { limits in
          c.withUnsafeBufferPointer { c in
            for ii in 0..<(columns - 1) {
              let head = dp.beginRow(ii)
              guard head != I.max, bound == I.max || head <= bound else { continue }
              let rowBound = dp.hasLevelBounds ? dp.rowBound : bound == I.max ? I.max : bound - head
              scan.row(
                dp, ii, rowBound: rowBound, bound: bound, sw: sw.baseAddress!, table: table.baseAddress!,
                limits: limits.baseAddress!, c: c.baseAddress!)
            }
          }
        }
      }
    }
  }
}

/// The per-option and per-column state of ``_LineSums/fill(_:_:candidates:bound:)``, reused across its rows.
///
/// Noncopyable: it owns its buffers and frees them in `deinit`.
struct _RowScan<I: FixedWidthInteger & SignedInteger>: ~Copyable {
  let width: Int
  let columns: Int
  /// Per option: the last column known alive (feasible and within the bound), the first column known dead, the
  /// column of its last evaluation in the scan with that cost and bias, and (during a replay) the column it
  /// dies at.
  let aliveThrough: UnsafeMutablePointer<Int>
  let deadBy: UnsafeMutablePointer<Int>
  let evaluated: UnsafeMutablePointer<Int>
  let lastCost: UnsafeMutablePointer<I>
  let lastBias: UnsafeMutablePointer<Int>
  let deathColumn: UnsafeMutablePointer<Int>
  /// Per option, a lower bound of its cost at the current column; the awake options and their bounds, ascending.
  let floorCost: UnsafeMutablePointer<I>
  let awake: UnsafeMutablePointer<Int>
  let awakeFloor: UnsafeMutablePointer<I>
  /// Options waiting for a column: a singly linked list per column (`wake`, then `next` per option), valid for
  /// the row whose index is in `wakeRow`.
  let wake: UnsafeMutablePointer<Int>
  let wakeRow: UnsafeMutablePointer<Int>
  let next: UnsafeMutablePointer<Int>
  /// The plain scan's active list as of the last replay, and scratch for a replay.
  let order: UnsafeMutablePointer<Int>
  let dying: UnsafeMutablePointer<Int>
  /// Per column: its need (from the row's first column to the last one computed).
  let need: UnsafeMutablePointer<I>

  init(width: Int, columns: Int) {
    self.width = width
    self.columns = columns
    func buffer<T>(_ count: Int, _ value: T) -> UnsafeMutablePointer<T> {
      let b = UnsafeMutablePointer<T>.allocate(capacity: count)
      b.initialize(repeating: value, count: count)
      return b
    }
    aliveThrough = buffer(width, 0)
    deadBy = buffer(width, 0)
    evaluated = buffer(width, 0)
    lastCost = buffer(width, 0)
    lastBias = buffer(width, 0)
    deathColumn = buffer(width, 0)
    floorCost = buffer(width, 0)
    awake = buffer(width, 0)
    awakeFloor = buffer(width, 0)
    wake = buffer(columns, -1)
    wakeRow = buffer(columns, -1)
    next = buffer(width, -1)
    order = buffer(width, 0)
    dying = buffer(width, 0)
    need = buffer(columns, 0)
  }

  deinit {
    for b in [aliveThrough, deadBy, evaluated, lastBias, deathColumn, awake, wake, wakeRow, next, order, dying] {
      b.deallocate()
    }
    for b in [lastCost, floorCost, awakeFloor, need] { b.deallocate() }
  }

  /// Row `ii` of the scan (its head is finite and within the bound).
  func row(
    _ dp: _PartitionDP<I>, _ ii: Int, rowBound: I, bound: I, sw: UnsafePointer<I>,
    table: UnsafePointer<_OptionSums<I>>, limits: UnsafePointer<_RowLimits>, c: UnsafePointer<Int>
  ) {
    let width = self.width
    let last = columns - 1
    let i = c[ii]
    let rowSums = table + i * width
    let rowLimits = limits + i * width
    let swI = sw[i]
    let (aliveThrough, deadBy, evaluated, lastCost, lastBias) = (
      self.aliveThrough, self.deadBy, self.evaluated, self.lastCost, self.lastBias
    )
    let (wake, wakeRow, next, order, need) = (self.wake, self.wakeRow, self.next, self.order, self.need)
    let (floorCost, awake, awakeFloor) = (self.floorCost, self.awake, self.awakeFloor)
    // Every option is awake at the first column.
    for o in 0..<width {
      aliveThrough[o] = ii
      deadBy[o] = .max
      evaluated[o] = -1
      awake[o] = o
      awakeFloor[o] = .min
    }
    var awakeCount = width
    var waiting = 0
    for k in 1..<width { order[k - 1] = k }
    var orderCount = width - 1
    var syncColumn = ii
    // Needs of the columns ii + 1 ... computed, and of the last column.
    var computed = ii
    let needLast = dp.need(last)

    /// The exact cost and bias of option `o` on the segment ending at column `t`, nil if infeasible.
    @inline(__always) func evaluate(_ o: Int, _ t: Int) -> (cost: I, bias: Int)? {
      let j = c[t]
      let e = table[j * width + o]
      let r = rowSums[o]
      let l = rowLimits[o]
      let lo = max(l.lo, e.colLo)
      let hi = min(l.hi, e.colHi)
      guard lo <= hi else { return nil }
      let n = sw[j] &- swI
      return _FitProblem.quadraticBest(a: e.a &- r.a, b: e.b &- r.b, n: n, inverse: 1 / Double(n), lo: lo, hi: hi)
    }
    /// Whether option `o` is dead at column `t` (dropped by the plain scan at or before t).
    func dead(_ o: Int, _ t: Int) -> Bool {
      guard let r = evaluate(o, t) else { return true }
      return r.cost > bound
    }
    /// The column at which the plain scan drops option `o` if it is at most `t`, else `Int.max`.
    func deathAt(_ o: Int, upTo t: Int) -> Int {
      if aliveThrough[o] >= t { return .max }
      var lo = aliveThrough[o]
      var hi = deadBy[o]
      if hi > t {
        guard dead(o, t) else {
          aliveThrough[o] = t
          return .max
        }
        hi = t
      }
      while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2
        if dead(o, mid) { hi = mid } else { lo = mid }
      }
      aliveThrough[o] = lo
      deadBy[o] = hi
      return hi
    }
    /// Replays the plain scan's active list up to column `t`: at each column where options die, one walk that
    /// swaps the last entry into each dropped one's place.
    func replay(to t: Int, count: inout Int) {
      var deaths = 0
      for k in 0..<count {
        let o = order[k]
        let d = deathAt(o, upTo: t)
        deathColumn[o] = d
        if d <= t {
          // Insertion by column (the order among equal columns does not matter: each walk uses the list's).
          var x = deaths
          while x > 0 && deathColumn[dying[x - 1]] > d {
            dying[x] = dying[x - 1]
            x -= 1
          }
          dying[x] = o
          deaths += 1
        }
      }
      var x = 0
      while x < deaths {
        let column = deathColumn[dying[x]]
        while x < deaths && deathColumn[dying[x]] == column { x += 1 }
        var k = 0
        while k < count {
          if deathColumn[order[k]] == column {
            count -= 1
            order[k] = order[count]
          } else {
            k += 1
          }
        }
      }
    }

    // Costs are ≥ 0, so before the first column whose need exceeds 0 no segment of the row changes anything
    // (fact 2; needs never decrease along a row, fact 3): the scan starts there, every option awake, and a row
    // whose last need is ≤ 0 changes nothing at all. The plain scan's drops before that column are replayed by
    // bisection like any other (``replay``), so ties still pick its winner.
    guard needLast > 0 else { return }
    var jj = ii
    repeat {
      jj += 1
      computed = jj
      need[jj] = dp.need(jj)
    } while need[jj] <= 0
    jj -= 1
    while jj < last && (waiting > 0 || awakeCount > 0) {
      jj += 1
      if wakeRow[jj] == ii {
        var o = wake[jj]
        while o >= 0 {
          let following = next[o]
          waiting -= 1
          let l = floorCost[o]
          var x = awakeCount
          while x > 0 && awakeFloor[x - 1] > l {
            awake[x] = awake[x - 1]
            awakeFloor[x] = awakeFloor[x - 1]
            x -= 1
          }
          awake[x] = o
          awakeFloor[x] = l
          awakeCount += 1
          o = following
        }
      }
      guard awakeCount > 0 else { continue }
      while computed < jj {
        computed += 1
        need[computed] = dp.need(computed)
      }
      let needHere = need[jj]
      let j = c[jj]
      let column = table + j * width
      let n = sw[j] &- swI
      let inverse = 1 / Double(n)
      var minCost = needHere
      var minOption = -1
      var minBias = 0
      var tied = false
      var k = 0
      while k < awakeCount {
        // The rest cost more than the least candidate here: they wait, awake, with the same lower bounds.
        if minOption >= 0 && awakeFloor[k] > minCost { break }
        let o = awake[k]
        k += 1
        let e = column[o]
        let r = rowSums[o]
        let l = rowLimits[o]
        let lo = max(l.lo, e.colLo)
        let hi = min(l.hi, e.colHi)
        guard lo <= hi else {
          deadBy[o] = jj
          continue
        }
        let (cost, bias) = _FitProblem.quadraticBest(
          a: e.a &- r.a, b: e.b &- r.b, n: n, inverse: inverse, lo: lo, hi: hi)
        if cost > bound {
          deadBy[o] = jj
          continue
        }
        aliveThrough[o] = jj
        // Above the row bound: never a relaxed winner again in this row.
        guard cost <= rowBound else { continue }
        if cost <= minCost {
          if cost < minCost {
            minCost = cost
            minOption = o
            minBias = bias
            tied = false
          } else if minOption >= 0 {
            tied = true
          }
          evaluated[o] = jj
          lastCost[o] = cost
          lastBias[o] = bias
        }
        // It costs at least `cost` at every later column, so nothing changes until the first column whose need
        // exceeds that (needs never decrease along a row).
        guard jj < last, cost < needLast else { continue }
        var t = jj + 1
        if t > computed {
          computed = t
          need[t] = dp.need(t)
        }
        if need[t] <= cost {
          // Gallop over the computed needs, then bisect; past them, compute more.
          var step = 1
          while t + step <= computed && need[t + step] <= cost {
            t += step
            step &<<= 1
          }
          if t + step <= computed || need[computed] > cost {
            // need[t] ≤ cost < need[t + length]
            var length = min(step, computed - t)
            while length > 1 {
              let half = length >> 1
              t = need[t + half] <= cost ? t + half : t
              length -= half
            }
            t += 1
          } else {
            t = computed
            repeat {
              t += 1
              computed = t
              need[t] = dp.need(t)
            } while need[t] <= cost
          }
        }
        if wakeRow[t] != ii {
          wakeRow[t] = ii
          wake[t] = -1
        }
        floorCost[o] = cost
        next[o] = wake[t]
        wake[t] = o
        waiting += 1
      }
      if k > 0 {
        for x in k..<awakeCount {
          awake[x - k] = awake[x]
          awakeFloor[x - k] = awakeFloor[x]
        }
        awakeCount -= k
      }
      guard minOption >= 0 else { continue }
      if tied {
        if evaluated[0] == jj && lastCost[0] == minCost {
          minOption = 0
          minBias = lastBias[0]
        } else {
          if syncColumn < jj {
            replay(to: jj, count: &orderCount)
            syncColumn = jj
          }
          for x in 0..<orderCount {
            let o = order[x]
            if evaluated[o] == jj && lastCost[o] == minCost {
              minOption = o
              minBias = lastBias[o]
              break
            }
          }
        }
      }
      dp.relax(jj, cost: minCost, option: Int32(minOption), bias: minBias)
    }
  }
}
