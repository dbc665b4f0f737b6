import Foundation
import Testing

@testable import GRAUSim

/// The writer's output judged by the strict pyvcd-based checker (scripts/check_vcd.py), value by value
/// against an independent model of what the trace must contain.
@Suite struct VCDJudgeTests {
  private func compare(
    _ trace: SyntheticTrace, checked: CheckedVCD, timing: VCDClockTiming, window: ClosedRange<Int>?,
    throughEdge: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let expected = trace.expectedChanges(timing: timing, window: window, throughEdge: throughEdge)
    for (i, s) in trace.signals.enumerated() {
      let got = checked.signals["top." + s.name] ?? []
      #expect(got.count == expected[i].count, "\(s.name): change count", sourceLocation: sourceLocation)
      for (k, pair) in zip(got, expected[i]).enumerated() where pair.0 != pair.1 {
        Issue.record("\(s.name): change \(k) is \(pair.0), expected \(pair.1)", sourceLocation: sourceLocation)
        break
      }
    }
  }

  @Test(arguments: [(1 as UInt64, 100.0), (2, 300.0), (3, 400.0)])
  func syntheticTraceIsStrictlyValidAndMatchesTheModel(seed: UInt64, mhz: Double) throws {
    try withTemporaryDirectory { dir in
      let trace = SyntheticTrace.make(seed: seed, lanes: 2, edges: 250)
      let path = dir + "/t.vcd"
      let summary = try trace.write(to: path, options: .init(clockMHz: mhz, chunkSize: 4096))
      guard let (checked, _) = try VCDJudge.check(path, dump: trace.signals.map { "top." + $0.name }),
        let checked
      else { return }
      #expect(checked.summary.signals == trace.signals.count)
      #expect(checked.summary.changes == summary.valueChanges)
      #expect(checked.summary.time_steps == summary.timeSteps)
      #expect(checked.summary.end_time == summary.endTime)
      #expect(checked.summary.timescale == summary.timing.timescale.description)
      compare(trace, checked: checked, timing: summary.timing, window: nil)
    }
  }

  @Test(arguments: [0...0, 40...120, 100...100, 230...400])
  func windowKeepsValuesCorrect(window: ClosedRange<Int>) throws {
    try withTemporaryDirectory { dir in
      let trace = SyntheticTrace.make(seed: 9, lanes: 1, edges: 250)
      let path = dir + "/w.vcd"
      let summary = try trace.write(to: path, options: .init(window: window), throughEdge: 260)
      #expect(summary.startTime == summary.timing.time(ofEdge: window.lowerBound))
      #expect(summary.lastEdge == min(window.upperBound, 260))
      guard let (checked, _) = try VCDJudge.check(path, dump: trace.signals.map { "top." + $0.name }),
        let checked
      else { return }
      compare(trace, checked: checked, timing: summary.timing, window: window, throughEdge: 260)
    }
  }

  @Test func truncatedTraceIsValidAndAPrefixOfTheFullOne() throws {
    try withTemporaryDirectory { dir in
      let trace = SyntheticTrace.make(seed: 4, lanes: 2, edges: 300)
      let full = try trace.write(to: dir + "/full.vcd")
      let capped = try trace.write(to: dir + "/cap.vcd", options: .init(sizeLimit: full.bytes / 2))
      #expect(capped.isTruncated)
      let names = trace.signals.map { "top." + $0.name }
      guard let (fullChecked, _) = try VCDJudge.check(dir + "/full.vcd", dump: names), let fullChecked,
        let (cappedChecked, _) = try VCDJudge.check(dir + "/cap.vcd", dump: names), let cappedChecked
      else { return }
      #expect(cappedChecked.summary.end_time == capped.endTime)
      for name in names {
        let c = cappedChecked.signals[name] ?? []
        let f = (fullChecked.signals[name] ?? []).filter { $0[0] <= UInt64(capped.endTime) }
        #expect(c == f, "\(name)")
      }
    }
  }

  /// The checker must be able to fail: each deliberately broken copy of a good file is rejected.
  @Test(arguments: ["wide value", "time backwards", "var without end", "undeclared id", "empty time", "duplicate"])
  func checkerRejectsBrokenFiles(breakage: String) throws {
    try withTemporaryDirectory { dir in
      let trace = SyntheticTrace.make(seed: 1, lanes: 1, edges: 40)
      let path = dir + "/good.vcd"
      _ = try trace.write(to: path)
      guard let (good, _) = try VCDJudge.check(path) else { return }
      #expect(good != nil)
      var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
      let body = lines.firstIndex(of: "$end", after: lines.firstIndex(of: "$dumpvars")!)! + 1
      switch breakage {
      case "wide value":
        let k = lines[body...].firstIndex { $0.hasPrefix("b") }!
        lines[k] = "b1" + String(repeating: "0", count: 64) + lines[k].drop(while: { $0 != " " })
      case "time backwards":
        let times = lines.indices.filter { $0 > body && lines[$0].hasPrefix("#") }
        lines[times[3]] = "#1"
      case "var without end":
        let k = lines.firstIndex { $0.hasPrefix("$var reg 16") }!
        lines[k] = String(lines[k].dropLast(5))
      case "undeclared id":
        lines.insert("1~~~", at: body + 1)
      case "empty time":
        lines.insert("#999999999", at: lines.count)
      default:  // a signal set to the value it already has
        let k = lines[(body + 1)...].firstIndex { !$0.hasPrefix("#") }!
        lines.insert(lines[k], at: k + 1)
      }
      let broken = dir + "/broken.vcd"
      try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: broken))
      guard let (_, result) = try VCDJudge.check(broken, expectFailure: true) else { return }
      #expect(result.exitCode == 1, "\(breakage) was accepted:\n\(result.transcript)")
      #expect(result.stderr.contains("check_vcd: error:"))
    }
  }
}

extension Array where Element == String {
  fileprivate func firstIndex(of element: String, after start: Int) -> Int? {
    self[(start + 1)...].firstIndex(of: element)
  }
}
