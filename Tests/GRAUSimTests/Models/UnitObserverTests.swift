import Testing

@testable import GRAUSim

@Suite struct UnitObserverTests {
  @Test(arguments: UnitKind.allCases)
  func observerSeesEveryCommittedChange(kind: UnitKind) {
    let job = ModelFixtures.job(kind: kind, outputBits: 4, slopeMode: .apot, lanes: 1, elements: 12, mtMaxBits: 4)
    var recorder = RecordingObserver()
    let r = UnitSimulator.simulate(job, observer: &recorder, scope: ObservationScope(lanes: [0]))
    let unit = kind.rawValue
    #expect(recorder.beginCount == 1)
    #expect(recorder.firstEdge == 0)
    #expect(recorder.initialValues.count == recorder.signals.count)
    #expect(recorder.lastEdge == r.cycles.total)
    for name in ["clk", "in_valid", "in_ready", "out_valid", "out_ready"] {
      #expect(recorder.index(of: "\(unit).\(name)") != nil, "\(unit).\(name)")
    }
    // Replaying the changes from the initial values gives the toggles the kernel counted, per `<stage>.<field>`.
    var value = recorder.initialValues
    var flips = [Int](repeating: 0, count: recorder.signals.count)
    var lastEdge = -1
    for c in recorder.changes {
      #expect(c.edge >= lastEdge)
      lastEdge = c.edge
      #expect(c.value >> UInt64(recorder.signals[c.signal].width) == 0)
      flips[c.signal] += (c.value ^ value[c.signal]).nonzeroBitCount
      value[c.signal] = c.value
    }
    for t in r.toggles where !t.name.hasPrefix("param.") {
      let full = t.name.contains(".") ? "\(unit).lane0.\(t.name)" : "\(unit).\(t.name)"
      guard let i = recorder.index(of: full) else {
        Issue.record("\(full) not declared")
        continue
      }
      #expect(flips[i] == t.toggles, "\(full)")
      #expect(recorder.signals[i].width == t.bits)
    }
    #expect(r.totalToggles > 0)
  }

  @Test func windowLimitsChangesAndSnapshotsTheStateAtItsStart() {
    let job = ModelFixtures.job(kind: .grau, outputBits: 8, lanes: 3, elements: 30)
    var full = RecordingObserver()
    _ = UnitSimulator.simulate(job, observer: &full, scope: ObservationScope(lanes: [0, 2]))
    let window = (job.reconfigurationCycles + 5)...(job.reconfigurationCycles + 12)
    var part = RecordingObserver()
    _ = UnitSimulator.simulate(job, observer: &part, scope: ObservationScope(lanes: [0, 2], edges: window))
    #expect(part.firstEdge == window.lowerBound)
    #expect(part.lastEdge == window.upperBound)
    #expect(part.changes.allSatisfy { window.contains($0.edge) })
    #expect(part.signals == full.signals)
    // The state before the window's first edge equals the full run replayed up to there.
    var state = full.initialValues
    for c in full.changes where c.edge < window.lowerBound { state[c.signal] = c.value }
    #expect(part.initialValues == state)
    #expect(part.changes == full.changes.filter { window.contains($0.edge) })
    #expect(!part.signals.contains { $0.name.contains("lane1") })
    #expect(part.signals.contains { $0.name == "grau.lane2.cmp3.seg" })
  }

  @Test func sameJobTwiceGivesIdenticalResults() {
    for kind in UnitKind.allCases {
      let job = ModelFixtures.job(
        kind: kind, outputBits: 4, lanes: 3, elements: 40, mtMaxBits: 5, sinkReady: EdgePattern("1101")!, seed: 5)
      let a = UnitSimulator.simulate(job)
      let b = UnitSimulator.simulate(job)
      #expect(a.toggles == b.toggles)
      #expect(a.cycles == b.cycles)
      #expect(a.error == b.error)
      var ra = RecordingObserver()
      var rb = RecordingObserver()
      _ = UnitSimulator.simulate(job, observer: &ra)
      _ = UnitSimulator.simulate(job, observer: &rb)
      #expect(ra.changes == rb.changes)
    }
  }

  @Test func quietPipelineStagesAreNotEvaluatedEveryEdge() {
    let job = ModelFixtures.job(kind: .grau, outputBits: 8, stages: 16, elements: 1, channels: 8)
    var o = NoObserver()
    let run = UnitSimulator.run(job, observer: &o, scope: nil)
    let edges = run.result.cycles.total + 1
    #expect(edges > 100)
    for (p, process) in run.model.processes.enumerated() {
      if case .grauShift(let i) = process, i > 1 {
        // Initial edge, the control-word write, the few configuration writes that change what the segment mux
        // presents for the bubble on channel 0 (ungated registers pass it on), the element, the bubble behind it:
        // a handful, independent of the number of edges.
        #expect(run.kernel.evaluations[p] <= 8, "shift\(i) evaluated \(run.kernel.evaluations[p]) times")
      }
    }
    #expect(run.result.referenceMismatches == 0)
  }

  @Test func toggleReportIsInDatapathOrderWithClasses() {
    let job = ModelFixtures.job(
      kind: .grau, outputBits: 8, segments: 4, slopeMode: .apot, stages: 3, lanes: 2, elements: 8)
    let r = UnitSimulator.simulate(job)
    let names = r.toggles.map(\.name)
    #expect(Array(names.prefix(4)) == ["pre.valid", "pre.x", "pre.big", "pre.ch"])
    #expect(names.firstIndex(of: "cmp1.seg")! < names.firstIndex(of: "shift1.v")!)
    #expect(names.firstIndex(of: "shift3.acc")! < names.firstIndex(of: "sign.s")!)
    #expect(names.contains("bias.y"))
    #expect(r.toggles.first { $0.name == "cmp2.seg" }?.signalClass == "control")
    #expect(r.toggles.first { $0.name == "shift1.v" }?.signalClass == "data")
    #expect(r.toggles.first { $0.name == "sign.valid" }?.signalClass == "valid")
    let threshold = r.toggles.first { $0.name == "param.threshold" }!
    #expect(threshold.signalClass == "parameter" && threshold.toggles > 0)
  }
}
