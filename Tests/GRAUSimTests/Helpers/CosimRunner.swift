import Foundation

@testable import GRAUSim

/// Runs exported RTL under Icarus Verilog and Verilator: many designs per simulator invocation.
enum CosimRunner {
  /// A simulator the test needs is not installed: the test fails with this message.
  struct ToolMissing: Error, CustomStringConvertible {
    var tool: String
    var package: String
    var description: String {
      "\(tool) not found on PATH: install it with `apt-get install \(package)` (co-simulation tests need it)"
    }
  }

  /// A tool ran but failed.
  struct ToolFailed: Error, CustomStringConvertible {
    var command: String
    var status: Int32
    var output: String
    var description: String { "`\(command)` exited with \(status):\n\(output.suffix(4000))" }
  }

  /// The absolute path of `tool` on PATH.
  static func find(_ tool: String, package: String) throws -> String {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for dir in path.split(separator: ":") {
      let candidate = "\(dir)/\(tool)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    throw ToolMissing(tool: tool, package: package)
  }

  /// Runs `executable` with `arguments` in `directory`; returns its combined output, throws on a non-zero exit.
  @discardableResult
  static func run(
    _ executable: String, _ arguments: [String], in directory: String, environment: [String: String] = [:]
  ) throws -> String {
    let log = (directory as NSString).appendingPathComponent(".cosim-\(UUID().uuidString).log")
    _ = FileManager.default.createFile(atPath: log, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    p.currentDirectoryURL = URL(fileURLWithPath: directory)
    if !environment.isEmpty {
      p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    p.standardOutput = handle
    p.standardError = handle
    try p.run()
    p.waitUntilExit()
    try handle.close()
    let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    try? FileManager.default.removeItem(atPath: log)
    guard p.terminationStatus == 0 else {
      throw ToolFailed(
        command: ([executable] + arguments).joined(separator: " "), status: p.terminationStatus, output: output)
    }
    return output
  }

  /// A fresh directory under the system temporary directory.
  static func scratch(_ name: String) throws -> String {
    let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent(
      "grausim-cosim-\(name)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }

  /// Writes every design, testbench and vector file plus `tb_all.v` into `dir`; returns the Verilog file names.
  static func writeBatch(_ benches: [RTLTestbench], in dir: String) throws -> [String] {
    var sources: [String] = []
    for tb in benches {
      for f in try RTLExport.files(design: tb.design, layers: tb.layers) where f.name != "run_iverilog.sh" {
        let path = (dir as NSString).appendingPathComponent(f.name)
        try f.contents.write(toFile: path, atomically: false, encoding: .utf8)
        if f.name.hasSuffix(".v") { sources.append(f.name) }
      }
    }
    try RTLTestbench.batchTop(testbenches: benches.map(\.testbenchName))
      .write(toFile: (dir as NSString).appendingPathComponent("tb_all.v"), atomically: false, encoding: .utf8)
    return sources + ["tb_all.v"]
  }

  /// The differences between each testbench's output in `dir` and its expectation (the references and
  /// `ScheduleReference`), and between it and the event-driven model (``CosimModel``), prefixed by module name.
  static func compare(_ benches: [RTLTestbench], in dir: String) -> [String] {
    var problems: [String] = []
    for tb in benches {
      let path = (dir as NSString).appendingPathComponent(tb.outputFileName)
      guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        problems.append("\(tb.design.moduleName): no output file \(tb.outputFileName)")
        continue
      }
      problems += tb.compare(output: text, limit: 5).map { "\(tb.design.moduleName): \($0)" }
      problems += CosimModel.compare(tb, rtlOutput: text)
    }
    return problems
  }

  /// Compiles all benches with `iverilog -g2005` into one simulation, runs it with `vvp`, and compares.
  ///
  /// - Returns: the mismatches (empty when the RTL equals the references edge for edge).
  static func icarus(_ benches: [RTLTestbench], name: String) throws -> [String] {
    let iverilog = try find("iverilog", package: "iverilog")
    let vvp = try find("vvp", package: "iverilog")
    let dir = try scratch("icarus-\(name)")
    let sources = try writeBatch(benches, in: dir)
    var clock = PhaseClock(label: "icarus \(name)")
    try run(iverilog, ["-g2005", "-o", "tb_all.vvp", "-s", "tb_all"] + sources, in: dir)
    clock.lap("iverilog")
    try run(vvp, ["-n", "tb_all.vvp"], in: dir)
    clock.lap("vvp")
    let problems = compare(benches, in: dir)
    clock.lap("compare with references and model")
    if problems.isEmpty, ProcessInfo.processInfo.environment["COSIM_KEEP"] == nil {
      try? FileManager.default.removeItem(atPath: dir)
    }
    return problems
  }

  /// Lints every design with `verilator --lint-only -Wall` (one invocation), builds all benches into one
  /// `verilator --binary` simulation (compiled at `-O0`: the simulation is tiny, the build is what costs), runs it,
  /// and compares. With `ccache` on PATH the C++ compiler goes through it (`OBJCACHE`), so Verilator's runtime
  /// library is compiled once for all designs instead of once per design.
  static func verilator(_ benches: [RTLTestbench], name: String) throws -> [String] {
    let verilator = try find("verilator", package: "verilator")
    let dir = try scratch("verilator-\(name)")
    let sources = try writeBatch(benches, in: dir)
    var clock = PhaseClock(label: "verilator \(name)")
    // Each design's top module is a top of its own (MULTITOP is expected when several share a lint run).
    try run(
      verilator,
      ["--lint-only", "-Wall", "-Wno-UNUSEDSIGNAL", "-Wno-DECLFILENAME", "-Wno-MULTITOP"]
        + benches.map { "\($0.design.moduleName).v" }, in: dir)
    clock.lap("lint \(benches.count) designs")
    var make = "OPT_FAST=-O0 OPT_SLOW=-O0 OPT_GLOBAL=-O0"
    var environment: [String: String] = [:]
    if (try? find("ccache", package: "ccache")) != nil {
      make += " OBJCACHE=ccache"
      environment["CCACHE_DIR"] = (NSTemporaryDirectory() as NSString).appendingPathComponent("grausim-ccache")
    }
    try run(
      verilator,
      [
        "--binary", "--build-jobs", "1", "-Wno-fatal", "--x-assign", "fast", "--x-initial", "fast",
        "--top-module", "tb_all", "-Mdir", "obj", "-o", "Vtb_all", "-MAKEFLAGS", make,
      ] + sources, in: dir, environment: environment)
    clock.lap("verilate + C++ build")
    try run((dir as NSString).appendingPathComponent("obj/Vtb_all"), [], in: dir)
    clock.lap("run")
    let problems = compare(benches, in: dir)
    clock.lap("compare with references and model")
    if problems.isEmpty, ProcessInfo.processInfo.environment["COSIM_KEEP"] == nil {
      try? FileManager.default.removeItem(atPath: dir)
    }
    return problems
  }
}

/// Wall time per phase of a co-simulation run, written to standard error when `COSIM_TIMING` is set (how the
/// figures in docs/rtl.md were measured).
struct PhaseClock {
  let label: String
  let enabled = ProcessInfo.processInfo.environment["COSIM_TIMING"] != nil
  var last = ContinuousClock.now

  init(label: String) { self.label = label }

  mutating func lap(_ phase: String) {
    let now = ContinuousClock.now
    if enabled {
      let ms = (now - last).components.seconds * 1000 + (now - last).components.attoseconds / 1_000_000_000_000_000
      FileHandle.standardError.write("cosim timing: \(label): \(phase): \(ms) ms\n".data(using: .utf8)!)
    }
    last = now
  }
}
