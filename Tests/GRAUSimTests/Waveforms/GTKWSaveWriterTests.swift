import Foundation
import Testing

@testable import GRAUSim

@Suite struct GTKWSaveWriterTests {
  private static let signals = [
    VCDSignal("grau.clk", width: 1, role: .clock),
    VCDSignal("grau.in_valid", width: 1, role: .valid),
    VCDSignal("grau.lane0.pre.x", width: 16, signed: true, role: .data),
    VCDSignal("grau.lane0.cmp1.seg", width: 2, role: .control),
    VCDSignal("grau.lane0.pre.ch", width: 3, role: .data),  // joins its stage's group, after pre.x
    VCDSignal("grau.lane0.shift1.set", width: 4, role: .control, radix: .hexadecimal),
    VCDSignal("grau.cfg_data", width: 12, role: .parameter),
  ]

  @Test func rendersRangesFlagsAndGroupsInDatapathOrder() {
    let save = GTKWSaveWriter(
      dumpFile: "t.vcd", saveFile: "t.gtkw", signals: Self.signals, startTime: 0, endTime: 1000)
    let lines = save.render().split(separator: "\n").map(String.init)
    let traces = Array(lines.drop(while: { !$0.hasPrefix("[sst_vpaned_height]") }).dropFirst())
    #expect(
      traces == [
        "@800200", "-grau", "@28", "top.grau.clk", "top.grau.in_valid", "@22", "top.grau.cfg_data[11:0]",
        "@1000200", "-grau", "@800200", "-grau.lane0.pre", "@420", "top.grau.lane0.pre.x[15:0]", "@24",
        "top.grau.lane0.pre.ch[2:0]", "@1000200", "-grau.lane0.pre", "@800200", "-grau.lane0.cmp1", "@24",
        "top.grau.lane0.cmp1.seg[1:0]", "@1000200", "-grau.lane0.cmp1", "@800200", "-grau.lane0.shift1", "@22",
        "top.grau.lane0.shift1.set[3:0]", "@1000200", "-grau.lane0.shift1",
      ])
    #expect(lines.contains("[dumpfile] \"t.vcd\""))
    #expect(lines.contains("[savefile] \"t.gtkw\""))
    #expect(lines.contains("[timestart] 0"))
    #expect(lines.contains("[treeopen] top."))
    #expect(lines.contains("[treeopen] top.grau."))
    #expect(lines.contains("[treeopen] top.grau.lane0."))
    #expect(!lines.contains("[treeopen] top.grau.lane0.pre."))
    #expect(!lines.contains { $0.contains("20") && $0.hasPrefix("[*]") }, "no wall-clock date")
  }

  @Test(arguments: [1, 35, 1000, 123_456_789])
  func zoomFitsTheTraceIntoTheWavePane(span: Int) throws {
    let save = GTKWSaveWriter(
      dumpFile: "t.vcd", saveFile: "t.gtkw", signals: Self.signals, startTime: 50, endTime: 50 + span)
    let line = try #require(save.render().split(separator: "\n").first { $0.hasPrefix("*") })
    let fields = line.dropFirst().split(separator: " ")
    #expect(fields.count == 28)  // zoom, marker, 26 named markers
    let zoom = try #require(Double(fields[0]))
    let pane = Double(save.windowWidth - save.treeWidth - save.namesWidth - 40)
    // GTKWave shows pane / 200 · 2^(-zoom) ticks; the writer leaves a margin for the pane's borders.
    let ticksShown = pow(2, -zoom) * pane / GTKWSaveWriter.pixelsPerTickAtZoomZero
    #expect(abs(ticksShown - Double(span) * GTKWSaveWriter.zoomMargin) <= Double(span) * 1e-5)
  }

  @Test(arguments: [(0.0, "0.000000"), (-3.0728331, "-3.072833"), (12.5, "12.500000"), (-0.0000001, "0.000000")])
  func fixedSixDecimals(value: Double, text: String) {
    #expect(GTKWSaveWriter.fixed6(value) == text)
  }

  // MARK: GTKWave as the judge

  private func runGTKWave(vcd: String, gtkw: String) throws -> ToolResult? {
    guard requireTool("gtkwave", install: "apt-get install -y gtkwave") != nil,
      requireTool("xvfb-run", install: "apt-get install -y xvfb") != nil
    else { return nil }
    return try ExternalTool.run(ExternalTool.script("gtkwave_load.sh"), [vcd, gtkw], timeout: 180)
  }

  @Test func gtkwaveLoadsTraceAndSaveFileWithoutWarnings() throws {
    try withTemporaryDirectory { dir in
      let trace = SyntheticTrace.make(seed: 21, lanes: 2, edges: 120)
      let summary = try trace.write(to: dir + "/trace.vcd", options: .init(clockMHz: 400, window: 10...100))
      let save = GTKWSaveWriter(trace: summary, signals: trace.signals, savePath: dir + "/trace.gtkw")
      try save.write(to: dir + "/trace.gtkw")
      #expect(save.dumpFile == "trace.vcd")
      #expect(save.startTime == summary.startTime)
      guard let result = try runGTKWave(vcd: dir + "/trace.vcd", gtkw: dir + "/trace.gtkw") else { return }
      #expect(result.exitCode == 0, "\(result.transcript)")
      #expect(result.stdout.contains("gtkwave_load: ok: \(trace.signals.count) signals"), "\(result.transcript)")
    }
  }

  /// GTKWave opens the save file showing the whole trace and little more, at every timescale (1 ns at 250 MHz,
  /// 100 ps at 200 MHz, 10 ps at 400 MHz); its window times are in the timescale's unit.
  @Test(arguments: [250.0, 200.0, 400.0])
  func gtkwaveShowsTheWholeTraceAtEveryTimescale(clockMHz: Double) throws {
    try withTemporaryDirectory { dir in
      let trace = SyntheticTrace.make(seed: 24, lanes: 1, edges: 2100)
      let summary = try trace.write(to: dir + "/w.vcd", options: .init(clockMHz: clockMHz, window: 50...2050))
      try GTKWSaveWriter(trace: summary, signals: trace.signals, savePath: dir + "/w.gtkw").write(to: dir + "/w.gtkw")
      guard let result = try runGTKWave(vcd: dir + "/w.vcd", gtkw: dir + "/w.gtkw") else { return }
      #expect(result.exitCode == 0, "\(result.transcript)")
      let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("gtkwave_load: window ") })
      let times = line.split(separator: " ").suffix(2).compactMap { Double($0) }
      try #require(times.count == 2, "\(line)")
      let scale = Double(summary.timing.timescale.magnitude)
      let shown = (times[1] - times[0]) / scale
      let span = Double(summary.endTime - summary.startTime)
      #expect(abs(times[0] / scale - Double(summary.startTime)) <= 1, "\(line) vs start \(summary.startTime)")
      #expect(
        shown >= span && shown <= 1.25 * span, "\(line): \(shown) ticks shown of \(span) at \(summary.timing.timescale)"
      )
    }
  }

  @Test func gtkwaveJudgeCatchesAVectorWithoutRange() throws {
    try withTemporaryDirectory { dir in
      let trace = SyntheticTrace.make(seed: 22, lanes: 1, edges: 30)
      let summary = try trace.write(to: dir + "/t.vcd")
      let text = GTKWSaveWriter(trace: summary, signals: trace.signals, savePath: dir + "/t.gtkw").render()
      // GTKWave 3.3 silently drops this vector: only the comparison with the save file can see it.
      let broken = text.replacingOccurrences(of: "top.grau.lane0.pre.x[15:0]", with: "top.grau.lane0.pre.x")
      #expect(broken != text)
      try Data(broken.utf8).write(to: URL(fileURLWithPath: dir + "/t.gtkw"))
      guard let result = try runGTKWave(vcd: dir + "/t.vcd", gtkw: dir + "/t.gtkw") else { return }
      #expect(result.exitCode == 1, "\(result.transcript)")
      #expect(result.stderr.contains("-top.grau.lane0.pre.x"), "\(result.transcript)")
    }
  }

  @Test func gtkwaveJudgeCatchesABrokenVCD() throws {
    try withTemporaryDirectory { dir in
      let trace = SyntheticTrace.make(seed: 23, lanes: 1, edges: 30)
      let summary = try trace.write(to: dir + "/t.vcd")
      try GTKWSaveWriter(trace: summary, signals: trace.signals, savePath: dir + "/t.gtkw").write(to: dir + "/t.gtkw")
      // Time going backwards: GTKWave prints "Time backtracking detected" and carries on.
      var text = try String(contentsOfFile: dir + "/t.vcd", encoding: .utf8)
      text += "#5\n1#\n"
      try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/t.vcd"))
      guard let result = try runGTKWave(vcd: dir + "/t.vcd", gtkw: dir + "/t.gtkw") else { return }
      #expect(result.exitCode == 1, "\(result.transcript)")
      #expect(result.stderr.contains("gtkwave printed warnings"), "\(result.transcript)")
    }
  }
}
