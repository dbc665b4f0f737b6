import Foundation
import Testing

@testable import GRAUSim

@Suite struct RunResultTests {
  static func report() throws -> RunResult {
    try NetworkRunner.run(config: try SimulationConfig.load(path: Fixtures.path("tiny.json")))
  }

  @Test func jsonIsByteIdenticalAcrossRuns() throws {
    let a = try Self.report().jsonText()
    let b = try Self.report().jsonText()
    #expect(a == b)
    #expect(!a.contains("wall") && !a.contains("timestamp"))
  }

  @Test func jsonHasTheDocumentedSchema() throws {
    let report = try Self.report()
    let text = report.jsonText()
    // Valid JSON for Foundation too.
    #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil)
    let v = try JSONValue.parseConfig(text)
    #expect(v["grausim_version"] == .string(RunResult.toolVersion))
    #expect(v["config"]?["network"]?["name"] == .string("tiny"))
    guard case .array(let layers)? = v["layers"] else {
      Issue.record("layers missing")
      return
    }
    #expect(layers.count == report.layers.count)
    for (lj, layer) in zip(layers, report.layers) {
      #expect(lj["name"] == .string(layer.name))
      #expect(lj["elements"] == .int(layer.elements))
      for u in layer.units {
        let uj = lj["units"]?[u.kind.rawValue]
        #expect(uj?["cycles"]?["total"] == .int(u.cycles.total))
        #expect(uj?["cycles"]?["compute"] == .int(u.cycles.compute))
        #expect(uj?["cycles"]?["fill_drain"] == .int(u.cycles.fillDrain))
        #expect(uj?["cycles"]?["reconfiguration"] == .int(u.cycles.reconfiguration))
        #expect(uj?["cycles"]?["stall"] == .int(u.cycles.stall))
        #expect(uj?["toggles"] == .int(u.totalToggles))
        #expect(uj?["error"]?["max_abs"] == .int(u.error.maxAbs))
        for key in ["mean_abs", "mse", "exact_fraction"] { #expect(uj?["error"]?[key] != nil) }
      }
    }
    for t in report.totals {
      #expect(v["totals"]?["units"]?[t.kind.rawValue]?["cycles"]?["total"] == .int(t.cycles.total))
    }
    // Keys are sorted at every level.
    #expect(text.range(of: "\"config\"")!.lowerBound < text.range(of: "\"grausim_version\"")!.lowerBound)
  }

  @Test func embeddedConfigDecodesBack() throws {
    let report = try Self.report()
    let v = try JSONValue.parseConfig(report.jsonText())
    let config = try SimulationConfig.decode(v["config"]!, file: report.config.file, directory: Fixtures.directory)
    #expect(config == report.config)
  }

  @Test func csvHasAHeaderOneRowPerLayerAndUnitAndTheTotals() throws {
    let report = try Self.report()
    let lines = report.csvText().split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    #expect(lines.first.map(String.init) == RunResult.csvColumns.joined(separator: ","))
    #expect(lines.count == 1 + (report.layers.count + 1) * report.units.count)
    for line in lines.dropFirst() {
      #expect(line.split(separator: ",", omittingEmptySubsequences: false).count == RunResult.csvColumns.count)
    }
    #expect(lines[1].hasPrefix("conv0,grau,"))
    let totals = lines.filter { $0.hasPrefix("TOTAL,") }
    #expect(totals.map { $0.split(separator: ",")[1] } == report.units.map { Substring($0.rawValue) })
    // A TOTAL row holds the totals' figures, rounded as documented.
    let column = Dictionary(uniqueKeysWithValues: RunResult.csvColumns.enumerated().map { ($1, $0) })
    for (line, t) in zip(totals, report.totals) {
      let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      #expect(cells[column["cycles"]!] == "\(t.cycles.total)")
      #expect(cells[column["cycles_reconfig"]!] == "\(t.cycles.reconfiguration)")
      #expect(cells[column["lut"]!] == "\(Int(t.resources!.lut.rounded()))")
      #expect(Double(cells[column["energy_uj"]!])! == (t.energy!.joules * 1e6).rounded(significant: 6))
      #expect(Double(cells[column["mse"]!])! == t.error.metrics.mse)
    }
  }

  @Test func runAndSweepCSVsShareTheUnitColumns() {
    let sweep = SweepReport(keys: ["k"], points: []).csvText()
    let header = sweep.split(separator: "\n").first.map { $0.split(separator: ",").map(String.init) } ?? []
    #expect(Array(header.dropFirst().dropLast()) == ["unit"] + UnitColumns.csvNames)
    #expect(Array(RunResult.csvColumns.suffix(UnitColumns.csvNames.count)) == UnitColumns.csvNames)
  }

  @Test func defaultTableFits120ColumnsWithTheSummary() throws {
    let report = try Self.report()
    let text = report.renderTable()
    for line in text.split(separator: "\n") { #expect(line.count <= 120, "\(line.count): \(line)") }
    let sections = text.components(separatedBy: "\n\n")
    #expect(sections.count == 2, "the unit table, then the summary")
    let lines = sections[0].split(separator: "\n")
    let rows = lines.filter { $0.hasPrefix("conv0 ") || $0.hasPrefix("conv1 ") }
    #expect(rows.count == report.layers.count * report.units.count)
    #expect(lines.filter { $0.hasPrefix("TOTAL ") }.count == report.units.count)
    let summary = sections[1].split(separator: "\n").map(String.init)
    #expect(summary.first?.hasPrefix("summary: one unit serving both layers; errors on 84 held-out outputs") == true)
    for label in ["mean |err|", "exact %", "LUT", "FF", "LUTRAM", "BRAM36", "reconfiguration", "fill/drain", "stall"] {
      #expect(summary.contains { $0.hasPrefix("  " + label + " ") }, "\(label)")
    }
    // One verdict per (GRAU variant, MT variant) pair.
    let grau = report.units.filter(\.isGRAU).count
    let pairs = grau * (report.units.count - grau)
    #expect(summary.filter { $0.contains(" vs ") && $0.hasSuffix(":") }.count == pairs)
    #expect(summary.filter { $0.hasPrefix("  cycles: ") }.count == pairs)
  }

  @Test func summaryMarksTheBestValueOfEachRow() throws {
    let report = try Self.report()
    let summary = report.renderSummary().split(separator: "\n").map(String.init)
    func cells(_ label: String) -> [String] {
      let line = summary.first { $0.hasPrefix("  " + label + " ") }!
      return line.dropFirst(2 + label.count).split(separator: " ").map(String.init)
    }
    let luts = report.totals.map { Int($0.resources!.lut.rounded()) }
    let lutCells = cells("LUT")
    #expect(lutCells.count == report.totals.count)
    for (cell, lut) in zip(lutCells, luts) { #expect(cell == "\(lut)" + (lut == luts.min()! ? "*" : "")) }
    // exact %: higher is better.
    let exact = cells("exact %")
    let best = report.totals.map(\.error.metrics.exactFraction).max()!
    for (cell, t) in zip(exact, report.totals) {
      #expect(cell.hasSuffix("*") == (t.error.metrics.exactFraction == best))
    }
  }

  @Test func cycleSplitNamesWhereTheCyclesDiffer() throws {
    let report = try Self.report()
    let a = CycleBreakdown(total: 130, compute: 100, fillDrain: 10, reconfiguration: 20, stall: 0)
    let b = CycleBreakdown(total: 900, compute: 100, fillDrain: 0, reconfiguration: 800, stall: 0)
    #expect(
      report.cycleSplit(a, b)
        == "770 fewer (reconfiguration 780 fewer, fill/drain 10 more; compute and stall equal)")
    #expect(report.cycleSplit(a, a) == "equal")
  }

  @Test func wideTableListsEveryRowTheRatiosAndTheAccuracy() throws {
    let report = try Self.report()
    let sections = report.renderTable(wide: true).components(separatedBy: "\n\n")
    #expect(sections.count == 4, "the unit table, the GRAU/MT ratios, the accuracy, then the summary")
    let lines = sections[0].split(separator: "\n")
    let rows = lines.filter { $0.hasPrefix("conv0 ") || $0.hasPrefix("conv1 ") }
    #expect(rows.count == report.layers.count * report.units.count)
    #expect(lines.filter { $0.hasPrefix("TOTAL ") }.count == report.units.count)
    // Fixed width: every data row as long as the header.
    let widths = Set(lines.dropFirst().filter { !$0.hasPrefix("-") }.map(\.count))
    #expect(widths.count == 1)
    // Ratios: every (GRAU variant, MT variant) pair per layer and in total.
    let grau = report.units.filter(\.isGRAU).count
    let pairs = grau * (report.units.count - grau)
    let ratioLines = sections[1].split(separator: "\n").dropFirst(2)
    #expect(ratioLines.count == pairs * (report.layers.count + 1))
    #expect(ratioLines.filter { $0.hasPrefix("TOTAL ") }.count == pairs)
    // Accuracy: every layer × unit and the totals, with where each layer was calibrated.
    let accuracy = sections[2].split(separator: "\n")
    #expect(accuracy.first?.hasPrefix("accuracy (") == true)
    #expect(accuracy.filter { $0.hasPrefix("conv0 ") || $0.hasPrefix("conv1 ") }.count == rows.count)
    #expect(accuracy.filter { $0.hasPrefix("TOTAL ") }.count == report.units.count)
    #expect(accuracy.filter { $0.contains("fresh draw") }.count == rows.count)
  }
}
