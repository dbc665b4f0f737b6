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
  private let references: [GRAUChannelReference]
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
    if case .grau(let p) = config.parameters { references = p.map(GRAUChannelReference.init) } else { references = [] }
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
    } else {
      let first = comparators + 1
      let fSet = apot ? 3 : 2
      vMask = mask(first, 1)
      accMask = apot ? mask(first, 2) : 0
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
    previous = slots.previous
    counts = slots.counts
    slotCount = slots.slotCount
  }

  func reference(_ x: Int, channel c: Int) -> Int { references[c].output(x) }

  @inline(__always)
  mutating func lane(_ l: Int, valid: UInt64, x xp: UInt64, channel: UInt64) -> Int {
    let p = previous + l * slotCount
    let n = counts
    p.take(sValid, valid, counts: n)
    p.take(sX, xp, counts: n)
    let x = xp.signExtended(inputBits)
    let big = (x << preShift).pattern(bigMask)
    p.take(sBig, big, counts: n)
    p.take(sCh, channel, counts: n)
    let row = Int(truncatingIfNeeded: channel) * stride
    var seg: UInt64 = 0
    if chain {
      for j in 0..<(segments - 1) {
        if x >= thresholds[row + j] { seg += 1 }
        p.take(sSeg + j, seg, counts: n)
      }
    } else {
      for j in 0..<(segments - 1) where x >= thresholds[row + j] { seg += 1 }
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
    if apot {
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

/// One channel's ``GRAUReference``, held by a class so that each call borrows the parameters instead of copying
/// them (their arrays' retains were a fifth of the GRAU fast path).
final class GRAUChannelReference {
  let parameters: GRAUParameters

  init(_ p: GRAUParameters) { parameters = p }

  func output(_ x: Int) -> Int { GRAUReference.output(x, parameters) }
}
