import Foundation
import Testing

@testable import GRAUSim

/// The `comparison` block of a configuration: decoding, the run report's table and docs/paper-comparison.md.
@Suite struct ComparisonTests {
  static let base = """
    {"accelerator": {"lanes": 1, "in_bits": 16, "units": ["grau", "mt"]},
     "network": {"name": "n", "layers": [{"name": "a", "channels": 2, "height": 4, "width": 4,
       "activation": "relu", "out_bits": 4}]},
     "stimulus": {"seed": 1, "kind": "gaussian", "mean": 0.0, "std": 1.0}
    """

  static func config(_ comparison: String) throws(ConfigError) -> SimulationConfig {
    try SimulationConfig.decode(base + ", \"comparison\": " + comparison + "}")
  }

  @Test func rowsAreTheDocumentWithTheirOverrides() throws {
    let c = try Self.config(
      """
      {"title": "t", "rows": [
        {"label": "plain", "unit": "grau", "published": {"lut": 100}},
        {"label": "apot 8", "unit": "grau_serial", "published": {"lut": 50, "ff": 20},
         "set": {"accelerator.grau.slopes": "apot", "network.layers[0].out_bits": 8},
         "notes": {"lut": "why"}}]}
      """)
    let rows = try #require(c.comparison?.rows)
    #expect(rows.map(\.label) == ["plain", "apot 8"])
    #expect(rows[0].accelerator == c.accelerator)
    #expect(rows[1].accelerator.grau.slopeMode == .apot)
    #expect(rows[1].outputBits == 8 && rows[1].channels == 2)
    #expect(rows[1].overrides == ["accelerator.grau.slopes=\"apot\"", "network.layers[0].out_bits=8"])
    #expect(rows[1].notes == ["lut": "why"])
    // The run itself is the document without the comparison's overrides.
    #expect(c.accelerator.grau.slopeMode == .pot && c.network.layers[0].outputBits == 4)
    // Estimates are the resource model's for each row's design.
    let results = c.comparisonResults
    let expected = ResourceEstimator.estimate(
      rows[1].accelerator.design(.grauSerial, bits: 8, channels: 2)
    ).total.reported
    #expect(results[1].estimate == expected)
    #expect(results[1].ratio("lut") == expected.lut / 50)
    #expect(results[0].ratio("ff") == nil)
  }

  @Test(arguments: [
    (#"{"rows": []}"#, "comparison.title"),
    (#"{"title": "t", "rows": []}"#, "comparison.rows"),
    (#"{"title": "t", "rows": [{"label": "x", "unit": "grau", "published": {}, "colour": 1}]}"#, "comparison.rows[0]"),
    (#"{"title": "t", "rows": [{"label": "x", "unit": "grua", "published": {}}]}"#, "comparison.rows[0].unit"),
    (#"{"title": "t", "rows": [{"label": "x", "unit": "grau"}]}"#, "comparison.rows[0].published"),
    (
      #"{"title": "t", "rows": [{"label": "x", "unit": "grau", "published": {"lut": -1}}]}"#,
      "comparison.rows[0].published.lut"
    ),
    (
      #"{"title": "t", "rows": [{"label": "x", "unit": "grau", "published": {}, "set": {"network.layers[3].out_bits": 4}}]}"#,
      "comparison.rows[0].set.network.layers[3].out_bits"
    ),
    (
      #"{"title": "t", "rows": [{"label": "x", "unit": "grau", "published": {}, "set": {"accelerator.grau.segments": 99}}]}"#,
      "comparison.rows[0] (with its set): accelerator.grau.segments"
    ),
    (
      #"{"title": "t", "rows": [{"label": "x", "unit": "grau", "published": {}}, {"label": "x", "unit": "mt", "published": {}}]}"#,
      "comparison.rows[1].label"
    ),
  ])
  func badComparisonsNameTheirPath(_ text: String, _ path: String) {
    #expect {
      _ = try Self.config(text)
    } throws: { error in
      (error as? ConfigError)?.path == path
    }
  }

  @Test func theRunPrintsTheComparisonAndItsJSON() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let run = runCLI(
      [
        "run", (Fixtures.root as NSString).appendingPathComponent("configs/grau-paper.json"), "--json",
        "\(dir)/r.json",
      ], in: dir)
    #expect(run.code == 0, "\(run.stderr)")
    let config = try SimulationConfig.load(
      path: (Fixtures.root as NSString).appendingPathComponent("configs/grau-paper.json"))
    let results = config.comparisonResults
    #expect(results.count == 6)
    #expect(run.stdout.contains("comparison: "))
    for r in results {
      let line = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix(r.row.label + " ") })
      #expect(line.contains(" \(Int(r.estimate.lut)) ") && line.contains(" \(Int(r.estimate.ff)) "), "\(line)")
    }
    // Every difference beyond ±30 % is explained in the configuration.
    #expect(!run.stdout.contains("no explanation given"))
    let json = try JSONValue(parsing: String(contentsOfFile: "\(dir)/r.json", encoding: .utf8))
    guard case .array(let rows)? = json["comparison"]?["rows"] else {
      Issue.record("no comparison.rows in the JSON report")
      return
    }
    #expect(rows.count == 6)
    #expect(rows[0]["grausim"]?["lut"] == .int(Int(results[0].estimate.lut)))
  }

  @Test func paperComparisonDocumentIsCurrent() throws {
    // docs/paper-comparison.md is what scripts/paper_comparison.sh writes from configs/grau-paper.json and the
    // cached yosys results: a changed model, config or RTL must come with a regenerated document.
    let root = Fixtures.root as NSString
    let comparison = try PaperComparison.load(configPath: root.appendingPathComponent("configs/grau-paper.json"))
    let counts = try PaperComparison.cachedCounts(
      comparison, directory: root.appendingPathComponent("data/paper-comparison"))
    var relative = comparison
    relative.configPath = "configs/grau-paper.json"
    let expected = try PaperComparison.markdown(relative, yosys: counts, command: "scripts/paper_comparison.sh")
    let committed = try String(contentsOfFile: root.appendingPathComponent("docs/paper-comparison.md"), encoding: .utf8)
    #expect(committed == expected, "docs/paper-comparison.md is stale: run scripts/paper_comparison.sh")
  }
}
