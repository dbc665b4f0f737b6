// The fast path: the result of an unobserved run without simulating every stage register of every lane at every
// edge. It reports exactly what the event kernel reports (a differential test compares the two on random jobs).
// Why it is exact (docs/performance.md, "The fast path"):
//
// * Configuration, edges 0 … C−1: the port carries zeros, so every lane holds the same values; one lane is run on
//   the kernel itself (the same configuration driver, memory and stage code) and its toggles count L times.
//   (Below: pipelined units; the serialized ones, whose core idles until the first beat, in FastPath+Serial.swift.)
// * Streaming, edges ≥ C: memory and control no longer change and the pipeline moves only as a whole (global
//   stall), so stage s's register sequence over the enabled edges is: the configuration contents of stages
//   s−1, s−2, …, 1 flushed through the stages before it ("partials", again lane-identical: run on the one-lane
//   kernel), then F_s(item 1), F_s(item 2), … where item j is the port at the j-th enabled edge (a beat, or all
//   zeros in a source gap) and F_s is the composition of the stage functions. Stalls repeat a value (no
//   toggles); so do repeated zero items. The run ends at the edge the last beat leaves, when stage s has taken
//   i_last + λ − s + 1 items: at least one zero item after the last beat, then only zero items.
// * So, per lane, the toggles over the items are Σ popcount(F_s(item_{j−1}) ^ F_s(item_j)) over the beats in
//   stream order (a zero item before a beat that follows a gap, and one after the last beat), starting from the
//   one-lane kernel's stage s after the flush. A field a stage only copies from its predecessor (x, ch, valid,
//   big; set, neg, bias behind the shifter's first stage; MT's cnt above the precision) takes the same sequence
//   delayed, so its toggles are its source stage's item toggles (plus its own configuration and partials).
// * The handshakes and cycles come from the stall logic alone (out_valid is the last stage's lane-0 valid, and
//   lane 0 of a beat is always an element), simulated edge by edge without the datapath.
//
// A layer without elements (a few edges) and an observed run (waveforms) run on the event kernel.

/// Computes `UnitSimulator.simulate(_:)`'s result with statically scheduled loops.
enum FastPath {
  /// The result of `job`, or nil when the fast path does not cover it (the caller runs the event kernel).
  static func simulate(_ job: LayerJob) -> UnitLayerResult? {
    let L = Swift.max(1, job.lanes)
    let count = job.stream.count
    guard count > 0 else { return nil }
    if job.kind.isGRAU { guard job.grau.segments >= 2 else { return nil } }
    // The barrel shifter's stages are not in the fast path's stage functions: the event kernel runs it.
    guard job.grau.shifter == .chain else { return nil }
    guard var config = ConfigPhase(job: job) else { return nil }
    let stages = config.model.stages
    let beats = (count + L - 1) / L
    var tally = Tally(channels: job.parameters.channels)
    if job.captureOutputs { tally.outputs = [] }
    let itemToggles: (Int, Int) -> Int
    let lastLeave: Int
    let handshakes: [Int]
    if job.kind.isSerialized {
      let schedule = SerialSchedule(job: job, beats: beats)
      lastLeave = schedule.lastLeave
      handshakes = schedule.handshakeToggles
      if job.kind == .grauSerial {
        var e = GRAUSerialItems(config, lanes: L)
        tally.stream(job, lanes: L, gaps: [], trailingZero: false, evaluator: &e)
        e.finish(schedule, beats: beats, lanes: L)
        itemToggles = e.slots.toggles
      } else {
        var e = MTSerialItems(config, lanes: L)
        tally.stream(job, lanes: L, gaps: [], trailingZero: false, evaluator: &e)
        e.finish(schedule, beats: beats, lanes: L)
        itemToggles = e.slots.toggles
      }
      return result(job, config, tally, itemToggles: itemToggles, handshakes: handshakes, lastLeave: lastLeave)
    }
    guard stages.count == job.timing.latency else { return nil }
    let schedule = PipelineSchedule(job: job, beats: beats, stages: stages.count)
    lastLeave = schedule.lastLeave
    handshakes = schedule.handshakeToggles
    config.flush()
    switch job.kind {
    case .grau:
      var e = GRAUItems(config, lanes: L)
      tally.stream(job, lanes: L, gaps: schedule.gaps, evaluator: &e)
      itemToggles = e.slots.toggles
    case .mt:
      var e = MTItems(config, lanes: L)
      tally.stream(job, lanes: L, gaps: schedule.gaps, evaluator: &e)
      e.finish()
      itemToggles = e.slots.toggles
    default:
      var e = BinarySearchItems(config, lanes: L)
      tally.stream(job, lanes: L, gaps: schedule.gaps, evaluator: &e)
      itemToggles = e.slots.toggles
    }
    return result(job, config, tally, itemToggles: itemToggles, handshakes: handshakes, lastLeave: lastLeave)
  }

