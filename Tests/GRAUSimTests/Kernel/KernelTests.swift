import Testing

@testable import GRAUSim

/// A tiny design for kernel tests: processes described by an enum, dispatched by `switch`.
private struct TestModel: ProcessModel {
  enum Behaviour {
    /// Clocked: writes `value(edge)` into signal `signal`.
    case drive(signal: Int, block: Int, values: [UInt64])
    /// Combinational: `out = in + 1` (a buffer chain, one delta per link).
    case increment(input: Int, output: Int, block: Int)
    /// Combinational: `out = ~in & 1` (an inverter; two in a ring form a loop).
    case invert(input: Int, output: Int, block: Int)
    /// Timed: appends its id to the log.
    case log(id: Int)
    /// Clocked register: `q = d` when evaluated.
    case register(d: Int, q: Int, block: Int)
  }
  var behaviours: [Behaviour]
  var log: [Int] = []

  mutating func evaluate(_ process: Int, kernel k: Kernel) -> Bool {
    switch behaviours[process] {
    case .drive(let s, let b, let values):
      k.write(s, block: b, values[Swift.min(k.edge, values.count - 1)])
    case .increment(let i, let o, let b):
      k.write(o, block: b, k.current[i] &+ 1)
    case .invert(let i, let o, let b):
      k.write(o, block: b, ~k.current[i] & 1)
    case .log(let id):
      log.append(id)
    case .register(let d, let q, let b):
      k.write(q, block: b, k.current[d])
    }
    return true
  }
}

private func wire(_ e: inout Elaboration, _ name: String, width: Int = 8) -> (block: Int, signal: Int) {
  e.signal(SignalDeclaration(name: name, width: width, signalClass: .data))
}

@Suite struct KernelTests {
  @Test func eventQueueOrdersByTimePriorityThenInsertion() {
    var q = EventQueue()
    var rng = SeededGenerator(seed: 42)
    var pushed: [(Int64, Int32, Int32)] = []
    for i in 0..<200 {
      let t = Int64.random(in: 0...9, using: &rng)
      let p = Int32.random(in: 0...3, using: &rng)
      q.push(time: t, priority: p, kind: .wake, target: Int32(i))
      pushed.append((t, p, Int32(i)))
    }
    var popped: [Int32] = []
    while let e = q.pop() { popped.append(e.target) }
    // Stable sort by (time, priority) keeps insertion order among equals: exactly the queue's contract.
    let expected = pushed.enumerated().sorted { a, b in
      (a.element.0, a.element.1, a.offset) < (b.element.0, b.element.1, b.offset)
    }.map { $0.element.2 }
    #expect(popped == expected)
  }

  @Test func timedProcessesRunInPriorityThenSequenceOrder() throws {
    var e = Elaboration()
    let stopper = e.process(.clocked(clock: 0), alwaysActive: true)
    _ = stopper
    let ids = (0..<4).map { _ in e.process(.timed) }
    var model = TestModel(behaviours: [.drive(signal: 0, block: 0, values: [0])] + ids.map { .log(id: $0) })
    _ = wire(&e, "dummy")
    let k = Kernel(e)
    // Same time 3: priorities 1, 0, 1, 0 → order 2(p0), 4(p0), 1(p1), 3(p1) by sequence within a priority.
    k.schedule(process: ids[0], at: 3, priority: 1)
    k.schedule(process: ids[1], at: 3, priority: 0)
    k.schedule(process: ids[2], at: 3, priority: 1)
    k.schedule(process: ids[3], at: 3, priority: 0)
    k.schedule(process: ids[0], at: 1, priority: 5)
    var o = NoObserver()
    _ = try k.run(&model, observer: &o, edgeLimit: 3)
    #expect(model.log == [ids[0], ids[1], ids[3], ids[0], ids[2]])
  }

