extension SweepResult {
  /// JSON (sorted keys), docs/sweeps.md: `{ "version", "keys", "grid": { "points", "fingerprint" }, "shard"
  /// (only for a shard), "points": [ { "index", "set": { key: value (as the config reads it) }, "units": [ { "unit",
  /// … } ], "error" } ] }`.
  /// Tables and CSVs are rendered from this value (``SweepReport``), so a merge of shards renders the same bytes.
  func json() -> JSONValue {
    var root: JSONObject = [
      "version": .string(GRAUSimVersion.current), "keys": .array(keys.map { .string($0) }),
      "grid": ["points": .int(pointCount), "fingerprint": .string(fingerprint)],
      "points": .array(points.map(Self.json)),
    ]
    if let shard { root["shard"] = ["index": .int(shard.index), "count": .int(shard.count)] }
    return .object(root)
  }

  static func json(_ p: SweepPoint) -> JSONValue {
    var set = JSONObject()
    for (k, v) in p.assignments { set[k] = SweepReport.value(v) }
    let units = p.records ?? p.totals.map { RunResult.json($0, signals: false) }
    return [
      "index": .int(p.index), "set": .object(set), "units": .array(units),
      "error": p.failure.map { .string($0) } ?? .null,
    ]
  }

  /// A fixed-width table, one row per design point and unit (``SweepReport/renderTable()``).
  func renderTable() -> String { SweepReport(keys: keys, points: points.map(Self.json)).renderTable() }

  /// CSV with a header row (RFC 4180 quoting).
  func csvText() -> String { SweepReport(keys: keys, points: points.map(Self.json)).csvText() }
}

/// A sweep's rows as its JSON holds them: the one source of its table and CSV, whether the points were just run
/// or read back from shard files. Units are the records of a run's totals (``UnitColumns``), so a sweep's CSV has
/// the columns of a run's CSV.
struct SweepReport: Sendable {
  var keys: [String]
  /// Point objects (``SweepResult/json(_:)``), in grid order.
  var points: [JSONValue]

  /// One row per point and unit from `cells` (the unit's record); a failed point is one row of `width` empty
  /// cells after its values, with why in `failure`.
  private func rows(width: Int, _ cells: (JSONValue) -> [String]) -> [(cells: [String], failure: String?)] {
    points.flatMap { p -> [([String], String?)] in
      let values = keys.map { Self.cell(p["set"]?[$0]) }
      if case .string(let failure)? = p["error"] {
        return [(values + [String](repeating: "", count: width), failure)]
      }
      guard case .array(let units)? = p["units"] else { return [] }
      return units.map { (values + cells($0), nil) }
    }
  }

  /// A fixed-width table of the compact figures; a point that could not run shows `failed` as its unit, and why
  /// follows the table.
  func renderTable() -> String {
    let all = rows(width: 2 + UnitColumns.table.count) { u in
      [UnitColumns.text(u["unit"]), UnitColumns.number(u["elements"]).map { Figure.fixed($0, 0) } ?? ""]
        + UnitColumns.table.map { $0.cell(u) }
    }
    let shown = all.map { row -> [String] in
      var r = row.cells
      if row.failure != nil { r[keys.count] = "failed" }
      return r
    }
    let header = keys + ["unit", "elements"] + UnitColumns.table.map(\.header)
    var text = TextTable(header: header, nameColumns: keys.count + 1, rows: shown).render()
    for row in all {
      guard let failure = row.failure else { continue }
      text += "failed: " + zip(keys, row.cells).map { "\($0)=\($1)" }.joined(separator: " ") + ": \(failure)\n"
    }
    return text
  }

  /// CSV with a header row (RFC 4180 quoting): the swept values, the unit columns of a run's CSV, and `error`.
  func csvText() -> String {
    // A point with a device (accelerator.device set or swept) adds the device columns of a run's CSV.
    let device = points.contains { p in
      if case .array(let units)? = p["units"] { return units.contains(where: UnitColumns.hasDevice) }
      return false
    }
    let network = points.contains { p in
      if case .array(let units)? = p["units"] { return units.contains(where: UnitColumns.hasNetwork) }
      return false
    }
    let columns = UnitColumns.columns(device: device, network: network)
    let header = keys + ["unit"] + columns.map(\.name) + ["error"]
    let all = rows(width: 1 + columns.count) { UnitColumns.csvCells($0, device: device, network: network) }
    return ([header] + all.map { $0.cells + [$0.failure ?? ""] }).map(CSV.line).joined()
  }

  /// A swept value as the config reads it: JSON, or a plain string when it is not JSON (`--set`'s rule).
  static func value(_ text: String) -> JSONValue { (try? JSONValue(parsing: text)) ?? .string(text) }

  /// A swept value in a table or CSV cell: a string as itself (`pot`), anything else as compact JSON (`4`, `[1,2]`).
  static func cell(_ v: JSONValue?) -> String {
    switch v {
    case nil: ""
    case .string(let s)?: s
    case let other?: (try? other.compact()) ?? ""
    }
  }
}

extension SweepReport {
  /// A sweep read back from its CSV (``csvText()``): the swept keys are the columns before `unit`; consecutive rows
  /// with the same values are one point, a row with an `error` a point that failed. Each unit record holds its
  /// row's cells under `csv` (column name → cell text), which ``UnitColumns/cell(_:_:)`` reads first, so a figure
  /// drawn from the CSV equals one drawn from the JSON (the CSV's numbers are the JSON's, shortest round trip).
  ///
  /// - Throws: ``ValueError`` for a malformed CSV or one without the sweep's `unit` and `error` columns.
  init(csv text: String) throws(ValueError) {
    let records = try CSV.records(text)
    guard let header = records.first, let unitColumn = header.firstIndex(of: "unit"), header.last == "error" else {
      throw ValueError(
        path: "line 1", expected: "a sweep CSV header (the swept keys, unit, …, error)",
        got: records.first.map { $0.prefix(4).joined(separator: ",") } ?? "an empty file")
    }
    keys = Array(header[..<unitColumn])
    points = []
    var current: (values: [String], units: [JSONValue])?
    func append(_ values: [String], units: [JSONValue], error: JSONValue) {
      var set = JSONObject()
      for (k, v) in zip(keys, values) { set[k] = Self.value(v) }
      points.append(["index": .int(points.count), "set": .object(set), "units": .array(units), "error": error])
    }
    func flush() {
      guard let c = current else { return }
      append(c.values, units: c.units, error: .null)
      current = nil
    }
    for row in records.dropFirst() {
      let values = Array(row[..<unitColumn])
      if let failure = row.last, !failure.isEmpty {
        flush()
        append(values, units: [], error: .string(failure))
        continue
      }
      if current?.values != values { flush() }
      var cells = JSONObject()
      for (name, cell) in zip(header[(unitColumn + 1)...], row[(unitColumn + 1)...]) { cells[name] = .string(cell) }
      let unit: JSONValue = ["unit": .string(row[unitColumn]), "csv": .object(cells)]
      if current == nil { current = (values, []) }
      current?.units.append(unit)
    }
    flush()
  }
}
