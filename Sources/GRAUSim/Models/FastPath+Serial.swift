// The fast path of the serialized units (UnitModel+Serial.swift). Their core is idle (and writes nothing) until
// the first beat, so configuration leaves it at its reset values; from then on every lane's core registers take,
// per beat, the same sequence of values whatever the stalls: at the accept edge the port (x, big, ch; seg and cnt
// restart), then one step per edge (comparisons, shifter steps, sign, offset adder), then they hold until the
// beat leaves. So the data registers' toggles follow from the beats in stream order (bubble lanes compute on
// zeros), and the FSM registers' from the count of beats and the handshake: `step` / `idx` count 1 … λ per beat,
// `out_valid` is the handshake's out_valid in every lane, `busy` falls when a beat leaves without the next being
// accepted at that edge and rises at the next accept.

/// The handshake of a serialized unit edge by edge (docs/cycle-model.md): one beat in flight, in the output
/// register from edge a + λ − 1 on, leaving at the first edge after with out_ready.
struct SerialSchedule {
  var lastLeave = 0
  var handshakeToggles: [Int] = []
  /// Changes of lane 0's `busy`.
  var busyToggles = 0

  init(job: LayerJob, beats: Int) {
    let c = job.reconfigurationCycles
    let lambda = job.timing.latency
    let source = job.sourceValid.bits
    let sink = job.sinkReady.bits
    var inValid = false
    var inReady = true
    var outValid = false
    var outReady = false
    var busy = false
    var acceptEdge = 0
    var accepted = 0
    var left = 0
    var toggles = (0, 0, 0, 0)
    var e = c - 1
    var qs = 0
    var qk = 0
    while true {
      let accept = inValid && inReady
      let leave = outValid && outReady
      let q = e + 1 - c
      if accept { accepted += 1 }
      let newInValid = q >= 0 && accepted < beats && source[qs]
      if leave {
        left += 1
        lastLeave = e
      }
      let newOutReady = q >= 0 && sink[qk]
      var newBusy = busy
      if accept {
        newBusy = true
        acceptEdge = e
      } else if leave {
        newBusy = false
      }
      let newOutValid = newBusy && e + 1 >= acceptEdge + lambda
      let newInReady = !newBusy || (newOutValid && newOutReady)
      if newInValid != inValid { toggles.0 += 1 }
      if newInReady != inReady { toggles.1 += 1 }
      if newOutValid != outValid { toggles.2 += 1 }
      if newOutReady != outReady { toggles.3 += 1 }
      if newBusy != busy { busyToggles += 1 }
      inValid = newInValid
      inReady = newInReady
      outValid = newOutValid
      outReady = newOutReady
      busy = newBusy
      if left == beats { break }
      e += 1
      qs = qs + 1 == source.count ? 0 : qs + 1
      qk = qk + 1 == sink.count ? 0 : qk + 1
    }
    handshakeToggles = [toggles.0, toggles.1, toggles.2, toggles.3]
  }

  /// Toggles of a counter that runs 1 … top in each of `beats` beats from reset 0, holding top in between.
  static func counterToggles(top: Int, beats: Int) -> Int {
    guard beats > 0 else { return 0 }
    var run = 0
    for k in 1..<Swift.max(1, top) { run += (k ^ (k + 1)).nonzeroBitCount }
    return 1 + beats * run + (beats - 1) * (top ^ 1).nonzeroBitCount
  }
}

/// The serialized GRAU core's data registers for one lane-item (UnitModel.grauSerial).
struct GRAUSerialItems: ItemEvaluator {
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
  private let a: GRAUArchitecture
  private let bypass: Bool
  private let latency: Int
  private let masks: (big: UInt64, v: UInt64, acc: UInt64, s: UInt64, y: UInt64)
  private let settingOffset: Int
  private let biasOffset: Int
  private let settingMask: UInt64
  private let sum: FormatOps
  private let out: FormatOps
  private let output: IntegerFormat
  /// Slots of the core's fields x, big, ch, seg, step, busy, out_valid, v, acc, set, neg, bias, s, y (−1: absent).
  let f: SerialGRAUFields

