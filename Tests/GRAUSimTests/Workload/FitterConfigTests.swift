import Foundation
import Testing

@testable import GRAUSim

/// `accelerator.grau.fitter` (docs/config.md) and `grausim fit --fitter`: decoded with the config path, written
/// back only when it is not the default, named in the run report, and swept like any other key.
@Suite struct FitterConfigTests {
  static let tiny = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/tiny.json").path

  func decode(_ overrides: [String]) throws(ConfigError) -> SimulationConfig {
    try SimulationConfig.decode(ConfigTests.minimal, file: "x.json", overrides: overrides)
  }

  /// The resolved config's `accelerator.grau` object.
  func grauObject(_ c: SimulationConfig) -> JSONObject? {
    guard case .object(let top) = c.resolvedJSON, case .object(let acc)? = top["accelerator"],
      case .object(let g)? = acc["grau"]
    else { return nil }
    return g
  }

  @Test func defaultsToOptimalAndIsLeftOutOfTheResolvedConfig() throws {
    let c = try decode([])
    #expect(c.accelerator.fit.fitter == .optimal)
    #expect(grauObject(c)?["fitter"] == nil)
  }

  @Test func floatRoundIsReadAndWrittenBack() throws {
    let c = try decode(["accelerator.grau.fitter=float_round"])
    #expect(c.accelerator.fit.fitter == .floatRound)
    #expect(grauObject(c)?["fitter"] == .string("float_round"))
    let again = try SimulationConfig.decode(c.resolvedJSON, file: "y.json")
    #expect(again.accelerator == c.accelerator)
  }

  @Test func badValuesNameThePath() {
    #expect {
      try decode(["accelerator.grau.fitter=float"])
    } throws: { error in
      let text = "\(error)"
      return text.contains(
        "x.json: accelerator.grau.fitter: expected one of \"optimal\", \"float_round\", got \"float\"")
    }
    #expect(throws: ConfigError.self) { try decode(["accelerator.grau.fitter=1"]) }
    #expect {
      try decode(["accelerator.grau.fitter=float_round", "accelerator.grau.objective=maxabs"])
    } throws: { error in
      "\(error)".contains("accelerator.grau.fitter: expected \"optimal\" with objective \"maxabs\"")
    }
  }

  /// The run report names a non-default fitter in its headline (and the default goes unsaid); the fit is the
  /// published flow's (a different, worse error than the optimal fitter's on the same layer).
  @Test func theRunReportNamesTheFitter() throws {
    let base = try SimulationConfig.load(path: Self.tiny, overrides: ["accelerator.units=[\"grau\"]"])
    let optimal = try NetworkRunner.run(config: base)
    let float = try NetworkRunner.run(
      config: SimulationConfig.load(
        path: Self.tiny, overrides: ["accelerator.units=[\"grau\"]", "accelerator.grau.fitter=float_round"]))
    #expect(!optimal.renderHeadline().contains("fit)"))
    #expect(float.renderHeadline().contains("(float_round fit)"))
    #expect(float.totals[0].error.metrics.mse > optimal.totals[0].error.metrics.mse)
  }

  /// A sweep over the fitter and the segment count: every point equals its own run (the float_round points are
  /// fitted per K, not from the optimal fitter's segment family).
  @Test func sweepOverFitterAndSegmentsEqualsRuns() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let r = runCLI(
      [
        "sweep", Self.tiny, "--vary", "accelerator.grau.fitter=optimal,float_round", "--vary",
        "accelerator.grau.segments=4,6", "--set", "accelerator.units=[\"grau\"]", "--csv", "s.csv",
      ], in: dir)
    #expect(r.code == 0, "\(r.stderr)")
    let rows = try String(contentsOfFile: dir + "/s.csv", encoding: .utf8).split(separator: "\n").map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
    #expect(rows.count == 1 + 4)
    let from = try #require(rows[0].firstIndex(of: "elements"))
    for row in rows.dropFirst() {
      let run = runCLI(
        [
          "run", Self.tiny, "--set", "accelerator.units=[\"grau\"]", "--set", "accelerator.grau.fitter=\(row[0])",
          "--set", "accelerator.grau.segments=\(row[1])", "--csv", "r.csv",
        ], in: dir)
      #expect(run.code == 0, "\(run.stderr)")
      let csv = try String(contentsOfFile: dir + "/r.csv", encoding: .utf8).split(separator: "\n").map {
        $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      }
      let at = try #require(csv[0].firstIndex(of: "elements"))
      let total = try #require(csv.last)
      // The sweep's row has the run's unit cells (and a last column of its own).
      #expect(
        Array(total[at...]) == Array(row[from..<min(row.count, from + total.count - at)]), "\(row[0]) K = \(row[1])")
    }
    // The two fitters differ (the point of the baseline).
    #expect(Array(rows[1][from...]) != Array(rows[3][from...]))
  }

  /// `grausim fit --fitter float_round` prints the fitter, writes it to the JSON, and refuses maxabs.
  @Test func fitCommandTakesTheFitter() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let args = ["fit", "--function", "silu", "--in-bits", "12", "--in-scale", "0.002", "--out-scale", "0.05"]
    let plain = runCLI(args, in: dir)
    #expect(plain.code == 0 && !plain.stdout.contains("fitter"), "\(plain.stderr)")
    let float = runCLI(args + ["--fitter", "float_round", "--json", "f.json"], in: dir)
    #expect(float.code == 0, "\(float.stderr)")
    #expect(float.stdout.contains("objective mse, fitter float_round"))
    let report = try FitReport(json: JSONValue(parsing: String(contentsOfFile: dir + "/f.json", encoding: .utf8)))
    #expect(report.fitter == .floatRound)
    let maxabs = runCLI(args + ["--fitter", "float_round", "--objective", "maxabs"], in: dir)
    #expect(maxabs.code == ExitCode.usage && maxabs.stderr.contains("--fitter float_round"))
    let typo = runCLI(args + ["--fitter", "round"], in: dir)
    #expect(typo.code == ExitCode.usage)
  }
}
