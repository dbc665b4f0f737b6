/// A signal as an observer (a waveform writer) sees it.
public struct ObservedSignal: Sendable, Hashable {
  /// Hierarchical dotted name: `<unit>.clk`, `<unit>.in_valid`, … or `<unit>.lane<l>.<stage>.<field>`.
  public var name: String
  /// Width in bits (1...64); values arrive as bit patterns in the low `width` bits.
  public var width: Int
  /// Whether the pattern is two's complement (display hint).
  public var signed: Bool
  /// Energy / display class: `data`, `control`, `valid`, `parameter`.
  public var signalClass: SignalClass

  public init(name: String, width: Int, signed: Bool, signalClass: SignalClass) {
    self.name = name
    self.width = width
    self.signed = signed
    self.signalClass = signalClass
  }
}

/// Which part of a run an observer sees: some lanes, some edges. Keeps whole-network runs cheap.
public struct ObservationScope: Sendable, Hashable {
  /// Lanes whose stage registers are declared and reported (unit-level signals are always included).
  public var lanes: [Int]
  /// Edges whose changes are reported; nil for the whole run.
  public var edges: ClosedRange<Int>?

  public init(lanes: [Int] = [0], edges: ClosedRange<Int>? = nil) {
    self.lanes = lanes
    self.edges = edges
  }

  /// Every lane, every edge.
  public static let everything = ObservationScope(lanes: Array(0..<4096), edges: nil)
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
public protocol SimulationObserver {
  mutating func begin(signals: [ObservedSignal], initialValues: [UInt64], firstEdge: Int)
  mutating func change(edge: Int, signal: Int, value: UInt64)
  mutating func finish(lastEdge: Int)
}

/// The observer that observes nothing; the kernel's fast path.
public struct NoObserver: SimulationObserver {
  public init() {}
  @inline(__always) public mutating func begin(signals: [ObservedSignal], initialValues: [UInt64], firstEdge: Int) {}
  @inline(__always) public mutating func change(edge: Int, signal: Int, value: UInt64) {}
  @inline(__always) public mutating func finish(lastEdge: Int) {}
}

/// An observer that records every call; for tests and small runs (memory grows with the run).
public struct RecordingObserver: SimulationObserver, Sendable {
  public struct Change: Sendable, Hashable {
    public var edge: Int
    public var signal: Int
    public var value: UInt64
  }

  public private(set) var signals: [ObservedSignal] = []
  public private(set) var initialValues: [UInt64] = []
  public private(set) var firstEdge = -1
  public private(set) var changes: [Change] = []
  public private(set) var lastEdge: Int?
  public private(set) var beginCount = 0

  public init() {}

  public mutating func begin(signals: [ObservedSignal], initialValues: [UInt64], firstEdge: Int) {
    self.signals = signals
    self.initialValues = initialValues
    self.firstEdge = firstEdge
    beginCount += 1
  }

  public mutating func change(edge: Int, signal: Int, value: UInt64) {
    changes.append(Change(edge: edge, signal: signal, value: value))
  }

  public mutating func finish(lastEdge: Int) { self.lastEdge = lastEdge }

  /// Index of the signal named `name`.
  public func index(of name: String) -> Int? { signals.firstIndex { $0.name == name } }
}
