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

  @Test func unknownUnitIsUsageErrorWithSuggestion() {
    let r = runCLI(["rtl", fixture("tiny.json"), "--out", "x", "--units", "grua"])
    #expect(r.code == ExitCode.usage)
    #expect(r.stderr.contains("did you mean 'grau'"), "\(r.stderr)")
  }
}
