import Foundation
import Testing

@testable import GRAUSim

/// `yosys synth_xilinx` accepts the exported Verilog of every variant (small designs keep the run short), and
/// `check -assert` finds no driver conflicts, loops or undriven wires.
@Suite struct RTLSynthesisTests {
  static func designs() -> [RTLDesign] {
    let small = GRAUArchitecture(inputBits: 8, segments: 4, preShift: 2, stages: 4, slopeMode: .apot, saturate: true)
    return [
      RTLDesign(kind: .grau, grau: small, maxOutputBits: 4, lanes: 2, channelCapacity: 2, busBits: 8),
      RTLDesign(
        kind: .grauSerial, grau: GRAUArchitecture(inputBits: 8, segments: 4, preShift: 2, stages: 4),
        maxOutputBits: 4, channelCapacity: 2, busBits: 16),
      RTLDesign(kind: .mt, grau: small, mtMaxBits: 2, maxOutputBits: 4, channelCapacity: 2, busBits: 8),
      RTLDesign(kind: .mtSerial, grau: small, mtMaxBits: 3, maxOutputBits: 4, channelCapacity: 2, busBits: 8),
      RTLDesign(kind: .mtBinarySearch, grau: small, mtMaxBits: 3, maxOutputBits: 4, channelCapacity: 2, busBits: 8),
      RTLDesign(
        kind: .mtSerial, grau: small, mtMaxBits: 3, maxOutputBits: 4, channelCapacity: 2, busBits: 8,
        mtStorage: .registers, moduleName: "mt_serial_regs"),
    ]
  }

  @Test func yosysSynthXilinxAcceptsEveryVariant() throws {
    let yosys = try CosimRunner.find("yosys", package: "yosys")
    let dir = try CosimRunner.scratch("yosys")
    // One run for all five under a wrapper top, so yosys pays its fixed cost once.
    var files: [String] = []
    for d in Self.designs() {
      try RTLEmitter.verilog(d).write(
        toFile: (dir as NSString).appendingPathComponent("\(d.moduleName).v"), atomically: false, encoding: .utf8)
      files.append("\(d.moduleName).v")
    }
    try Self.wrapper(Self.designs()).write(
      toFile: (dir as NSString).appendingPathComponent("synth_all.v"), atomically: false, encoding: .utf8)
    let script =
      "read_verilog \(files.joined(separator: " ")) synth_all.v; synth_xilinx -top synth_all; check -assert; "
      + "tee -o all.stat stat"
    let log = try CosimRunner.run(yosys, ["-q", "-p", script], in: dir)
    // Latches, multiple drivers and the like are warnings in yosys: none may appear.
    #expect(!log.contains("Warning"), "yosys warned:\n\(log)")
    let stat = try String(contentsOfFile: (dir as NSString).appendingPathComponent("all.stat"), encoding: .utf8)
    for d in Self.designs() {
      // Every top and lane module survives as a real netlist with LUTs and flip-flops.
      for module in [d.moduleName, "\(d.moduleName)_lane"] {
        #expect(stat.contains("=== \(module) ==="), "\(module) missing from the synthesized design")
      }
    }
    #expect(stat.contains("LUT"), "no LUTs in\n\(stat)")
    #expect(stat.contains("FDRE"), "no flip-flops in\n\(stat)")
    if ProcessInfo.processInfo.environment["COSIM_KEEP"] == nil { try? FileManager.default.removeItem(atPath: dir) }
  }

  /// A top with every design's ports brought out (prefixed by module name) and one shared clock.
  static func wrapper(_ designs: [RTLDesign]) -> String {
    var ports = ["input wire clk"]
    var body = ""
    for d in designs {
      let m = d.moduleName
      let l = d.lanes
      let signals: [(dir: String, width: Int, name: String)] = [
        ("input", 1, "rst"), ("input", 1, "cfg_valid"), ("input", d.channelBits, "cfg_chan"),
        ("input", d.fieldBits, "cfg_field"), ("input", d.partBits, "cfg_part"), ("input", d.busBits, "cfg_data"),
        ("input", 1, "in_valid"), ("output", 1, "in_ready"), ("input", l * d.inputBits, "in_x"),
        ("input", l * d.channelBits, "in_ch"), ("input", l, "in_lane_valid"), ("output", 1, "out_valid"),
        ("input", 1, "out_ready"), ("output", l * d.maxOutputBits, "out_y"), ("output", l, "out_lane_valid"),
      ]
      for s in signals { ports.append("\(s.dir) wire [\(s.width - 1):0] \(m)_\(s.name)") }
      body += "  \(m) u_\(m) (.clk(clk), "
      body += signals.map { ".\($0.name)(\(m)_\($0.name))" }.joined(separator: ", ") + ");\n"
    }
    return "module synth_all (\n  " + ports.joined(separator: ",\n  ") + "\n);\n" + body + "endmodule\n"
  }
}
