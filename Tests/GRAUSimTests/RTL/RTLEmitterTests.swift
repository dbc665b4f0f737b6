import Foundation
import Testing

@testable import GRAUSim

@Suite struct RTLEmitterTests {
  static let kinds = UnitKind.allCases

  @Test(arguments: kinds)
  func textIsDeterministicAndUsesContractNames(kind: UnitKind) throws {
    let d = RTLDesign(kind: kind, grau: GRAUArchitecture(inputBits: 12, segments: 6), mtMaxBits: 4, lanes: 2)
    let a = try RTLEmitter.verilog(d)
    let b = try RTLEmitter.verilog(d)
    #expect(a == b)
    #expect(a.contains("module \(kind.rawValue) ("))
    #expect(a.contains("module \(kind.rawValue)_lane ("))
    #expect(a.contains(" lane0 (") && a.contains(" lane1 ("))
    #expect(!a.contains(" lane2 ("))
    let names: [String]
    switch kind {
    case .grau: names = ["pre_big", "cmp3_seg", "shift7_v", "shift16_set", "sign_s", "bias_y", "mem_t5", "mem_bias5"]
    case .grauSerial: names = ["reg [4:0] step", "seg", "big", "mem_set0", "mem_bias5"]
    case .mt: names = ["stage1_cnt", "stage15_cnt", "mem_t15"]
    case .mtSerial:
      names = [
        "idx", "cnt", "t_sel", "mem_t1 ", "reg [12:0] mem_t [0:255]", "mem_t[t_addr]",
        "t_addr <= {accept ? i_ch : ch, idx_next[3:0]}",
      ]
    case .mtBinarySearch: names = ["in_x", "bs1_idx", "bs4_idx", "out_y", "mem_t15"]
    }
    for n in names { #expect(a.contains(n), "\(kind): \(n) missing") }
    let ascii = a.unicodeScalars.allSatisfy { $0.isASCII }
    #expect(ascii, "Verilog source must be ASCII")
    // Verilog-2005 only: no SystemVerilog constructs.
    for sv in ["logic ", "always_ff", "always_comb", "'0", "int ", "typedef"] { #expect(!a.contains(sv), "\(sv)") }
  }

  @Test func pipelineDepthFollowsTheArchitecture() throws {
    let chain = try RTLEmitter.verilog(RTLDesign(kind: .grau, grau: GRAUArchitecture(segments: 8, stages: 5)))
    #expect(chain.contains("cmp7_seg") && !chain.contains("cmp8_seg"))
    #expect(chain.contains("shift5_v") && !chain.contains("shift6_v"))
    let parallel = try RTLEmitter.verilog(
      RTLDesign(kind: .grau, grau: GRAUArchitecture(segments: 8, comparator: .parallel)))
    #expect(parallel.contains("cmp_seg") && !parallel.contains("cmp1_seg"))
    let mt = try RTLEmitter.verilog(RTLDesign(kind: .mt, mtMaxBits: 3, maxOutputBits: 3))
    #expect(mt.contains("stage7_cnt") && !mt.contains("stage8_cnt"))
    let noBypass = try RTLEmitter.verilog(RTLDesign(kind: .grau, grau: GRAUArchitecture(bypass: false)))
    #expect(!noBypass.contains("ctl_bypass"))
    // The serialized MT reads T_2 … T_M from one memory addressed by (channel, index), not from M memories.
    let serial = try RTLEmitter.verilog(RTLDesign(kind: .mtSerial, mtMaxBits: 3, maxOutputBits: 3))
    #expect(serial.contains("mem_t1 ") && !serial.contains("mem_t2") && !serial.contains("case (idx)"))
  }

  @Test func invalidDesignsAreRejectedWithAPath() {
    #expect(throws: ValueError(path: "rtl.bus_bits", expected: "an integer in 7...64", got: "4")) {
      try RTLEmitter.verilog(RTLDesign(kind: .grau, busBits: 4))
    }
    #expect(throws: ValueError(path: "rtl.lanes", expected: "an integer in 1...64", got: "0")) {
      try RTLEmitter.verilog(RTLDesign(kind: .mt, lanes: 0))
    }
    #expect(throws: ValueError(path: "rtl.mt_max_bits", expected: "an integer in 1...4", got: "5")) {
      try RTLEmitter.verilog(RTLDesign(kind: .mtBinarySearch, mtMaxBits: 5, maxOutputBits: 4))
    }
    #expect(throws: ValueError.self) { try RTLEmitter.verilog(RTLDesign(kind: .mt, moduleName: "9 bad")) }
    #expect(throws: ValueError.self) {
      try RTLEmitter.verilog(RTLDesign(kind: .grau, grau: GRAUArchitecture(segments: 1)))
    }
  }
}

