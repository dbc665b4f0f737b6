import Foundation
import Testing

@testable import GRAUSim

/// Absolute path of a file under Tests/Fixtures.
private func fixture(_ name: String) -> String {
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures").appendingPathComponent(name).path
}

@Suite struct RunCommandTests {
  @Test func runsEveryUnitAndPrintsTotals() {
    let r = runCLI(["run", fixture("tiny.json")])
    #expect(r.code == 0, "\(r.stderr)")
    for unit in ["grau", "grau_serial", "mt", "mt_serial", "mt_bs"] {
      #expect(r.stdout.split(separator: "\n").contains { $0.hasPrefix("TOTAL") && $0.split(separator: " ")[1] == unit })
    }
  }

  @Test func sameConfigSameBytes() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    for name in ["a", "b"] {
      let r = runCLI(
        ["run", fixture("tiny.json"), "--quiet", "--json", "\(name).json", "--csv", "\(name).csv"], in: dir)
      #expect(r.code == 0, "\(r.stderr)")
      #expect(r.stdout.isEmpty)
    }
    for ext in ["json", "csv"] {
      let a = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/a.\(ext)"))
      let b = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/b.\(ext)"))
      #expect(!a.isEmpty && a == b, "\(ext) differs between identical runs")
    }
  }

  @Test func overridesChangeTheRun() {
    let base = runCLI(["run", fixture("tiny.json"), "--layers", "conv0"])
    let wide = runCLI(["run", fixture("tiny.json"), "--layers", "conv0", "--set", "accelerator.lanes=1"])
    #expect(base.code == 0 && wide.code == 0, "\(base.stderr)\(wide.stderr)")
    #expect(base.stdout != wide.stdout)
    #expect(wide.stdout.contains("1 lanes") || wide.stdout.contains("1 lane"))
  }

  @Test func missingConfigIsMissingInput() {
    let r = runCLI(["run", "no/such/config.json"])
    #expect(r.code == ExitCode.noInput)
    #expect(r.stderrLines.first?.hasPrefix("Error: no/such/config.json") == true, "\(r.stderr)")
  }

  @Test func misspelledOverrideKeyIsBadDataWithSuggestion() {
    let r = runCLI(["run", fixture("tiny.json"), "--set", "accelerator.grau.segmnts=4"])
    #expect(r.code == ExitCode.dataError)
    #expect(r.stderr.contains("did you mean 'segments'"), "\(r.stderr)")
    #expect(r.stderr.split(separator: "\n").count == 1)
  }

  @Test func unknownLayerIsBadDataWithSuggestion() {
    let r = runCLI(["run", fixture("tiny.json"), "--layers", "conv9,conv1"])
    #expect(r.code == ExitCode.dataError)
    #expect(r.stderr.contains("unknown layer 'conv9'"), "\(r.stderr)")
  }

  @Test(arguments: [["--max-elements", "0"], ["--threads", "x"], ["--layers", "a,,b"], ["--bogus"]])
  func badOptionsAreUsageErrors(extra: [String]) {
    let r = runCLI(["run", fixture("tiny.json")] + extra)
    #expect(r.code == ExitCode.usage, "\(r.stderr)")
    #expect(r.stderrLines.first?.hasPrefix("Error: ") == true)
  }

  @Test func missingConfigArgumentIsUsageError() {
    let r = runCLI(["run"])
    #expect(r.code == ExitCode.usage)
  }
}

