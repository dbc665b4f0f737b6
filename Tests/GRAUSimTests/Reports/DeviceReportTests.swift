import Foundation
import Testing

@testable import GRAUSim

/// `accelerator.device` in every report, and the warnings of estimates outside the calibrated region.
@Suite struct DeviceReportTests {
  /// Element `i` of an array value.
  static func at(_ v: JSONValue?, _ i: Int) -> JSONValue? {
    if case .array(let a)? = v, i < a.count { return a[i] }
    return nil
  }

  static func config(_ overrides: [String] = []) throws -> SimulationConfig {
    try SimulationConfig.load(path: Fixtures.path("tiny.json"), overrides: overrides)
  }

  @Test func theDeviceKeyIsCaseInsensitiveAndResolvesToItsName() throws {
    let c = try Self.config(["accelerator.device=XC7Z020"])
    #expect(c.accelerator.device == FPGADevice.named("xc7z020"))
    #expect(c.resolvedJSON["accelerator"]?["device"] == .string("xc7z020"))
    #expect(try Self.config().resolvedJSON["accelerator"]?["device"] == nil)
    let back = try SimulationConfig.decode(c.resolvedJSON, file: c.file, directory: Fixtures.directory)
    #expect(back == c)
  }

  /// An unknown part is an error at its path listing the known parts, with the closest one suggested.
  @Test func anUnknownDeviceIsAClearError() throws {
    for (value, hint) in [("xczu3e", "did you mean 'xczu3eg'?"), ("virtex", nil)] {
      do {
        _ = try Self.config(["accelerator.device=\(value)"])
        Issue.record("accepted \(value)")
      } catch {
        let text = "\(error)"
        #expect(text.contains("accelerator.device: expected a device name, one of \"xczu3eg\", \"xczu7ev\""), "\(text)")
        #expect(text.contains("got \"\(value)\""), "\(text)")
        if let hint { #expect(text.contains(hint), "\(text)") } else { #expect(!text.contains("did you mean")) }
      }
    }
    #expect(throws: ConfigError.self) { try Self.config(["accelerator.device=3"]) }
  }

  /// With a device: the summary's utilization rows, the --wide table, the JSON figures and the CSV columns, all of
  /// the same percentages; without one none of them.
  @Test func everyReportShowsTheUtilization() throws {
    let plain = try NetworkRunner.run(config: Self.config())
    let result = try NetworkRunner.run(config: Self.config(["accelerator.device=xczu3eg"]))
    let text = result.renderTable()
    #expect(text.contains("\ndevice xczu3eg (% used)\n  LUT+LUTRAM %"))
    #expect(!plain.renderTable(wide: true).contains("xczu3eg"))
    let wide = result.renderTable(wide: true)
    #expect(wide.contains("device xczu3eg, Zynq UltraScale+ MPSoC EG (Ultra96-V2): 70560 LUT, 141120 FF"))
    let json = try JSONValue.parseConfig(result.jsonText())
    #expect(json["device"]?["lutram"] == .int(28_800))
    #expect(try JSONValue.parseConfig(plain.jsonText())["device"] == nil)
    for t in result.totals {
      let use = try #require(t.utilization)
      let u = json["totals"]?["units"]?[t.kind.rawValue]?["utilization"]
      #expect(u?["device"] == .string("xczu3eg") && u?["fits"] == .bool(true))
      #expect(UnitColumns.number(u?["bram36_percent"]) == use.percents[3])
      let lutPercent = 100 * (t.resources!.reported.lut + t.resources!.reported.lutram) / 70_560
      #expect(abs(use.percents[0] - lutPercent) <= 0.005)
    }
    let csv = result.csvText().split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    let header = csv[0].map(String.init)
    #expect(Array(header.suffix(6)) == UnitColumns.deviceCSV.map(\.name))
    #expect(Array(header.dropLast(6)) == RunResult.csvColumns)
    for row in csv.dropFirst() {
      #expect(row.count == header.count && row[header.count - 6] == "xczu3eg" && row.last == "true")
    }
    #expect(plain.csvText().split(separator: "\n")[0] == RunResult.csvColumns.joined(separator: ",")[...])
  }

  /// A sweep's CSV gains the run CSV's device columns when a point has a device, and its rows equal the run's
  /// TOTAL rows cell for cell.
  @Test func aSweepWithADeviceHasTheDeviceColumns() throws {
    let result = try NetworkRunner.run(config: Self.config(["accelerator.device=xc7a100t"]))
    func point(_ r: RunResult) -> JSONValue {
      ["index": 0, "set": ["k": 1], "units": .array(r.totals.map { RunResult.json($0, signals: false) }), "error": nil]
    }
    let csv = SweepReport(keys: ["k"], points: [point(result)]).csvText().split(separator: "\n")
    #expect(
      csv[0]
        == (["k", "unit"] + UnitColumns.csvNames + UnitColumns.deviceCSV.map(\.name) + ["error"]).joined(separator: ",")
    )
    let totals = result.csvText().split(separator: "\n").filter { $0.hasPrefix("TOTAL,") }
    for (row, total) in zip(csv.dropFirst(), totals) {
      let run = total.split(separator: ",", omittingEmptySubsequences: false)
      #expect(
        Array(row.split(separator: ",", omittingEmptySubsequences: false).dropFirst().dropLast()) == [run[1]]
          + run.dropFirst(6))
    }
    let plain = try NetworkRunner.run(config: Self.config())
    let header = SweepReport(keys: ["k"], points: [point(plain)]).csvText().split(separator: "\n")[0]
    #expect(header == (["k", "unit"] + UnitColumns.csvNames + ["error"]).joined(separator: ","))
  }

  /// A unit over a capacity gets one warning naming each resource over it, with used, capacity and percent.
  @Test func aUnitThatDoesNotFitIsWarnedAbout() throws {
    var result = try NetworkRunner.run(config: Self.config(["accelerator.device=xc7z020"]))
    #expect(!result.renderTable().contains("does not fit"))
    let d = try #require(FPGADevice.named("xc7z020"))
    result.totals[0].utilization = DeviceUtilization(
      device: d, used: ResourceCounts(lut: 50_000, ff: 10, lutram: 5000, bram36: 200))
    let kind = result.totals[0].kind.rawValue
    let notes = result.renderNotes().replacingOccurrences(of: "\n  ", with: " ")
    #expect(
      notes.contains(
        "WARNING: \(kind) does not fit the xc7z020: LUT+LUTRAM 55000 of 53200 (103.4 %), BRAM36 200.0 of 140 "
          + "(142.9 %); a unit sized for a single layer would fit in every layer"), "\(notes)")
  }

  /// With 32 lanes tiny.json is outside the calibration (lanes 1 … 16): one warning naming the units and where;
  /// a unit in a grid cell whose held-out designs missed ±15 % gets its own warning with the measured errors;
  /// every line of the default report still fits 120 columns.
  @Test func estimatesOutsideTheCalibrationAreWarnedAbout() throws {
    let result = try NetworkRunner.run(config: Self.config(["accelerator.lanes=32"]))
    let notes = result.renderCalibrationNotes()
    let units = result.units.map(\.rawValue).joined(separator: ", ")
    let joined = notes.replacingOccurrences(of: "\n  ", with: " ")
    #expect(
      joined.contains(
        "WARNING: resource estimate outside the calibrated region: lanes 32 > 16 (\(units) in every layer and "
          + "TOTAL; calibrated 1...16, docs/resources.md)"), "\(notes)")
    #expect(joined.split(separator: "\n").filter { $0.contains("outside the calibrated region") }.count == 1)
    for line in result.renderTable().split(separator: "\n") { #expect(line.count <= 120, "\(line)") }
    let json = try JSONValue.parseConfig(result.jsonText())
    let conv0 = Self.at(json["layers"], 0)?["units"]?["grau"]?["outside_calibration"]
    #expect(Self.at(conv0, 0)?["message"] == .string("lanes 32 > 16"))
    #expect(Self.at(conv0, 0)?["calibrated"] == .array([.int(1), .int(16)]))
    // The held-out warnings: exactly the units whose TOTAL cell missed, with the table's figures.
    let bits = result.layers.map(\.output.bits).max() ?? 1
    let channels = result.layers.map(\.channels).max() ?? 1
    for t in result.totals {
      let d = result.config.accelerator.design(t.kind, bits: bits, channels: channels)
      let w = try #require(CalibrationGrid.heldOutWorst(d))
      let missed = abs(w.lut) > 0.15 || abs(w.ff) > 0.15
      #expect(
        joined.contains("WARNING: resource estimate of \(t.kind.rawValue) (TOTAL, \(channels) channels)") == missed,
        "\(t.kind.rawValue): \(notes)")
    }
    // Inside the region there is no region warning and no field.
    let inside = try NetworkRunner.run(config: Self.config(), options: .init(layers: ["conv0"]))
    #expect(!inside.renderCalibrationNotes().contains("outside the calibrated region"))
    #expect(!inside.jsonText().contains("outside_calibration"))
  }

  @Test func warningsWrapAt120Columns() {
    let long = "WARNING: " + Array(repeating: "abcdefghi", count: 30).joined(separator: " ")
    let lines = RunResult.wrapped(long).split(separator: "\n")
    #expect(lines.count == 3 && lines.allSatisfy { $0.count <= 120 })
    #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("  a") })
    #expect(lines.joined(separator: " ").replacingOccurrences(of: "   ", with: " ") == long)
  }
}
