// The traced fast path: the observer calls of a traced run (what `grausim run --vcd` writes) without the event
// kernel in the streaming phase. Covers the pipelined units (grau, mt, mt_bs) when neither handshake pattern has a
// 0; everything else is traced on the kernel. A differential test compares every observer call with the kernel's.
//
// Why it is exact (docs/performance.md, "Traced runs"): the kernel runs, observed, through configuration and the
// first λ streaming edges, to edge E₀ = C + λ − 1. From there on nothing stalls, so after edge e
//
// * the port holds beat e + 1 − C (valid 1, x, channel per lane; a lane past the last element 0, 0, 0) while
//   beats remain, then zeros; in_valid is 1 until the edge that accepts the last beat, C + B − 1;
// * stage s (0-based) holds F_s(item e − C − s), item k being beat k and after the last beat the all-zero port;
// * out_valid, a combinational wire, is 1 from C + λ − 1 until the last beat leaves; out_ready, in_ready, the
//   configuration bus, the control register and the memory no longer change;
// * the kernel commits registers in ascending signal order and reports their changes, then settles the
//   handshake and reports out_valid; the run ends at the edge the last beat leaves, C + λ + B − 1.
//
// F_s comes from the untraced fast path's item evaluators (every stage field's value for one lane-item).

/// The item values every stage field holds, one lane-item at a time, as slots (``ToggleSlots``).
protocol TraceItemSource {
  /// Per stage and field: the slot holding its value.
  var slotOf: [[Int]] { get }
  var slotCount: Int { get }
  /// Writes the slot values of the item (valid, x pattern, channel pattern) to `into[0 ..< slotCount]`.
  mutating func values(valid: UInt64, x: UInt64, channel: UInt64, into: UnsafeMutablePointer<UInt64>)
  /// Whether stage s's field f shows min(s + 1, its slot's value) rather than the value itself.
  func isCount(stage s: Int, field f: Int) -> Bool
}

extension TraceItemSource {
  func isCount(stage s: Int, field f: Int) -> Bool { false }
}

/// An untraced evaluator run on one lane: after each item, its previous values are that item's slot values.
struct EvaluatorTraceItems<E: ItemEvaluator>: TraceItemSource {
  var evaluator: E
  let slots: ToggleSlots
  var slotOf: [[Int]] { slots.slotOf }
  var slotCount: Int { slots.slotCount }

  mutating func values(valid: UInt64, x: UInt64, channel: UInt64, into p: UnsafeMutablePointer<UInt64>) {
    _ = evaluator.lane(0, valid: valid, x: x, channel: channel)
    p.update(from: slots.previous, count: slots.slotCount)
  }
}

/// The pipelined MT's stages: valid, x and channel copied along, and stage j's count (UnitModel.mtStage): the
/// previous count plus `x ≥ t_j` for j ≤ m = 2^n − 1, else the previous count (0 at stage 1). With every row's
/// thresholds ascending, `x ≥ t_j` holds exactly for j ≤ c = #{j ≤ m : x ≥ t_j}, so stage j shows min(j, c)
/// (c ≤ m fits the count field): one slot c for all stages. Otherwise each stage's count is its own slot.
struct MTTraceItems: TraceItemSource {
  let slotOf: [[Int]]
  let slotCount: Int
  private let stages: Int
  private let m: Int
  private let ordered: Bool
  private let thresholds: UnsafeMutableBufferPointer<Int>
  private let cntMask: UInt64
  private let inputBits: Int
  /// Keeps the thresholds' kernel alive.
  private let kernel: Kernel

  init(_ config: ConfigPhase) {
    let model = config.model
    let k = config.kernel
    stages = model.stages.count
    m = (1 << model.output.bits) - 1
    let t = k.memoryDecoded[model.memory]
    thresholds = t
    cntMask = k.mask[model.stages[0].first + 3]
    inputBits = model.inputBits
    kernel = k
    let rows = k.memories[model.memory].rows
    let width = m
    ordered =
      k.memories[model.memory].stride == m
      && (0..<rows).allSatisfy { r in
        (1..<Swift.max(1, width)).allSatisfy { t[r * width + $0 - 1] <= t[r * width + $0] }
      }
    slotCount = ordered ? 4 : 3 + model.stages.count
    let ordered = ordered
    slotOf = (0..<model.stages.count).map { s in [0, 1, 2, ordered ? 3 : 3 + s] }
  }

