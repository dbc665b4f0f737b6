/// The DP over candidate boundaries 0...m in push form: `best[k][j] = min_i best[k−1][i] + cost(i, j)` over at
/// most `kMax` segments, fed one segment `[i, j)` at a time, row by row with i ascending (``beginRow(_:)``, then
/// ``relax(_:cost:option:bias:)``).
///
/// When row i begins, every path into boundary i is known (it only uses rows below i), so the row's heads
/// `best[k][i]` are final. Ties keep the smallest i, as a pull-form minimum over ascending i would. The table of
/// every segment's cost is never stored, only the improving (parent, option, bias) of each (j, k).
///
/// An entry `best[kMax][j]` before m ends no path and starts none (a row's heads are levels below kMax), so it is
/// never written and no ``need(_:)`` counts it: a segment that could only improve such an entry changes nothing
/// (a family's level bounds cap those entries at 0 for the same reason). The solution and every least cost read
/// column m and the levels below kMax, which stay exactly as before.
final class _PartitionDP<I: FixedWidthInteger & SignedInteger> {
  struct Link: Equatable {
    var parent: Int32
    var option: Int32
    var bias: Int
  }

  let m: Int
  let kMax: Int
  /// Indexed j·(kMax + 1) + k.
  private let best: UnsafeMutableBufferPointer<I>
  private let links: UnsafeMutableBufferPointer<Link>
  /// The current row: its boundary, and the finite heads best[k − 1][i] with their k.
  private var row = -1
  private let heads: UnsafeMutableBufferPointer<I>
  private let headK: UnsafeMutableBufferPointer<Int>
  /// With level bounds: per head, the least value of an entry of its level that need not be exact, at column m
  /// (index h: the level's bound + 1, `I.max` for an unbounded level) and before it (index kMax + h: the next
  /// level's bound + 1, since only a longer path extends an entry before m; 0 at level kMax, which no path extends).
  private let headCap: UnsafeMutableBufferPointer<I>
  private var headCount = 0
  /// Indexed k = 1...kMax: best[k − 1][i] of the current row (I.max if none).
  private let headVector: UnsafeMutableBufferPointer<I>
  /// A family's bounds per level (``init(intervals:segments:levelBounds:)``), indexed k = 1...kMax; empty if none.
  private let levelBounds: [I]
  var hasLevelBounds: Bool { !levelBounds.isEmpty }
  /// With level bounds: the current row's bound on a useful segment cost, max over its heads of bound − head.
  private(set) var rowBound = I.max

  /// A DP over `m` intervals and at most `segments` segments. `levelBounds`, if given (index k − 1 for k = 1 ...
  /// `segments`, non-increasing: level k's entries matter on paths of at most that many segments costing at most
  /// its bound), says which entries must be exact: best[k][m] within level k's bound, and best[k][j] before m
  /// within level k + 1's (only a path of more segments extends it; none at level `segments`). A row then offers no
  /// segment from a head best[k − 1][i] above the bound of level k, and ``rowBound`` is the most a segment may
  /// cost to reach a bound from one of its heads; a relax leaves an entry alone where the path would exceed the
  /// entry's bound, and ``need(_:)`` caps each entry at that bound + 1. Entries within their bounds stay exact:
  /// their best predecessor is within its own bound (one level down, before m), its row reaches them, and the
  /// path's cost is below both the capped entry before it and the cap. Others are real path costs or unreached.
  /// Capped needs still never decrease along a row (``_LineSums/fill(_:_:candidates:bound:)``, fact 3): the caps
  /// do not decrease with the column, and an entry within its cap at t' has a path whose row reached t.
  init(intervals m: Int, segments: Int, levelBounds: [I] = []) {
    self.m = m
    kMax = min(segments, m)
    self.levelBounds = levelBounds.isEmpty ? [] : [I.max] + levelBounds.prefix(kMax)
    best = .allocate(capacity: (kMax + 1) * (m + 1))
    best.initialize(repeating: I.max)
    best[0] = 0
    links = .allocate(capacity: (kMax + 1) * (m + 1))
    links.initialize(repeating: Link(parent: -1, option: -1, bias: 0))
    heads = .allocate(capacity: kMax)
    heads.initialize(repeating: 0)
    headK = .allocate(capacity: kMax)
    headK.initialize(repeating: 0)
    headCap = .allocate(capacity: 2 * kMax)
    headCap.initialize(repeating: I.max)
    headVector = .allocate(capacity: kMax + 1)
    headVector.initialize(repeating: I.max)
  }

  deinit {
    best.deallocate()
    links.deallocate()
    heads.deallocate()
    headK.deallocate()
    headCap.deallocate()
    headVector.deallocate()
  }

