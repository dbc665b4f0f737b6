import Foundation
import Testing

@testable import GRAUSim

/// `grausim plot`: nice ticks, crossings, Pareto fronts, and figures that parse as XML and render to a drawn PNG
/// (scripts/check_svg.py: rsvg-convert, then the pixels).
@Suite struct SweepPlotTests {
  @Test func ticksAreNiceAndCoverTheRange() {
    #expect(SVGChart.ticks(0, 10) == [0, 2, 4, 6, 8, 10])
    #expect(SVGChart.ticks(2, 16) == [2, 4, 6, 8, 10, 12, 14, 16])
    #expect(
      SVGChart.logTicks(-0.6, 1.8).map { SVGChart.label(pow(10, $0)) } == ["0.5", "1", "2", "5", "10", "20", "50"])
    #expect(SVGChart.ticks(0.13, 0.61).map(SVGChart.label) == ["0.2", "0.3", "0.4", "0.5", "0.6"])
    #expect(SVGChart.label(4.69604) == "4.696" && SVGChart.label(0.0125) == "0.0125" && SVGChart.label(12) == "12")
    let t = SVGChart.ticks(-3.7, 1234)
    #expect(t.count >= 3 && t.count <= 11 && t.first! >= -3.7 && t.last! <= 1234)
  }

  @Test func crossingsAreInterpolated() {
    let a: [(x: Double, y: Double)] = [(2, 10), (4, 10), (6, 10)]
    let b: [(x: Double, y: Double)] = [(2, 4), (4, 8), (6, 16)]
    // b - a: -6, -2, +6 → a crossing between 4 and 6 at 4 + 2·2/8 = 4.5.
    #expect(SweepPlot.crossings(a, b) == [4.5])
    #expect(SweepPlot.crossings(a, a).isEmpty)
  }

  static func report(_ points: [(k: Int, unit: String, lut: Double, mse: Double)]) -> SweepReport {
    SweepReport(
      keys: ["accelerator.grau.segments"],
      points: points.map { p in
        [
          "set": ["accelerator.grau.segments": .int(p.k)],
          "units": [["unit": .string(p.unit), "resources": ["lut": .double(p.lut)], "error": ["mse": .double(p.mse)]]],
          "error": .null,
        ]
      })
  }

  @Test func paretoFrontKeepsTheUndominated() throws {
    let r = Self.report([(2, "grau", 100, 9), (4, "grau", 200, 3), (6, "grau", 300, 4), (8, "mt", 250, 0)])
    let chart = try SweepPlot.pareto(r, x: "lut", y: "mse")
    let front = try #require(chart.series.last)
    #expect(front.name == "Pareto front")
    #expect(front.points.map(\.x) == [100, 200, 250])
  }

  @Test func badAxesAreRefusedWithTheChoices() {
    let r = Self.report([(2, "grau", 100, 9)])
    #expect(throws: SweepPlot.PlotError.self) { try SweepPlot.lines(r, x: "accelerator.lanes", y: "mse") }
    do {
      _ = try SweepPlot.lines(r, x: "accelerator.grau.segments", y: "msee")
      Issue.record("an unknown metric was accepted")
    } catch {
      #expect(error.message.contains("did you mean 'mse'?") && error.message.contains("lut_equivalent"), "\(error)")
    }
  }

  /// The figures docs/sweeps.md describes, from a real sweep, judged by rendering them.
  @Test func figuresParseAndRender() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let tiny = Fixtures.path("tiny.json")
    let precision = runCLI(
      [
        "sweep", tiny, "--zip", "--vary", "network.layers[*].out_bits=2,4,6,8", "--vary",
        "accelerator.mt.max_bits=2,4,6,8", "--max-elements", "200", "--json", "p.json", "--quiet",
      ], in: dir)
    #expect(precision.code == 0, "\(precision.stderr)")
    let k = runCLI(
      [
        "sweep", tiny, "--vary", "accelerator.grau.segments=2...6", "--vary", "accelerator.grau.slopes=pot,apot",
        "--max-elements", "200", "--json", "k.json", "--csv", "k.csv", "--quiet",
      ], in: dir)
    #expect(k.code == 0, "\(k.stderr)")
    let figures = [
      ["plot", "k.json", "--x", "accelerator.grau.segments", "--y", "mse", "--out", "mse.svg"],
      ["plot", "k.json", "--x", "accelerator.grau.segments", "--y", "max_abs", "--log-y", "--out", "max.svg"],
      [
        "plot", "p.json", "--x", "network.layers[*].out_bits", "--y", "lut_equivalent", "--crossing", "grau",
        "--out", "lut.svg",
      ],
      ["plot", "k.json", "--pareto", "lut_equivalent,mse", "--out", "pareto.svg"],
    ]
    for f in figures {
      let r = runCLI(f, in: dir)
      #expect(r.code == 0, "\(f): \(r.stderr)")
    }
    // The CSV of a sweep draws the same figures as its JSON, byte for byte.
    for f in figures where f[1] == "k.json" {
      var fromCSV = f
      fromCSV[1] = "k.csv"
      fromCSV[fromCSV.count - 1] = "csv-" + f[f.count - 1]
      let r = runCLI(fromCSV, in: dir)
      #expect(r.code == 0, "\(fromCSV): \(r.stderr)")
      #expect(
        FileManager.default.contents(atPath: dir + "/" + f[f.count - 1])
          == FileManager.default.contents(atPath: dir + "/" + fromCSV[fromCSV.count - 1]), "\(f)")
    }
    let lut = try String(contentsOfFile: dir + "/lut.svg", encoding: .utf8)
    #expect(lut.contains("grau = mt at "), "the precision figure marks where GRAU overtakes MT")
    guard requireTool("rsvg-convert", install: "apt-get install -y librsvg2-bin") != nil,
      requireTool("python3", install: "apt-get install -y python3") != nil
    else { return }
    let files = ["mse.svg", "max.svg", "lut.svg", "pareto.svg"].map { dir + "/" + $0 }
    let judge = try ExternalTool.run(ExternalTool.script("check_svg.py"), files, timeout: 120)
    #expect(judge.exitCode == 0, "\(judge.transcript)")
    #expect(judge.stdout.components(separatedBy: "check_svg: ok:").count == 5, "\(judge.transcript)")
  }

  /// CSV cells as ``CSV/line(_:)`` writes them come back as they were: commas, quotes and line breaks in quoted
  /// cells, `\r\n` line ends, no final line break; malformed files name their line.
  @Test func csvRecordsReadWhatTheWriterWrites() throws {
    let rows = [["a", "b,c", "say \"hi\""], ["", "two\nlines", "[1,2]"], ["x", "", ""]]
    let text = rows.map(CSV.line).joined()
    #expect(try CSV.records(text) == rows)
    #expect(try CSV.records(text.replacingOccurrences(of: "\n", with: "\r\n")).count == 3)
    #expect(try CSV.records("a,b\r\n1,2") == [["a", "b"], ["1", "2"]])
    #expect(try CSV.records("a,b\n\n1,2\n\n") == [["a", "b"], ["1", "2"]])
    for (bad, path) in [("a,b\n1,\"2\n", "line 2"), ("a,b\n1\n", "line 2"), ("a,b\n\"1\"x,2\n", "line 2")] {
      do {
        _ = try CSV.records(bad)
        Issue.record("accepted \(bad.debugDescription)")
      } catch {
        #expect(error.path == path, "\(bad.debugDescription): \(error)")
      }
    }
  }

  /// A sweep's CSV reads back as its points: the swept values, one record per unit, a failed point as its error;
  /// the lines drawn from it are those drawn from the JSON.
  @Test func sweepCSVReadsBackAsItsPoints() throws {
    func unit(_ name: String, lut: Double, mse: Double) -> JSONValue {
      ["unit": .string(name), "resources": ["lut": .double(lut)], "error": ["mse": .double(mse)]]
    }
    func point(_ k: Int, _ units: [JSONValue], error: String? = nil) -> JSONValue {
      [
        "set": ["accelerator.grau.segments": .int(k)], "units": .array(units),
        "error": error.map { .string($0) } ?? .null,
      ]
    }
    let r = SweepReport(
      keys: ["accelerator.grau.segments"],
      points: [
        point(2, [unit("grau", lut: 100, mse: 9), unit("mt", lut: 300, mse: 0)]),
        point(4, [], error: "no, \"it\" failed"),
        point(6, [unit("grau", lut: 150, mse: 2.5), unit("mt", lut: 300, mse: 0)]),
      ])
    let back = try SweepReport(csv: r.csvText())
    #expect(back.keys == r.keys)
    #expect(back.points.count == 3)
    #expect(back.points[1]["error"] == .string("no, \"it\" failed"))
    let counts = back.points.map { p -> Int in
      if case .array(let units)? = p["units"] { return units.count }
      return -1
    }
    #expect(counts == [2, 0, 2])
    let fromJSON = try SweepPlot.lines(r, x: "accelerator.grau.segments", y: "mse", crossing: "grau").render()
    let fromCSV = try SweepPlot.lines(back, x: "accelerator.grau.segments", y: "mse", crossing: "grau").render()
    #expect(fromJSON == fromCSV)
    #expect(throws: ValueError.self) { try SweepReport(csv: "x,y\n1,2\n") }
  }
}
