/// What the kernel calls to evaluate a process: the model's processes, dispatched by `switch` on its own enum.
protocol ProcessModel {
  /// Evaluates process `process`: read current values (`kernel.current`), write next values (`kernel.next` plus
  /// ``Kernel/markDirty(block:)``, or ``Kernel/write(_:_:)``), queue memory writes.
  ///
  /// - Returns: whether the evaluation completed. A clocked process returning `false` (e.g. a stalled pipeline
  ///   stage) stays pending and is evaluated again at the next edge.
  mutating func evaluate(_ process: Int, kernel: Kernel) -> Bool
}

/// A memory's storage: bit patterns, their sign-extended values (the read port), and toggle counters per group.
final class KernelMemory {
  let rows: Int
  let stride: Int
  let fields: [MemoryField]
  let groups: [String]
  let words: UnsafeMutableBufferPointer<UInt64>
  /// `decoded[row * stride + field]`: the word as the datapath reads it (sign-extended when signed).
  let decoded: UnsafeMutableBufferPointer<Int>
  var groupToggles: [UInt64]
  /// Processes sensitive to each field: `fanout[fanoutStart[f] ..< fanoutStart[f + 1]]`.
  let fanoutStart: [Int]
  let fanout: [Int]

  init(_ d: MemoryDeclaration, sensitivity: [(field: Int, process: Int)]) {
    rows = d.rows
    stride = d.fields.count
    fields = d.fields
    groups = d.groups
    let n = Swift.max(1, rows * stride)
    words = .allocate(capacity: n)
    words.initialize(repeating: 0)
    decoded = .allocate(capacity: n)
    decoded.initialize(repeating: 0)
    groupToggles = Array(repeating: 0, count: d.groups.count)
    var start = [Int](repeating: 0, count: stride + 1)
    for s in sensitivity { start[s.field + 1] += 1 }
    for f in 0..<stride { start[f + 1] += start[f] }
    var fill = start
    var out = [Int](repeating: 0, count: sensitivity.count)
    for s in sensitivity.sorted(by: { ($0.field, $0.process) < ($1.field, $1.process) }) {
      out[fill[s.field]] = s.process
      fill[s.field] += 1
    }
    fanoutStart = start
    fanout = out
  }

  deinit {
    words.deallocate()
    decoded.deallocate()
  }
}

/// The event-driven simulation kernel (SystemC / Verilog semantics: evaluate, update, delta cycles).
///
/// - Signals (wires and registers alike) hold `(current, next)` bit patterns in flat buffers. Processes write
///   `next`; the **update** phase commits every dirty block: `toggles += popcount(current ^ next)`, observers
///   are told about changes, `current = next`, and the processes sensitive to a changed block are woken.
/// - A time step: pop every event at the earliest time (ordered by time, priority, insertion sequence); evaluate
///   the clocked processes of the clocks that tick (pending or always-active ones, ascending index) and the woken
///   timed processes; update; then **delta cycles** — evaluate woken combinational processes, update — until
///   quiet. More than `maxDeltas` delta cycles is reported as a combinational loop naming the signals.
/// - A clocked process that is neither pending nor always active is not evaluated: a quiet stage costs nothing.
final class Kernel {
  // Signal state lives in flat buffers that the models' stage loops index directly (block b, field f, lane l is
  // one offset): buffer pointers, so every index is checked in debug builds and costs nothing in release builds.
  // The kernel owns them and frees them in `deinit`.
  let declarations: [SignalDeclaration]
  let signalCount: Int
  let current: UnsafeMutableBufferPointer<UInt64>
  let next: UnsafeMutableBufferPointer<UInt64>
  let mask: UnsafeMutableBufferPointer<UInt64>
  /// Committed bit flips per signal, `Σ popcount(old ^ new)`.
  let toggles: UnsafeMutableBufferPointer<UInt64>
  /// Observer index of each signal, or −1.
  let observerIndex: UnsafeMutableBufferPointer<Int32>

  let blockStart: [Int]
  let blockCount: Int
  private let blockFanoutStart: [Int]
  private let blockFanout: [Int]
  private let dirtyBlocks: Bitset

  let processKinds: [ProcessKind]
  private let isCombinational: [Bool]
  private let processClock: [Int]
  private let pendingClocked: Bitset
  private let alwaysActive: Bitset
  private let pendingCombinational: Bitset
  private let wokenTimed: Bitset
  private var wokenOrder: ContiguousArray<Int32> = []
  private let processCount: Int
  /// Evaluations per process (tests check that a quiet stage is not evaluated).
  let evaluations: UnsafeMutableBufferPointer<Int>

