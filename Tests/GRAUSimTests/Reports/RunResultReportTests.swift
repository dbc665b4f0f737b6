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

  @Test func csvHasAHeaderAndOneRowPerLayerAndUnit() throws {
    let report = try Self.report()
    let lines = report.csvText().split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    #expect(lines.first.map(String.init) == RunResult.csvColumns.joined(separator: ","))
    #expect(lines.count == 1 + report.layers.count * report.units.count)
    for line in lines.dropFirst() {
      #expect(line.split(separator: ",", omittingEmptySubsequences: false).count == RunResult.csvColumns.count)
    }
    #expect(lines[1].hasPrefix("conv0,grau,"))
  }

  @Test func tableListsEveryRowAndTheTotals() throws {
    let report = try Self.report()
    let sections = report.renderTable().components(separatedBy: "\n\n")
    #expect(sections.count == 3, "the unit table, the GRAU/MT ratios, then the accuracy")
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
