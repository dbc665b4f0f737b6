import Foundation
import Testing

@testable import GRAUSim

@Suite struct FitCommandTests {
  static let base = [
    "fit", "--function", "silu", "--segments", "8", "--slopes", "pot", "--in-bits", "10", "--in-scale", "0.01",
    "--out-bits", "4", "--out-scale", "0.5", "--signed",
  ]

  @Test func printsParameterAndErrorTables() {
    let r = runCLI(Self.base)
    #expect(r.code == 0, "\(r.stderr)")
    #expect(r.stderr.isEmpty)
    #expect(r.stdout.contains("range -512...511 (1024 values)"))
    #expect(r.stdout.contains("\nthresholds: "))
    let header = r.stdout.split(separator: "\n").first { $0.hasPrefix("segment") }
    #expect(header?.contains("x from") == true && header?.contains("shift") == true && header?.contains("bias") == true)
    let segmentRows = r.stdout.split(separator: "\n").filter {
      let fields = $0.split(separator: " ")
      return fields.count >= 5 && Int(fields[0]) != nil
    }
    #expect(segmentRows.count == 8)
    for label in ["max |err| (LSB)", "mean |err| (LSB)", "MSE (LSB^2)", "exact fraction", "fit time:"] {
      #expect(r.stdout.contains(label), "\(label)")
    }
  }

  @Test(arguments: [FitObjective.mse, .maxabs], ["pot", "apot"])
  func writesJSONThatDecodesToValidParameters(objective: FitObjective, slopes: String) throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var args =
      Self.base + ["--objective", objective.rawValue, "--json", "out.json", "--saturate", "--range", "-300:200"]
    args[args.firstIndex(of: "pot")!] = slopes
    let r = runCLI(args, in: dir)
    #expect(r.code == 0, "\(r.stderr)")
    #expect(r.stdout.hasSuffix("wrote out.json\n"))
    let text = try String(contentsOfFile: dir + "/out.json", encoding: .utf8)
    let json = try JSONValue(parsing: text)
    for key in [
      "thresholds", "segments", "pre_shift", "stages", "slope_mode", "saturate", "qmin", "qmax", "out_bits", "signed",
      "in_bits", "function", "error", "mt_error",
    ] {
      #expect(json[key] != nil, "key \(key)")
    }
    for key in ["name", "alpha", "in_scale", "out_scale", "gamma", "beta", "zero_point"] {
      #expect(json["function"]?[key] != nil, "function.\(key)")
    }
    for key in ["max_abs", "mean_abs", "mse", "exact_fraction"] {
      #expect(json["error"]?[key] != nil, "error.\(key)")
      #expect(json["mt_error"]?[key] != nil, "mt_error.\(key)")
    }
    #expect(json["slope_mode"] == .string(slopes))
    #expect(json["saturate"] == .bool(true))
    #expect(json["qmin"] == .int(-8) && json["qmax"] == .int(7))
    guard case .array(let segments) = json["segments"] else {
      Issue.record("segments is not an array")
      return
    }
    #expect(segments.count == 8)
    for s in segments {
      #expect(s["sign"] == .int(1) || s["sign"] == .int(-1))
      #expect(s[slopes == "pot" ? "shift" : "shifts"] != nil)
    }
    // Sorted keys, byte-stable: re-formatting the parsed document reproduces the file exactly.
    #expect(try json.formatted() == text)