  let memories: [KernelMemory]
  /// Per memory: its words' bit patterns and their decoded (read-port) values, `[row * stride + field]`.
  let memoryWords: [UnsafeMutableBufferPointer<UInt64>]
  let memoryDecoded: [UnsafeMutableBufferPointer<Int>]
  private struct MemoryWrite {
    var memory: Int32
    var address: Int32
    var shift: UInt32
    var partMask: UInt64
    var data: UInt64
  }
  private var memoryWrites: ContiguousArray<MemoryWrite> = []

  let clockPeriods: [Int64]
  private var clockEdges: [Int]
  private var queue = EventQueue()
  /// The current time in ticks.
  private(set) var time: Int64 = 0
  /// The primary clock's current edge number (−1 before edge 0).
  private(set) var edge = -1
  private var stopRequested = false
  /// Upper bound on delta cycles per time step.
  var maxDeltas = 1000

  init(_ e: Elaboration) {
    declarations = e.signals
    signalCount = e.signals.count
    let n = Swift.max(1, signalCount)
    current = .allocate(capacity: n)
    current.initialize(repeating: 0)
    next = .allocate(capacity: n)
    next.initialize(repeating: 0)
    mask = .allocate(capacity: n)
    mask.initialize(repeating: .max)
    for (i, d) in e.signals.enumerated() { mask[i] = d.mask }
    toggles = .allocate(capacity: n)
    toggles.initialize(repeating: 0)
    observerIndex = .allocate(capacity: n)
    observerIndex.initialize(repeating: -1)

    blockStart = e.blockStart
    blockCount = e.blockCount
    var start = [Int](repeating: 0, count: blockCount + 1)
    for s in e.sensitivity { start[s.block + 1] += 1 }
    for b in 0..<blockCount { start[b + 1] += start[b] }
    var fill = start
    var fan = [Int](repeating: 0, count: e.sensitivity.count)
    for s in e.sensitivity.sorted(by: { ($0.block, $0.process) < ($1.block, $1.process) }) {
      fan[fill[s.block]] = s.process
      fill[s.block] += 1
    }
    blockFanoutStart = start
    blockFanout = fan
    dirtyBlocks = Bitset(capacity: blockCount)

    processKinds = e.processKinds
    processCount = e.processKinds.count
    isCombinational = e.processKinds.map { $0 == .combinational }
    processClock = e.processKinds.map {
      if case .clocked(let c) = $0 { return c }
      return -1
    }
    pendingClocked = Bitset(capacity: processCount)
    alwaysActive = Bitset(capacity: processCount)
    pendingCombinational = Bitset(capacity: processCount)
    wokenTimed = Bitset(capacity: processCount)
    evaluations = .allocate(capacity: Swift.max(1, processCount))
    evaluations.initialize(repeating: 0)
    for p in 0..<processCount {
      if e.alwaysActive[p] { alwaysActive.insert(p) }
      // Like SystemC's initialization phase: every clocked process runs at its first edge, every
      // combinational process once before the first edge.
      if processClock[p] >= 0 { pendingClocked.insert(p) }
      if isCombinational[p] { pendingCombinational.insert(p) }
    }

    memories = e.memories.enumerated().map { (i, d) in
      KernelMemory(d, sensitivity: e.memorySensitivity.filter { $0.memory == i }.map { ($0.field, $0.process) })
    }
    memoryWords = memories.map(\.words)
    memoryDecoded = memories.map(\.decoded)
    memoryWrites.reserveCapacity(16)
    clockPeriods = e.clockPeriods
    clockEdges = Array(repeating: -1, count: e.clockPeriods.count)
  }

  deinit {
    current.deallocate()
    next.deallocate()
    mask.deallocate()
    toggles.deallocate()
    observerIndex.deallocate()
    evaluations.deallocate()
  }

  // MARK: Process-side API

  /// Marks a block as written this phase (its signals' `next` values are committed in the update).
  @inline(__always)
  func markDirty(block: Int) { dirtyBlocks.insert(block) }

  /// Writes a one-signal block's next value (truncated to the signal's width).
  ///
  /// Processes that store into `next` directly must store in-width patterns (checked in debug builds).
  @inline(__always)
  func write(_ signal: Int, block: Int, _ value: UInt64) {
    next[signal] = value & mask[signal]
    dirtyBlocks.insert(block)
  }

  /// Queues a write of `data` into bits `shift ..< shift + bitCount(partMask)` of memory word `address`,
  /// committed in the update phase.
  @inline(__always)
  func writeMemory(_ memory: Int, address: Int, shift: Int, partMask: UInt64, data: UInt64) {
    memoryWrites.append(
      MemoryWrite(memory: Int32(memory), address: Int32(address), shift: UInt32(shift), partMask: partMask, data: data))
  }

