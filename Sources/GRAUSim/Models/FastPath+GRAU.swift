/// The pipelined GRAU's stages for one lane-item (docs/datapath.md): `pre`, the comparators (chain or bank), and
/// unless the layer bypasses, the shifter chain, `sign` and `bias`. Computes what each stage's process computes
/// (UnitModel+Pipelines.swift), with every constant hoisted.
struct GRAUItems: ItemEvaluator {
  let slots: ToggleSlots
  private let kernel: Kernel
  private let previous: UnsafeMutablePointer<UInt64>
  private let counts: UnsafeMutablePointer<UInt64>
  private let slotCount: Int
  private let thresholds: UnsafeMutableBufferPointer<Int>
  private let words: UnsafeMutableBufferPointer<UInt64>
  private let stride: Int
  private let references: GRAUReferenceTable
  let inputBits: Int
  let channelMask: UInt64
  private let preShift: Int
  private let shiftedBits: Int
  private let bigMask: UInt64
  private let vMask: UInt64
  private let accMask: UInt64
  private let sMask: UInt64
  private let yMask: UInt64
  private let segments: Int
  private let chain: Bool
  private let bypass: Bool
  private let apot: Bool
  private let stages: Int
  private let settingOffset: Int
  private let biasOffset: Int
  private let settingMask: UInt64
  private let sumBits: Int
  private let sum: FormatOps
  private let biasBits: Int
  private let saturate: Bool
  /// The shifter's v registers are as wide as X (b bits) and APoT's acc one bit wider: a right shift of a value
  /// that fits still fits, and a sum of X >> i over distinct i in 1 … R lies in [X − R, X] (floors), inside b + 1
  /// bits while R ≤ 2^(b−1); then no stage ever truncates.
  private let exactWidths: Bool
  private let out: FormatOps
  private let outBits: Int
  // Slots: pre's valid, x, big, ch; the comparators' seg (contiguous); shift1's set, neg, bias; every shifter
  // stage's v (and acc, interleaved); sign's s; bias's y.
  private let sValid: Int
  private let sX: Int
  private let sBig: Int
  private let sCh: Int
  private let sSeg: Int
  private var sSet = 0
  private var sNeg = 0
  private var sBias = 0
  private var sV = 0
  private var sS = 0
  private var sY = 0

  init(_ config: ConfigPhase, lanes: Int) {
    let model = config.model
    let a = model.grau
    let k = config.kernel
    let st = model.stages
    slots = ToggleSlots(stages: st)
    kernel = k
    thresholds = k.memoryDecoded[model.memory]
    words = k.memoryWords[model.memory]
    stride = k.memories[model.memory].stride
    inputBits = model.inputBits
    channelMask = k.mask[model.port.first + 2]
    preShift = a.preShift
    shiftedBits = a.shifted.bits
    segments = a.segments
    chain = a.comparator == .chain
    bypass = model.bypass
    apot = a.slopeMode == .apot
    stages = a.stages
    settingOffset = model.settingOffset
    biasOffset = model.biasOffset
    settingMask = model.settingMask
    sumBits = a.sum.bits
    sum = FormatOps(a.sum)
    biasBits = a.bias.bits
    saturate = a.saturate
    out = FormatOps(model.output)
    outBits = model.output.bits
    func mask(_ s: Int, _ f: Int) -> UInt64 { k.mask[st[s].first + f] }
    bigMask = mask(0, 2)

    sValid = slots.own(0, 0)
    sX = slots.own(0, 1)
    sBig = slots.own(0, 2)
    sCh = slots.own(0, 3)
    let comparators = chain ? segments - 1 : 1
    sSeg = slots.slotCount
    for s in 1...comparators {
      for (f, slot) in [sValid, sX, sBig, sCh].enumerated() { slots.copy(s, f, from: slot) }
      slots.own(s, 4)
    }
    if bypass {
      vMask = 0
      accMask = 0
      sMask = 0
      yMask = 0
      exactWidths = false
    } else {
      let first = comparators + 1
      let fSet = apot ? 3 : 2
      vMask = mask(first, 1)
      accMask = apot ? mask(first, 2) : 0
      func ones(_ bits: Int) -> UInt64 { bits >= 64 ? .max : (UInt64(1) << UInt64(bits)) &- 1 }
      let b = a.shifted.bits
      let isAPoT = a.slopeMode == .apot
      exactWidths =
        b < 63 && (!isAPoT || a.stages <= 1 << (b - 1))
        && (first..<(first + a.stages)).allSatisfy { s in
          k.mask[st[s].first + 1] == ones(b) && (!isAPoT || k.mask[st[s].first + 2] == ones(b + 1))
        }
      sMask = mask(first + stages, 1)
      yMask = mask(first + stages + 1, 1)
      sSet = slots.own(first, fSet)
      sNeg = slots.own(first, fSet + 1)
      sBias = slots.own(first, fSet + 2)
      sV = slots.slotCount
      for i in 0..<stages {
        slots.copy(first + i, 0, from: sValid)
        slots.own(first + i, 1)
        if apot { slots.own(first + i, 2) }
        if i > 0 {
          for (f, slot) in [sSet, sNeg, sBias].enumerated() { slots.copy(first + i, fSet + f, from: slot) }
        }
      }
      let sign = first + stages
      slots.copy(sign, 0, from: sValid)
      sS = slots.own(sign, 1)
      slots.copy(sign, 2, from: sBias)
      slots.copy(sign + 1, 0, from: sValid)
      sY = slots.own(sign + 1, 1)
    }
    slots.start(config, lanes: lanes)
    if case .grau(let p) = config.parameters {
      references = GRAUReferenceTable(p, slots: slots)
    } else {
      references = GRAUReferenceTable([], slots: slots)
    }
    previous = slots.previous
    counts = slots.counts
    slotCount = slots.slotCount
  }