  /// Starts feeding segments `[i, j)`; rows must come in ascending order. Returns the cheapest way to cover
  /// boundaries 0..<i with fewer than `kMax` segments (so that one more may start at i), `I.max` if none.
  func beginRow(_ i: Int) -> I {
    row = i
    headCount = 0
    var least = I.max
    let levels = !levelBounds.isEmpty
    rowBound = levels ? 0 : I.max
    for k in 1...kMax {
      var h = best[i * (kMax + 1) + k - 1]
      if levels {
        if h > levelBounds[k] { h = I.max } else { rowBound = Swift.max(rowBound, levelBounds[k] - h) }
      }
      headVector[k] = h
      guard h != I.max else { continue }
      heads[headCount] = h
      headK[headCount] = k
      if levels {
        headCap[headCount] = levelBounds[k] == I.max ? I.max : levelBounds[k] + 1
        headCap[kMax + headCount] =
          k == kMax ? 0 : levelBounds[k + 1] == I.max ? I.max : levelBounds[k + 1] + 1
      }
      headCount += 1
      least = Swift.min(least, h)
    }
    return least
  }

  /// Offers segment `[i, j)` of the current row with its best option and bias.
  @inline(__always)
  func relax(_ j: Int, cost: I, option: Int32, bias: Int) {
    guard cost != I.max else { return }
    let base = j * (kMax + 1)
    let levels = !levelBounds.isEmpty
    let caps = headCap.baseAddress! + (j == m ? 0 : kMax)
    // Before m, the level-kMax head (the last, if the row has it) would write an entry that ends no path.
    let top = !levels && j < m && headCount > 0 && headK[headCount - 1] == kMax ? headCount - 1 : headCount
    for h in 0..<top {
      let v = heads[h] + cost
      // With level bounds, an entry above its level's bound need not be exact: it is left as it is.
      if levels && v >= caps[h] { continue }
      let e = base + headK[h]
      if v < best[e] {
        best[e] = v
        links[e] = Link(parent: Int32(row), option: option, bias: bias)
      }
    }
  }

  /// The least segment cost `[i, j)` of the current row that ``relax(_:cost:option:bias:)`` would record: a cost
  /// improves some entry of column j iff it is below this (`I.max` when an entry is still unreached). Only the
  /// current row writes column j > i, and only at j, so the value holds until the row relaxes j.
  @inline(__always)
  func need(_ j: Int) -> I {
    // best − head, over every k: an unreached entry gives I.max − head, above every cost (head + cost < I.max
    // exactly when cost < I.max − head), and a missing head (I.max) gives at most 0, below every cost.
    let e = best.baseAddress! + j * (kMax + 1)
    if !levelBounds.isEmpty {
      // Only the row's heads (a dropped one relaxes nothing; a row runs only with a head), and each entry capped
      // at its level's bound + 1: a cost that takes no entry below that changes nothing that must be exact.
      let caps = headCap.baseAddress! + (j == m ? 0 : kMax)
      var need = Swift.min(e[headK[0]], caps[0]) &- heads[0]
      for x in 1..<Swift.max(1, headCount) { need = Swift.max(need, Swift.min(e[headK[x]], caps[x]) &- heads[x]) }
      return need
    }
    let h = headVector.baseAddress!
    // Before m, level kMax is left out (its entries are never written); with one level, no cost improves anything
    // there (costs are ≥ 0).
    let top = j == m ? kMax : kMax - 1
    guard top >= 1 else { return 0 }
    var need = e[1] &- h[1]
    for k in 2..<(top + 1) { need = Swift.max(need, e[k] &- h[k]) }
    return need
  }

  /// Every entry (j·(kMax + 1) + k) with its link, for tests.
  var entries: [Entry] {
    (0..<best.count).map { Entry(cost: best[$0], link: links[$0]) }
  }

  struct Entry: Equatable {
    var cost: I
    var link: Link
  }

  /// The least total cost over boundary m.
  var total: I { solution.cost }

  /// The least total cost over boundary m with at most `k` segments (k ≥ 1), `I.max` if none.
  func least(segments k: Int) -> I {
    let stride = kMax + 1
    var least = I.max
    for candidate in 1...Swift.min(k, kMax) { least = Swift.min(least, best[m * stride + candidate]) }
    return least
  }

  /// The optimal segments as (first boundary, option, bias), ascending, and their total cost. More segments
  /// never cost more (a segment split keeps its line), so the largest k wins ties.
  var solution: (segments: [(start: Int, option: Int, bias: Int)], cost: I) { solution(segments: kMax) }

  /// ``solution`` among paths of at most `k` segments (k ≥ 1): the largest k' ≤ min(k, kMax) of least cost.
  func solution(segments limit: Int) -> (segments: [(start: Int, option: Int, bias: Int)], cost: I) {
    let stride = kMax + 1
    let top = Swift.min(limit, kMax)
    var k = top
    for candidate in Swift.stride(from: top - 1, through: 1, by: -1)
    where best[m * stride + candidate] < best[m * stride + k] {
      k = candidate
    }
    let cost = best[m * stride + k]
    var segments: [(start: Int, option: Int, bias: Int)] = []
    var j = m
    while k > 0 {
      let link = links[j * stride + k]
      j = Int(link.parent)
      segments.append((j, Int(link.option), link.bias))
      k -= 1
    }
    return (segments.reversed(), cost)
  }
}