@Suite struct RTLTestbenchTests {
  static func bench(_ kind: UnitKind, lanes: Int, elements: Int, pattern: (valid: EdgePattern, ready: EdgePattern))
    throws -> RTLTestbench
  {
    var rng = CosimRandom(seed: 5)
    let d = RTLDesign(kind: kind, grau: GRAUArchitecture(inputBits: 10, segments: 6), mtMaxBits: 4, lanes: lanes)
    let layer = CosimVectors.layer(
      d, outputBits: 4, signed: true, channels: 2, elements: elements, pattern: pattern, rng: &rng)
    return try RTLTestbench(design: d, layers: [layer])
  }

  @Test(arguments: UnitKind.allCases)
  func expectedLeavesFollowTheScheduleAndTheReference(kind: UnitKind) throws {
    let tb = try Self.bench(kind, lanes: 2, elements: 7, pattern: (.always, .always))
    let leaves = tb.expectedLeaves(layer: 0)
    let layer = tb.layers[0]
    #expect(leaves.count == 7)
    let c = tb.design.unit.configurationWords(layer.parameters).count
    let timing = tb.design.timing(outputBits: 4)
    #expect(leaves.last!.edge == ScheduleReference.idealCycles(beats: 4, timing: timing, reconfiguration: c))
    #expect(leaves.last!.lane == 0)  // the 4th beat's lane 1 is a bubble
    for (i, leave) in leaves.enumerated() {
      #expect(leave.lane == i % 2)
      #expect(leave.value == layer.parameters.reference(layer.x[i], channel: layer.channel[i]))
    }
  }

  @Test func compareAcceptsTheExpectedOutputAndReportsEveryKindOfDifference() throws {
    let tb = try Self.bench(.grau, lanes: 1, elements: 6, pattern: (EdgePattern("10")!, EdgePattern("1101")!))
    let good = tb.expectedOutput()
    #expect(tb.compare(output: good).isEmpty)
    var lines = good.split(separator: "\n").map(String.init)
    let f = lines[3].split(separator: " ").map { Int($0)! }
    lines[3] = "\(f[0]) \(f[1]) \(f[2] + 1)"
    let wrongValue = tb.compare(output: lines.joined(separator: "\n"))
    #expect(wrongValue.count == 1 && wrongValue[0].contains("element 2"))
    lines[3] = "\(f[0] + 1) \(f[1]) \(f[2])"
    #expect(tb.compare(output: lines.joined(separator: "\n")).count == 1)
    #expect(!tb.compare(output: lines.dropLast().joined(separator: "\n")).isEmpty)
    #expect(!tb.compare(output: good + "timeout 99\n").isEmpty)
    #expect(!tb.compare(output: "").isEmpty)
  }

