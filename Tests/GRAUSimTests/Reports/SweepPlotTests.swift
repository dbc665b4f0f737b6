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
        "--max-elements", "200", "--json", "k.json", "--quiet",
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
}
