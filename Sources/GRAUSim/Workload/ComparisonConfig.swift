/// A comparison with published resource figures that a configuration carries (`comparison` key, docs/config.md):
/// each row is one design — a unit variant in the configuration with some keys overridden — and the figures a
/// publication reports for it. `grausim run` prints grausim's estimate of each design beside them
/// (docs/report.md, "Comparison"); `grausim-bench paper` adds yosys on grausim's exported RTL.
struct ComparisonConfig: Sendable, Hashable {
  /// What is compared (printed above the table).
  var title: String
  /// Where the published figures come from.
  var source: String?
  var rows: [ComparisonRow]
}

/// One design of a ``ComparisonConfig``.
struct ComparisonRow: Sendable, Hashable {
  /// The design's name in the table, e.g. `APoT serialized`.
  var label: String
  var unit: UnitKind
  /// The row's overrides as `key=value` (the `set` object, in file order).
  var overrides: [String]
  /// The accelerator of this design: the configuration's with the overrides applied.
  var accelerator: AcceleratorConfig
  /// The widest output and the most channels of the design's layers: what it is sized for.
  var outputBits: Int
  var channels: Int
  /// The published figures (nil where the publication gives none).
  var published: PublishedResources
  /// Why grausim's figure differs from the published one, per metric (`lut`, `ff`, `lutram`, `bram36`).
  var notes: [String: String]
}

/// Resource figures as a publication reports them.
struct PublishedResources: Sendable, Hashable {
  var lut: Double?
  var ff: Double?
  var lutram: Double?
  var bram36: Double?

  /// The metrics in report order, with their keys.
  static let metrics = ["lut", "ff", "lutram", "bram36"]

  subscript(metric: String) -> Double? {
    switch metric {
    case "lut": lut
    case "ff": ff
    case "lutram": lutram
    case "bram36": bram36
    default: nil
    }
  }
}

extension SimulationConfig {
  /// Decodes `json` with its `comparison`, if any: the comparison's designs are the document without it, each with
  /// its overrides.
  static func decodeWithComparison(_ json: JSONValue, file: String?, directory: String) throws(ConfigError)
    -> SimulationConfig
  {
    guard case .object(var members) = json, let comparison = members["comparison"] else {
      return try _decode(json, file: file, directory: directory)
    }
    members["comparison"] = nil
    let document = JSONValue.object(members)
    var config = try _decode(document, file: file, directory: directory)
    config.comparison = try decodeComparison(comparison, document: document, file: file, directory: directory)
    return config
  }

  static let comparisonKeys = ["title", "source", "rows"]
  static let comparisonRowKeys = ["label", "unit", "set", "published", "notes"]

  /// Decodes the `comparison` object of `document` (the configuration without it): every row's overrides are
  /// applied to the document and the result validated like any configuration, so a bad override names its row.
  static func decodeComparison(
    _ value: JSONValue, document: JSONValue, file: String?, directory: String
  ) throws(ConfigError) -> ComparisonConfig {
    let c = try ConfigReader(value, path: "comparison", known: comparisonKeys)
    guard let title = try c.string("title", default: nil) else {
      throw ConfigError(.missingKey, path: "comparison.title", expected: "a string", got: "nothing")
    }
    let source = try c.string("source", default: nil)
    let list = try ConfigReader.array(
      c.required("rows", "an array of designs"), path: "comparison.rows", expected: "an array of designs")
    guard !list.isEmpty else {
      throw ConfigError(.invalidValue, path: "comparison.rows", expected: "at least one design", got: "[]")
    }
    var rows: [ComparisonRow] = []
    var labels = Set<String>()
    for (element, path) in list {
      let row = try decodeComparisonRow(element, path: path, document: document, file: file, directory: directory)
      guard labels.insert(row.label).inserted else {
        throw ConfigError(
          .invalidValue, path: "\(path).label", expected: "a label no other row has", got: "'\(row.label)'")
      }
      rows.append(row)
    }
    return ComparisonConfig(title: title, source: source, rows: rows)
  }

  private static func decodeComparisonRow(
    _ value: JSONValue, path: String, document: JSONValue, file: String?, directory: String
  ) throws(ConfigError) -> ComparisonRow {
    let r = try ConfigReader(value, path: path, known: comparisonRowKeys)
    guard let label = try r.string("label", default: nil), !label.isEmpty else {
      throw ConfigError(.missingKey, path: r.child("label"), expected: "a non-empty string", got: "nothing")
    }
    let unitName = try ConfigReader.choice(
      r.required("unit", "a unit variant"), path: r.child("unit"), UnitKind.allCases.map(\.rawValue))
    let unit = UnitKind(rawValue: unitName)!
    // The design: the document with the row's overrides, validated as a whole.
    var json = document
    var overrides: [String] = []
    if let set = r.raw("set") {
      guard case .object(let members) = set else {
        throw ConfigError(
          .wrongType, path: r.child("set"), expected: "an object of config keys and values", got: set.summary)
      }
      for (key, v) in members {
        let o: ConfigOverride
        do {
          o = try ConfigOverride(key: key, value: v)
          try o.apply(to: &json)
        } catch {
          throw ConfigError(error.kind, path: "\(r.child("set")).\(key)", expected: error.expected, got: error.got)
        }
        overrides.append(o.text)
      }
    }
    let design: SimulationConfig
    do {
      design = try _decode(json, file: file, directory: directory)
    } catch {
      var e = error
      e.path = "\(path) (with its set): \(error.path.isEmpty ? "the document" : error.path)"
      throw e
    }
    let published = try ConfigReader(
      r.required("published", "an object"), path: r.child("published"),
      known: PublishedResources.metrics)
    func figure(_ key: String) throws(ConfigError) -> Double? {
      try published.double(key, default: nil, "a number ≥ 0") { $0 >= 0 }
    }
    let figures = PublishedResources(
      lut: try figure("lut"), ff: try figure("ff"), lutram: try figure("lutram"), bram36: try figure("bram36"))
    let notesReader = try ConfigReader(r.raw("notes"), path: r.child("notes"), known: PublishedResources.metrics)
    var notes: [String: String] = [:]
    for m in PublishedResources.metrics {
      if let text = try notesReader.string(m, default: nil) { notes[m] = text }
    }
    return ComparisonRow(
      label: label, unit: unit, overrides: overrides, accelerator: design.accelerator,
      outputBits: design.network.layers.map(\.output.bits).max() ?? 1,
      channels: design.network.layers.map(\.channels).max() ?? 1, published: figures, notes: notes)
  }
}