  @Test func layersThatDoNotFitTheDesignAreRejected() throws {
    var rng = CosimRandom(seed: 9)
    let grau = RTLDesign(kind: .grau, grau: GRAUArchitecture(inputBits: 10), channelCapacity: 2)
    let mtDesign = RTLDesign(kind: .mt, grau: GRAUArchitecture(inputBits: 10), mtMaxBits: 2, channelCapacity: 2)
    let mtLayer = CosimVectors.layer(
      mtDesign, outputBits: 2, signed: false, channels: 2, elements: 3, pattern: (.always, .always), rng: &rng)
    #expect(throws: ValueError.self) { try RTLTestbench(design: grau, layers: [mtLayer]) }
    #expect(throws: ValueError.self) { try RTLTestbench(design: grau, layers: []) }
    var badChannel = mtLayer
    badChannel.channel[1] = 2
    #expect(throws: ValueError(path: "rtl.layers[0].channel[1]", expected: "0...1", got: "2")) {
      try RTLTestbench(design: mtDesign, layers: [badChannel])
    }
    let wide = CosimVectors.layer(
      RTLDesign(kind: .mt, grau: GRAUArchitecture(inputBits: 10), mtMaxBits: 4, channelCapacity: 2), outputBits: 4,
      signed: false, channels: 1, elements: 3, pattern: (.always, .always), rng: &rng)
    #expect(throws: ValueError.self) { try RTLTestbench(design: mtDesign, layers: [wide]) }
    // A 2-bit GRAU layer must use the bypass mode when the architecture has it.
    var pwl = CosimVectors.layer(
      grau, outputBits: 2, signed: false, channels: 1, elements: 3, pattern: (.always, .always), rng: &rng)
    if case .grau(var p) = pwl.parameters {
      p[0].mode = .pwl
      pwl.parameters = .grau(p)
    }
    #expect(throws: ValueError.self) { try RTLTestbench(design: grau, layers: [pwl]) }
  }

  @Test func exportWritesTheModuleTestbenchVectorsAndScript() throws {
    let tb = try Self.bench(.mtBinarySearch, lanes: 1, elements: 4, pattern: (.always, .always))
    let dir = try CosimRunner.scratch("export")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let written = try RTLExport.write(design: tb.design, layers: tb.layers, to: dir)
    let names = written.map { ($0 as NSString).lastPathComponent }
    #expect(
      names == [
        "mt_bs.v", "tb_mt_bs.v", "mt_bs_layers.hex", "mt_bs_cfg.hex", "mt_bs_beats.hex", "mt_bs_valid.hex",
        "mt_bs_ready.hex", "mt_bs_expected.hex", "mt_bs_expected.txt", "run_iverilog.sh",
      ])
    #expect(FileManager.default.isExecutableFile(atPath: (dir as NSString).appendingPathComponent("run_iverilog.sh")))
    let expected = try String(
      contentsOfFile: (dir as NSString).appendingPathComponent("mt_bs_expected.txt"), encoding: .utf8)
    #expect(expected == tb.expectedOutput())
    let moduleOnly = try RTLExport.files(design: tb.design, layers: nil).map(\.name)
    #expect(moduleOnly == ["mt_bs.v", "run_iverilog.sh"])
    #expect(throws: RTLExportError.self) { try RTLExport.write(design: RTLDesign(kind: .mt, lanes: 0), to: dir) }
    #expect(throws: RTLExportError.self) {
      try RTLExport.write(design: tb.design, to: "/proc/grausim-cannot-write-here")
    }
  }
}

/// An element stream over fixed arrays, for building a `LayerJob` in tests.
private struct ArrayStream: ElementStream {
  var x: [Int]
  var channel: [Int]
  var count: Int { x.count }
  func fill(_ block: inout ElementBlock, start: Int, length: Int) {
    block.removeAll()
    for i in start..<(start + length) {
      block.x.append(x[i])
      block.channel.append(channel[i])
      block.expected.append(0)
    }
  }
}

@Suite struct RTLLayerJobTests {
  @Test func aLayerJobBecomesADesignAndVectors() throws {
    var rng = CosimRandom(seed: 3)
    let arch = GRAUArchitecture(inputBits: 10, segments: 6)
    let probe = RTLDesign(kind: .grauSerial, grau: arch, lanes: 2, channelCapacity: 3, busBits: 16)
    let layer = CosimVectors.layer(
      probe, outputBits: 4, signed: true, channels: 3, elements: 9, pattern: (EdgePattern("10")!, .always), rng: &rng)
    let job = LayerJob(
      layerName: "l", kind: .grauSerial, lanes: 2, grau: arch, mtMaxBits: 8, output: layer.output,
      parameters: layer.parameters, stream: ArrayStream(x: layer.x, channel: layer.channel), busBits: 16,
      sourceValid: layer.sourceValid)
    let design = RTLDesign(unit: job.design)
    #expect(design.kind == .grauSerial && design.lanes == 2 && design.channelCapacity == 3 && design.busBits == 16)
    #expect(design.maxOutputBits == 4)
    let vectors = RTLLayerVectors(job: job)
    #expect(vectors.x == layer.x && vectors.channel == layer.channel && vectors.sourceValid == layer.sourceValid)
    #expect(RTLLayerVectors(job: job, maxElements: 4).x == Array(layer.x.prefix(4)))
    let tb = try RTLTestbench(design: design, layers: [vectors])
    #expect(tb.expectedLeaves(layer: 0).count == 9)
    #expect(try design.verilog() == RTLEmitter.verilog(design))
  }
}
