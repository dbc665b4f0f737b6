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
    let units: [JSONValue] = p.totals.map { u in
      let e = u.error.metrics
      let c = u.cycles
      return [
        "unit": .string(u.kind.rawValue),
        "elements": .int(u.elements),
        "cycles": [
          "total": .int(c.total), "compute": .int(c.compute), "fill_drain": .int(c.fillDrain),
          "reconfiguration": .int(c.reconfiguration), "stall": .int(c.stall),
        ],
        "time_us": .finite(u.timeMicroseconds),
        "toggles": .int(u.totalToggles),
        "resources": u.resources.map { r in
          ["lut": .double(r.lut), "ff": .double(r.ff), "lutram": .double(r.lutram), "bram36": .double(r.bram36)]
        } ?? .null,
        "energy_joules": u.energy.map { .double($0.joules) } ?? .null,
        "error": [
          "max_abs": .int(e.maxAbs), "mean_abs": .double(e.meanAbs), "mse": .double(e.mse),
          "exact_fraction": .double(e.exactFraction),
        ],
      ]
    }
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
/// or read back from shard files.
struct SweepReport: Sendable {
  static let metricHeader = [
    "unit", "elements", "cycles", "reconfig", "stall", "el_per_cycle", "time_us", "toggles", "max_abs", "mean_abs",
    "mse", "exact_fraction", "lut", "ff", "lutram", "bram36", "energy_uj", "error",
  ]

  var keys: [String]
  /// Point objects (``SweepResult/json(_:)``), in grid order.
  var points: [JSONValue]

  /// One row per point and unit; a failed point is one row whose last cell says why.
  func rows() -> [[String]] {
    points.flatMap { p -> [[String]] in
      let values = keys.map { Self.cell(p["set"]?[$0]) }
      if case .string(let failure)? = p["error"] {
        return [values + [String](repeating: "", count: Self.metricHeader.count - 1) + [failure]]
      }
      guard case .array(let units)? = p["units"] else { return [] }
      return units.map { u in
        let elements = Self.number(u["elements"])
        let cycles = Self.number(u["cycles"]?["total"])
        let e = u["error"]
        let r = u["resources"]
        return values + [
          Self.text(u["unit"]), Self.integer(u["elements"]), Self.integer(u["cycles"]?["total"]),
          Self.integer(u["cycles"]?["reconfiguration"]), Self.integer(u["cycles"]?["stall"]),
          fixed(cycles.map { $0 > 0 ? (elements ?? 0) / $0 : 0 }, 4), fixed(Self.number(u["time_us"]), 1),
          Self.integer(u["toggles"]), Self.integer(e?["max_abs"]), fixed(Self.number(e?["mean_abs"]), 4),
          fixed(Self.number(e?["mse"]), 4), fixed(Self.number(e?["exact_fraction"]), 6),
          fixed(Self.number(r?["lut"]), 0), fixed(Self.number(r?["ff"]), 0), fixed(Self.number(r?["lutram"]), 0),
          fixed(Self.number(r?["bram36"]), 1), fixed(Self.number(u["energy_joules"]).map { $0 * 1e6 }, 4), "",
        ]
      }
    }
  }

  /// A fixed-width table; a point that could not run shows `failed` as its unit, and why follows the table.
  func renderTable() -> String {
    let all = rows()
    let shown = all.map { row -> [String] in
      var r = Array(row.dropLast())
      if !row.last!.isEmpty { r[keys.count] = "failed" }
      return r
    }
    var text = TextTable(header: keys + Self.metricHeader.dropLast(), nameColumns: keys.count + 1, rows: shown)
      .render()
    for row in all where !row.last!.isEmpty {
      text += "failed: " + zip(keys, row).map { "\($0)=\($1)" }.joined(separator: " ") + ": \(row.last!)\n"
    }
    return text
  }

  /// CSV with a header row (RFC 4180 quoting).
  func csvText() -> String { ([keys + Self.metricHeader] + rows()).map(CSV.line).joined() }

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

  static func number(_ v: JSONValue?) -> Double? {
    switch v {
    case .int(let i)?: Double(i)
    case .double(let d)?: d
    default: nil
    }
  }

  static func integer(_ v: JSONValue?) -> String {
    if case .int(let i)? = v { return "\(i)" }
    return ""
  }

  static func text(_ v: JSONValue?) -> String {
    if case .string(let s)? = v { return s }
    return ""
  }
}

private func fixed(_ v: Double?, _ digits: Int) -> String {
  guard let v else { return "" }
  // Figures read back from a file may be anything; only a number an Int holds is rounded.
  guard v.isFinite, abs(v) < 1e15 else { return "\(v)" }
  if digits == 0 { return String(Int(v.rounded())) }
  var s = String(v.rounded(toPlaces: digits))
  if let dot = s.firstIndex(of: ".") {
    let have = s.distance(from: dot, to: s.endIndex) - 1
    if have < digits { s += String(repeating: "0", count: digits - have) }
  } else {
    s += "." + String(repeating: "0", count: digits)
  }
  return s
}

extension Double {
  fileprivate func rounded(toPlaces digits: Int) -> Double {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    return (self * scale).rounded() / scale
  }
}
