import Testing

@testable import GRAUSim

/// Accept and leave edges of every beat equal ``ScheduleReference``, with and without stalls.
@Suite struct UnitCycleTests {
  static let variants: [(UnitKind, Int, ComparatorStyle)] = [
    (.grau, 4, .chain), (.grau, 8, .parallel), (.grau, 2, .chain), (.grau, 1, .parallel), (.grauSerial, 4, .chain),
    (.grauSerial, 2, .chain), (.mt, 4, .chain), (.mt, 1, .chain), (.mtSerial, 4, .chain), (.mtSerial, 1, .chain),
    (.mtBinarySearch, 4, .chain),
  ]
  static let patterns: [(String, String)] = [
    ("1", "1"), ("1", "10"), ("1", "1101"), ("1", "0001111"), ("10", "1"), ("110", "0001111"), ("0111", "1101"),
  ]

  static func run(_ job: LayerJob) -> UnitSimulator.Run {
    var o = NoObserver()
    return UnitSimulator.run(job, observer: &o, scope: nil, recordSchedule: true)
  }

  @Test(arguments: variants)
  func scheduleMatchesReference(kind: UnitKind, n: Int, comparator: ComparatorStyle) {
    for (i, (source, sink)) in Self.patterns.enumerated() {
      for lanes in [1, 3] {
        let job = ModelFixtures.job(
          kind: kind, outputBits: n, segments: 6, comparator: comparator, stages: 5, lanes: lanes, elements: 17,
          channels: 2, mtMaxBits: kind == .mtSerial ? n : 5, sourceValid: EdgePattern(source)!,
          sinkReady: EdgePattern(sink)!, seed: UInt64(i))
        let run = Self.run(job)
        let c = job.reconfigurationCycles
        let expected = ScheduleReference.schedule(
          beats: job.beats, timing: job.timing, start: c, sourceValid: job.sourceValid, sinkReady: job.sinkReady)
        #expect(run.schedule == expected, "\(kind) n=\(n) source=\(source) sink=\(sink) lanes=\(lanes)")
        let r = run.result
        #expect(r.cycles.total == expected.last!.leave)
        #expect(r.cycles.reconfiguration == c)
        let ideal = ScheduleReference.idealCycles(beats: job.beats, timing: job.timing, reconfiguration: c)
        #expect(r.cycles.stall == expected.last!.leave - ideal)
        #expect(r.referenceMismatches == 0)
        #expect(r.cycles.total == r.cycles.reconfiguration + r.cycles.compute + r.cycles.fillDrain + r.cycles.stall)
      }
    }
  }

  @Test(arguments: UnitKind.allCases)
  func closedFormWithoutStalls(kind: UnitKind) {
    for (elements, lanes) in [(1, 1), (7, 1), (16, 4), (17, 4)] {
      let job = ModelFixtures.job(kind: kind, outputBits: 4, lanes: lanes, elements: elements, mtMaxBits: 4)
      let run = Self.run(job)
      let t = job.timing
      let c = job.reconfigurationCycles
      let beats = (elements + lanes - 1) / lanes
      #expect(run.result.cycles.total == c + (beats - 1) * t.initiationInterval + t.latency)
      #expect(run.result.cycles.stall == 0)
      #expect(run.result.latency == t.latency)
      for (b, beat) in run.schedule.enumerated() {
        #expect(beat.accept == c + b * t.initiationInterval)
        #expect(beat.leave - beat.accept == t.latency)
      }
    }
  }

  @Test func reconfigurationTakesOneEdgePerWord() {
    for kind in UnitKind.allCases {
      for bus in [4, 11, 32] {
        let job = ModelFixtures.job(kind: kind, outputBits: 4, elements: 3, channels: 5, busBits: bus)
        let run = Self.run(job)
        #expect(run.result.cycles.reconfiguration == job.reconfigurationCycles)
        #expect(run.schedule.first?.accept == job.reconfigurationCycles)
        #expect(run.model.words.count == job.reconfigurationCycles)
      }
    }
  }

  @Test func emptyLayerCostsOnlyReconfiguration() {
    let job = ModelFixtures.job(kind: .grau, outputBits: 4, elements: 0)
    let r = UnitSimulator.simulate(job)
    #expect(r.cycles.total == job.reconfigurationCycles)
    #expect(r.elements == 0)
  }
}