  func isCount(stage s: Int, field f: Int) -> Bool { ordered && f == 3 }

  mutating func values(valid: UInt64, x xp: UInt64, channel: UInt64, into p: UnsafeMutablePointer<UInt64>) {
    p[0] = valid
    p[1] = xp
    p[2] = channel
    let x = xp.signExtended(inputBits)
    let row = Int(truncatingIfNeeded: channel) * m
    var c: UInt64 = 0
    if ordered {
      for j in 1...m where x >= thresholds[row + j - 1] { c &+= 1 }
      p[3] = c
      return
    }
    for j in 1...stages {
      if j <= m { c = (c &+ (x >= thresholds[row + j - 1] ? 1 : 0)) & cntMask }
      p[2 + j] = c
    }
  }
}

enum FastTrace {
  /// The result of `job` with every observer call the kernel makes for `scope`, or nil when this path does not
  /// cover the job (the caller traces it on the kernel; nothing has been reported then).
  static func simulate<O: SimulationObserver>(_ job: LayerJob, observer: inout O, scope: ObservationScope)
    -> UnitLayerResult?
  {
    guard covers(job), let result = FastPath.simulate(job) else { return nil }
    return trace(job, observer: &observer, scope: scope) ? result : nil
  }

  /// Whether the traced fast path covers `job`.
  static func covers(_ job: LayerJob) -> Bool {
    guard job.kind == .grau || job.kind == .mt || job.kind == .mtBinarySearch else { return false }
    guard !job.sourceValid.bits.contains(false), !job.sinkReady.bits.contains(false) else { return false }
    if job.kind.isGRAU { guard job.grau.segments >= 2 else { return false } }
    guard job.grau.shifter == .chain else { return false }  // the barrel runs on the event kernel
    return job.stream.count > 0 && job.timing.latency >= 1
  }

  /// Every observer call the kernel makes for `scope`, without the result; false (nothing reported) when this path
  /// does not cover the job.
  static func trace<O: SimulationObserver>(_ job: LayerJob, observer: inout O, scope: ObservationScope) -> Bool {
    guard covers(job), var config = ConfigPhase(job: job) else { return false }
    guard config.model.stages.count == job.timing.latency else { return false }
    config.flush()
    switch job.kind {
    case .grau:
      let e = GRAUItems(config, lanes: 1)
      var items = EvaluatorTraceItems(evaluator: e, slots: e.slots)
      emit(job, &items, observer: &observer, scope: scope)
    case .mt:
      var items = MTTraceItems(config)
      emit(job, &items, observer: &observer, scope: scope)
    default:
      let e = BinarySearchItems(config, lanes: 1)
      var items = EvaluatorTraceItems(evaluator: e, slots: e.slots)
      emit(job, &items, observer: &observer, scope: scope)
    }
    return true
  }

