import Foundation
import Testing

@testable import GRAUSim

/// Shared helpers of the waveform tests.
enum WaveformFixture {

  /// A prepared network of a fixture config, with `layer` prepared.
  static func network(_ config: String, layer: String, overrides: [String] = []) throws
    -> NetworkRunner.PreparedNetwork
  {
    let c = try SimulationConfig.load(path: Fixtures.path(config), overrides: overrides)
    return try NetworkRunner.prepare(config: c, options: .init(layers: [layer], threads: 1))
  }

  /// Every element of `job` in stream order with its bit-exact reference output as an n-bit pattern.
  static func referencePatterns(_ job: LayerJob) -> [UInt64] {
    var block = ElementBlock()
    job.stream.fill(&block, start: 0, length: job.stream.count)
    let mask = job.output.bits >= 64 ? UInt64.max : (UInt64(1) << UInt64(job.output.bits)) - 1
    return (0..<block.count).map { i in
      UInt64(bitPattern: Int64(job.parameters.reference(block.x[i], channel: block.channel[i]))) & mask
    }
  }

  /// The beats leaving `unit` as the VCD shows them: at every rising clock edge (in order) where the pre-edge
  /// values of `out_valid` and `out_ready` are 1, the pre-edge `out_data` of each lane in `lanes`.
  static func leavingBeats(_ checked: CheckedVCD, unit: String, lanes: [Int]) -> [(time: UInt64, values: [UInt64])] {
    let top = "top.\(unit)"
    let edges = (checked.signals["\(top).clk"] ?? []).filter { $0[1] == 1 }.map { $0[0] }
    func before(_ name: String, _ t: UInt64) -> UInt64 {
      (checked.signals[name] ?? []).last { $0[0] < t }?[1] ?? 0
    }
    var result: [(UInt64, [UInt64])] = []
    for t in edges where before("\(top).out_valid", t) == 1 && before("\(top).out_ready", t) == 1 {
      result.append((t, lanes.map { before("\(top).lane\($0).out_data", t) }))
    }
    return result
  }

  /// The beats of `job` that leave at an edge in `(window.lowerBound, window.upperBound]` (the VCD shows the
  /// pre-edge values of those edges), with their lane values from the bit-exact reference, from the simulated
  /// schedule of the same job.
  static func expectedLeavingBeats(_ job: LayerJob, lanes: [Int], window: ClosedRange<Int>, period: UInt64)
    -> [(time: UInt64, values: [UInt64])]
  {
    var none = NoObserver()
    let schedule = UnitSimulator.run(job, observer: &none, scope: nil, recordSchedule: true).schedule
    let reference = referencePatterns(job)
    var result: [(UInt64, [UInt64])] = []
    for (b, beat) in schedule.enumerated() where beat.leave > window.lowerBound && beat.leave <= window.upperBound {
      // Bubble lanes beyond the last element hold whatever the output register had; only real elements count.
      let values = lanes.map { l in b * job.lanes + l < reference.count ? reference[b * job.lanes + l] : UInt64.max }
      result.append((UInt64(beat.leave) * period, values))
    }
    return result
  }

  /// `got` with the values of bubble lanes (marked `UInt64.max` in `expected`) replaced by the marker.
  static func maskBubbles(_ got: [[UInt64]], like expected: [[UInt64]]) -> [[UInt64]] {
    zip(got, expected).map { g, e in zip(g, e).map { $1 == .max ? .max : $0 } }
  }

  /// Problems an independent reading of the VCD finds: time stamps not strictly increasing, a value wider than
  /// its declaration, a change of an undeclared identifier.
  static func independentProblems(_ path: String) throws -> [String] {
    let text = String(decoding: try readBytes(path), as: UTF8.self)
    var widths: [Substring: Int] = [:]
    var problems: [String] = []
    var lastTime = -1
    var inHeader = true
    for line in text.split(separator: "\n") {
      if inHeader {
        if line.hasPrefix("$var ") {
          let f = line.split(separator: " ")
          widths[f[3]] = Int(f[2]) ?? 0
        } else if line.hasPrefix("$enddefinitions") {
          inHeader = false
        }
        continue
      }
      if line.hasPrefix("#") {
        let t = Int(line.dropFirst()) ?? -1
        if t <= lastTime { problems.append("time \(t) after \(lastTime)") }
        lastTime = t
      } else if line.hasPrefix("b") {
        let f = line.dropFirst().split(separator: " ")
        guard f.count == 2, let w = widths[f[1]] else {
          problems.append("bad vector change '\(line)'")
          continue
        }
        if f[0].count > w { problems.append("'\(line)' is wider than \(w) bits") }
      } else if line.first == "0" || line.first == "1" {
        if widths[line.dropFirst()] != 1 { problems.append("bad scalar change '\(line)'") }
      } else if !line.hasPrefix("$") {
        problems.append("unexpected line '\(line)'")
      }
    }
    return problems
  }