@Suite struct RTLCommandTests {
  @Test func writesOneDirectoryPerUnit() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let r = runCLI(
      ["rtl", fixture("tiny.json"), "--out", "rtl", "--units", "grau,mt_bs", "--max-elements", "16"], in: dir)
    #expect(r.code == 0, "\(r.stderr)")
    for unit in ["grau", "mt_bs"] {
      for file in ["\(unit).v", "tb_\(unit).v", "\(unit)_cfg.hex", "\(unit)_expected.txt", "run_iverilog.sh"] {
        #expect(FileManager.default.fileExists(atPath: "\(dir)/rtl/\(unit)/\(file)"), "\(unit)/\(file)")
      }
    }
    #expect(!FileManager.default.fileExists(atPath: "\(dir)/rtl/mt"))
  }

  /// An MT unit sized wider than the exported layer (mlp-mnist: `mt.max_bits` 8, a 4-bit first layer) is exported
  /// with an output port as wide as the unit's widest code, and every unit's files are written.
  @Test func mtWiderThanTheLayerIsExported() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let r = runCLI(["rtl", Fixtures.root + "/configs/mlp-mnist.json", "--out", "rtl", "--max-elements", "64"], in: dir)
    #expect(r.code == 0, "\(r.stderr)")
    for unit in ["grau", "grau_serial", "mt", "mt_serial", "mt_bs"] {
      #expect(FileManager.default.fileExists(atPath: "\(dir)/rtl/\(unit)/\(unit).v"), "\(unit)")
    }
    let mt = try String(contentsOfFile: dir + "/rtl/mt/mt.v", encoding: .utf8)
    #expect(mt.contains("mt_max_bits=8"))
  }

  @Test func unknownUnitIsUsageErrorWithSuggestion() {
    let r = runCLI(["rtl", fixture("tiny.json"), "--out", "x", "--units", "grua"])
    #expect(r.code == ExitCode.usage)
    #expect(r.stderr.contains("did you mean 'grau'"), "\(r.stderr)")
  }
}

/// `grausim run … --vcd`: files, notes, selection errors, atomicity, and a report that tracing leaves unchanged.
@Suite struct RunVCDTests {
  /// Names of the files in `dir`, hidden ones included (a staged file left behind would show here).
  private func files(_ dir: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
  }

