import Foundation
import Testing

@testable import GRAUSim

#if canImport(Glibc)
  import Glibc
#endif

/// One bad input: what the directory holds, the command, and what grausim must answer.
///
/// Every case runs in a fresh directory holding `tiny.json` and `trace.json` (a trace config reading `t.npy`),
/// their traces, and previous outputs `out.json`, `out.csv`, `out.vcd`, `out.gtkw` (each `OLD`). The runner checks
/// the exit code, that stderr has exactly one `Error:` line and that it contains `message`, that no temporary file
/// is left anywhere in the directory, that every previous output is byte-identical, and — for cases run as a
/// process — that the process exited rather than died of a signal.
struct BadInputCase: Sendable, CustomTestStringConvertible {
  enum Mode: Sendable {
    /// In-process (``GRAUSimCLI/run(arguments:environment:)``).
    case inProcess
    /// The built `grausim` binary, stdout to /dev/null (or /dev/full).
    case process(stdoutFull: Bool = false)
    /// The binary, interrupted by `signal` after `after` seconds.
    case signal(Int32, after: Double)
  }

  var name: String
  var arguments: [String]
  var code: Int32
  var message: String
  var mode: Mode = .inProcess
  /// Creates extra files in the case's directory before the run.
  var setup: (@Sendable (String) throws -> Void)?

  var testDescription: String { name }
}

enum BadInputCorpus {
  static let previousOutputs = ["out.json", "out.csv", "out.vcd", "out.gtkw"]

  /// `tiny.json` with `edit` applied, written as `name`.
  static func config(_ name: String, _ edit: @escaping @Sendable (inout JSONValue) -> Void)
    -> @Sendable (String) throws
    -> Void
  {
    { dir in
      var json = try JSONValue.parseConfig(try String(contentsOfFile: dir + "/tiny.json", encoding: .utf8))
      edit(&json)
      try json.formatted().write(toFile: dir + "/" + name, atomically: false, encoding: .utf8)
    }
  }

  static func file(_ name: String, _ bytes: [UInt8]) -> @Sendable (String) throws -> Void {
    { dir in try Data(bytes).write(to: URL(fileURLWithPath: dir + "/" + name)) }
  }

  static func text(_ name: String, _ text: String) -> @Sendable (String) throws -> Void { file(name, Array(text.utf8)) }

  /// A `.npy` file with header dictionary `header` and `data` after it.
  static func npy(_ name: String, header: String, data: [UInt8] = []) -> @Sendable (String) throws -> Void {
    var h = header
    h += String(repeating: " ", count: (64 - (h.utf8.count + 11) % 64) % 64) + "\n"
    let n = h.utf8.count
    return file(name, [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(n & 0xFF), UInt8(n >> 8)] + Array(h.utf8) + data)
  }

  /// `trace.json` reading `trace` (4 channels of 3 × 3).
  static func traceConfig(_ trace: String, calibration: String? = nil) -> @Sendable (String) throws -> Void {
    let cal = calibration.map { ", \"calibration_trace\": \"\($0)\"" } ?? ""
    return text(
      "trace.json",
      """
      {"accelerator": {"lanes": 2, "units": ["grau", "mt_bs"]},
       "network": {"name": "t", "layers": [{"name": "t0", "channels": 4, "height": 3, "width": 3,
         "activation": "relu", "out_bits": 4, "in_scale": 0.001, "out_scale": 0.25, "trace": "\(trace)"\(cal)}]},
       "stimulus": {"kind": "trace"}}
      """)
  }

  static func set(_ override: String) -> [String] { ["run", "tiny.json", "--set", override, "--json", "out.json"] }