  /// The result: every stage field's toggles are its one-lane configuration toggles times L plus its item toggles.
  private static func result(
    _ job: LayerJob, _ config: ConfigPhase, _ tally: Tally, itemToggles: (Int, Int) -> Int, handshakes: [Int],
    lastLeave: Int
  ) -> UnitLayerResult {
    let L = Swift.max(1, job.lanes)
    let count = job.stream.count
    let beats = (count + L - 1) / L
    let k = config.kernel
    let model = config.model
    let report = model.toggleReport(
      k,
      stageField: { s, f in
        L * Int(k.toggles[model.stages[s].first + f]) + itemToggles(s, f)
      }, handshakes: handshakes)
    let timing = job.timing
    let c = job.reconfigurationCycles
    let ideal = ScheduleReference.idealCycles(beats: beats, timing: timing, reconfiguration: c)
    let cycles = CycleBreakdown(
      total: lastLeave, compute: beats * timing.initiationInterval,
      fillDrain: timing.latency - timing.initiationInterval, reconfiguration: c, stall: lastLeave - ideal)
    return UnitLayerResult(
      kind: job.kind, elements: count, cycles: cycles, latency: timing.latency, toggles: report, error: tally.error,
      channelErrors: tally.channelErrors, referenceMismatches: tally.mismatches,
      outputDigest: tally.digest.value, outputs: tally.outputs)
  }
}

/// An empty element stream (the one-lane configuration run streams nothing).
private struct NoElements: ElementStream {
  var count: Int { 0 }
  func fill(_ block: inout ElementBlock, start: Int, length: Int) { block.removeAll() }
}

/// Edges 0 … C−1 and the partial flush on a one-lane copy of the unit, on the event kernel.
///
/// The zero port reads row 0 of the parameter memory only, so the kernel runs the configuration of channel 0
/// (words 0 … C₀ − 1) with its processes; while the other channels' words are written (edges C₀ … C − 1) the
/// stages keep taking zero items with row 0 fixed, which after λ of those edges changes nothing more, and the
/// other rows' words go straight to the memory's write port (as the configuration write process puts them).
struct ConfigPhase {
  var model: UnitModel
  let kernel: Kernel
  /// Every channel's parameters (the one-lane model holds channel 0's only).
  let parameters: UnitParameterSet

  /// Runs the configuration: afterwards the kernel holds every register and memory word as after edge C − 1.
  init?(job: LayerJob) {
    var design = job.design
    design.lanes = 1
    let first: UnitParameterSet
    switch job.parameters {
    case .grau(let p): first = .grau(Array(p.prefix(1)))
    case .mt(let p): first = .mt(Array(p.prefix(1)))
    }
    guard first.channels == 1 else { return nil }
    let one = LayerJob(
      layerName: job.layerName, design: design, output: job.output, parameters: first, stream: NoElements(),
      sourceValid: job.sourceValid, sinkReady: job.sinkReady)
    var elaboration = Elaboration()
    var model = UnitModel(job: one, elaboration: &elaboration)
    let kernel = Kernel(elaboration)
    model.initialize(kernel)
    var none = NoObserver()
    do {
      _ = try kernel.run(&model, observer: &none, edgeLimit: one.reconfigurationCycles - 1)
    } catch {
      fatalError("internal error: \(error)")
    }
    let c0 = one.reconfigurationCycles
    let c = job.reconfigurationCycles
    if c > c0 {
      let S = model.stages.count
      for _ in 0..<Swift.min(c - c0, S) {
        for s in 1...S { _ = model.evaluate(4 + s, kernel: kernel) }
        kernel.commit()
      }
      // UnitModel.configDriver and configWrite: the bus fields at their widths, then the write port.
      let words = job.design.configurationWords(job.parameters)
      let o = model.cfg.first
      let stride = kernel.memories[model.memory].stride
      let busBits = job.design.busBits
      let busMask: UInt64 = busBits >= 64 ? .max : (UInt64(1) << UInt64(busBits)) &- 1
      for w in c0..<c {
        let word = words[w]
        let field = Int(UInt64(word.field) & kernel.mask[o + 2])
        precondition(field > 0, "only word 0 is the control word")
        kernel.writeMemory(
          model.memory, address: Int(UInt64(word.channel) & kernel.mask[o + 1]) * stride + field - 1,
          shift: Int(UInt64(word.part) & kernel.mask[o + 3]) * busBits, partMask: busMask,
          data: word.data & kernel.mask[o + 4])
        if w & 4095 == 0 { kernel.commit() }
      }
      kernel.commit()
    }
    self.model = model
    self.kernel = kernel
    parameters = job.parameters
  }