  @Test func writesVCDAndSaveFileAndLeavesTheReportUnchanged() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let plain = runCLI(["run", fixture("wave.json"), "--json", "plain.json"], in: dir)
    let traced = runCLI(
      ["run", fixture("wave.json"), "--json", "traced.json", "--vcd", "out.vcd", "--vcd-lanes", "0,1"], in: dir)
    #expect(plain.code == 0 && traced.code == 0, "\(plain.stderr)\(traced.stderr)")
    #expect(plain.stdout == traced.stdout, "the table must not change with --vcd")
    let a = try Data(contentsOf: URL(fileURLWithPath: dir + "/plain.json"))
    let b = try Data(contentsOf: URL(fileURLWithPath: dir + "/traced.json"))
    #expect(!a.isEmpty && a == b, "the JSON report must not change with --vcd")
    #expect(try files(dir) == ["out.gtkw", "out.vcd", "plain.json", "traced.json"])
    #expect(traced.stderr.contains("note: wrote \(dir)/out.vcd"), "\(traced.stderr)")
    guard let (checked, _) = try VCDJudge.check(dir + "/out.vcd"), let checked else { return }
    #expect(checked.summary.timescale == "1ns")  // 250 MHz: 4 ns period, 2 ns high
    let vcd = String(decoding: try readBytes(dir + "/out.vcd"), as: UTF8.self)
    #expect(vcd.contains("$scope module grau $end") && vcd.contains("$scope module mt_bs $end"))
    #expect(vcd.contains("$scope module lane1 $end"))
    let gtkw = String(decoding: try readBytes(dir + "/out.gtkw"), as: UTF8.self)
    #expect(gtkw.contains("[dumpfile] \"out.vcd\""))
  }

  @Test func sameConfigAndSeedGiveTheSameBytes() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var outputs: [[UInt8]] = []
    for run in ["a", "b"] {
      try FileManager.default.createDirectory(atPath: dir + "/" + run, withIntermediateDirectories: false)
      let r = runCLI(
        [
          "run", fixture("wave.json"), "-q", "--vcd", "\(run)/w.vcd", "--vcd-units", "mt_bs,grau", "--vcd-window",
          "20:90",
        ],
        in: dir)
      #expect(r.code == 0, "\(r.stderr)")
      outputs.append(try readBytes(dir + "/\(run)/w.vcd") + readBytes(dir + "/\(run)/w.gtkw"))
    }
    #expect(outputs[0].count > 1000 && outputs[0] == outputs[1], "identical runs must give identical bytes")
  }

  @Test func sizeCapEndsTheTraceWithANote() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let r = runCLI(
      ["run", fixture("wave.json"), "-q", "--vcd", "cap.vcd", "--vcd-units", "grau", "--vcd-max-bytes", "6000"], in: dir
    )
    #expect(r.code == 0, "\(r.stderr)")
    #expect(r.stderr.contains("reached --vcd-max-bytes"), "\(r.stderr)")
    let bytes = try readBytes(dir + "/cap.vcd")
    #expect(bytes.count <= 6000)
    #expect(try WaveformFixture.independentProblems(dir + "/cap.vcd") == [])
    _ = try VCDJudge.check(dir + "/cap.vcd")
  }

  @Test func elementRangeSelectsTheWindow() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let r = runCLI(
      ["run", fixture("wave.json"), "--vcd", "e.vcd", "--vcd-elements", "4:12", "--vcd-layer", "act1"], in: dir)
    #expect(r.code == 0, "\(r.stderr)")
    #expect(r.stderr.contains("edges "), "\(r.stderr)")
    _ = try VCDJudge.check(dir + "/e.vcd")
    let vcd = String(decoding: try readBytes(dir + "/e.vcd"), as: UTF8.self)
    #expect(vcd.contains("layer act1"))
  }

  /// A run that fails after tracing (its JSON report cannot be written) leaves neither the VCD nor the save file,
  /// nor a staged file.
  @Test func failingRunLeavesNoWaveform() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let r = runCLI(["run", fixture("wave.json"), "-q", "--vcd", "out.vcd", "--json", "no/such/dir/r.json"], in: dir)
    #expect(r.code != 0)
    let left = try files(dir)
    #expect(left == [], "left behind: \(left)")
  }

  @Test(arguments: [
    ["--vcd", "o.vcd", "--vcd-units", "grua"],
    ["--vcd", "o.vcd", "--vcd-units", "mt"],
    ["--vcd", "o.vcd", "--vcd-lanes", "2"],
    ["--vcd", "o.vcd", "--vcd-lanes", "0,0"],
    ["--vcd", "o.vcd", "--vcd-window", "9:3"],
    ["--vcd", "o.vcd", "--vcd-window", "x"],
    ["--vcd", "o.vcd", "--vcd-elements", "3:3"],
    ["--vcd", "o.vcd", "--vcd-elements", "0:9", "--vcd-window", "0:9"],
    ["--vcd", "o.vcd", "--vcd-layer", "act9"],
    ["--vcd", "o.vcd", "--vcd-max-bytes", "0"],
    ["--vcd-units", "grau"],
  ])
  func badSelectionsAreUsageErrors(extra: [String]) throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let r = runCLI(["run", fixture("wave.json"), "-q"] + extra, in: dir)
    #expect(r.code == ExitCode.usage, "\(extra): \(r.stderr)")
    #expect(r.stderrLines.first?.hasPrefix("Error: ") == true, "\(r.stderr)")
    #expect(try files(dir) == [])
  }

  @Test func elementRangeBeyondTheLayerIsAnError() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let r = runCLI(["run", fixture("wave.json"), "-q", "--vcd", "o.vcd", "--vcd-elements", "0:100000"], in: dir)
    #expect(r.code == ExitCode.usage, "\(r.stderr)")
    #expect(r.stderr.contains("--vcd-elements"), "\(r.stderr)")
    #expect(try files(dir) == [])
  }

  @Test func helpDocumentsEveryWaveformOption() {
    let r = runCLI(["run", "--help"])
    #expect(r.code == 0)
    for option in [
      "--vcd ", "--vcd-units", "--vcd-lanes", "--vcd-layer", "--vcd-window", "--vcd-elements", "--vcd-max-bytes",
    ] {
      #expect(r.stdout.contains(option), "\(option) missing from help")
    }
  }
}