  static let configCases: [BadInputCase] = [
    .init(
      name: "config missing", arguments: ["run", "nope.json"], code: 66,
      message: "nope.json: cannot read the configuration file: no such file"),
    .init(
      name: "config is a directory", arguments: ["run", "cfgdir"], code: 66,
      message: "cfgdir: cannot read the configuration file: it is a directory",
      setup: { try FileManager.default.createDirectory(atPath: $0 + "/cfgdir", withIntermediateDirectories: false) }),
    .init(
      name: "config is not JSON", arguments: ["run", "bad.json"], code: 65,
      message: "bad.json: line 1, column 1: invalid JSON", setup: text("bad.json", "hello")),
    .init(
      name: "config is empty", arguments: ["run", "bad.json"], code: 65,
      message: "bad.json: line 1, column 1: invalid JSON", setup: text("bad.json", "")),
    .init(
      name: "config is not UTF-8", arguments: ["run", "bad.json"], code: 65, message: "bad.json: invalid UTF-8 text",
      setup: file("bad.json", [0x7B, 0xFF, 0xFE, 0x7D])),
    .init(
      name: "config has a duplicate key", arguments: ["run", "bad.json"], code: 65, message: "duplicate key",
      setup: text("bad.json", "{\"network\": {}, \"network\": {}}")),
    .init(
      name: "config nests too deep", arguments: ["run", "bad.json"], code: 65, message: "bad.json: line 1",
      setup: text("bad.json", String(repeating: "[", count: 100_000))),
    .init(
      name: "config has a number out of range", arguments: ["run", "bad.json"], code: 65, message: "bad.json",
      setup: text("bad.json", "{\"accelerator\": {\"lanes\": 1e999}}")),
    .init(
      name: "unknown top-level key", arguments: set("acelerator.lanes=2"), code: 65,
      message: "unknown key 'acelerator' (did you mean 'accelerator'?)"),
    .init(
      name: "lanes 0", arguments: set("accelerator.lanes=0"), code: 65,
      message: "accelerator.lanes: expected an integer in 1...4096, got 0"),
    .init(
      name: "lanes too many", arguments: set("accelerator.lanes=5000"), code: 65,
      message: "accelerator.lanes: expected an integer in 1...4096, got 5000"),
    .init(
      name: "lanes a string", arguments: set("accelerator.lanes=\"4\""), code: 65,
      message: "accelerator.lanes: expected an integer in 1...4096"),
    .init(
      name: "lanes a fraction", arguments: set("accelerator.lanes=2.5"), code: 65,
      message: "accelerator.lanes: expected an integer in 1...4096, got 2.5"),
    .init(
      name: "device unknown", arguments: set("accelerator.device=xczu3e"), code: 65,
      message: "accelerator.device: expected a device name, one of \"xczu3eg\", \"xczu7ev\", \"xc7z020\", "
        + "\"xc7a100t\" (any case), got \"xczu3e\" (did you mean 'xczu3eg'?)"),
    .init(
      name: "device a number", arguments: set("accelerator.device=7020"), code: 65,
      message: "accelerator.device: expected a device name"),
    .init(name: "in_bits 1", arguments: set("accelerator.in_bits=1"), code: 65, message: "accelerator.in_bits"),
    .init(name: "in_bits 64", arguments: set("accelerator.in_bits=64"), code: 65, message: "accelerator.in_bits"),
    .init(name: "no units", arguments: set("accelerator.units=[]"), code: 65, message: "accelerator.units"),
    .init(name: "unknown unit", arguments: set("accelerator.units=[\"grua\"]"), code: 65, message: "accelerator.units"),
    .init(
      name: "out_bits 0", arguments: set("network.layers[0].out_bits=0"), code: 65,
      message: "network.layers[0].out_bits"),
    .init(
      name: "out_bits 17", arguments: set("network.layers[0].out_bits=17"), code: 65,
      message: "network.layers[0].out_bits"),
    .init(
      name: "in_scale 0", arguments: set("network.layers[0].in_scale=0"), code: 65,
      message: "network.layers[0].in_scale: expected a finite number > 0, got 0"),
    .init(
      name: "out_scale a string", arguments: set("network.layers[0].out_scale=\"x\""), code: 65,
      message: "network.layers[0].out_scale"),
    .init(
      name: "channels 0", arguments: set("network.layers[0].channels=0"), code: 65,
      message: "network.layers[0].channels"),
    .init(
      name: "height too large", arguments: set("network.layers[0].height=70000"), code: 65,
      message: "network.layers[0].height: expected an integer in 1...65536, got 70000"),
    .init(
      name: "zero point outside the codes", arguments: set("network.layers[0].zero_point=1000"), code: 65,
      message: "network.layers[0].zero_point: expected an integer in -128...127 (a code of the s8 output), got 1000"),
    .init(
      name: "activation unknown", arguments: set("network.layers[0].activation=\"swish\""), code: 65,
      message: "network.layers[0].activation"),
    .init(
      name: "gamma of the wrong length", arguments: set("network.layers[1].gamma=[1, 2]"), code: 65,
      message: "network.layers[1].gamma"),
    .init(
      name: "shifter stages 30", arguments: set("accelerator.grau.stages=30"), code: 65,
      message: "accelerator.grau.stages"),
    .init(
      name: "pre-shift 20", arguments: set("accelerator.grau.pre_shift=20"), code: 65,
      message: "accelerator.grau.pre_shift"),
    .init(
      name: "pre-shift a word", arguments: set("accelerator.grau.pre_shift=\"some\""), code: 65,
      message: "accelerator.grau.pre_shift"),
    .init(
      name: "slopes unknown", arguments: set("accelerator.grau.slopes=\"pot2\""), code: 65,
      message: "accelerator.grau.slopes: expected one of \"pot\", \"apot\", got \"pot2\""),
    .init(
      name: "fit_range unknown", arguments: set("accelerator.grau.fit_range=\"all\""), code: 65,
      message: "accelerator.grau.fit_range"),
    .init(
      name: "max_candidates above the fitter's limit", arguments: set("accelerator.grau.max_candidates=100000"),
      code: 65, message: "accelerator.grau.max_candidates: expected an integer in 2...8192, got 100000"),
    .init(name: "MT sized below a layer", arguments: set("accelerator.mt.max_bits=2"), code: 65, message: "mt"),
    .init(
      name: "MT storage misspelt", arguments: set("accelerator.mt.storage=register"), code: 65,
      message: "accelerator.mt.storage: expected one of \"ram\", \"registers\", got \"register\""),
    .init(
      name: "MT register file beyond any device",
      arguments: [
        "run", "tiny.json", "--set", "accelerator.mt.storage=registers", "--set", "accelerator.mt.max_bits=16",
        "--set", "network.layers[0].channels=16", "--set", "accelerator.units=[\"mt_serial\"]",
      ], code: 65,
      message: "accelerator.mt.storage: expected \"ram\" for this design: \"registers\" needs"),
    .init(
      name: "threads 0 in the config", arguments: set("run.threads=0"), code: 65,
      message: "run.threads: expected an integer in 1...1024, got 0"),
    .init(
      name: "calibration source unknown", arguments: set("stimulus.calibration.source=\"half\""), code: 65,
      message: "stimulus.calibration.source"),
    .init(
      name: "trace kind without a trace", arguments: set("stimulus.kind=\"trace\""), code: 65,
      message: "network.layers[0].trace"),
    .init(
      name: "config file edited to a negative clock", arguments: ["run", "bad.json"], code: 65,
      message: "bad.json: accelerator.clock_mhz",
      setup: config("bad.json") { j in
        if case .object(var o) = j, case .object(var a)? = o["accelerator"] {
          a["clock_mhz"] = .double(-1)
          o["accelerator"] = .object(a)
          j = .object(o)
        }
      }),
  ]

