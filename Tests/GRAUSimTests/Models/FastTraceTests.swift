import Testing

@testable import GRAUSim

/// The traced fast path (Models/FastTrace.swift) makes exactly the observer calls the event kernel makes: the
/// same signals, initial values, first edge, every change (edge, signal, value, in order) and last edge, on random
/// jobs, lane selections and windows.
@Suite struct FastTraceTests {
  static func record(_ job: LayerJob, _ scope: ObservationScope, kernel: Bool) -> (RecordingObserver, UnitLayerResult) {
    var observer = RecordingObserver()
    let result =
      kernel
      ? UnitSimulator.simulateOnKernel(job, observer: &observer, scope: scope)
      : UnitSimulator.simulate(job, observer: &observer, scope: scope)
    return (observer, result)
  }

  static func differences(_ a: RecordingObserver, _ b: RecordingObserver) -> [String] {
    var d: [String] = []
    if a.signals.map(\.name) != b.signals.map(\.name) { d.append("signals differ") }
    if a.initialValues != b.initialValues { d.append("initial values differ") }
    if a.firstEdge != b.firstEdge { d.append("first edge \(a.firstEdge) vs \(b.firstEdge)") }
    if a.beginCount != b.beginCount { d.append("begin \(a.beginCount) vs \(b.beginCount) times") }
    if a.lastEdge != b.lastEdge {
      d.append("last edge \(String(describing: a.lastEdge)) vs \(String(describing: b.lastEdge))")
    }
    if a.changes.count != b.changes.count { d.append("\(a.changes.count) vs \(b.changes.count) changes") }
    if let i = (0..<Swift.min(a.changes.count, b.changes.count)).first(where: { a.changes[$0] != b.changes[$0] }) {
      let (x, y) = (a.changes[i], b.changes[i])
      d.append(
        "change \(i): edge \(x.edge) \(a.signals[x.signal].name) = \(x.value) vs edge \(y.edge) "
          + "\(b.signals[y.signal].name) = \(y.value)")
    }
    return d
  }

  @Test(arguments: 0..<8)
  func tracedFastPathEqualsKernel(batch: Int) {
    var covered = 0
    for i in 0..<40 {
      let seed = UInt64(batch * 1000 + i)
      var job = FastPathTests.randomJob(seed: seed)
      var rng = SeededGenerator(seed: seed &+ 77)
      if Bool.random(using: &rng) || i % 3 == 0 {
        job.sourceValid = EdgePattern("1")!
        job.sinkReady = EdgePattern("1")!
      }
      let lanes = (0..<job.lanes).filter { _ in Bool.random(using: &rng) }
      let edges = job.reconfigurationCycles + job.timing.latency + job.stream.count / Swift.max(1, job.lanes) + 4
      let window: ClosedRange<Int>?
      switch Int.random(in: 0..<4, using: &rng) {
      case 0: window = nil
      case 1:
        let lo = Int.random(in: 0...edges, using: &rng)
        window = lo...(lo + Int.random(in: 0...edges, using: &rng))
      case 2: window = (edges + 5)...(edges + 9)
      default:
        let lo = Int.random(in: 0...edges, using: &rng)
        window = lo...Int.max
      }
      let scope = ObservationScope(lanes: lanes.isEmpty ? [0] : lanes, edges: window)
      let (kernel, kr) = Self.record(job, scope, kernel: true)
      let (fast, fr) = Self.record(job, scope, kernel: false)
      let d = Self.differences(fast, kernel) + FastPathTests.differences(fr, kr)
      #expect(d.isEmpty, "seed \(seed) \(job.kind) lanes \(job.lanes) scope \(scope): \(d.prefix(4))")
      var probe = NoObserver()
      if FastTrace.simulate(job, observer: &probe, scope: scope) != nil { covered += 1 }
    }
    #expect(covered >= 8)
  }

  /// The comparison can fail: one change more, or a value off, is a difference.
  @Test func comparisonSeesOneChange() {
    var job = ModelFixtures.job(kind: .grau, outputBits: 8, lanes: 2, elements: 30, seed: 9)
    job.sourceValid = EdgePattern("1")!
    job.sinkReady = EdgePattern("1")!
    let scope = ObservationScope(lanes: [0, 1])
    var probe = NoObserver()
    #expect(FastTrace.simulate(job, observer: &probe, scope: scope) != nil)
    let (kernel, _) = Self.record(job, scope, kernel: true)
    let (fast, _) = Self.record(job, scope, kernel: false)
    #expect(Self.differences(fast, kernel).isEmpty)
    var other = fast
    other.change(edge: kernel.lastEdge ?? 0, signal: 1, value: 1)
    #expect(!Self.differences(other, kernel).isEmpty)
  }
}
