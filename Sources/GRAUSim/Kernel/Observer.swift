/// A signal as an observer (a waveform writer) sees it.
struct ObservedSignal: Sendable, Hashable {
  /// Hierarchical dotted name: `<unit>.clk`, `<unit>.in_valid`, … or `<unit>.lane<l>.<stage>.<field>`.
  var name: String
  /// Width in bits (1...64); values arrive as bit patterns in the low `width` bits.
  var width: Int
  /// Whether the pattern is two's complement (display hint).
  var signed: Bool
  /// Energy / display class: `data`, `control`, `valid`, `parameter`.
  var signalClass: SignalClass

  init(name: String, width: Int, signed: Bool, signalClass: SignalClass) {
    self.name = name
    self.width = width
    self.signed = signed
    self.signalClass = signalClass
  }
}

/// Which part of a run an observer sees: some lanes, some edges. Keeps whole-network runs cheap.
struct ObservationScope: Sendable, Hashable {
  /// Lanes whose stage registers are declared and reported (unit-level signals are always included).
  var lanes: [Int]
  /// Edges whose changes are reported; nil for the whole run.
  var edges: ClosedRange<Int>?

  init(lanes: [Int] = [0], edges: ClosedRange<Int>? = nil) {
    self.lanes = lanes
    self.edges = edges
  }

  /// Every lane, every edge.
  static let everything = ObservationScope(lanes: Array(0..<4096), edges: nil)
}

/// A read-only observer of committed signal changes: the hook a VCD writer implements.
///
/// Protocol of a run (each method on the simulating thread, in this order):
/// 1. `begin(signals:initialValues:firstEdge:)` exactly once, when the observed edge window opens: every
///    declared signal (index = position in `signals`) and its value *before* edge `firstEdge` (all zero at reset,
///    i.e. when `firstEdge == 0`). Dump these in `$dumpvars`. If the run ends before the window opens, `begin` is
///    called at the end with the final values and `firstEdge = lastEdge + 1`.
/// 2. `change(edge:signal:value:)` for every committed change at an edge inside the window, in commit order
///    (edges non-decreasing; within an edge, ascending kernel order: registers at the edge, then each delta
///    cycle's wires). `value` is the new bit pattern (low `width` bits). A signal that does not change is never
///    reported; a change back and forth within one edge's delta cycles is reported twice.
/// 3. `finish(lastEdge:)` exactly once: the last edge simulated (clipped to the window's end).
///
/// `<unit>.clk` is declared (index 0) but never reported: it rises at every edge `e` and falls half a period
/// later; the writer draws it. Edge `e` is at time `e · period`. Everything is zero before edge 0.
protocol SimulationObserver {
  mutating func begin(signals: [ObservedSignal], initialValues: [UInt64], firstEdge: Int)
  mutating func change(edge: Int, signal: Int, value: UInt64)
  mutating func finish(lastEdge: Int)
}

/// The observer that observes nothing; the kernel's fast path.
struct NoObserver: SimulationObserver {
  init() {}
  @inline(__always) mutating func begin(signals: [ObservedSignal], initialValues: [UInt64], firstEdge: Int) {}
  @inline(__always) mutating func change(edge: Int, signal: Int, value: UInt64) {}
  @inline(__always) mutating func finish(lastEdge: Int) {}
}

/// An observer that records every call; for tests and small runs (memory grows with the run).
struct RecordingObserver: SimulationObserver, Sendable {
  struct Change: Sendable, Hashable {
    var edge: Int
    var signal: Int
    var value: UInt64
  }

  private(set) var signals: [ObservedSignal] = []
  private(set) var initialValues: [UInt64] = []
  private(set) var firstEdge = -1
  private(set) var changes: [Change] = []
  private(set) var lastEdge: Int?
  private(set) var beginCount = 0

  init() {}

  mutating func begin(signals: [ObservedSignal], initialValues: [UInt64], firstEdge: Int) {
    self.signals = signals
    self.initialValues = initialValues
    self.firstEdge = firstEdge
    beginCount += 1
  }

  mutating func change(edge: Int, signal: Int, value: UInt64) {
    changes.append(Change(edge: edge, signal: signal, value: value))
  }

  mutating func finish(lastEdge: Int) { self.lastEdge = lastEdge }

  /// Index of the signal named `name`.
  func index(of name: String) -> Int? { signals.firstIndex { $0.name == name } }
}