  static let traceCases: [BadInputCase] = [
    .init(
      name: "trace missing", arguments: ["run", "trace.json"], code: 66,
      message: "network.layers[0].trace: cannot read the trace: ", setup: traceConfig("gone.npy")),
    .init(
      name: "trace is a directory", arguments: ["run", "trace.json"], code: 66, message: "it is a directory",
      setup: { dir in
        try traceConfig("tdir")(dir)
        try FileManager.default.createDirectory(atPath: dir + "/tdir", withIntermediateDirectories: false)
      }),
    .init(
      name: "trace is not .npy", arguments: ["run", "trace.json"], code: 65, message: "not a .npy file (bad magic)",
      setup: {
        try traceConfig("x.npy")($0); try text("x.npy", "hello")($0)
      }),
    .init(
      name: "trace shape overflows", arguments: ["run", "trace.json"], code: 65,
      message: "is too large (more than 2^40 elements)",
      setup: {
        try traceConfig("x.npy")($0);
        try npy("x.npy", header: "{'descr': '<i4', 'fortran_order': False, 'shape': (4294967298, 4294967296, 4), }")($0)
      }),
    .init(
      name: "trace shape negative", arguments: ["run", "trace.json"], code: 65, message: "bad shape",
      setup: {
        try traceConfig("x.npy")($0);
        try npy("x.npy", header: "{'descr': '<i4', 'fortran_order': False, 'shape': (-4, 9), }")($0)
      }),
    .init(
      name: "trace shape of another layer", arguments: ["run", "trace.json"], code: 65,
      message: "expected shape (4, 3, 3) or (36,), got shape (5, 3, 3)",
      setup: {
        try traceConfig("x.npy")($0);
        try npy(
          "x.npy", header: "{'descr': '<i4', 'fortran_order': False, 'shape': (5, 3, 3), }",
          data: [UInt8](repeating: 0, count: 180))($0)
      }),
    .init(
      name: "trace data truncated", arguments: ["run", "trace.json"], code: 65,
      message: "the header promises 36 elements of 4 bytes (144 bytes), but the file holds 7 data bytes",
      setup: {
        try traceConfig("x.npy")($0);
        try npy(
          "x.npy", header: "{'descr': '<i4', 'fortran_order': False, 'shape': (4, 3, 3), }",
          data: [UInt8](repeating: 1, count: 7))($0)
      }),
    .init(
      name: "trace holds NaN", arguments: ["run", "trace.json"], code: 65, message: "element 0 is NaN",
      setup: {
        try traceConfig("x.npy")($0);
        try npy(
          "x.npy", header: "{'descr': '<f4', 'fortran_order': False, 'shape': (36,), }",
          data: [0x00, 0x00, 0xC0, 0x7F] + [UInt8](repeating: 0, count: 140))($0)
      }),
    .init(
      name: "trace of an unsupported dtype", arguments: ["run", "trace.json"], code: 65,
      message: "unsupported dtype '<u8'",
      setup: {
        try traceConfig("x.npy")($0);
        try npy("x.npy", header: "{'descr': '<u8', 'fortran_order': False, 'shape': (36,), }")($0)
      }),
    .init(
      name: "trace in Fortran order", arguments: ["run", "trace.json"], code: 65,
      message: "Fortran-order arrays are not supported",
      setup: {
        try traceConfig("x.npy")($0);
        try npy("x.npy", header: "{'descr': '<i4', 'fortran_order': True, 'shape': (36,), }")($0)
      }),
    .init(
      name: "trace header malformed", arguments: ["run", "trace.json"], code: 65, message: "malformed header",
      setup: {
        try traceConfig("x.npy")($0); try npy("x.npy", header: "descr <i4")($0)
      }),
    .init(
      name: "trace header truncated", arguments: ["run", "trace.json"], code: 65, message: "truncated header",
      setup: {
        try traceConfig("x.npy")($0); try file("x.npy", [0x93] + Array("NUMPY".utf8) + [1, 0, 0xFF, 0x00, 0x7B])($0)
      }),
    .init(
      name: "trace format version 3", arguments: ["run", "trace.json"], code: 65,
      message: "unsupported .npy format version 3.0",
      setup: {
        try traceConfig("x.npy")($0); try file("x.npy", [0x93] + Array("NUMPY".utf8) + [3, 0, 0, 0, 0, 0])($0)
      }),
    .init(
      name: "calibration trace of other channels", arguments: ["run", "trace.json"], code: 65,
      message: "calibration_trace: expected a usable trace of 4 channels",
      setup: {
        try traceConfig("t.npy", calibration: "c.npy")($0);
        try npy(
          "c.npy", header: "{'descr': '<i4', 'fortran_order': False, 'shape': (3, 2), }",
          data: [UInt8](repeating: 0, count: 24))($0)
      }),
  ]