    let report = try FitReport(json: json)
    try report.parameters.validate()
    try report.mt.validate()
    #expect(report.range == -300...200)
    #expect(report.objective == objective)
    #expect(report.parameters.architecture.segments == 8)
    #expect(report.parameters.architecture.slopeMode.rawValue == slopes)
    #expect(report.activation.function == .silu)
    #expect(report.error.weight == 501)
    // The errors written are the errors of the parameters written.
    let remeasured = ErrorMetrics.measure(
      domain: .range(report.range), target: { report.activation($0) },
      unit: { GRAUReference.output($0, report.parameters) })
    #expect(remeasured == report.error)
  }

  @Test func sameInputsGiveByteIdenticalJSON() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    #expect(runCLI(Self.base + ["--json", "a.json"], in: dir).code == 0)
    #expect(runCLI(Self.base + ["--json", "\(dir)/b.json"], in: "/").code == 0)
    let a = try Data(contentsOf: URL(fileURLWithPath: dir + "/a.json"))
    let b = try Data(contentsOf: URL(fileURLWithPath: dir + "/b.json"))
    #expect(a == b)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["a.json", "b.json"])
  }

  @Test func unwritableJSONPathIsAnIOErrorAndLeavesNothing() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let r = runCLI(Self.base + ["--json", "missing/out.json"], in: dir)
    #expect(r.code == 74)
    #expect(
      r.stderrLines.first == "Error: cannot write 'missing/out.json': the directory 'missing' does not exist",
      "\(r.stderr)")
    #expect(r.stderrLines.count == 2)  // one line and the final newline: no usage for I/O errors
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
  }

  static func usage(_ extra: [String], replacing: [String: String] = [:]) -> [String] {
    var args = base
    for (k, v) in replacing { args[args.firstIndex(of: k)! + 1] = v }
    return args + extra
  }

  static let errors: [([String], String)] = [
    (
      usage([], replacing: ["--segments": "40"]),
      "The value '40' is invalid for '--segments <segments>': expected an integer in 2...32"
    ),
    (usage(["--segments=x"]), "The value 'x' is invalid for '--segments <segments>': expected an integer in 2...32"),
    (usage(["--segmets", "4"]), "Unknown option '--segmets' (did you mean '--segments'?)"),
    (usage(["--json"]), "Missing value for '--json <path>'"),
    (
      usage([], replacing: ["--function": "slu"]),
      "The value 'slu' is invalid for '--function <function>': expected one of \(ActivationFunction.names.joined(separator: ", ")) (did you mean 'silu'?)"
    ),
    (
      usage([], replacing: ["--in-scale": "0"]),
      "The value '0' is invalid for '--in-scale <in-scale>': expected a finite number > 0"
    ),
    (
      usage([], replacing: ["--out-bits": "17"]),
      "The value '17' is invalid for '--out-bits <out-bits>': expected an integer in 1...16"
    ),
    (
      usage([], replacing: ["--in-bits": "24"]),
      "--range is required when --in-bits is above 20 (the whole 24-bit input range is too wide to fit)"
    ),
    (usage(["--range", "5:1"]), "The value '5:1' is invalid for '--range <lo:hi>': expected lo:hi with lo <= hi"),
    (
      usage(["--range", "1..5"]),
      "The value '1..5' is invalid for '--range <lo:hi>': expected lo:hi with integers lo <= hi"
    ),
    (
      usage(["--range", "0:600"]),
      "The value '0:600' is invalid for '--range <lo:hi>': expected bounds inside the 10-bit input range -512...511"
    ),
    (
      usage(["--alpha", "0.2"]),
      "The option '--alpha' does not apply to --function silu (only leaky_relu and pact take one)"
    ),
    (
      usage(["--stages", "4", "--apot-terms", "5"]),
      "The value '5' is invalid for '--apot-terms <apot-terms>': expected an integer in 1...4"
    ),
    (Array(base.prefix(3)) + ["--in-scale", "1"], "Missing expected argument '--out-scale <out-scale>'"),
  ]

  @Test(arguments: errors)
  func usageErrorsAreExit64WithUsage(args: [String], message: String) {
    let r = runCLI(args)
    #expect(r.code == 64)
    #expect(r.stdout.isEmpty)
    let lines = r.stderrLines
    #expect(lines.count == 4)
    #expect(lines.first == "Error: " + message)
    #expect(lines.dropFirst().first?.hasPrefix("Usage: grausim fit --function <function> ") == true)
    #expect(lines.dropFirst(2).first == "  See 'grausim fit --help' for more information.")
  }

  @Test func wideInputWithExplicitRangeIsAccepted() {
    let r = runCLI(Self.usage(["--range", "-1000:1000"], replacing: ["--in-bits": "24"]))
    #expect(r.code == 0, "\(r.stderr)")
    #expect(r.stdout.contains("range -1000...1000 (2001 values)"))
  }
}