  private static func emit<T: TraceItemSource, O: SimulationObserver>(
    _ job: LayerJob, _ items: inout T, observer: inout O, scope: ObservationScope
  ) {
    let L = Swift.max(1, job.lanes)
    let count = job.stream.count
    let C = job.reconfigurationCycles
    let lambda = job.timing.latency
    let B = (count + L - 1) / L
    let lastLeave = C + lambda + B - 1
    let e0 = C + lambda - 1

    // The kernel through edge E₀, observed.
    var elaboration = Elaboration()
    var model = UnitModel(job: job, elaboration: &elaboration)
    let kernel = Kernel(elaboration)
    model.initialize(kernel)
    let (signals, ids) = model.observation(scope, kernel: kernel)
    do {
      _ = try kernel.run(
        &model, observer: &observer, observed: signals, observedSignals: ids, window: scope.edges, edgeLimit: e0)
    } catch {
      fatalError("internal error: \(error)")
    }
    let windowStart = scope.edges?.lowerBound ?? 0
    let windowEnd = scope.edges?.upperBound ?? .max
    var begun = windowStart <= e0

    // Every observed signal's value, by observer index; the registers that still change, in commit order: in_valid,
    // the port, the stages (ascending signal index), then the combinational out_valid.
    let values = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: ids.count)
    defer { values.deallocate() }
    for (i, id) in ids.enumerated() { values[i] = id >= 0 ? kernel.current[id] : 0 }
    var observerOf = [Int: Int]()
    for (i, id) in ids.enumerated() where id >= 0 { observerOf[id] = i }
    let selected = Array(Set(scope.lanes.filter { $0 >= 0 && $0 < L })).sorted()
    let slotOf = items.slotOf
    let slotCount = items.slotCount
    var ports: [(id: Int, observer: Int, field: Int, lane: Int)] = []
    var stages: [(id: Int, observer: Int32, stage: Int32, slot: Int32, count: Bool)] = []
    for (li, l) in selected.enumerated() {
      for f in 0..<model.port.fields.count {
        let id = model.port.first + f * L + l
        if let o = observerOf[id] { ports.append((id, o, f, l)) }
      }
      for (s, layout) in model.stages.enumerated() {
        for f in 0..<layout.fields.count {
          let id = layout.first + f * L + l
          if let o = observerOf[id] {
            stages.append(
              (id, Int32(o), Int32(s), Int32(li * slotCount + slotOf[s][f]), items.isCount(stage: s, field: f)))
          }
        }
      }
    }
    ports.sort { $0.id < $1.id }
    stages.sort { $0.id < $1.id }
    precondition(
      (ports.last?.id ?? -1) < (stages.first?.id ?? .max) && model.inValid.signal < model.port.first,
      "the kernel commits in_valid, then the port, then the stages")
    let inValidObserver = observerOf[model.inValid.signal]
    let outValidObserver = observerOf[model.outValid.signal]