  /// Six axes of 2000 values: 6.4e19 points, more than an Int holds.
  static let hugeGrid: [String] = {
    let values: String = (1...2000).map { String($0) }.joined(separator: ",")
    var args: [String] = []
    for _ in 0..<6 { args += ["--vary", "stimulus.seed=" + values] }
    return args
  }()

  static let cliCases: [BadInputCase] = [
    .init(
      name: "unknown subcommand", arguments: ["rnu"], code: 64,
      message: "Unknown subcommand 'rnu' (did you mean 'run'?)"),
    .init(name: "unknown option", arguments: ["run", "tiny.json", "--jsn", "x"], code: 64, message: "--jsn"),
    .init(name: "run without a config", arguments: ["run"], code: 64, message: "Missing expected argument '<config>'"),
    .init(
      name: "run with two configs", arguments: ["run", "tiny.json", "tiny.json"], code: 64,
      message: "Unexpected argument 'tiny.json'"),
    .init(name: "option without its value", arguments: ["run", "tiny.json", "--json"], code: 64, message: "--json"),
    .init(
      name: "max-elements 0", arguments: ["run", "tiny.json", "--max-elements", "0"], code: 64,
      message: "The value '0' is invalid for '--max-elements <n>'"),
    .init(
      name: "max-elements not a number", arguments: ["run", "tiny.json", "--max-elements", "many"], code: 64,
      message: "The value 'many' is invalid for '--max-elements <n>'"),
    .init(
      name: "threads 0", arguments: ["run", "tiny.json", "--threads", "0"], code: 64,
      message: "expected an integer in 1...1024"),
    .init(
      name: "threads 2000", arguments: ["run", "tiny.json", "--threads", "2000"], code: 64,
      message: "expected an integer in 1...1024"),
    .init(name: "layers empty", arguments: ["run", "tiny.json", "--layers", ""], code: 64, message: "--layers"),
    .init(name: "layers unknown", arguments: ["run", "tiny.json", "--layers", "conv9"], code: 65, message: "conv9"),
    .init(
      name: "set without =", arguments: ["run", "tiny.json", "--set", "nope"], code: 64,
      message: "The value 'nope' is invalid for '--set <key=value>': expected key=value"),
    .init(
      name: "set with an empty key", arguments: ["run", "tiny.json", "--set", "=1"], code: 64,
      message: "expected key=value"),
    .init(
      name: "set with broken JSON", arguments: ["run", "tiny.json", "--set", "accelerator.units=[\"grau\""], code: 65,
      message: "accelerator.units"),
    .init(
      name: "set an index past the end", arguments: ["run", "tiny.json", "--set", "network.layers[7].out_bits=4"],
      code: 65, message: "network.layers[7]"),
    .init(
      name: "vcd option without --vcd", arguments: ["run", "tiny.json", "--vcd-units", "grau"], code: 64,
      message: "'--vcd-units' requires '--vcd <path>'"),
    .init(
      name: "vcd window reversed", arguments: ["run", "tiny.json", "--vcd", "out.vcd", "--vcd-window", "5:2"], code: 64,
      message: "--vcd-window"),
    .init(
      name: "vcd elements malformed", arguments: ["run", "tiny.json", "--vcd", "out.vcd", "--vcd-elements", "x"],
      code: 64, message: "--vcd-elements"),
    .init(
      name: "vcd window and elements",
      arguments: ["run", "tiny.json", "--vcd", "out.vcd", "--vcd-window", "0:9", "--vcd-elements", "0:2"], code: 64,
      message: "cannot be combined"),
    .init(
      name: "vcd unit unknown", arguments: ["run", "tiny.json", "--vcd", "out.vcd", "--vcd-units", "gru"], code: 64,
      message: "--vcd-units"),
    .init(
      name: "vcd lane out of range", arguments: ["run", "tiny.json", "--vcd", "out.vcd", "--vcd-lanes", "9"], code: 64,
      message: "lanes"),
    .init(
      name: "vcd cap below its header", arguments: ["run", "tiny.json", "--vcd", "out.vcd", "--vcd-max-bytes", "100"],
      code: 64, message: "--vcd-max-bytes 100 is below the"),
    .init(
      name: "max-seconds 0", arguments: ["run", "tiny.json", "--max-seconds", "0"], code: 64, message: "--max-seconds"),
    .init(
      name: "max-memory negative", arguments: ["run", "tiny.json", "--max-memory", "-5"], code: 64,
      message: "--max-memory"),
    .init(
      name: "estimated beyond the time budget",
      arguments: [
        "run", "tiny.json", "--set", "accelerator.mt.max_bits=14", "--set", "accelerator.in_bits=16", "--set",
        "network.layers[0].out_bits=14", "--max-seconds", "1", "--json", "out.json",
      ],
      code: 75, message: "above --max-seconds 1"),
    .init(
      name: "estimated beyond the memory budget",
      arguments: ["run", "tiny.json", "--set", "accelerator.lanes=4096", "--max-memory", "30", "--json", "out.json"],
      code: 75, message: "above --max-memory 30"),
    .init(
      name: "fit without a function", arguments: ["fit", "--in-scale", "1", "--out-scale", "1"], code: 64,
      message: "--function"),
    .init(
      name: "fit with a zero scale", arguments: ["fit", "--function", "relu", "--in-scale", "0", "--out-scale", "1"],
      code: 64, message: "--in-scale"),
    .init(
      name: "fit with NaN", arguments: ["fit", "--function", "relu", "--in-scale", "nan", "--out-scale", "1"], code: 64,
      message: "--in-scale"),
    .init(
      name: "fit zero point outside the codes",
      arguments: [
        "fit", "--function", "relu", "--in-scale", "0.01", "--out-scale", "0.1", "--signed", "--zero-point", "1000",
      ], code: 64, message: "--zero-point"),
    .init(
      name: "fit range reversed",
      arguments: ["fit", "--function", "relu", "--in-scale", "0.01", "--out-scale", "0.1", "--range", "5:3"], code: 64,
      message: "--range"),
    .init(
      name: "fit range too wide",
      arguments: [
        "fit", "--function", "relu", "--in-bits", "32", "--in-scale", "0.01", "--out-scale", "0.1", "--range",
        "-2147483648:2147483647",
      ], code: 64, message: "expected at most"),
    .init(
      name: "fit segments 0",
      arguments: ["fit", "--function", "relu", "--in-scale", "0.01", "--out-scale", "0.1", "--segments", "0"], code: 64,
      message: "--segments"),
    .init(
      name: "fit codes beyond the bias register",
      arguments: [
        "fit", "--function", "exp", "--segments", "8", "--in-bits", "8", "--in-scale", "0.0625", "--out-bits", "16",
        "--out-scale", "0.000030517578125", "--range", "-128:-1",
      ], code: 64, message: "bias register"),
    .init(
      name: "sweep without values", arguments: ["sweep", "tiny.json", "--vary", "accelerator.lanes="], code: 64,
      message: "--vary"),
    .init(
      name: "sweep of an unknown key",
      arguments: ["sweep", "tiny.json", "--vary", "accelerator.lane=1,2", "--json", "out.json"], code: 65,
      message: "unknown key 'lane'"),
    .init(
      name: "sweep range beyond the grid limit",
      arguments: ["sweep", "tiny.json", "--vary", "accelerator.lanes=-9223372036854775808...9223372036854775807"],
      code: 64, message: "expected a range of at most 4096 values"),
    .init(
      name: "sweep jobs 0", arguments: ["sweep", "tiny.json", "--vary", "accelerator.lanes=1,2", "--jobs", "0"],
      code: 64, message: "--jobs"),
    .init(
      name: "sweep whose every point is invalid",
      arguments: ["sweep", "tiny.json", "--vary", "accelerator.mt.max_bits=1,2", "--json", "out.json"], code: 65,
      message: "accelerator.mt.max_bits: expected at least the largest layer precision"),
    .init(
      name: "sweep shard beyond its count",
      arguments: ["sweep", "tiny.json", "--vary", "accelerator.lanes=1,2", "--shard", "3/2"], code: 64,
      message: "expected i/n with 1 <= i <= n <= 4096"),
    .init(name: "merge without files", arguments: ["merge"], code: 64, message: "<files>"),
    .init(name: "plot without --out", arguments: ["plot", "tiny.json", "--x", "a"], code: 64, message: "--out"),
    .init(
      name: "plot of a missing file", arguments: ["plot", "nope.json", "--out", "f.svg"], code: 66,
      message: "cannot read 'nope.json'"),
    .init(
      name: "plot of a config", arguments: ["plot", "tiny.json", "--x", "a", "--out", "f.svg"], code: 65,
      message: "tiny.json: not the JSON of a grausim sweep"),
    .init(
      name: "plot of a CSV that is not a sweep's", arguments: ["plot", "t.csv", "--x", "a", "--out", "f.svg"],
      code: 65, message: "t.csv: line 1: expected a sweep CSV header", setup: text("t.csv", "x,y\n1,2\n")),
    .init(
      name: "plot of a sweep CSV with an open quote",
      arguments: ["plot", "t.csv", "--x", "a", "--out", "f.svg"], code: 65,
      message: "t.csv: line 2: expected a closing quote", setup: text("t.csv", "a,unit,mse,error\n1,grau,\"3,\n")),
    .init(
      name: "plot of an empty file", arguments: ["plot", "t.csv", "--x", "a", "--out", "f.svg"], code: 65,
      message: "t.csv: the file is empty", setup: text("t.csv", "")),
    .init(
      name: "sweep grid whose size overflows",
      arguments: ["sweep", "tiny.json"] + hugeGrid,
      code: 64, message: "expected a grid of at most 4096 points"),
    .init(
      name: "merge of a missing file", arguments: ["merge", "nope.json"], code: 66,
      message: "cannot read 'nope.json': no such file"),
    .init(
      name: "merge of a config", arguments: ["merge", "tiny.json", "--json", "out.json"], code: 65,
      message: "tiny.json: not the JSON of a grausim sweep"),
    .init(
      name: "merge of a file that is not JSON", arguments: ["merge", "t.npy", "--csv", "out.csv"], code: 65,
      message: "t.npy: "),
    .init(name: "rtl without --out", arguments: ["rtl", "tiny.json"], code: 64, message: "--out"),
    .init(
      name: "rtl beyond the exported lanes",
      arguments: ["rtl", "tiny.json", "--out", "rtl", "--set", "accelerator.lanes=100"],
      code: 65,
      message: "cannot export grau as Verilog: accelerator.lanes: the exported RTL takes an integer in 1...64, got 100"),
    .init(
      name: "rtl of an unknown unit", arguments: ["rtl", "tiny.json", "--out", "rtl", "--units", "gru"], code: 64,
      message: "--units"),
  ]

