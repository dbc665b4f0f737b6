/// How a process is triggered.
enum ProcessKind: Sendable, Hashable {
  /// Evaluated at the rising edges of clock `clock` when pending (a block it is sensitive to changed since its
  /// last completed evaluation) or always active. Reads current values, writes next values.
  case clocked(clock: Int)
  /// Evaluated in the delta cycle after a block it is sensitive to changed (an `always @*` / `SC_METHOD`).
  case combinational
  /// Evaluated only when a timed wake-up scheduled with ``Kernel/schedule(process:at:priority:)`` fires.
  case timed
}

/// One field of a memory row: its width and signedness (for decoding) and the toggle group it counts into.
struct MemoryField: Sendable, Hashable {
  var width: Int
  var signed: Bool
  var group: Int
}

/// A memory: `rows × fields.count` words, written through pending writes committed in the update phase.
struct MemoryDeclaration: Sendable {
  var name: String
  var rows: Int
  var fields: [MemoryField]
  /// Names of the toggle groups (`param.threshold`, …); `MemoryField.group` indexes this.
  var groups: [String]
}

/// The design being built: signals grouped into blocks, processes and their sensitivities, memories, clocks.
///
/// A *block* is a contiguous range of signals that change together (one pipeline stage's registers over all
/// lanes, or one wire). Sensitivity is per block, so a stage of 4 fields × 16 lanes costs one wake-up test.
struct Elaboration: Sendable {
  var signals: [SignalDeclaration] = []
  /// Block b covers signals `blockStart[b] ..< blockStart[b + 1]`.
  var blockStart: [Int] = [0]
  var processKinds: [ProcessKind] = []
  var alwaysActive: [Bool] = []
  var sensitivity: [(block: Int, process: Int)] = []
  var memories: [MemoryDeclaration] = []
  var memorySensitivity: [(memory: Int, field: Int, process: Int)] = []
  /// Clock periods in ticks; clock 0 is the primary clock whose edges number the run.
  var clockPeriods: [Int64] = [2]

  var blockCount: Int { blockStart.count - 1 }

  /// Declares a block of signals; returns the block index and its first signal index.
  @discardableResult
  mutating func block(_ declarations: [SignalDeclaration]) -> (block: Int, first: Int) {
    let first = signals.count
    signals.append(contentsOf: declarations)
    blockStart.append(signals.count)
    return (blockStart.count - 2, first)
  }

  /// Declares a one-signal block (a wire or a lone register); returns its signal index.
  mutating func signal(_ declaration: SignalDeclaration) -> (block: Int, signal: Int) {
    let (b, s) = block([declaration])
    return (b, s)
  }

  /// Declares a process sensitive to `blocks`; returns its index (evaluation order at an edge is ascending).
  mutating func process(_ kind: ProcessKind, alwaysActive: Bool = false, sensitiveTo blocks: [Int] = []) -> Int {
    let p = processKinds.count
    processKinds.append(kind)
    self.alwaysActive.append(alwaysActive)
    for b in blocks { sensitivity.append((b, p)) }
    return p
  }

  mutating func sensitize(_ process: Int, to block: Int) { sensitivity.append((block, process)) }

  mutating func memory(_ declaration: MemoryDeclaration) -> Int {
    memories.append(declaration)
    return memories.count - 1
  }

  /// Makes `process` sensitive to writes of `field` (any row) of `memory`.
  mutating func sensitize(_ process: Int, toMemory memory: Int, field: Int) {
    memorySensitivity.append((memory, field, process))
  }
}
