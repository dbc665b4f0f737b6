extension ResourceEstimator {
  /// Live width of the bias register and of the sum: the full width when the adder saturates, else only the
  /// low O bits reach the output (`fit_n` keeps n ≤ O bits), and synthesis drops the rest.
  static func grauLive(_ d: UnitDesign) -> (bias: Int, sum: Int) {
    let g = d.grau
    return g.saturate
      ? (g.bias.bits, g.sum.bits) : (Swift.min(g.bias.bits, d.maxOutputBits), Swift.min(g.sum.bits, d.maxOutputBits))
  }

  /// Live bits of the shifter register `v` after stage `i`: PoT keeps `v` in every stage, bits below the
  /// pre-shift's zeros are constant, and without saturation only bits that can still reach the low O bits
  /// after the remaining R − i shifts survive. APoT's `v` is a pure shift (sign copies merge, bit 0 is never
  /// read, the last stage's `v` is dead).
  static func shifterBits(_ d: UnitDesign, stage i: Int) -> Int {
    let g = d.grau
    let bw = g.shifted.bits
    let limit = g.saturate ? Int.max : d.maxOutputBits + g.stages - i
    switch g.slopeMode {
    case .pot: return Swift.max(0, Swift.min(bw, limit) - Swift.max(0, g.preShift - i))
    case .apot:
      guard i < g.stages else { return 0 }
      return Swift.max(0, Swift.min(bw - i, limit) - Swift.max(1, g.preShift - i))
    }
  }

  /// The offset adder, the optional clamp, the output format and (with bypass) the comparator-bypass output.
  static func grauOutput(_ t: inout CostTerms, _ d: UnitDesign) {
    let o = d.maxOutputBits
    t.adder(grauLive(d).sum)
    if d.grau.saturate { t.clampBits += Double(Swift.max(d.grau.sum.bits, o + 2)) }
    t.outputBits += Double(o)
    if d.grau.bypass {
      t.adder(o)
      t.outputBits += Double(o)
      t.select(o)
    }
  }

  /// The segment mux: setting word and live bias of K segments.
  static func segmentMux(_ t: inout CostTerms, _ d: UnitDesign) {
    t.mux(d.settingWordBits + grauLive(d).bias, inputs: d.grau.segments)
  }

  static func grauPipelined(_ d: UnitDesign) -> [(String, CostTerms)] {
    let g = d.grau
    let w = d.inputBits
    let a = d.channelBits
    let k = g.segments
    let r = g.stages
    let segw = g.segmentIndexBits
    let live = grauLive(d)
    // The last comparator stage's x feeds only `big`, whose bits above O + R are dead without saturation.
    let lastX = g.saturate ? w : Swift.min(w, Swift.max(0, d.maxOutputBits + r - g.preShift))
    var out: [(String, CostTerms)] = []
    var pre = CostTerms()
    pre.register(1 + w + a)  // valid, x, ch; `big` = x << P merges with x
    out.append(("pre", pre))
    if g.comparator == .chain {
      for j in 1..<k {
        var t = CostTerms()
        t.register(1 + (j == k - 1 ? lastX : w) + a + Swift.min(segw, j))
        t.comparator(d.thresholdBits)
        if j > 1 { t.adder(Swift.min(segw, j)) }
        out.append(("cmp\(j)", t))
      }
    } else {
      var t = CostTerms()
      t.register(1 + lastX + a + segw)
      for _ in 1..<k { t.comparator(d.thresholdBits) }
      t.adder(k - 1)  // popcount of the K − 1 compare bits
      out.append(("cmp", t))
    }
    var mux = CostTerms()
    segmentMux(&mux, d)
    out.append(("mux", mux))
    if g.shifter == .barrel {
      out += barrelStages(d)
    } else {
      out += chainStages(d)
    }
    var sign = CostTerms()
    sign.register(1 + live.sum)
    sign.adder(live.sum)  // negate
    if g.slopeMode == .pot { sign.comparator(g.settingBits) }  // set == 0
    out.append(("sign", sign))
    var bias = CostTerms()
    bias.register(1 + d.maxOutputBits)
    grauOutput(&bias, d)
    out.append(("bias", bias))
    return out
  }

  /// The R one-bit shifter stages of the published chain.
  static func chainStages(_ d: UnitDesign) -> [(String, CostTerms)] {
    let g = d.grau
    let r = g.stages
    let live = grauLive(d)
    var out: [(String, CostTerms)] = []
    // set / neg / bias travel with the element through the shifter: delay lines, mostly SRL16E. PoT reads
    // set bit b at stage b + 1 and every bit at the end (set == 0), so each bit's line is cut in two.
    var lines = CostTerms()
    for b in 0..<r {
      switch g.slopeMode {
      case .pot:
        lines.delayLine(length: b)
        lines.delayLine(length: r - b)
      case .apot:
        lines.delayLine(length: b)
      }
    }
    lines.delayLine(length: r)  // neg
    lines.delayLine(length: r + 1, bits: live.bias)  // bias, through to the sign stage
    var vBits = (1...r).map { shifterBits(d, stage: $0) }
    if g.slopeMode == .apot && !g.saturate {
      // APoT without saturation: `v` is a pure shift and the adders read only its positions 1 … O − 1 (the low
      // bits of the next `sh`), so each bit of `big` is a delay line until it enters that window, then a
      // flip-flop in every stage it is read (docs/resources.md, rule 3).
      vBits = [Int](repeating: 0, count: r)
      for m in g.preShift..<g.shifted.bits {
        let last = Swift.min(r - 1, m - 1)
        let firstRead = Swift.max(1, m - (d.maxOutputBits - 1))
        guard last >= 1 else { continue }
        lines.delayLine(length: Swift.min(last, firstRead - 1))
        if firstRead <= last { for i in firstRead...last { vBits[i - 1] += 1 } }
      }
    }
    let share = 1 / Double(r)
    for i in 1...r {
      var t = lines * share
      t.register(1 + vBits[i - 1])
      switch g.slopeMode {
      case .pot: t.select(vBits[i - 1])
      case .apot:
        let acc = (g.saturate ? g.bias.bits : Swift.min(g.bias.bits, d.maxOutputBits)) - Swift.max(0, g.preShift - i)
        t.register(acc)
        if i > 1 { t.adder(acc) }
      }
      out.append(("shift\(i)", t))
    }
    return out
  }

  /// Live bits of `v` after barrel stage `i` (1 … B, B = bitsFor(R)): the shift so far is at most
  /// min(R, 2^i − 1), so the pre-shift's zeros below P minus that stay constant. Without saturation only the bits
  /// the remaining stages can still move into the low O bits survive: the windows [s, s + O) for every shift
  /// s ≤ R the stages i + 1 … B can add (multiples of 2^i), clipped to the sign bit. With saturation every bit is
  /// live.
  static func barrelBits(_ d: UnitDesign, stage i: Int) -> Int {
    let g = d.grau
    let bw = g.shifted.bits
    let zeros = Swift.max(0, g.preShift - Swift.min(g.stages, (1 << i) - 1))
    guard !g.saturate else { return Swift.max(0, bw - zeros) }
    var live = [Bool](repeating: false, count: bw)
    for m in 0..<(1 << (g.shifterStages - i)) where m << i <= g.stages {
      let s = m << i
      for p in Swift.min(s, bw - 1)..<Swift.min(s + d.maxOutputBits, bw) { live[p] = true }
    }
    return (zeros..<bw).filter { live[$0] }.count
  }

  /// The B = ⌈log2(R + 1)⌉ stages of the barrel (PoT): each a 2:1 select per live bit of `v` between the value
  /// and its shift by 2^(k−1); the B-bit shift amount, `neg` and `bias` travel as in the chain.
  static func barrelStages(_ d: UnitDesign) -> [(String, CostTerms)] {
    let b = d.grau.shifterStages
    var lines = CostTerms()
    for bit in 0..<b {
      lines.delayLine(length: bit)  // read by barrel stage bit + 1
      lines.delayLine(length: b - bit)  // and by the sign stage (set == 0)
    }
    lines.delayLine(length: b)  // neg
    lines.delayLine(length: b + 1, bits: grauLive(d).bias)
    let share = 1 / Double(b)
    return (1...b).map { i in
      var t = lines * share
      let v = barrelBits(d, stage: i)
      t.register(1 + v)
      t.barrelSelect(v)
      return ("barrel\(i)", t)
    }
  }

  static func grauSerial(_ d: UnitDesign) -> [(String, CostTerms)] {
    let g = d.grau
    let w = d.inputBits
    let a = d.channelBits
    let k = g.segments
    let r = g.stages
    let live = grauLive(d)
    let bw = g.shifted.bits
    // `v` feeds itself through the shifter, so every bit reaches the output through the loop: none is trimmed.
    let v = bw
    let acc = g.saturate ? g.bias.bits : Swift.min(g.bias.bits, d.maxOutputBits)
    var cmp = CostTerms()
    cmp.register(1 + w + a + g.segmentIndexBits)  // valid, x (big merges), ch, seg
    cmp.comparator(d.thresholdBits)
    cmp.mux(d.thresholdBits, inputs: k - 1)  // t_sel
    cmp.adder(g.segmentIndexBits)
    cmp.control += 1  // step decode
    var mux = CostTerms()
    segmentMux(&mux, d)
    var shift = CostTerms()
    shift.register(v + r + 1 + live.bias)
    shift.select(r + v)  // cur_set, cur_v
    shift.mux(1, inputs: r)  // bit_i
    switch g.slopeMode {
    case .pot: shift.select(v)
    case .apot:
      shift.register(acc)
      shift.adder(acc)
      shift.select(acc)
    }
    var sign = CostTerms()
    sign.register(live.sum)
    sign.adder(live.sum)
    if g.slopeMode == .pot { sign.comparator(r) }
    var bias = CostTerms()
    bias.register(d.maxOutputBits)
    grauOutput(&bias, d)
    return [("cmp", cmp), ("mux", mux), ("shift", shift), ("sign", sign), ("bias", bias)]
  }
}
