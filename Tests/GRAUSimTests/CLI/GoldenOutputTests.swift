import Foundation
import Testing

@testable import GRAUSim

/// What a user reads, byte for byte: the run report (table, JSON, CSV) and the sweep of Tests/Fixtures/tiny.json
/// (every unit variant, a PWL layer and a 2-bit bypass layer, stalls on both handshakes; the PWL layer at 4 bits and
/// MT sized for 4, so the JSON lists 15 MT stages rather than 255), and every help text. Re-record with `GRAUSIM_RECORD_GOLDEN=1 swift test --filter GoldenOutputTests` after an intended change,
/// and review the diff.
@Suite struct GoldenOutputTests {
  static let fourBit = ["--set", "network.layers[0].out_bits=4", "--set", "accelerator.mt.max_bits=4"]

  @Test func runReportMatchesTheGoldenFiles() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let r = runCLI(
      ["run", Fixtures.path("tiny.json")] + Self.fourBit + ["--json", "run.json", "--csv", "run.csv"], in: dir)
    #expect(r.code == 0, "\(r.stderr)")
    try Golden.check(r.stdout, "reports/tiny-run.txt")
    try Golden.check(try String(contentsOfFile: dir + "/run.json", encoding: .utf8), "reports/tiny-run.json")
    try Golden.check(try String(contentsOfFile: dir + "/run.csv", encoding: .utf8), "reports/tiny-run.csv")
    let wide = runCLI(["run", Fixtures.path("tiny.json")] + Self.fourBit + ["--wide"], in: dir)
    #expect(wide.code == 0, "\(wide.stderr)")
    try Golden.check(wide.stdout, "reports/tiny-run-wide.txt")
  }

  /// `-o DIR` writes the printed report, the JSON and the CSV into one directory, the same bytes as the options
  /// that name each file.
  @Test func outputDirectoryHoldsTheReportJSONAndCSV() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let r = runCLI(["run", Fixtures.path("tiny.json")] + Self.fourBit + ["-o", "out/run1"], in: dir)
    #expect(r.code == 0, "\(r.stderr)")
    func read(_ name: String) throws -> String { try String(contentsOfFile: dir + "/" + name, encoding: .utf8) }
    #expect(try read("out/run1/report.txt") == r.stdout)
    try Golden.check(try read("out/run1/report.txt"), "reports/tiny-run.txt")
    try Golden.check(try read("out/run1/report.json"), "reports/tiny-run.json")
    try Golden.check(try read("out/run1/report.csv"), "reports/tiny-run.csv")
    let s = runCLI(
      ["sweep", Fixtures.path("tiny.json")] + Self.fourBit + [
        "--vary", "accelerator.grau.segments=4,6", "--vary", "accelerator.grau.slopes=[\"pot\",\"apot\"]", "-o", "sw",
      ], in: dir)
    #expect(s.code == 0, "\(s.stderr)")
    try Golden.check(try read("sw/sweep.txt"), "reports/tiny-sweep.txt")
    try Golden.check(try read("sw/sweep.json"), "reports/tiny-sweep.json")
    try Golden.check(try read("sw/sweep.csv"), "reports/tiny-sweep.csv")
    let both = runCLI(["run", Fixtures.path("tiny.json"), "-o", "x", "--json", "a.json"], in: dir)
    #expect(both.code == 64 && both.stderr.contains("cannot be combined"), "\(both.stderr)")
  }

  @Test func sweepMatchesTheGoldenFiles() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let r = runCLI(
      [
        "sweep", Fixtures.path("tiny.json"),
      ] + Self.fourBit + [
        "--vary", "accelerator.grau.segments=4,6", "--vary",
        "accelerator.grau.slopes=[\"pot\",\"apot\"]", "--json", "sweep.json", "--csv", "sweep.csv",
      ], in: dir)
    #expect(r.code == 0, "\(r.stderr)")
    try Golden.check(r.stdout, "reports/tiny-sweep.txt")
    try Golden.check(try String(contentsOfFile: dir + "/sweep.json", encoding: .utf8), "reports/tiny-sweep.json")
    try Golden.check(try String(contentsOfFile: dir + "/sweep.csv", encoding: .utf8), "reports/tiny-sweep.csv")
  }

  @Test(arguments: [nil, "fit", "run", "sweep", "merge", "plot", "rtl"] as [String?])
  func helpMatchesTheGoldenFile(command: String?) throws {
    let r = runCLI(command.map { ["help", $0] } ?? ["--help"])
    #expect(r.code == 0 && r.stderr.isEmpty)
    try Golden.check(r.stdout, "help/\(command ?? "grausim").txt")
  }
}