  static func run(_ extra: [String]) -> [String] { ["run", "tiny.json"] + extra }

  static let outputCases: [BadInputCase] = [
    .init(
      name: "json into a missing directory", arguments: run(["--json", "nodir/r.json"]), code: 74,
      message: "cannot write 'nodir/r.json': the directory 'nodir' does not exist"),
    .init(
      name: "json onto a directory", arguments: run(["--json", "sub"]), code: 74,
      message: "cannot write 'sub': it is a directory",
      setup: { try FileManager.default.createDirectory(atPath: $0 + "/sub", withIntermediateDirectories: false) }),
    .init(
      name: "json to an empty path", arguments: run(["--json", ""]), code: 74,
      message: "cannot write '': the path is empty"),
    .init(
      name: "json to a path ending in /", arguments: run(["--json", "out.json/"]), code: 74,
      message: "the path names a directory"),
    .init(
      name: "json below a file", arguments: run(["--json", "out.csv/r.json"]), code: 74,
      message: "cannot write 'out.csv/r.json': 'out.csv' is not a directory"),
    .init(
      name: "json to /dev/full", arguments: run(["--json", "/dev/full"]), code: 74,
      message: "cannot write '/dev/full': no space left on the device"),
    .init(
      name: "csv to /dev/full keeps the json", arguments: run(["--json", "out.json", "--csv", "/dev/full"]), code: 74,
      message: "cannot write '/dev/full'"),
    .init(
      name: "csv into a missing directory keeps the json",
      arguments: run(["--json", "out.json", "--csv", "no/out.csv"]), code: 74, message: "cannot write 'no/out.csv'"),
    .init(
      name: "vcd into a missing directory keeps the reports",
      arguments: run(["--json", "out.json", "--vcd", "no/w.vcd"]), code: 74,
      message: "cannot write 'no/w.vcd': the directory 'no' does not exist"),
    .init(
      name: "vcd to /dev/full", arguments: run(["--json", "out.json", "--vcd", "/dev/full"]), code: 74,
      message: "cannot write '/dev/full'"),
    .init(
      name: "json to a FIFO without a reader", arguments: run(["--json", "fifo"]), code: 74,
      message: "cannot write 'fifo': the FIFO has no reader",
      setup: { _ = mkfifo($0 + "/fifo", 0o600) }),
    .init(
      name: "json to a socket", arguments: run(["--json", "sock"]), code: 74,
      message: "cannot write 'sock': it is a socket",
      setup: { dir in BadInputCorpus.bindSocket(dir + "/sock") }),
    .init(
      name: "fit json to /dev/full",
      arguments: [
        "fit", "--function", "relu", "--in-bits", "8", "--in-scale", "0.05", "--out-scale", "0.1", "--json",
        "/dev/full",
      ], code: 74, message: "cannot write '/dev/full'"),
    .init(
      name: "sweep csv to /dev/full keeps the json",
      arguments: ["sweep", "tiny.json", "--vary", "accelerator.lanes=2,4", "--json", "out.json", "--csv", "/dev/full"],
      code: 74, message: "cannot write '/dev/full'"),
    .init(
      name: "sweep json into a missing directory",
      arguments: ["sweep", "tiny.json", "--vary", "accelerator.lanes=2,4", "--json", "x/y.json"], code: 74,
      message: "cannot write 'x/y.json': the directory 'x' does not exist"),
    .init(
      name: "rtl onto a file", arguments: ["rtl", "tiny.json", "--out", "out.json"], code: 74,
      message: "'out.json' is not a directory"),
    .init(
      name: "stdout to /dev/full", arguments: run([]), code: 74,
      message: "cannot write to standard output: no space left on the device", mode: .process(stdoutFull: true)),
  ]