  /// Makes a process always active (evaluated at every edge of its clock) or not.
  func setAlwaysActive(_ process: Int, _ active: Bool) {
    if active { alwaysActive.insert(process) } else { alwaysActive.remove(process) }
  }

  /// Ends the run after the current time step.
  func requestStop() { stopRequested = true }

  /// One update phase outside ``run(_:observer:observed:observedSignals:window:edgeLimit:)``: commits what
  /// processes called directly have written (toggles counted, nothing observed). For synchronous steppers.
  func commit() {
    var none = NoObserver()
    update(observer: &none, reporting: false)
  }

  /// Schedules a timed wake-up of `process` at absolute time `time` (ticks).
  func schedule(process: Int, at time: Int64, priority: Int32 = 0) {
    queue.push(time: time, priority: priority, kind: .wake, target: Int32(process))
  }

  // MARK: The scheduler

  /// Runs until a process requests a stop, the queue empties, or `edgeLimit` primary edges have passed.
  ///
  /// - Parameters:
  ///   - observed: the observer's signal list; `observedSignals[i]` is the kernel signal of entry i, or −1 for a
  ///     pseudo signal (the clock) that is declared but never reported.
  ///   - window: the primary-clock edges whose changes the observer sees (nil: all).
  /// - Returns: the last primary edge simulated.
  func run<M: ProcessModel, O: SimulationObserver>(
    _ model: inout M, observer: inout O, observed: [ObservedSignal] = [], observedSignals: [Int] = [],
    window: ClosedRange<Int>? = nil, edgeLimit: Int = .max
  ) throws(KernelError) -> Int {
    let observing = !observed.isEmpty
    for (i, s) in observedSignals.enumerated() where s >= 0 { observerIndex[s] = Int32(i) }
    let windowStart = window?.lowerBound ?? 0
    let windowEnd = window?.upperBound ?? .max
    var begun = false
    func openWindow(firstEdge: Int) {
      let values = observedSignals.map { $0 >= 0 ? current[$0] : 0 }
      observer.begin(signals: observed, initialValues: values, firstEdge: firstEdge)
      begun = true
    }

    for c in clockPeriods.indices { queue.push(time: 0, priority: Int32(c), kind: .clockEdge, target: Int32(c)) }
    // Initialization: settle combinational logic before edge 0 (nothing is observed: it is the reset state).
    try settle(model: &model, observer: &observer, report: false)
    // The settled reset state is the starting point, not switching activity.
    toggles.update(repeating: 0)

    while !stopRequested, let first = queue.first {
      time = first.time
      var primaryTicked = false
      // Evaluation phase: every event at this time, in (priority, sequence) order.
      while let e = queue.first, e.time == time {
        _ = queue.pop()
        switch e.kind {
        case .clockEdge:
          let c = Int(e.target)
          clockEdges[c] += 1
          if c == 0 {
            edge = clockEdges[0]
            primaryTicked = true
            if edge > edgeLimit { return edge - 1 }
          }
          queue.push(time: time + clockPeriods[c], priority: Int32(c), kind: .clockEdge, target: Int32(c))
        case .wake:
          // Timed processes run in event order (time, priority, sequence), each at most once per time step.
          let p = Int(e.target)
          if !wokenTimed.contains(p) {
            wokenTimed.insert(p)
            wokenOrder.append(Int32(p))
          }
        }
        if e.kind == .clockEdge { evaluateClocked(clock: Int(e.target), model: &model) }
      }
      if primaryTicked, observing, !begun, edge >= windowStart { openWindow(firstEdge: edge) }
      evaluateTimed(model: &model)
      let report = observing && begun && edge <= windowEnd
      if report { update(observer: &observer, reporting: true) } else { update(observer: &observer, reporting: false) }
      try settle(model: &model, observer: &observer, report: report)
    }
    let last = edge
    if observing {
      if !begun { openWindow(firstEdge: last + 1) }
      observer.finish(lastEdge: Swift.min(last, windowEnd))
    }
    return last
  }

  private func evaluateClocked<M: ProcessModel>(clock: Int, model: inout M) {
    for w in 0..<pendingClocked.wordCount {
      var bits = pendingClocked.words[w] | alwaysActive.words[w]
      while bits != 0 {
        let p = w << 6 | bits.trailingZeroBitCount
        bits &= bits &- 1
        guard processClock[p] == clock else { continue }
        evaluations[p] += 1
        if model.evaluate(p, kernel: self) { pendingClocked.remove(p) }
      }
    }
  }