  /// The partials: at the j-th enabled edge after configuration, stages j + 1 … λ take their predecessor's
  /// configuration contents (stage 1 takes items, counted by the item evaluators). Afterwards stage s holds what
  /// it holds just before item 1 reaches it.
  mutating func flush() {
    let S = model.stages.count
    guard S > 1 else { return }
    // Stage s (1-based) is process 5 + s − 1 (UnitModel(job:elaboration:)).
    for j in 1..<S {
      for s in (j + 1)...S { _ = model.evaluate(4 + s, kernel: kernel) }
      kernel.commit()
    }
  }

  /// Lane 0's value of stage `s`'s field `f` (the one-lane kernel: field f is signal first + f).
  func value(stage s: Int, field f: Int) -> UInt64 { kernel.current[model.stages[s].first + f] }
}

/// The handshake of a pipelined unit edge by edge (docs/cycle-model.md): when beats are accepted and leave,
/// which beats follow a source gap, and the toggles of in_valid, in_ready, out_valid, out_ready.
struct PipelineSchedule {
  var lastLeave = 0
  /// Beats before which at least one all-zero port was captured (a source gap), ascending.
  var gaps: [Int] = []
  var handshakeToggles: [Int] = []

  init(job: LayerJob, beats: Int, stages S: Int) {
    let c = job.reconfigurationCycles
    let source = job.sourceValid
    let sink = job.sinkReady
    if beats > 0 && !source.bits.contains(false) && !sink.bits.contains(false) {
      // Nothing stalls: beat b is accepted at C + b and leaves at C + b + λ; in_valid rises at C − 1 and falls
      // with the last accept, out_valid rises at C + λ − 1 and falls with the last leave, out_ready rises at
      // C − 1, in_ready stays 1.
      lastLeave = c + beats - 1 + S
      handshakeToggles = [2, 0, 2, 1]
      return
    }
    // State after the previous edge; before edge C − 1 nothing changes (reset: in_ready = enable = 1).
    var inValid = false
    var outValid = false
    var outReady = false
    var enable = true
    var toggles = (0, 0, 0, 0)
    // Enabled edges from C on, and the enabled-edge number at which each beat in flight entered stage 1.
    var j = 0
    var flight = [Int](repeating: 0, count: S + 2)
    var head = 0
    var inFlight = 0
    var accepted = 0
    var left = 0
    var gap = false
    var e = c - 1
    // The patterns' positions at q = e + 1 − C, kept modulo their lengths (q = 0 at e = C − 1).
    var qs = 0
    var qk = 0
    while true {
      let accept = inValid && enable
      let leave = outValid && outReady
      let q = e + 1 - c
      if enable && e >= c {
        j += 1
        if accept {
          if gap { gaps.append(accepted) }
          gap = false
          let tail = head + inFlight
          flight[tail >= flight.count ? tail - flight.count : tail] = j
          inFlight += 1
        } else {
          gap = true
        }
      }
      if accept { accepted += 1 }
      let newInValid = q >= 0 && accepted < beats && source.bits[qs]
      if leave {
        head = head + 1 == flight.count ? 0 : head + 1
        inFlight -= 1
        left += 1
        lastLeave = e
      }
      let newOutReady = q >= 0 && sink.bits[qk]
      let newOutValid = inFlight > 0 && j - flight[head] + 1 == S
      let newEnable = !newOutValid || newOutReady
      if newInValid != inValid { toggles.0 += 1 }
      if newEnable != enable { toggles.1 += 1 }
      if newOutValid != outValid { toggles.2 += 1 }
      if newOutReady != outReady { toggles.3 += 1 }
      inValid = newInValid
      enable = newEnable
      outValid = newOutValid
      outReady = newOutReady
      if left == beats { break }
      e += 1
      qs = qs + 1 == source.bits.count ? 0 : qs + 1
      qk = qk + 1 == sink.bits.count ? 0 : qk + 1
    }
    handshakeToggles = [toggles.0, toggles.1, toggles.2, toggles.3]
  }
}
