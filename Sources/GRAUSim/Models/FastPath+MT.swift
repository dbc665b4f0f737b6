/// The pipelined MT's stages for one lane-item: stage j (1 … m) counts `cnt_j = cnt_{j−1} + (x >= T_j[ch])`,
/// stages above m copy `cnt_m`; `valid`, `x`, `ch` are copied through (UnitModel.mtStage).
///
/// With non-decreasing thresholds (every fitted channel; checked per memory row) the thresholds an input reaches
/// are a prefix, so `cnt_j = min(j, c)` with `c = #{ i : T_i <= x }` (a binary search). Between consecutive items
/// with counts c′ and c only the stages from min(c′, c) + 1 on change: stage j < max(c′, c) by
/// popcount(j ^ min(c′, c)), every stage from max(c′, c) on by popcount(c′ ^ c) (added to a difference array and
/// summed at the end). A lane whose previous item was not in that form is compared stage by stage.
struct MTItems: ItemEvaluator {
  let slots: ToggleSlots
  private let kernel: Kernel
  private let previous: UnsafeMutablePointer<UInt64>
  private let counts: UnsafeMutablePointer<UInt64>
  private let slotCount: Int
  private let thresholds: UnsafeMutableBufferPointer<Int>
  private let lookups: [MTLookup]
  private let ordered: [Bool]
  private let m: Int
  private let cntMask: UInt64
  private let out: FormatOps
  let inputBits: Int
  let channelMask: UInt64
  private let sValid: Int
  private let sX: Int
  private let sCh: Int
  private let sCnt: Int
  /// Per lane: whether its previous counts are `min(j, previousCount[l])` (else they are in `previous`).
  private let minForm: UnsafeMutablePointer<UInt64>
  private let previousCount: UnsafeMutablePointer<UInt64>
  /// `fromStage[j]`: toggles every stage j′ ≥ j takes (the difference array of the `min(j, c)` tails).
  private let fromStage: UnsafeMutablePointer<UInt64>
  /// For m ≤ 255: `pairs[a · (m + 1) + b]` counts the item pairs with counts {a, b}, a < b, whose stages
  /// a + 1 ..< b are added up at the end (O(1) per item); nil: added per item.
  private let pairs: UnsafeMutablePointer<UInt64>?

  init(_ config: ConfigPhase, lanes: Int) {
    let model = config.model
    let k = config.kernel
    let st = model.stages
    slots = ToggleSlots(stages: st)
    kernel = k
    let memory = k.memories[model.memory]
    thresholds = k.memoryDecoded[model.memory]
    if case .mt(let p) = config.parameters { lookups = p.map(MTLookup.init) } else { lookups = [] }
    m = (1 << model.output.bits) - 1
    precondition(memory.stride == m, "MT memory rows hold the layer's 2^n − 1 thresholds")
    let t = thresholds
    let width = m
    ordered = (0..<memory.rows).map { r in
      (1..<Swift.max(1, width)).allSatisfy { t[r * width + $0 - 1] <= t[r * width + $0] }
    }
    out = FormatOps(model.output)
    inputBits = model.inputBits
    channelMask = k.mask[model.port.first + 2]
    cntMask = k.mask[st[0].first + 3]
    sValid = slots.own(0, 0)
    sX = slots.own(0, 1)
    sCh = slots.own(0, 2)
    sCnt = slots.slotCount
    for j in 1...st.count {
      if j > 1 {
        for (f, slot) in [sValid, sX, sCh].enumerated() { slots.copy(j - 1, f, from: slot) }
      }
      if j <= m { slots.own(j - 1, 3) } else { slots.copy(j - 1, 3, from: sCnt + m - 1) }
    }
    slots.start(config, lanes: lanes)
    previous = slots.previous
    counts = slots.counts
    slotCount = slots.slotCount
    minForm = slots.scratch(lanes)
    previousCount = slots.scratch(lanes)
    fromStage = slots.scratch(m + 1)
    pairs = m <= 255 ? slots.scratch((m + 1) * (m + 1)) : nil
  }

  func reference(_ x: Int, channel c: Int) -> Int { lookups[c].output(x) }
  func referenceMatches(_ y: Int, _ x: Int, channel c: Int) -> Bool { lookups[c].produces(y, for: x) }