  /// The names `leavingBeats` needs dumped.
  static func leaveSignals(unit: String, lanes: [Int]) -> [String] {
    ["top.\(unit).clk", "top.\(unit).out_valid", "top.\(unit).out_ready"]
      + lanes.map { "top.\(unit).lane\($0).out_data" }
  }

}

/// The waveform tracer on real unit models: values against the bit-exact reference, stream cutting, determinism,
/// golden bytes.
@Suite struct WaveformTracerTests {
  /// Over the whole layer, the beats leaving each unit in the VCD carry exactly the reference outputs of the
  /// stream's elements, in order, on every traced lane (tiny.json: 4 lanes, stalls, all five unit variants).
  @Test(arguments: UnitKind.allCases)
  func leavingOutputsEqualTheReference(kind: UnitKind) throws {
    let network = try WaveformFixture.network("tiny.json", layer: "conv0")
    let job = network.job(layer: 0, kind: kind)
    let lanes = [0, 2]
    try withTemporaryDirectory { dir in
      let request = WaveformRequest(jobs: [job], lanes: lanes, window: nil, clockMHz: 200, maxBytes: nil)
      try WaveformTracer.write(request, vcdPath: dir + "/o.vcd", savePath: nil)
      let names = WaveformFixture.leaveSignals(unit: kind.rawValue, lanes: lanes)
      guard let (checked, _) = try VCDJudge.check(dir + "/o.vcd", dump: names), let checked else { return }
      let beats = WaveformFixture.leavingBeats(checked, unit: kind.rawValue, lanes: lanes)
      let reference = WaveformFixture.referencePatterns(job)
      #expect(beats.count == job.beats, "\(kind): every beat leaves once")
      var compared = 0
      for (b, beat) in beats.enumerated() {
        for (k, lane) in lanes.enumerated() where b * job.lanes + lane < reference.count {
          #expect(beat.values[k] == reference[b * job.lanes + lane], "\(kind): beat \(b) lane \(lane)")
          compared += 1
        }
      }
      #expect(
        compared
          == (0..<job.beats).reduce(0) { n, b in n + lanes.filter { b * job.lanes + $0 < reference.count }.count })
    }
  }

  /// Over a window in the middle of the layer (stalls on both sides), the beats leaving each unit in the VCD are
  /// exactly the beats the simulated schedule lets leave in that window, at the same edges, carrying the bit-exact
  /// reference outputs of the same elements in the same order; lanes 0 and 1 of two lanes.
  @Test(arguments: UnitKind.allCases)
  func windowLeavingBeatsEqualTheSimulation(kind: UnitKind) throws {
    let network = try WaveformFixture.network("wave.json", layer: "act0")
    let job = network.job(layer: 0, kind: kind)
    let lanes = [0, 1]
    let window = 33...140
    try withTemporaryDirectory { dir in
      try WaveformTracer.write(
        WaveformRequest(jobs: [job], lanes: lanes, window: window, clockMHz: 250, maxBytes: nil),
        vcdPath: dir + "/w.vcd", savePath: nil)
      let names = WaveformFixture.leaveSignals(unit: kind.rawValue, lanes: lanes)
      guard let (checked, _) = try VCDJudge.check(dir + "/w.vcd", dump: names), let checked else { return }
      let got = WaveformFixture.leavingBeats(checked, unit: kind.rawValue, lanes: lanes)
      let expected = WaveformFixture.expectedLeavingBeats(job, lanes: lanes, window: window, period: 4)
      #expect(expected.count >= 3, "\(kind): the window must see several beats leave")
      #expect(got.map(\.time) == expected.map(\.time), "\(kind): leave edges")
      #expect(
        WaveformFixture.maskBubbles(got.map(\.values), like: expected.map(\.values)) == expected.map(\.values),
        "\(kind): leaving values")
    }
  }

  /// An element range `A ..< B` gives a window in which every one of those elements is accepted and leaves with its
  /// reference output, on both units.
  @Test func elementRangeWindowShowsThoseElements() throws {
    let network = try WaveformFixture.network("wave.json", layer: "act0")
    let kinds: [UnitKind] = [.grau, .mtBinarySearch]
    let jobs = kinds.map { network.job(layer: 0, kind: $0) }
    let elements = 21..<37
    let window = try WaveformTracer.window(elements: elements, jobs: jobs)
    let lanes = [0, 1]
    try withTemporaryDirectory { dir in
      try WaveformTracer.write(
        WaveformRequest(jobs: jobs, lanes: lanes, window: window, clockMHz: 250, maxBytes: nil),
        vcdPath: dir + "/e.vcd", savePath: nil)
      let names = kinds.flatMap { WaveformFixture.leaveSignals(unit: $0.rawValue, lanes: lanes) }
      guard let (checked, _) = try VCDJudge.check(dir + "/e.vcd", dump: names), let checked else { return }
      for (kind, job) in zip(kinds, jobs) {
        let reference = WaveformFixture.referencePatterns(job)
        let got = WaveformFixture.leavingBeats(checked, unit: kind.rawValue, lanes: lanes)
        let expected = WaveformFixture.expectedLeavingBeats(job, lanes: lanes, window: window, period: 4)
        #expect(got.map(\.time) == expected.map(\.time), "\(kind)")
        // Every element of the range leaves inside the window, in order.
        var seen: [UInt64] = []
        var none = NoObserver()
        let schedule = UnitSimulator.run(job, observer: &none, scope: nil, recordSchedule: true).schedule
        for (b, beat) in schedule.enumerated() where beat.leave > window.lowerBound && beat.leave <= window.upperBound {
          guard let k = got.firstIndex(where: { $0.time == UInt64(beat.leave) * 4 }) else { continue }
          for (i, l) in lanes.enumerated() where elements.contains(b * job.lanes + l) { seen.append(got[k].values[i]) }
        }
        #expect(seen == Array(reference[elements]), "\(kind): elements \(elements) leave in the window")
        #expect(schedule[elements.lowerBound / job.lanes].accept > window.lowerBound, "\(kind): accepted inside")
      }
    }
    #expect(throws: WaveformError.self) {
      try WaveformTracer.window(elements: 0..<(jobs[0].stream.count + 1), jobs: jobs)
    }
    #expect(throws: WaveformError.self) { try WaveformTracer.window(elements: 5..<5, jobs: jobs) }
  }

  /// Every VCD the tracer writes passes the strict checker and an independent reading (time strictly increasing,
  /// no value wider than its declaration): 1 and 2 units, 1 and 2 lanes, whole layer, windows, a size cap (given
  /// as a fraction of the uncapped size, so that it bites after the header).
  @Test(
    arguments: [
      ([UnitKind.grau], [0], nil, nil),
      ([.grau], [1], 30...60, nil),
      ([.grau, .mtBinarySearch], [0, 1], nil, nil),
      ([.mtBinarySearch, .grau], [0, 1], 40...90, nil),
      ([.grauSerial, .mt, .mtSerial], [0], 25...200, nil),
      ([.grau, .mtBinarySearch], [0, 1], nil, 0.6),
      ([.grau], [0], 0...60, 0.8),
    ] as [([UnitKind], [Int], ClosedRange<Int>?, Double?)])
  func everyTraceIsValid(kinds: [UnitKind], lanes: [Int], window: ClosedRange<Int>?, capFraction: Double?) throws {
    let network = try WaveformFixture.network("wave.json", layer: "act0")
    let jobs = kinds.map { network.job(layer: 0, kind: $0) }
    try withTemporaryDirectory { dir in
      var cap: Int?
      if let capFraction {
        let full = try WaveformTracer.write(
          WaveformRequest(jobs: jobs, lanes: lanes, window: window, clockMHz: 250, maxBytes: nil),
          vcdPath: dir + "/full.vcd", savePath: nil)
        cap = Int(Double(full.trace.bytes) * capFraction)
      }
      let summary = try WaveformTracer.write(
        WaveformRequest(jobs: jobs, lanes: lanes, window: window, clockMHz: 250, maxBytes: cap),
        vcdPath: dir + "/v.vcd", savePath: dir + "/v.gtkw")
      let bytes = try readBytes(dir + "/v.vcd")
      #expect(bytes.count == summary.trace.bytes)
      if let cap {
        #expect(summary.trace.isTruncated, "the cap must bite in this case")
        #expect(bytes.count <= cap)
      }
      #expect(try WaveformFixture.independentProblems(dir + "/v.vcd") == [])
      guard let (checked, _) = try VCDJudge.check(dir + "/v.vcd"), let checked else { return }
      #expect(checked.summary.signals == summary.signals)
      #expect(checked.summary.timescale == "1ns")
    }
  }

  /// GTKWave loads the VCD with its save file without a warning and displays every signal the save file lists
  /// (two units side by side, two lanes).
  @Test func gtkwaveLoadsTraceAndSaveFile() throws {
    let network = try WaveformFixture.network("wave.json", layer: "act0")
    let jobs = [UnitKind.grau, .mtBinarySearch].map { network.job(layer: 0, kind: $0) }
    try withTemporaryDirectory { dir in
      let summary = try WaveformTracer.write(
        WaveformRequest(jobs: jobs, lanes: [0, 1], window: 30...80, clockMHz: 250),
        vcdPath: dir + "/g.vcd", savePath: dir + "/g.gtkw")
      guard requireTool("gtkwave", install: "apt-get install -y gtkwave") != nil,
        requireTool("xvfb-run", install: "apt-get install -y xvfb") != nil
      else { return }
      let result = try ExternalTool.run(
        ExternalTool.script("gtkwave_load.sh"), [dir + "/g.vcd", dir + "/g.gtkw"], timeout: 180)
      #expect(result.exitCode == 0, "\(result.transcript)")
      #expect(result.stdout.contains("gtkwave_load: ok: \(summary.signals) signals"), "\(result.transcript)")
      // Zoom to fit: GTKWave's visible time range holds the whole trace and not much more.
      let window = result.stdout.split(separator: "\n").first { $0.hasPrefix("gtkwave_load: window ") }
      let times = window?.split(separator: " ").dropFirst(2).compactMap { Int($0) } ?? []
      #expect(times.count == 2, "\(result.transcript)")
      if times.count == 2 {
        let span = summary.trace.endTime - summary.trace.startTime
        #expect(times[0] == summary.trace.startTime)
        #expect(times[1] >= summary.trace.endTime, "the trace must fit: \(times)")
        #expect(times[1] - times[0] <= span * 3 / 2, "zoomed out too far: \(times)")
      }
    }
  }

  /// The `.gtkw` groups signals per stage in datapath order, shows data in signed decimal and settings in hex.
  @Test func saveFileGroupsStagesInDatapathOrder() throws {
    let network = try WaveformFixture.network("wave.json", layer: "act0")
    let jobs = [UnitKind.grau, .mtBinarySearch].map { network.job(layer: 0, kind: $0) }
    try withTemporaryDirectory { dir in
      try WaveformTracer.write(
        WaveformRequest(jobs: jobs, lanes: [0], window: 30...40, clockMHz: 250),
        vcdPath: dir + "/s.vcd", savePath: dir + "/s.gtkw")
      let lines = String(decoding: try readBytes(dir + "/s.gtkw"), as: UTF8.self).split(separator: "\n")
      var groups: [String] = []
      for (i, line) in lines.enumerated() where line == "@800200" { groups.append(String(lines[i + 1].dropFirst())) }
      let grauStages = groups.filter { $0.hasPrefix("grau.lane0.") }.map { $0.dropFirst("grau.lane0.".count) }
      let k = network.config.accelerator.grau.segments
      let r = network.config.accelerator.grau.stages
      let expected = ["port", "pre"] + (1..<k).map { "cmp\($0)" } + (1...r).map { "shift\($0)" } + ["sign", "bias"]
      #expect(grauStages.map(String.init) == expected)
      let mtStages = groups.filter { $0.hasPrefix("mt_bs.lane0.") }.map { String($0.dropFirst("mt_bs.lane0.".count)) }
      #expect(mtStages.first == "port" && mtStages.dropFirst().first == "in" && mtStages.last == "out")
      #expect(groups.firstIndex(of: "grau") ?? .max < groups.firstIndex(of: "mt_bs") ?? -1, "units in order")
      func flags(of name: String) -> Substring? {
        guard let i = lines.firstIndex(where: { $0.hasPrefix("top." + name) }) else { return nil }
        return lines[..<i].last { $0.hasPrefix("@") }
      }
      #expect(flags(of: "grau.lane0.pre.x[") == "@420", "data: signed decimal")
      #expect(flags(of: "grau.lane0.shift1.set[") == "@22", "settings: hexadecimal")
      #expect(flags(of: "grau.lane0.out_data[") == "@420")
      #expect(lines.contains { $0.hasPrefix("*") }, "a zoom line")
    }
  }

  /// A window in the middle of the stream shows the same leaving beats, at the same times, as the full trace.
  @Test(arguments: [UnitKind.grau, .mtBinarySearch, .grauSerial])
  func windowShowsTheSameLeavingBeats(kind: UnitKind) throws {
    let network = try WaveformFixture.network("wave.json", layer: "act0")
    let job = network.job(layer: 0, kind: kind)
    let lanes = [0, 1]
    let names = WaveformFixture.leaveSignals(unit: kind.rawValue, lanes: lanes)
    try withTemporaryDirectory { dir in
      try WaveformTracer.write(
        WaveformRequest(jobs: [job], lanes: lanes, clockMHz: 250, maxBytes: nil), vcdPath: dir + "/full.vcd",
        savePath: nil)
      let window = 40...69
      try WaveformTracer.write(
        WaveformRequest(jobs: [job], lanes: lanes, window: window, clockMHz: 250, maxBytes: nil),
        vcdPath: dir + "/part.vcd", savePath: nil)
      guard let (full, _) = try VCDJudge.check(dir + "/full.vcd", dump: names), let full,
        let (part, _) = try VCDJudge.check(dir + "/part.vcd", dump: names), let part
      else { return }
      let period: UInt64 = 4  // 250 MHz: 4 ns at 1 ns
      let inside = { (t: UInt64) in t > UInt64(window.lowerBound) * period && t <= UInt64(window.upperBound) * period }
      let expected = WaveformFixture.leavingBeats(full, unit: kind.rawValue, lanes: lanes).filter { inside($0.time) }
      let got = WaveformFixture.leavingBeats(part, unit: kind.rawValue, lanes: lanes).filter { inside($0.time) }
      #expect(!expected.isEmpty, "the window must see beats leave")
      #expect(got.map(\.time) == expected.map(\.time))
      #expect(got.map(\.values) == expected.map(\.values))
    }
  }

  /// Cutting the simulated streams after the window changes no byte of the trace.
  @Test func cuttingTheStreamsChangesNoByte() throws {
    let network = try WaveformFixture.network("wave.json", layer: "act0")
    let jobs = [UnitKind.grau, .mtBinarySearch].map { network.job(layer: 0, kind: $0) }
    try withTemporaryDirectory { dir in
      var request = WaveformRequest(jobs: jobs, lanes: [0, 1], window: 35...49, clockMHz: 250)
      #expect(WaveformTracer.limited(jobs[0], request).stream.count < jobs[0].stream.count, "the test must cut")
      try WaveformTracer.write(request, vcdPath: dir + "/cut.vcd", savePath: nil)
      request.limitStreams = false
      try WaveformTracer.write(request, vcdPath: dir + "/whole.vcd", savePath: nil)
      let cut = try readBytes(dir + "/cut.vcd")
      let whole = try readBytes(dir + "/whole.vcd")
      #expect(cut == whole)
    }
  }

  /// Two units merged on one time axis show, signal by signal, what each unit traced alone shows.
  @Test func mergedUnitsEqualEachUnitAlone() throws {
    let network = try WaveformFixture.network("tiny.json", layer: "conv0")
    let kinds: [UnitKind] = [.mtSerial, .grau, .mtBinarySearch]
    let jobs = kinds.map { network.job(layer: 0, kind: $0) }
    try withTemporaryDirectory { dir in
      let window = 150...420
      try WaveformTracer.write(
        WaveformRequest(jobs: jobs, lanes: [1], window: window, clockMHz: 200, maxBytes: nil),
        vcdPath: dir + "/all.vcd", savePath: nil)
      var names: [[String]] = []
      for (k, job) in jobs.enumerated() {
        let layout = WaveformUnitLayout(job: job, lanes: [1])
        names.append(layout.signals.map { "top." + $0.name })
        try WaveformTracer.write(
          WaveformRequest(jobs: [job], lanes: [1], window: window, clockMHz: 200, maxBytes: nil),
          vcdPath: dir + "/\(k).vcd", savePath: nil)
      }
      guard let (all, _) = try VCDJudge.check(dir + "/all.vcd", dump: names.flatMap { $0 }), let all else { return }
      var compared = 0
      for k in jobs.indices {
        guard let (alone, _) = try VCDJudge.check(dir + "/\(k).vcd", dump: names[k]), let alone else { return }
        // Clocks tick to the last edge of the longest unit in the merged file; registers must match exactly.
        for name in names[k] where !name.hasSuffix(".clk") {
          #expect(all.signals[name] == alone.signals[name], "\(name)")
          compared += alone.signals[name]?.count ?? 0
        }
      }
      #expect(compared > 3 * names.joined().count, "the window must hold changes")
    }
  }

  /// The same jobs give the same bytes (VCD and save file), whatever else happened in between.
  @Test func identicalRequestsGiveIdenticalBytes() throws {
    try withTemporaryDirectory { dir in
      var outputs: [[UInt8]] = []
      for run in 0..<2 {
        // Same file names in two directories: the .gtkw names its VCD.
        let sub = dir + "/\(run)"
        try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: false)
        let network = try WaveformFixture.network("wave.json", layer: "act0")
        let jobs = [UnitKind.mtBinarySearch, .grau].map { network.job(layer: 0, kind: $0) }
        try WaveformTracer.write(
          WaveformRequest(jobs: jobs, lanes: [1, 0], window: 10...70, clockMHz: 250),
          vcdPath: sub + "/w.vcd", savePath: sub + "/w.gtkw")
        outputs.append(try readBytes(sub + "/w.vcd") + readBytes(sub + "/w.gtkw"))
      }
      #expect(outputs[0].count > 1000)
      #expect(outputs[0] == outputs[1], "identical requests must give identical bytes")
    }
  }

  /// A small trace of wave.json (GRAU and binary-search MT, two lanes, a window with stalls) is byte-identical to the
  /// golden files. Re-record with `GRAUSIM_RECORD_GOLDEN=1 swift test --filter WaveformTracerTests`.
  @Test func smallTraceMatchesGoldenFiles() throws {
    let network = try WaveformFixture.network("wave.json", layer: "act0")
    let jobs = [UnitKind.grau, .mtBinarySearch].map { network.job(layer: 0, kind: $0) }
    try withTemporaryDirectory { dir in
      try WaveformTracer.write(
        WaveformRequest(jobs: jobs, lanes: [0, 1], window: 28...47, clockMHz: 250),
        vcdPath: dir + "/wave.vcd", savePath: dir + "/wave.gtkw")
      try Golden.check(try readBytes(dir + "/wave.vcd"), "wave.vcd")
      try Golden.check(try readBytes(dir + "/wave.gtkw"), "wave.gtkw")
    }
  }

  /// Invalid selections are errors, not traps, and leave nothing behind.
  @Test func invalidRequestsAreRejected() throws {
    let network = try WaveformFixture.network("wave.json", layer: "act0")
    let job = network.job(layer: 0, kind: .grau)
    let bad: [WaveformRequest] = [
      WaveformRequest(jobs: [], clockMHz: 250),
      WaveformRequest(jobs: [job, job], clockMHz: 250),
      WaveformRequest(jobs: [job], lanes: [2], clockMHz: 250),
      WaveformRequest(jobs: [job], lanes: [], clockMHz: 250),
      WaveformRequest(jobs: [job], lanes: [0, 0], clockMHz: 250),
      WaveformRequest(jobs: [job], clockMHz: 0),
    ]
    try withTemporaryDirectory { dir in
      for request in bad {
        #expect(throws: WaveformError.self) {
          try WaveformTracer.write(request, vcdPath: dir + "/x.vcd", savePath: dir + "/x.gtkw")
        }
      }
      let left = try FileManager.default.contentsOfDirectory(atPath: dir)
      #expect(left.isEmpty, "left behind: \(left)")
    }
  }
}
