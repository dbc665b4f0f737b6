import Foundation
import Testing

@testable import GRAUSim

@Suite struct SweepCommandTests {
  static let tiny = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/tiny.json").path

  @Test func gridIsTheCrossProductInOrder() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let r = runCLI(
      [
        "sweep", Self.tiny, "--vary", "accelerator.grau.segments=[4,8]", "--vary", "accelerator.lanes=1,4", "--set",
        "accelerator.units=[\"grau\",\"mt_bs\"]", "--csv", "s.csv", "--json", "s.json",
      ], in: dir)
    #expect(r.code == 0, "\(r.stderr)")
    let rows = try String(contentsOfFile: dir + "/s.csv", encoding: .utf8).split(separator: "\n").map {
      $0.split(separator: ",").map(String.init)
    }
    #expect(rows.count == 1 + 4 * 2)
    #expect(Array(rows[0].prefix(3)) == ["accelerator.grau.segments", "accelerator.lanes", "unit"])
    let grid = rows.dropFirst().map { Array($0.prefix(3)) }
    #expect(
      grid == [
        ["4", "1", "grau"], ["4", "1", "mt_bs"], ["4", "4", "grau"], ["4", "4", "mt_bs"],
        ["8", "1", "grau"], ["8", "1", "mt_bs"], ["8", "4", "grau"], ["8", "4", "mt_bs"],
      ])
    // Each point is a real run: the same point through `grausim run` gives the same total cycles.
    let single = runCLI(
      [
        "run", Self.tiny, "--set", "accelerator.grau.segments=8", "--set", "accelerator.lanes=4", "--set",
        "accelerator.units=[\"grau\"]",
      ], in: dir)
    let total = single.stdout.split(separator: "\n").first { $0.hasPrefix("TOTAL") }?.split(separator: " ")
    #expect(total?[3] == Substring(rows[7][4]), "\(String(describing: total)) vs \(rows[7])")
    let json = try JSONValue(parsing: String(contentsOfFile: dir + "/s.json", encoding: .utf8))
    guard case .array(let points) = json["points"] else {
      Issue.record("no points array")
      return
    }
    #expect(points.count == 4)
  }

  /// `--zip` advances the axes together; with a wildcard it sweeps every layer's precision and MT follows.
  @Test func zippedAxesAdvanceTogether() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let r = runCLI(
      [
        "sweep", Self.tiny, "--zip", "--vary", "network.layers[*].out_bits=2,4,8", "--vary",
        "accelerator.mt.max_bits=2,4,8", "--set", "accelerator.units=[\"mt\"]", "--csv", "s.csv",
      ], in: dir)
    #expect(r.code == 0, "\(r.stderr)")
    let rows = try String(contentsOfFile: dir + "/s.csv", encoding: .utf8).split(separator: "\n").dropFirst().map {
      Array($0.split(separator: ",", omittingEmptySubsequences: false).prefix(3))
    }
    #expect(rows == [["2", "2", "mt"], ["4", "4", "mt"], ["8", "8", "mt"]])
    let mismatch = runCLI(["sweep", Self.tiny, "--zip", "--vary", "accelerator.lanes=1,2", "--vary", "stimulus.seed=1"])
    #expect(mismatch.code == ExitCode.usage)
    #expect(
      mismatch.stderr.contains("as many values as 'accelerator.lanes' (2) with --zip, got 1"), "\(mismatch.stderr)")
  }

  @Test func errorsNameTheProblem() {
    let typo = runCLI(["sweep", Self.tiny, "--vary", "accelerator.grau.segmnts=4,6"])
    #expect(typo.code == ExitCode.dataError)
    #expect(typo.stderr.contains("did you mean 'segments'"))
    #expect(runCLI(["sweep", Self.tiny]).code == ExitCode.usage)
    #expect(runCLI(["sweep", Self.tiny, "--vary", "accelerator.lanes=[1,"]).code == ExitCode.usage)
    #expect(runCLI(["sweep", Self.tiny, "--vary", "accelerator.lanes=1,,2"]).code == ExitCode.usage)
  }
}