  init(_ config: ConfigPhase, lanes: Int) {
    let model = config.model
    let k = config.kernel
    let core = model.stages[0]
    slots = ToggleSlots(stages: model.stages)
    kernel = k
    thresholds = k.memoryDecoded[model.memory]
    words = k.memoryWords[model.memory]
    stride = k.memories[model.memory].stride
    inputBits = model.inputBits
    channelMask = k.mask[model.port.first + 2]
    a = model.grau
    bypass = model.bypass
    latency = model.timing.latency
    let g = model.serialGRAU
    func mask(_ field: Int) -> UInt64 { field < 0 ? 0 : k.mask[core.first + field] }
    masks = (mask(g.big), mask(g.v), mask(g.acc), mask(g.s), mask(g.y))
    settingOffset = model.settingOffset
    biasOffset = model.biasOffset
    settingMask = model.settingMask
    sum = FormatOps(a.sum)
    out = FormatOps(model.output)
    output = model.output
    // Field offsets double as slot numbers: every core field is its own slot.
    for field in 0..<core.fields.count { slots.own(0, field) }
    f = g
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

  /// The FSM registers of every lane, from the schedule.
  func finish(_ schedule: SerialSchedule, beats: Int, lanes L: Int) {
    counts[f.step] &+= UInt64(L * SerialSchedule.counterToggles(top: latency, beats: beats))
    counts[f.busy] &+= UInt64(L * schedule.busyToggles)
    counts[f.outValid] &+= UInt64(L * schedule.handshakeToggles[2])
  }

  @inline(__always)
  mutating func lane(_ l: Int, valid: UInt64, x xp: UInt64, channel: UInt64) -> Int {
    let p = previous + l * slotCount
    let n = counts + l * slotCount
    p.take(f.x, xp, counts: n)
    let x = xp.signExtended(inputBits)
    let big = (x << a.preShift).pattern(masks.big)
    p.take(f.big, big, counts: n)
    p.take(f.ch, channel, counts: n)
    let row = Int(truncatingIfNeeded: channel) * stride
    var seg: UInt64 = 0
    p.take(f.seg, 0, counts: n)
    for j in 0..<(a.segments - 1) {
      if x >= thresholds[row + j] { seg += 1 }
      p.take(f.seg, seg, counts: n)
    }
    if bypass { return out.wrap(out.min + Int(seg)) }
    let settingWord = words[row + settingOffset + Int(seg)]
    let set = settingWord & settingMask
    let neg = (settingWord >> UInt64(a.stages)) & 1
    let bias = words[row + biasOffset + Int(seg)]
    let apot = a.slopeMode == .apot
    let shifted = a.shifted.bits
    var v = big.signExtended(shifted)
    var acc = 0
    for i in 1...a.stages {
      (v, acc) = UnitModel.shifterStep(v, acc, set: set, stage: i, apot: apot)
      if i == 1 {
        p.take(f.set, set, counts: n)
        p.take(f.neg, neg, counts: n)
        p.take(f.bias, bias, counts: n)
      }
      let vp = v.pattern(masks.v)
      p.take(f.v, vp, counts: n)
      v = vp.signExtended(shifted)
      if apot {
        let ap = acc.pattern(masks.acc)
        p.take(f.acc, ap, counts: n)
        acc = ap.signExtended(shifted + 1)
      }
    }
    let s = UnitModel.signStep(v: v, acc: acc, set: set, negative: neg != 0, apot: apot).pattern(masks.s)
    p.take(f.s, s, counts: n)
    let t = sum.wrap(s.signExtended(a.sum.bits) + bias.signExtended(a.bias.bits))
    let y = (a.saturate ? out.clamp(t) : out.wrap(t)).pattern(masks.y)
    p.take(f.y, y, counts: n)
    return output.signed ? y.signExtended(output.bits) : Int(y)
  }
}

/// The serialized MT core's data registers for one lane-item (UnitModel.mtSerial).
struct MTSerialItems: ItemEvaluator {
  typealias F = SerialMTFields
  let slots: ToggleSlots
  private let kernel: Kernel
  private let previous: UnsafeMutablePointer<UInt64>
  private let counts: UnsafeMutablePointer<UInt64>
  private let slotCount: Int
  private let thresholds: UnsafeMutableBufferPointer<Int>
  private let lookups: [MTLookup]
  private let m: Int
  private let out: FormatOps
  let inputBits: Int
  let channelMask: UInt64

  init(_ config: ConfigPhase, lanes: Int) {
    let model = config.model
    let k = config.kernel
    slots = ToggleSlots(stages: model.stages)
    kernel = k
    thresholds = k.memoryDecoded[model.memory]
    if case .mt(let p) = config.parameters { lookups = p.map(MTLookup.init) } else { lookups = [] }
    m = (1 << model.output.bits) - 1
    out = FormatOps(model.output)
    inputBits = model.inputBits
    channelMask = k.mask[model.port.first + 2]
    for field in 0..<model.stages[0].fields.count { slots.own(0, field) }
    slots.start(config, lanes: lanes)
    previous = slots.previous
    counts = slots.counts
    slotCount = slots.slotCount
  }

  func reference(_ x: Int, channel c: Int) -> Int { lookups[c].output(x) }
  func referenceMatches(_ y: Int, _ x: Int, channel c: Int) -> Bool { lookups[c].produces(y, for: x) }

  func finish(_ schedule: SerialSchedule, beats: Int, lanes L: Int) {
    counts[F.idx] &+= UInt64(L * SerialSchedule.counterToggles(top: m, beats: beats))
    counts[F.busy] &+= UInt64(L * schedule.busyToggles)
    counts[F.outValid] &+= UInt64(L * schedule.handshakeToggles[2])
  }

  @inline(__always)
  mutating func lane(_ l: Int, valid: UInt64, x xp: UInt64, channel: UInt64) -> Int {
    let p = previous + l * slotCount
    let n = counts + l * slotCount
    p.take(F.x, xp, counts: n)
    p.take(F.ch, channel, counts: n)
    let x = xp.signExtended(inputBits)
    let row = Int(truncatingIfNeeded: channel) * m
    var c: UInt64 = 0
    for j in 0..<m {
      if x >= thresholds[row + j] { c += 1 }
      p.take(F.cnt, c, counts: n)
    }
    return out.wrap(out.min + Int(c))
  }
}