  @inline(__always)
  mutating func lane(_ l: Int, valid: UInt64, x xp: UInt64, channel: UInt64) -> Int {
    let p = previous + l * slotCount
    let n = counts + l * slotCount
    p.take(sValid, valid, counts: n)
    p.take(sX, xp, counts: n)
    p.take(sCh, channel, counts: n)
    let x = xp.signExtended(inputBits)
    let r = Int(truncatingIfNeeded: channel)
    let row = r * m
    let cnt = p + sCnt
    guard ordered[r] else {
      if minForm[l] != 0 {
        let c = Int(previousCount[l])
        for j in 1...m { cnt[j - 1] = UInt64(Swift.min(j, c)) }
        minForm[l] = 0
      }
      var c: UInt64 = 0
      for j in 1...m {
        c = (c &+ (x >= thresholds[row + j - 1] ? 1 : 0)) & cntMask
        cnt.take(j - 1, c, counts: n + sCnt)
      }
      return out.wrap(out.min + Int(c))
    }
    // c = #{ i : T_i <= x }, a branch-free binary search over the ordered row.
    var lo = 0
    var size = m
    while size > 0 {
      let half = size >> 1
      let reached = thresholds[row + lo + half] <= x
      lo = reached ? lo + half + 1 : lo
      size = reached ? size - half - 1 : half
    }
    let c = lo
    if minForm[l] != 0 {
      let old = Int(previousCount[l])
      if c != old {
        let a = Swift.min(c, old)
        let b = Swift.max(c, old)
        let low = UInt64(a)
        if let pairs {
          pairs[a * (m + 1) + b] &+= 1
        } else {
          for j in (a + 1)..<b { n[sCnt + j - 1] &+= UInt64((UInt64(j) ^ low).nonzeroBitCount) }
        }
        fromStage[b] &+= UInt64((low ^ UInt64(b)).nonzeroBitCount)
      }
    } else {
      for j in 1...m { cnt.take(j - 1, UInt64(Swift.min(j, c)), counts: n + sCnt) }
      minForm[l] = 1
    }
    previousCount[l] = UInt64(c)
    return out.wrap(out.min + c)
  }

  /// Adds the pairs' middle stages and the difference array's tails to the stages' counts.
  func finish() {
    if let pairs {
      for a in 0..<m {
        for b in (a + 1)...m where pairs[a * (m + 1) + b] != 0 {
          let k = pairs[a * (m + 1) + b]
          for j in (a + 1)..<b { counts[sCnt + j - 1] &+= k &* UInt64((UInt64(j) ^ UInt64(a)).nonzeroBitCount) }
        }
      }
    }
    var tail: UInt64 = 0
    for j in 1...m {
      tail &+= fromStage[j]
      counts[sCnt + j - 1] &+= tail
    }
  }
}

/// The binary-search MT's stages for one lane-item: `in` captures, step s (1 … N) probes `c = idx + 2^(N − s)`
/// and keeps it if `c <= m && x >= T_c[ch]`, `out` forms `qmin + idx` (UnitModel.bsStage, bsOut).
struct BinarySearchItems: ItemEvaluator {
  let slots: ToggleSlots
  private let kernel: Kernel
  private let previous: UnsafeMutablePointer<UInt64>
  private let counts: UnsafeMutablePointer<UInt64>
  private let slotCount: Int
  private let thresholds: UnsafeMutableBufferPointer<Int>
  private let lookups: [MTLookup]
  private let m: Int
  private let steps: Int
  private let yMask: UInt64
  private let out: FormatOps
  private let outBits: Int
  let inputBits: Int
  let channelMask: UInt64
  private let sValid: Int
  private let sX: Int
  private let sCh: Int
  private let sIdx: Int
  private let sY: Int

  init(_ config: ConfigPhase, lanes: Int) {
    let model = config.model
    let k = config.kernel
    let st = model.stages
    slots = ToggleSlots(stages: st)
    kernel = k
    thresholds = k.memoryDecoded[model.memory]
    if case .mt(let p) = config.parameters { lookups = p.map(MTLookup.init) } else { lookups = [] }
    m = (1 << model.output.bits) - 1
    steps = st.count - 2
    out = FormatOps(model.output)
    outBits = model.output.bits
    inputBits = model.inputBits
    channelMask = k.mask[model.port.first + 2]
    yMask = k.mask[st[steps + 1].first + 1]
    sValid = slots.own(0, 0)
    sX = slots.own(0, 1)
    sCh = slots.own(0, 2)
    sIdx = slots.slotCount
    for s in 1...steps {
      for (f, slot) in [sValid, sX, sCh].enumerated() { slots.copy(s, f, from: slot) }
      slots.own(s, 3)
    }
    slots.copy(steps + 1, 0, from: sValid)
    sY = slots.own(steps + 1, 1)
    slots.start(config, lanes: lanes)
    previous = slots.previous
    counts = slots.counts
    slotCount = slots.slotCount
  }

  func reference(_ x: Int, channel c: Int) -> Int { lookups[c].output(x) }
  func referenceMatches(_ y: Int, _ x: Int, channel c: Int) -> Bool { lookups[c].produces(y, for: x) }

  @inline(__always)
  mutating func lane(_ l: Int, valid: UInt64, x xp: UInt64, channel: UInt64) -> Int {
    let p = previous + l * slotCount
    let n = counts + l * slotCount
    p.take(sValid, valid, counts: n)
    p.take(sX, xp, counts: n)
    p.take(sCh, channel, counts: n)
    let x = xp.signExtended(inputBits)
    let row = Int(truncatingIfNeeded: channel) * m
    var idx = 0
    for s in 1...steps {
      let c = idx + 1 << (steps - s)
      // Branch-free: the probe reads a valid address whatever c is, and counts only if c <= m.
      let take = c <= m && x >= thresholds[row + Swift.min(c, m) - 1]
      idx = take ? c : idx
      p.take(sIdx + s - 1, UInt64(idx), counts: n)
    }
    let y = (out.min + idx).pattern(yMask)
    p.take(sY, y, counts: n)
    return out.signed ? y.signExtended(outBits) : Int(y)
  }
}