  private func evaluateTimed<M: ProcessModel>(model: inout M) {
    guard !wokenOrder.isEmpty else { return }
    for p in wokenOrder {
      wokenTimed.remove(Int(p))
      evaluations[Int(p)] += 1
      _ = model.evaluate(Int(p), kernel: self)
    }
    wokenOrder.removeAll(keepingCapacity: true)
  }

  /// Delta cycles until no combinational process is woken.
  private func settle<M: ProcessModel, O: SimulationObserver>(model: inout M, observer: inout O, report: Bool)
    throws(KernelError)
  {
    var deltas = 0
    while !pendingCombinational.isEmpty {
      if deltas == maxDeltas {
        // One more delta, recording what still changes: those signals form (or feed) the loop.
        var changing: [String] = []
        evaluateCombinational(model: &model)
        collectChanges(into: &changing)
        throw .combinationalLoop(edge: edge, deltas: deltas, signals: changing)
      }
      deltas += 1
      evaluateCombinational(model: &model)
      if report { update(observer: &observer, reporting: true) } else { update(observer: &observer, reporting: false) }
    }
  }

  private func evaluateCombinational<M: ProcessModel>(model: inout M) {
    for w in 0..<pendingCombinational.wordCount {
      var bits = pendingCombinational.words[w]
      pendingCombinational.words[w] = 0
      while bits != 0 {
        let p = w << 6 | bits.trailingZeroBitCount
        bits &= bits &- 1
        evaluations[p] += 1
        _ = model.evaluate(p, kernel: self)
      }
    }
  }

  private func collectChanges(into names: inout [String]) {
    for b in 0..<blockCount where dirtyBlocks.contains(b) {
      for i in blockStart[b]..<blockStart[b + 1] where (next[i] & mask[i]) != current[i] {
        names.append(declarations[i].name)
      }
    }
    dirtyBlocks.removeAll()
  }

  /// The update phase: commit dirty blocks in ascending order, count toggles, report, wake fan-out.
  @inline(__always)
  private func update<O: SimulationObserver>(observer: inout O, reporting: Bool) {
    let cur = current
    let nxt = next
    let msk = mask
    let tog = toggles
    for w in 0..<dirtyBlocks.wordCount {
      var bits = dirtyBlocks.words[w]
      dirtyBlocks.words[w] = 0
      while bits != 0 {
        let b = w << 6 | bits.trailingZeroBitCount
        bits &= bits &- 1
        var any: UInt64 = 0
        let lo = blockStart[b]
        let hi = blockStart[b + 1]
        if reporting {
          for i in lo..<hi {
            let n = nxt[i]
            assert(n & ~msk[i] == 0, "\(declarations[i].name): value wider than \(declarations[i].width) bits")
            let d = cur[i] ^ n
            tog[i] &+= UInt64(d.nonzeroBitCount)
            any |= d
            cur[i] = n
            if d != 0, observerIndex[i] >= 0 { observer.change(edge: edge, signal: Int(observerIndex[i]), value: n) }
          }
        } else {
          // The hot loop: writers store in-width patterns, so after `current = next` the invariant
          // `next == current` holds again without a store.
          for i in lo..<hi {
            let n = nxt[i]
            assert(n & ~msk[i] == 0, "\(declarations[i].name): value wider than \(declarations[i].width) bits")
            let d = cur[i] ^ n
            tog[i] &+= UInt64(d.nonzeroBitCount)
            any |= d
            cur[i] = n
          }
        }
        if any != 0 {
          for f in blockFanoutStart[b]..<blockFanoutStart[b + 1] { wake(blockFanout[f]) }
        }
      }
    }
    if !memoryWrites.isEmpty { commitMemoryWrites() }
  }

  @inline(__always)
  private func wake(_ p: Int) {
    if isCombinational[p] { pendingCombinational.insert(p) } else { pendingClocked.insert(p) }
  }

  private func commitMemoryWrites() {
    for w in memoryWrites {
      let m = memories[Int(w.memory)]
      let a = Int(w.address)
      let field = m.fields[a % m.stride]
      let fieldMask: UInt64 = field.width >= 64 ? .max : (UInt64(1) << UInt64(field.width)) &- 1
      let old = m.words[a]
      let placed = (w.data & w.partMask) << UInt64(w.shift)
      let new = ((old & ~(w.partMask << UInt64(w.shift))) | placed) & fieldMask
      let d = old ^ new
      guard d != 0 else { continue }
      m.groupToggles[field.group] &+= UInt64(d.nonzeroBitCount)
      m.words[a] = new
      m.decoded[a] = field.signed ? new.signExtended(field.width) : Int(new)
      let f = a % m.stride
      for i in m.fanoutStart[f]..<m.fanoutStart[f + 1] { wake(m.fanout[i]) }
    }
    memoryWrites.removeAll(keepingCapacity: true)
  }
}
