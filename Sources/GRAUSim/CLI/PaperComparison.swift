import Foundation

/// docs/paper-comparison.md: a configuration's comparison (``ComparisonConfig``) with a third column, yosys on
/// grausim's own exported RTL of each design. `grausim-bench paper` synthesizes (yosys results are cached in a
/// directory, keyed by the RTL's digest, so the document can be regenerated and checked without yosys); the tests
/// regenerate the document from the cache and compare it with the committed one.
package enum PaperComparison {
  /// One design: what the configuration says, grausim's estimate and its RTL.
  package struct Design: Sendable {
    package var label: String
    package var unit: String
    package var overrides: [String]
    /// The RTL's top module and text, and its digest (what a cached synthesis result is valid for).
    package var top: String
    package var verilog: String
    package var digest: String
    var published: PublishedResources
    var estimate: ResourceCounts
    var notes: [String: String]
    /// The cache file of this design's yosys `stat` output: the label in lower case, words joined by `-`.
    package var statName: String {
      let words = label.lowercased().split { !($0.isLetter || $0.isNumber) }
      return words.joined(separator: "-") + ".stat"
    }
  }

  /// A loaded comparison.
  package struct Comparison: Sendable {
    package var configPath: String
    var title: String
    var source: String?
    var description: String?
    package var designs: [Design]
  }

  /// Loads the comparison of the configuration at `path` and exports each design's RTL.
  ///
  /// - Throws: the configuration's error, or a ``ValueError`` when it has no comparison or a design cannot be
  ///   exported.
  package static func load(configPath path: String) throws -> Comparison {
    let config = try SimulationConfig.load(path: path)
    guard let comparison = config.comparison else {
      throw ValueError(path: "comparison", expected: "a comparison in \(path)", got: "none")
    }
    var designs: [Design] = []
    for r in config.comparisonResults {
      let unit = r.row.accelerator.design(r.row.unit, bits: r.row.outputBits, channels: r.row.channels)
      let verilog = try RTLEmitter.verilog(RTLDesign(unit: unit))
      designs.append(
        Design(
          label: r.row.label, unit: r.row.unit.rawValue, overrides: r.row.overrides, top: r.row.unit.rawValue,
          verilog: verilog, digest: SweepStore.digest(Array(verilog.utf8)), published: r.row.published,
          estimate: r.estimate, notes: r.row.notes))
    }
    return Comparison(
      configPath: path, title: comparison.title, source: comparison.source, description: config.description,
      designs: designs)
  }

  /// The first line of a cached result: which RTL it was synthesized from.
  package static func cacheHeader(_ d: Design) -> String { "# grausim rtl digest \(d.digest)\n" }

  /// The yosys counts of every design from the cache directory.
  ///
  /// - Throws: a ``ValueError`` naming the design whose result is missing, was synthesized from other RTL (the
  ///   design or the emitter changed) or cannot be parsed.
  package static func cachedCounts(_ c: Comparison, directory: String) throws -> [SynthesisCounts] {
    try c.designs.map { d in
      let path = (directory as NSString).appendingPathComponent(d.statName)
      guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        throw ValueError(path: path, expected: "the yosys result of '\(d.label)'", got: "no file (synthesize it)")
      }
      let header = cacheHeader(d)
      guard text.hasPrefix(header) else {
        throw ValueError(
          path: path, expected: "a result for the RTL grausim exports today (\(header.dropLast()))",
          got: "a stale one (synthesize it again)")
      }
      return try SynthesisCounts.parse(yosysStat: String(text.dropFirst(header.count)))
    }
  }

  /// The differences beyond ±30 % (grausim's estimate against the publication) that no note explains.
  static func unexplained(_ c: Comparison) -> [String] {
    var missing: [String] = []
    for d in c.designs {
      for m in PublishedResources.metrics {
        guard let p = d.published[m], p > 0 else { continue }
        if abs(estimated(d, m) / p - 1) > RunResult.comparisonTolerance && d.notes[m] == nil {
          missing.append("\(d.label) \(m)")
        }
      }
    }
    return missing
  }

  static func estimated(_ d: Design, _ metric: String) -> Double { d.estimate[metric] }

  static func synthesized(_ s: SynthesisCounts, _ metric: String) -> Double {
    switch metric {
    case "lut": Double(s.lut)
    case "ff": Double(s.ff)
    case "lutram": Double(s.lutram)
    default: s.bram36
    }
  }

  /// The document.
  ///
  /// - Throws: a ``ValueError`` listing the differences beyond ±30 % that no note explains.
  package static func markdown(_ c: Comparison, yosys: [SynthesisCounts], command: String) throws -> String {
    let missing = unexplained(c)
    guard missing.isEmpty else {
      throw ValueError(
        path: "\(c.configPath): comparison.rows[].notes",
        expected: "an explanation of every difference beyond ±30 %", got: "none for \(missing.joined(separator: ", "))")
    }
    let metrics = PublishedResources.metrics.filter { m in c.designs.contains { $0.published[m] != nil } }
    func cell(_ v: Double) -> String { Figure.fixed(v, 0) }
    func ratio(_ a: Double, _ b: Double?) -> String {
      guard let b, b > 0 else { return "–" }
      return Figure.fixed(a / b, 2)
    }
    var out = "# The published GRAU unit beside grausim\n\n"
    out += "Generated by `\(command)` from `\(c.configPath)`; do not edit by hand.\n\n"
    out += "\(c.title).\n\n"
    if let s = c.source { out += "- **Published**: \(s).\n" }
    out += "- **grausim**: the resource estimate of each design (docs/resources.md), as `grausim run \(c.configPath)` "
    out += "prints it.\n"
    out += "- **yosys**: `synth_xilinx -family xcup -flatten -noiopad -noclkbuf` on grausim's own exported RTL of the "
    out += "same design (`grausim rtl`), as the resource model is calibrated (docs/resources.md).\n\n"
    if let d = c.description { out += "The configuration: \(d)\n\n" }
    var header = "| design | unit | overrides |"
    var rule = "|---|---|---|"
    for m in metrics {
      let name = m.uppercased()
      header += " \(name) published | \(name) grausim | \(name) yosys | grausim / published |"
      rule += "---:|---:|---:|---:|"
    }
    out += header + "\n" + rule + "\n"
    for (d, s) in zip(c.designs, yosys) {
      var line =
        "| \(d.label) | `\(d.unit)` | \(d.overrides.isEmpty ? "–" : d.overrides.map { "`\($0)`" }.joined(separator: ", ")) |"
      for m in metrics {
        line += " \(d.published[m].map(cell) ?? "–") | \(cell(estimated(d, m))) | \(cell(synthesized(s, m))) |"
        line += " \(ratio(estimated(d, m), d.published[m])) |"
      }
      out += line + "\n"
    }
    out += "\nyosys against grausim's estimate (the model's own accuracy on these designs): "
    out +=
      zip(c.designs, yosys).map { d, s in
        "\(d.label) LUT \(ratio(estimated(d, "lut"), synthesized(s, "lut"))), FF \(ratio(estimated(d, "ff"), synthesized(s, "ff")))"
      }.joined(separator: "; ") + " (estimate / yosys).\n"
    out += "\n## Differences beyond ±30 % from the publication\n\n"
    var any = false
    for d in c.designs {
      for m in metrics {
        guard let p = d.published[m], p > 0, abs(estimated(d, m) / p - 1) > RunResult.comparisonTolerance else {
          continue
        }
        any = true
        out += "- **\(d.label), \(m.uppercased())** (grausim \(cell(estimated(d, m))) vs \(cell(p)) published, "
        out += "\(ratio(estimated(d, m), p))×): \(d.notes[m] ?? "")\n"
      }
    }
    if !any { out += "None.\n" }
    return out
  }
}
