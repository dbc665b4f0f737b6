import Foundation

extension RunResult {
  /// A difference from a published figure that the comparison must explain: beyond ±30 %.
  static let comparisonTolerance = 0.30

  /// The configuration's comparison (``ComparisonConfig``): per design the published figures, grausim's estimate
  /// and their ratio, then every difference beyond ±30 % with the row's note on it. Empty without a comparison.
  func renderComparison() -> String {
    guard let comparison = config.comparison else { return "" }
    let results = config.comparisonResults
    let metrics = PublishedResources.metrics.filter { m in results.contains { $0.row.published[m] != nil } }
    func figure(_ v: Double?, _ metric: String) -> String {
      guard let v else { return "-" }
      return metric == "bram36" ? Figure.fixed(v, 1) : Figure.fixed(v, 0)
    }
    var header = ["design", "unit"]
    for m in metrics { header += ["\(m) published", "\(m) grausim", "ratio"] }
    var table = TextTable(header: header, nameColumns: 2)
    for r in results {
      var cells = [r.row.label, r.row.unit.rawValue]
      for m in metrics {
        cells += [
          figure(r.row.published[m], m), figure(r.estimated(m), m), r.ratio(m).map { Figure.fixed($0, 2) } ?? "-",
        ]
      }
      table.rows.append(cells)
    }
    var out = "\ncomparison: \(comparison.title)\n"
    if let source = comparison.source { out += "published: \(source); grausim: resource estimate of each design\n" }
    out += table.render()
    for r in results {
      for m in metrics {
        guard let ratio = r.ratio(m), abs(ratio - 1) > Self.comparisonTolerance else { continue }
        out += "  \(r.row.label) \(m) \(Figure.fixed(ratio, 2))× published: "
        out += (r.row.notes[m] ?? "no explanation given (comparison.rows[].notes.\(m))") + "\n"
      }
    }
    return out
  }

  /// The comparison as JSON (docs/report.md), nil without one.
  var comparisonJSON: JSONValue? {
    guard let comparison = config.comparison else { return nil }
    func number(_ v: Double?) -> JSONValue { v.map { .finite($0) } ?? .null }
    let rows: [JSONValue] = config.comparisonResults.map { r in
      var published = JSONObject()
      var ratios = JSONObject()
      for m in PublishedResources.metrics {
        published[m] = number(r.row.published[m])
        ratios[m] = number(r.ratio(m))
      }
      return .object([
        "label": .string(r.row.label), "unit": .string(r.row.unit.rawValue),
        "set": .array(r.row.overrides.map { .string($0) }), "published": .object(published),
        "grausim": Self.json(r.estimate), "ratio": .object(ratios),
        "notes": .object(JSONObject(r.row.notes.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
      ])
    }
    return .object([
      "title": .string(comparison.title), "source": comparison.source.map { .string($0) } ?? .null,
      "rows": .array(rows),
    ])
  }
}