  func reference(_ x: Int, channel c: Int) -> Int { references.output(x, channel: c) }

  @inline(__always)
  mutating func lane(_ l: Int, valid: UInt64, x xp: UInt64, channel: UInt64) -> Int {
    let p = previous + l * slotCount
    let n = counts + l * slotCount
    p.take(sValid, valid, counts: n)
    p.take(sX, xp, counts: n)
    let x = xp.signExtended(inputBits)
    let big = (x << preShift).pattern(bigMask)
    p.take(sBig, big, counts: n)
    p.take(sCh, channel, counts: n)
    let row = Int(truncatingIfNeeded: channel) * stride
    var seg: UInt64 = 0
    // Branch-free: whether x reaches a threshold is data, not control flow.
    let th = thresholds.baseAddress! + row
    if chain {
      let ps = p + sSeg
      let ns = n + sSeg
      for j in 0..<(segments &- 1) {
        seg &+= x >= th[j] ? 1 : 0
        ps.take(j, seg, counts: ns)
      }
    } else {
      for j in 0..<(segments &- 1) { seg &+= x >= th[j] ? 1 : 0 }
      p.take(sSeg, seg, counts: n)
    }
    if bypass { return out.wrap(out.min + Int(seg)) }
    // The segment mux (UnitModel.segmentSettings).
    let settingWord = words[row + settingOffset + Int(seg)]
    let set = settingWord & settingMask
    let neg = (settingWord >> UInt64(stages)) & 1
    let bias = words[row + biasOffset + Int(seg)]
    p.take(sSet, set, counts: n)
    p.take(sNeg, neg, counts: n)
    p.take(sBias, bias, counts: n)
    var v = big.signExtended(shiftedBits)
    var acc = 0
    var slot = sV
    if exactWidths {
      // Every stage's v (and acc) fits its register (see `exactWidths`), so stage i holds v₀ >> r_i with r_i the
      // setting bits below i (PoT), or v₀ >> i and the running sum (APoT): no stage waits for its predecessor's
      // masking and sign extension.
      if apot {
        for i in 1...stages {
          let vi = v &>> i
          if (set &>> UInt64(i &- 1)) & 1 != 0 { acc &+= vi }
          p.take(slot, UInt64(bitPattern: Int64(vi)) & vMask, counts: n)
          p.take(slot &+ 1, UInt64(bitPattern: Int64(acc)) & accMask, counts: n)
          slot &+= 2
        }
        v &>>= stages
      } else {
        var r = 0
        for i in 0..<stages {
          r &+= Int(truncatingIfNeeded: (set &>> UInt64(i)) & 1)
          p.take(slot &+ i, UInt64(bitPattern: Int64(v &>> r)) & vMask, counts: n)
        }
        v &>>= r
      }
    } else if apot {
      for i in 1...stages {
        (v, acc) = UnitModel.shifterStep(v, acc, set: set, stage: i, apot: true)
        let vp = v.pattern(vMask)
        let ap = acc.pattern(accMask)
        p.take(slot, vp, counts: n)
        p.take(slot + 1, ap, counts: n)
        v = vp.signExtended(shiftedBits)
        acc = ap.signExtended(shiftedBits + 1)
        slot += 2
      }
    } else {
      for i in 1...stages {
        (v, acc) = UnitModel.shifterStep(v, acc, set: set, stage: i, apot: false)
        let vp = v.pattern(vMask)
        p.take(slot, vp, counts: n)
        v = vp.signExtended(shiftedBits)
        slot += 1
      }
    }
    let s = UnitModel.signStep(v: v, acc: acc, set: set, negative: neg != 0, apot: apot).pattern(sMask)
    p.take(sS, s, counts: n)
    // The offset adder (UnitModel.biasOutput).
    let t = sum.wrap(s.signExtended(sumBits) + bias.signExtended(biasBits))
    let y = (saturate ? out.clamp(t) : out.wrap(t)).pattern(yMask)
    p.take(sY, y, counts: n)
    return out.signed ? y.signExtended(outBits) : Int(y)
  }
}

