/// Spools one unit's changes (and its derived `out_data` wires) while the unit is simulated alone.
struct WaveformSpoolObserver: SimulationObserver {
  let spool: WaveformSpool
  let layout: WaveformUnitLayout
  let windowStart: Int

  mutating func begin(signals: [ObservedSignal], initialValues: [UInt64], firstEdge: Int) {
    spool.begin(initialValues: layout.initialValues(initialValues), at: windowStart)
  }

  @inline(__always)
  mutating func change(edge: Int, signal: Int, value: UInt64) {
    spool.change(edge: edge, local: signal, value: value)
    let d = layout.derivedOf[signal]
    if d >= 0 { spool.change(edge: edge, local: Int(d), value: layout.derivedValue(value)) }
  }

  mutating func finish(lastEdge: Int) {
    spool.lastEdge = lastEdge
    spool.finishWriting()
  }
}

/// Feeds the last unit's changes straight into the writer and, before each new edge, merges in the spooled
/// units' groups up to that edge (k-way by edge, ties in unit order), so the writer sees one non-decreasing
/// stream of edges.
struct WaveformLiveObserver: SimulationObserver {
  let writer: VCDWriter
  let spools: [WaveformSpool]
  let layout: WaveformUnitLayout
  let base: Int
  let windowStart: Int
  private var edge = Int.min
  private(set) var lastEdge = 0

  init(writer: VCDWriter, spools: [WaveformSpool], layout: WaveformUnitLayout, base: Int, windowStart: Int) {
    self.writer = writer
    self.spools = spools
    self.layout = layout
    self.base = base
    self.windowStart = windowStart
  }

  mutating func begin(signals: [ObservedSignal], initialValues: [UInt64], firstEdge: Int) {
    Self.merge(spools, upTo: windowStart, into: writer)
    for (i, v) in layout.initialValues(initialValues).enumerated() {
      writer.change(edge: windowStart, signal: base + i, value: v)
    }
    edge = windowStart
  }

  @inline(__always)
  mutating func change(edge e: Int, signal: Int, value: UInt64) {
    if e != edge {
      if !spools.isEmpty { Self.merge(spools, upTo: e, into: writer) }
      edge = e
    }
    writer.change(edge: e, signal: base + signal, value: value)
    let d = layout.derivedOf[signal]
    if d >= 0 { writer.change(edge: e, signal: base + Int(d), value: layout.derivedValue(value)) }
  }

  mutating func finish(lastEdge: Int) { self.lastEdge = lastEdge }

  /// Feeds every spooled group whose edge is at most `e`, in edge order (ties: unit order).
  static func merge(_ spools: [WaveformSpool], upTo e: Int, into writer: VCDWriter) {
    while true {
      var best = -1
      var bestEdge = Int.max
      for (u, s) in spools.enumerated() {
        if let n = s.nextEdge, n <= e, n < bestEdge {
          best = u
          bestEdge = n
        }
      }
      guard best >= 0 else { return }
      spools[best].feedGroup(to: writer)
    }
  }
}

extension WaveformUnitLayout {
  /// The observed initial values followed by the derived `out_data` values.
  func initialValues(_ observedValues: [UInt64]) -> [UInt64] {
    var values = observedValues
    values += [UInt64](repeating: 0, count: signals.count - observedValues.count)
    for (i, d) in derivedOf.enumerated() where d >= 0 { values[Int(d)] = derivedValue(observedValues[i]) }
    return values
  }
}