  @Test func deltaCyclesSettleAChain() throws {
    var e = Elaboration()
    let a = wire(&e, "a")
    let b = wire(&e, "b")
    let c = wire(&e, "c")
    let d = wire(&e, "d")
    let driver = e.process(.clocked(clock: 0), alwaysActive: true)
    let p1 = e.process(.combinational, sensitiveTo: [a.block])
    let p2 = e.process(.combinational, sensitiveTo: [b.block])
    let p3 = e.process(.combinational, sensitiveTo: [c.block])
    var model = TestModel(behaviours: [
      .drive(signal: a.signal, block: a.block, values: [10, 20, 20, 7]),
      .increment(input: a.signal, output: b.signal, block: b.block),
      .increment(input: b.signal, output: c.signal, block: c.block),
      .increment(input: c.signal, output: d.signal, block: d.block),
    ])
    let k = Kernel(e)
    var o = NoObserver()
    let last = try k.run(&model, observer: &o, edgeLimit: 3)
    #expect(last == 3)
    #expect(k.current[a.signal] == 7)
    #expect(k.current[d.signal] == 10)
    _ = (driver, p1, p2, p3)
    // Initialization evaluates every combinational process, then re-evaluates by sensitivity as the chain
    // settles (p1 once, p3 three times); afterwards each runs once per change of `a` (edges 0, 1, 3) but not at
    // edge 2, where `a` did not change.
    #expect(k.evaluations[p1] == 1 + 3)
    #expect(k.evaluations[p3] == 3 + 3)
  }

  @Test func combinationalLoopIsReportedWithItsSignals() {
    var e = Elaboration()
    let x = wire(&e, "ring.x", width: 1)
    let y = wire(&e, "ring.y", width: 1)
    _ = e.process(.combinational, sensitiveTo: [x.block])
    _ = e.process(.combinational, sensitiveTo: [y.block])
    // x = !y, y = x: an odd ring oscillates forever.
    var model = TestModel(behaviours: [
      .invert(input: x.signal, output: y.signal, block: y.block),
      .increment(input: y.signal, output: x.signal, block: x.block),
    ])
    let k = Kernel(e)
    k.maxDeltas = 50
    var o = NoObserver()
    #expect {
      _ = try k.run(&model, observer: &o, edgeLimit: 2)
    } throws: { error in
      guard case .combinationalLoop(_, let deltas, let signals) = error as? KernelError else { return false }
      return deltas == 50 && !signals.isEmpty && signals.allSatisfy { $0.hasPrefix("ring.") }
    }
  }

  @Test func quietRegisterStageIsNotEvaluated() throws {
    var e = Elaboration()
    let d = wire(&e, "d")
    let q1 = wire(&e, "q1")
    let q2 = wire(&e, "q2")
    _ = e.process(.clocked(clock: 0), alwaysActive: true)
    let r1 = e.process(.clocked(clock: 0), sensitiveTo: [d.block])
    let r2 = e.process(.clocked(clock: 0), sensitiveTo: [q1.block])
    let values: [UInt64] = [1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]
    var model = TestModel(behaviours: [
      .drive(signal: d.signal, block: d.block, values: values),
      .register(d: d.signal, q: q1.signal, block: q1.block),
      .register(d: q1.signal, q: q2.signal, block: q2.block),
    ])
    let k = Kernel(e)
    var o = NoObserver()
    _ = try k.run(&model, observer: &o, edgeLimit: 10)
    #expect(k.current[q2.signal] == 2)
    // r1: edge 0 (initial), 1 and 2 (d changed after edges 0 and 1); r2: edge 0 (initial), 2 and 3 (q1 changed
    // after edges 1 and 2). Then both are quiet for the remaining edges.
    #expect(k.evaluations[r1] == 3)
    #expect(k.evaluations[r2] == 3)
  }

  @Test func togglesArePopcountOfCommittedChanges() throws {
    var rng = SeededGenerator(seed: 7)
    let values = (0..<40).map { _ in UInt64.random(in: 0...0xFFF, using: &rng) }
    var e = Elaboration()
    let s = wire(&e, "s", width: 12)
    _ = e.process(.clocked(clock: 0), alwaysActive: true)
    var model = TestModel(behaviours: [.drive(signal: s.signal, block: s.block, values: values)])
    let k = Kernel(e)
    var recorder = RecordingObserver()
    let observed = [ObservedSignal(name: "s", width: 12, signed: false, signalClass: .data)]
    _ = try k.run(&model, observer: &recorder, observed: observed, observedSignals: [s.signal], edgeLimit: 39)
    var expected = 0
    var previous: UInt64 = 0
    for v in values {
      expected += (v ^ previous).nonzeroBitCount
      previous = v
    }
    #expect(Int(k.toggles[s.signal]) == expected)
    // The observer saw exactly the committed changes, in edge order.
    var replayed: UInt64 = 0
    var flips = 0
    for c in recorder.changes {
      flips += (c.value ^ replayed).nonzeroBitCount
      replayed = c.value
    }
    #expect(flips == expected)
    #expect(recorder.changes.map(\.edge) == recorder.changes.map(\.edge).sorted())
  }
}
