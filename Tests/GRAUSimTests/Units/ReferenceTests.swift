import Testing

@testable import GRAUSim

@Suite struct ScheduleReferenceTests {
  @Test(arguments: [1, 2, 3, 24, 255])
  func pipelinedNoStallMatchesClosedForm(latency: Int) {
    let t = UnitTiming(latency: latency, initiationInterval: 1)
    for beats in [1, 2, 7, 100] {
      let s = ScheduleReference.schedule(beats: beats, timing: t, start: 5)
      #expect(s.count == beats)
      #expect(s.last!.leave == ScheduleReference.idealCycles(beats: beats, timing: t, reconfiguration: 5))
      for (i, b) in s.enumerated() {
        #expect(b.accept == 5 + i)
        #expect(b.leave == b.accept + latency)
      }
    }
  }
}