  /// A run of a few seconds in a debug build, interrupted while it computes: the previous outputs stay, no temporary file.
  static let slowRun = run([
    "--set", "network.layers[0].height=20000", "--set", "accelerator.in_bits=16", "--set", "accelerator.mt.max_bits=10",
    "--json", "out.json", "--csv", "out.csv", "--vcd", "out.vcd",
  ])

  static let signalCases: [BadInputCase] = [
    .init(name: "SIGINT mid-run", arguments: slowRun, code: 130, message: "", mode: .signal(SIGINT, after: 1.5)),
    .init(name: "SIGTERM mid-run", arguments: slowRun, code: 143, message: "", mode: .signal(SIGTERM, after: 1.5)),
    .init(name: "SIGHUP mid-run", arguments: slowRun, code: 129, message: "", mode: .signal(SIGHUP, after: 1.5)),
    .init(
      name: "memory budget exceeded while running", arguments: slowRun + ["--max-memory", "26"], code: 75,
      message: "the run exceeded --max-memory 26", mode: .process()),
  ]

  static var all: [BadInputCase] { configCases + traceCases + cliCases + outputCases + signalCases }

  static func bindSocket(_ path: String) {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      for (i, b) in path.utf8.enumerated() where i < raw.count - 1 { raw[i] = b }
    }
    _ = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    close(fd)
  }
}
