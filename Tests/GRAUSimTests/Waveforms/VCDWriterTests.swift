import Foundation
import Testing

@testable import GRAUSim

@Suite struct VCDWriterTests {
  // MARK: Identifier codes and timescale

  @Test func identifierCodesAreShortestFirstPrintableAndUnique() {
    var seen: Set<[UInt8]> = []
    var previousLength = 1
    for index in 0..<(94 + 94 * 94 + 500) {
      var code: [UInt8] = []
      VCDHeader.appendIdentifierCode(index, to: &code)
      #expect(code.allSatisfy { (33...126).contains($0) })
      #expect(code.count >= previousLength)
      previousLength = code.count
      let expectedLength = index < 94 ? 1 : index < 94 + 94 * 94 ? 2 : 3
      #expect(code.count == expectedLength, "index \(index)")
      #expect(seen.insert(code).inserted, "duplicate code for index \(index)")
    }
  }

  @Test(arguments: [
    (100.0, "1ns", 10, 5), (250.0, "1ns", 4, 2), (400.0, "10ps", 250, 125), (1.0, "100ns", 10, 5),
    (0.5, "1us", 2, 1), (50.0, "10ns", 2, 1), (800.0, "1ps", 1250, 625), (1600.0, "100fs", 6250, 3125),
  ])
  func exactTimescaleIsTheCoarsestWithWholePeriodAndHalf(mhz: Double, scale: String, period: Int, high: Int) throws {
    let t = try VCDClockTiming.forClock(mhz: mhz)
    #expect(t.isExact)
    #expect(t.timescale.description == scale)
    #expect(t.period == period)
    #expect(t.highTime == high)
    // Consistent with 1000 / MHz ns, and no coarser legal scale keeps the half period whole.
    #expect(Double(Int64(t.period) * t.timescale.femtoseconds) == 1e9 / mhz)
    let halfFs = Int64(t.highTime) * t.timescale.femtoseconds
    let coarser = [1, 10, 100].flatMap { m in VCDTimescale.Unit.allCases.map { VCDTimescale(magnitude: m, unit: $0) } }
      .filter { $0.femtoseconds > t.timescale.femtoseconds }
    #expect(coarser.allSatisfy { halfFs % $0.femtoseconds != 0 })
  }

  @Test(arguments: [300.0, 333.0, 3.0, 700.0])
  func inexactClockFallsBackToRoundedPicoseconds(mhz: Double) throws {
    let t = try VCDClockTiming.forClock(mhz: mhz)
    #expect(!t.isExact)
    #expect(t.timescale.description == "1ps")
    #expect(t.period == Int((1e6 / mhz).rounded()))
    #expect(t.highTime == t.period / 2)
  }

  @Test(arguments: [0.0, -5.0, .infinity, .nan, 2e6])
  func badClockIsAnError(mhz: Double) {
    #expect(throws: VCDError.self) { try VCDClockTiming.forClock(mhz: mhz) }
  }

  // MARK: Format details