    // Items, in two layouts so that each edge reads memory in order. A slot's home is the first stage holding
    // it. `rows`: row r holds, per (selected lane, slot), the item whose value the slot's home stage shows when
    // k ≡ r (mod D): item i goes to row (i + home) mod D. `columns`: per (lane, slot), item i at column i mod D,
    // for the stages that copy the slot (stage s shows item k − s, so consecutive stages read adjacent columns).
    var home = [Int](repeating: Int.max, count: slotCount)
    for (s, fields) in slotOf.enumerated() { for slot in fields { home[slot] = Swift.min(home[slot], s) } }
    let D = lambda + 1
    let width = Swift.max(1, selected.count * slotCount)
    let rows = UnsafeMutablePointer<UInt64>.allocate(capacity: D * width)
    rows.initialize(repeating: 0, count: D * width)
    let columns = UnsafeMutablePointer<UInt64>.allocate(capacity: D * width)
    columns.initialize(repeating: 0, count: D * width)
    let scratch = UnsafeMutablePointer<UInt64>.allocate(capacity: Swift.max(1, slotCount))
    scratch.initialize(repeating: 0, count: Swift.max(1, slotCount))
    let homes = UnsafeMutablePointer<Int>.allocate(capacity: Swift.max(1, slotCount))
    for (i, h) in home.enumerated() { homes[i] = h == Int.max ? 0 : h }
    // Per stage entry: observer index, stage, and where it reads: a row offset (home stage) or a column base
    // (a copying stage), flagged by `copies`.
    let stageCount = stages.count
    let entryObserver = UnsafeMutablePointer<Int32>.allocate(capacity: Swift.max(1, stageCount))
    let entryStage = UnsafeMutablePointer<Int>.allocate(capacity: Swift.max(1, stageCount))
    let entryOffset = UnsafeMutablePointer<Int>.allocate(capacity: Swift.max(1, stageCount))
    let entryCopies = UnsafeMutablePointer<Bool>.allocate(capacity: Swift.max(1, stageCount))
    // 0, or for a count field (``TraceItemSource/isCount(stage:field:)``) the stage number + 1 it is capped at.
    let entryCap = UnsafeMutablePointer<UInt64>.allocate(capacity: Swift.max(1, stageCount))
    defer {
      entryCap.deallocate()
      rows.deallocate()
      columns.deallocate()
      scratch.deallocate()
      homes.deallocate()
      entryObserver.deallocate()
      entryStage.deallocate()
      entryOffset.deallocate()
      entryCopies.deallocate()
    }
    for (q, entry) in stages.enumerated() {
      let slot = Int(entry.slot) % Swift.max(1, slotCount)
      entryObserver[q] = entry.observer
      entryStage[q] = Int(entry.stage)
      entryCopies[q] = Int(entry.stage) != homes[slot]
      entryOffset[q] = entryCopies[q] ? Int(entry.slot) * D : Int(entry.slot)
      entryCap[q] = entry.count ? UInt64(entry.stage) + 1 : 0
    }
    let xMask = kernel.mask[model.port.first + L]
    let chMask = kernel.mask[model.port.first + 2 * L]
    var block = ElementBlock()
    var blockFirst = -1
    var blockBeats = 0
    /// Beat b's port value on lane l: (valid, x, channel) patterns; zeros past the last element or beat.
    func port(_ b: Int, _ l: Int) -> (UInt64, UInt64, UInt64) {
      let i = b * L + l
      guard b < B, i < count else { return (0, 0, 0) }
      if b < blockFirst || b >= blockFirst + blockBeats {
        blockBeats = Swift.min(Swift.max(1, 8192 / L), B - b)
        blockFirst = b
        job.stream.fill(&block, start: b * L, length: Swift.min(blockBeats * L, count - b * L))
      }
      let c = i - blockFirst * L
      return (1, UInt64(bitPattern: Int64(block.x[c])) & xMask, UInt64(truncatingIfNeeded: block.channel[c]) & chMask)
    }
    func makeItem(_ k: Int) {
      let column = k % D
      for (li, l) in selected.enumerated() {
        let (v, x, ch) = port(k, l)
        items.values(valid: v, x: x, channel: ch, into: scratch)
        let lane = li * slotCount
        for slot in 0..<slotCount {
          let value = scratch[slot]
          var r = column &+ homes[slot]
          while r >= D { r &-= D }
          rows[r &* width &+ lane &+ slot] = value
          columns[(lane &+ slot) &* D &+ column] = value
        }
      }
    }
    if lambda > 1 { for k in 1..<lambda { makeItem(k) } }

    @inline(__always)
    func set(_ o: Int, _ v: UInt64, edge e: Int, report: Bool) {
      if v != values[o] {
        values[o] = v
        if report { observer.change(edge: e, signal: o, value: v) }
      }
    }
    for e in (e0 + 1)...lastLeave {
      if !begun && e >= windowStart {
        observer.begin(signals: signals, initialValues: Array(values), firstEdge: e)
        begun = true
      }
      if begun && e > windowEnd { break }
      let report = begun
      let k = e - C
      makeItem(k)
      if let o = inValidObserver { set(o, e < C + B - 1 ? 1 : 0, edge: e, report: report) }
      for entry in ports {
        let p = port(k + 1, entry.lane)
        set(entry.observer, entry.field == 0 ? p.0 : entry.field == 1 ? p.1 : p.2, edge: e, report: report)
      }
      let column = k % D
      let row = rows + column &* width
      for q in 0..<stageCount {
        var v: UInt64
        if entryCopies[q] {
          var c = column &- entryStage[q]
          if c < 0 { c &+= D }
          v = columns[entryOffset[q] &+ c]
        } else {
          v = row[entryOffset[q]]
        }
        let cap = entryCap[q]
        if cap != 0 && v > cap { v = cap }
        set(Int(entryObserver[q]), v, edge: e, report: report)
      }
      if let o = outValidObserver {
        let first = e - C - lambda + 1
        set(o, first >= 0 && first < B ? 1 : 0, edge: e, report: report)
      }
    }
    if !begun { observer.begin(signals: signals, initialValues: Array(values), firstEdge: lastLeave + 1) }
    observer.finish(lastEdge: Swift.min(lastLeave, windowEnd))
  }
}