/// ``GRAUReference/output(_:_:)`` of every channel, with the parameters laid out flat and the formats' constants
/// hoisted: the same closed form (the comparator count, then `X >> popcount(setting)` or the APoT sum of
/// `X >> i`, the signed offset, saturation), not the stage-by-stage datapath it checks. Channels whose
/// architecture, mode or output format differ from channel 0's use ``GRAUReference`` itself.
struct GRAUReferenceTable {
  private let parameters: [GRAUParameters]
  /// Owns the buffers.
  private let storage: ToggleSlots
  private let uniform: Bool
  private let thresholds: UnsafeMutablePointer<UInt64>
  private let segments: UnsafeMutablePointer<UInt64>
  private let thresholdStride: Int
  private let segmentStride: Int
  private let input: FormatOps
  private let shifted: FormatOps
  private let sum: FormatOps
  private let out: FormatOps
  private let preShift: Int
  private let apot: Bool
  private let bypass: Bool
  private let saturate: Bool

  /// Buffers come from `slots` (freed with them; the table keeps them).
  init(_ p: [GRAUParameters], slots: ToggleSlots) {
    parameters = p
    storage = slots
    let first = p.first
    let a = first?.architecture ?? GRAUArchitecture()
    uniform =
      first.map { f in
        p.allSatisfy {
          $0.architecture == f.architecture && $0.mode == f.mode && $0.output == f.output
            && $0.segments.count == f.segments.count
        }
      } ?? false
    thresholdStride = Swift.max(1, p.map(\.thresholds.count).max() ?? 0)
    segmentStride = Swift.max(1, first?.segments.count ?? 1) * 3
    thresholds = slots.scratch(p.count * thresholdStride)
    segments = slots.scratch(p.count * segmentStride)
    let mask: UInt32 = a.stages >= 32 ? .max : (UInt32(1) << a.stages) - 1
    for (c, q) in p.enumerated() {
      for j in 0..<thresholdStride {
        // A missing threshold is never reached: x is wrapped to the input width.
        let t = j < q.thresholds.count ? q.thresholds[j] : Int.max
        thresholds[c * thresholdStride + j] = UInt64(bitPattern: Int64(t))
      }
      guard uniform else { continue }
      for (k, g) in q.segments.enumerated() {
        let o = c * segmentStride + 3 * k
        segments[o] = UInt64(g.setting & mask)
        segments[o + 1] = g.negative ? 1 : 0
        segments[o + 2] = UInt64(bitPattern: Int64(a.bias.wrap(g.bias)))
      }
    }
    input = FormatOps(a.input)
    shifted = FormatOps(a.shifted)
    sum = FormatOps(a.sum)
    out = FormatOps(first?.output ?? IntegerFormat(bits: 1, signed: false))
    preShift = a.preShift
    apot = a.slopeMode == .apot
    bypass = first?.mode == .bypass
    saturate = a.saturate
  }

  @inline(__always)
  func output(_ x: Int, channel c: Int) -> Int {
    guard uniform else { return GRAUReference.output(x, parameters[c]) }
    let x = input.wrap(x)
    let t = thresholds + (c &* thresholdStride)
    var k = 0
    for j in 0..<thresholdStride where x >= Int(Int64(bitPattern: t[j])) { k &+= 1 }
    if bypass { return out.wrap(out.min &+ k) }
    let g = segments + (c &* segmentStride &+ 3 &* k)
    let bits = g[0]
    let big = shifted.wrap(x << preShift)
    var magnitude = 0
    if apot {
      var rest = bits
      while rest != 0 {
        magnitude &+= big.floorShift(rest.trailingZeroBitCount &+ 1)
        rest &= rest &- 1
      }
    } else if bits != 0 {
      magnitude = big.floorShift(bits.nonzeroBitCount)
    }
    let y = sum.wrap((g[1] != 0 ? -magnitude : magnitude) &+ Int(Int64(bitPattern: g[2])))
    return saturate ? out.clamp(y) : out.wrap(y)
  }
}