  @Test func headerScopesVariablesAndValueSyntax() throws {
    try withTemporaryDirectory { dir in
      let path = dir + "/t.vcd"
      let signals = [
        VCDSignal("u.clk", width: 1, role: .clock),
        VCDSignal("u.lane0.pre.x", width: 5, signed: true, role: .data),
        VCDSignal("u.lane0.pre.valid", width: 1, role: .valid),
        VCDSignal("u.lane1.pre.x", width: 5, signed: true, role: .data),
        VCDSignal("u.lane0.cmp1.seg", width: 2, role: .control),
      ]
      let w = try VCDWriter(path: path, signals: signals)
      w.change(edge: 0, signal: 2, value: 1)
      w.change(edge: 1, signal: 1, value: UInt64(bitPattern: -1))  // masked to 5 bits
      w.change(edge: 1, signal: 4, value: 2)
      w.change(edge: 3, signal: 3, value: 0b100)
      let summary = try w.finish()
      let text = try String(contentsOfFile: path, encoding: .utf8)
      let lines = text.split(separator: "\n").map(String.init)
      // Scopes in order of first appearance: lane0 holds pre and cmp1 although lane1 came in between.
      let scopes = lines.filter { $0.hasPrefix("$scope") || $0.hasPrefix("$upscope") || $0.hasPrefix("$var") }
      #expect(
        scopes == [
          "$scope module top $end", "$scope module u $end", "$var wire 1 ! clk $end", "$scope module lane0 $end",
          "$scope module pre $end", "$var reg 5 \" x [4:0] $end", "$var reg 1 # valid $end", "$upscope $end",
          "$scope module cmp1 $end", "$var reg 2 % seg [1:0] $end", "$upscope $end", "$upscope $end",
          "$scope module lane1 $end", "$scope module pre $end", "$var reg 5 $ x [4:0] $end", "$upscope $end",
          "$upscope $end", "$upscope $end", "$upscope $end",
        ])
      let body = Array(lines.drop(while: { $0 != "$enddefinitions $end" }).dropFirst())
      #expect(
        body == [
          "#0", "$dumpvars", "1!", "b0 \"", "1#", "b0 $", "b0 %", "$end", "#5", "0!", "#10", "1!", "b11111 \"",
          "b10 %", "#15", "0!", "#20", "1!", "#25", "0!", "#30", "1!", "b100 $", "#35", "0!",
        ])
      #expect(text.hasPrefix("$date grausim"))
      #expect(text.contains("$timescale 1ns $end"))
      #expect(summary.endTime == 35)
      #expect(summary.lastEdge == 3)
      #expect(summary.valueChanges == 10)
      #expect(summary.bytes == text.utf8.count)
      #expect(!summary.isTruncated)
    }
  }

  @Test func withoutClockOnlyChangingTimesAreWritten() throws {
    try withTemporaryDirectory { dir in
      let path = dir + "/t.vcd"
      let w = try VCDWriter(path: path, signals: [VCDSignal("a.b", width: 3, role: .data)])
      w.change(edge: 2, signal: 0, value: 5)
      w.change(edge: 4, signal: 0, value: 5)  // duplicate: no time stamp at edge 4
      w.change(edge: 7, signal: 0, value: 6)
      w.change(edge: 7, signal: 0, value: 5)  // back to the written value within the edge: nothing at edge 7
      w.change(edge: 9, signal: 0, value: 1)
      try w.finish(throughEdge: 20)
      let body = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        .drop(while: { $0 != "$enddefinitions $end" }).dropFirst().map(String.init)
      #expect(body == ["#0", "$dumpvars", "b0 !", "$end", "#20", "b101 !", "#90", "b1 !"])
    }
  }

  @Test func clockTicksThroughIdleEdgesUpToFinish() throws {
    try withTemporaryDirectory { dir in
      let path = dir + "/t.vcd"
      let w = try VCDWriter(
        path: path, signals: [VCDSignal("clk", width: 1, role: .clock), VCDSignal("v", width: 1, role: .valid)])
      w.change(edge: 2, signal: 1, value: 1)
      w.change(edge: 2, signal: 0, value: 0)  // reports for a writer-driven clock are ignored
      try w.finish(throughEdge: 4)
      let body = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        .drop(while: { $0 != "$enddefinitions $end" }).dropFirst().map(String.init)
      #expect(
        body == [
          "#0", "$dumpvars", "1!", "0\"", "$end", "#5", "0!", "#10", "1!", "#15", "0!", "#20", "1!", "1\"", "#25",
          "0!", "#30", "1!", "#35", "0!", "#40", "1!", "#45", "0!",
        ])
    }
  }

  // MARK: Errors

  @Test(arguments: [
    [VCDSignal("a b", width: 1, role: .data)], [VCDSignal("a..b", width: 1, role: .data)],
    [VCDSignal("", width: 1, role: .data)], [VCDSignal("a.x", width: 0, role: .data)],
    [VCDSignal("a.x", width: 65, role: .data)], [VCDSignal("a.clk", width: 2, role: .clock)],
    [VCDSignal("a.x", width: 1, role: .data), VCDSignal("a.x", width: 2, role: .data)],
    [VCDSignal("a.x", width: 1, role: .data), VCDSignal("a.x.y", width: 2, role: .data)],
    [VCDSignal("a.x.y", width: 1, role: .data), VCDSignal("a.x", width: 2, role: .data)],
    [VCDSignal("a.x[3]", width: 1, role: .data)],
  ])
  func invalidDeclarationsAreErrorsAndLeaveNoFile(signals: [VCDSignal]) throws {
    try withTemporaryDirectory { dir in
      #expect(throws: VCDError.self) { try VCDWriter(path: dir + "/t.vcd", signals: signals) }
      #expect((try? FileManager.default.contentsOfDirectory(atPath: dir))?.isEmpty == true)
    }
  }

  @Test func badOptionsAreErrors() throws {
    try withTemporaryDirectory { dir in
      let s = [VCDSignal("a.x", width: 1, role: .data)]
      #expect(throws: VCDError.self) { try VCDWriter(path: dir + "/t.vcd", signals: s, options: .init(sizeLimit: 0)) }
      #expect(throws: VCDError.self) { try VCDWriter(path: dir + "/t.vcd", signals: s, options: .init(window: -1...3)) }
      #expect(throws: VCDError.self) {
        try VCDWriter(path: dir + "/t.vcd", signals: s, options: .init(topScope: "my top"))
      }
      #expect(throws: VCDError.self) { try VCDWriter(path: dir + "/no/such/dir/t.vcd", signals: s) }
      #expect((try? FileManager.default.contentsOfDirectory(atPath: dir))?.isEmpty == true)
    }
  }

  @Test func edgeGoingBackwardsFailsAtFinishAndLeavesNoFile() throws {
    try withTemporaryDirectory { dir in
      let path = dir + "/t.vcd"
      let w = try VCDWriter(path: path, signals: [VCDSignal("a.x", width: 4, role: .data)])
      w.change(edge: 5, signal: 0, value: 1)
      w.change(edge: 6, signal: 0, value: 2)
      w.change(edge: 4, signal: 0, value: 3)
      #expect(w.failure == .edgeWentBackwards(edge: 4, current: 6))
      #expect(throws: VCDError.edgeWentBackwards(edge: 4, current: 6)) { try w.finish() }
      #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }
  }

  @Test func unknownSignalIndexFailsAtFinish() throws {
    try withTemporaryDirectory { dir in
      let w = try VCDWriter(path: dir + "/t.vcd", signals: [VCDSignal("a.x", width: 4, role: .data)])
      w.change(edge: 1, signal: 3, value: 1)
      #expect(throws: VCDError.unknownSignal(index: 3, declared: 1)) { try w.finish() }
      #expect(throws: VCDError.closed) { try w.finish() }
    }
  }

  // MARK: Files

  @Test func abortAndDroppingAnUnfinishedWriterLeaveNoFile() throws {
    try withTemporaryDirectory { dir in
      let trace = SyntheticTrace.make(seed: 7, lanes: 1, edges: 400)
      let w = try VCDWriter(path: dir + "/a.vcd", signals: trace.signals, options: .init(chunkSize: 256))
      for e in trace.events { w.change(edge: e.edge, signal: e.signal, value: e.value) }
      #expect(try FileManager.default.contentsOfDirectory(atPath: dir).count == 1)  // the temporary file
      w.abort()
      #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
      #expect(throws: VCDError.closed) { try w.finish() }
      do {
        let dropped = try VCDWriter(path: dir + "/b.vcd", signals: trace.signals)
        dropped.change(edge: 1, signal: 1, value: 1)
      }
      #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }
  }

  @Test func finishReplacesAnExistingFileAndLeavesNoTemporary() throws {
    try withTemporaryDirectory { dir in
      let path = dir + "/t.vcd"
      try Data("old".utf8).write(to: URL(fileURLWithPath: path))
      let summary = try SyntheticTrace.make(seed: 3, lanes: 1, edges: 50).write(to: path)
      #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["t.vcd"])
      #expect(try readBytes(path).count == summary.bytes)
    }
  }

  @Test func identicalInputGivesIdenticalBytesWhateverTheChunkSize() throws {
    try withTemporaryDirectory { dir in
      let trace = SyntheticTrace.make(seed: 11, lanes: 2, edges: 300)
      _ = try trace.write(to: dir + "/a.vcd")
      _ = try trace.write(to: dir + "/b.vcd")
      _ = try trace.write(to: dir + "/c.vcd", options: .init(chunkSize: 1))
      let a = try readBytes(dir + "/a.vcd")
      #expect(a.count > 10_000)
      #expect(a == (try readBytes(dir + "/b.vcd")))
      #expect(a == (try readBytes(dir + "/c.vcd")))
    }
  }

  @Test(arguments: [0.15, 0.3, 0.7])
  func sizeCapCutsAtATimeStepBoundary(fraction: Double) throws {
    try withTemporaryDirectory { dir in
      let trace = SyntheticTrace.make(seed: 5, lanes: 2, edges: 300)
      let full = try trace.write(to: dir + "/full.vcd")
      let cap = Int(Double(full.bytes) * fraction)
      let capped = try trace.write(to: dir + "/cap.vcd", options: .init(sizeLimit: cap, chunkSize: 1000))
      let fullBytes = try readBytes(dir + "/full.vcd")
      let cappedBytes = try readBytes(dir + "/cap.vcd")
      #expect(capped.isTruncated)
      #expect(cappedBytes.count <= cap)
      #expect(cappedBytes.count == capped.bytes)
      // A prefix of the complete trace that stops right before a time stamp.
      #expect(Array(fullBytes.prefix(cappedBytes.count)) == cappedBytes)
      #expect(fullBytes[cappedBytes.count] == UInt8(ascii: "#"))
      #expect(capped.lastEdge < full.lastEdge)

      let uncapped = try trace.write(to: dir + "/big.vcd", options: .init(sizeLimit: full.bytes))
      #expect(!uncapped.isTruncated)
      #expect(try readBytes(dir + "/big.vcd") == fullBytes)
    }
  }

  /// The cap covers the whole file: one below what the header and the initial values can take is refused up front
  /// (naming both numbers), and no file is written; at that bound the file fits.
  @Test func capSmallerThanTheHeaderIsRefused() throws {
    try withTemporaryDirectory { dir in
      let trace = SyntheticTrace.make(seed: 5, lanes: 1, edges: 30)
      do {
        _ = try trace.write(to: dir + "/t.vcd", options: .init(sizeLimit: 10))
        Issue.record("a cap of 10 bytes was accepted")
      } catch {
        guard case .sizeLimitTooSmall(let needed, let limit)? = error as? VCDError else {
          Issue.record("unexpected \(error)")
          return
        }
        #expect(limit == 10 && needed > 1000)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
        let s = try trace.write(to: dir + "/t.vcd", options: .init(sizeLimit: needed))
        #expect(s.bytes <= needed)
        #expect(try String(contentsOfFile: dir + "/t.vcd", encoding: .utf8).contains("$dumpvars"))
      }
    }
  }
}
