extension SweepResult {
  static let metricHeader = [
    "unit", "elements", "cycles", "reconfig", "stall", "el_per_cycle", "time_us", "toggles", "max_abs", "mean_abs",
    "mse", "exact_fraction", "lut", "ff", "lutram", "bram36", "energy_uj", "error",
  ]

  private func rows() -> [[String]] {
    points.flatMap { p -> [[String]] in
      if let failure = p.failure {
        return [
          p.assignments.map(\.value) + [""] + [String](repeating: "", count: Self.metricHeader.count - 2) + [failure]
        ]
      }
      return p.totals.map { u in
        let e = u.error.metrics
        return p.assignments.map(\.value) + [
          u.kind.rawValue, "\(u.elements)", "\(u.cycles.total)", "\(u.cycles.reconfiguration)", "\(u.cycles.stall)",
          fixed(u.elementsPerCycle, 4), fixed(u.timeMicroseconds, 1), "\(u.totalToggles)", "\(e.maxAbs)",
          fixed(e.meanAbs, 4), fixed(e.mse, 4), fixed(e.exactFraction, 6),
          u.resources.map { fixed($0.lut, 0) } ?? "", u.resources.map { fixed($0.ff, 0) } ?? "",
          u.resources.map { fixed($0.lutram, 0) } ?? "", u.resources.map { fixed($0.bram36, 1) } ?? "",
          u.energy.map { fixed($0.joules * 1e6, 4) } ?? "", "",
        ]
      }
    }
  }

  /// A fixed-width table, one row per design point and unit.
  ///
  /// A point that could not run shows `failed` as its unit; why follows the table, one line per such point.
  func renderTable() -> String {
    let rows = rows().map { row -> [String] in
      var r = Array(row.dropLast())
      if !row.last!.isEmpty { r[keys.count] = "failed" }
      return r
    }
    var text = TextTable(header: keys + Self.metricHeader.dropLast(), nameColumns: keys.count + 1, rows: rows).render()
    for p in points {
      guard let failure = p.failure else { continue }
      text += "failed: " + p.assignments.map { "\($0.key)=\($0.value)" }.joined(separator: " ") + ": \(failure)\n"
    }
    return text
  }

  /// CSV with a header row (RFC 4180 quoting).
  func csvText() -> String { ([keys + Self.metricHeader] + rows()).map(CSV.line).joined() }

  /// JSON (sorted keys): `{ "keys": [...], "points": [ { "set": {key: value}, "units": { unit: totals },
  /// "error": why the point could not run, or null } ] }`.
  func json() -> JSONValue {
    var pointValues: [JSONValue] = []
    for p in points {
      var set = JSONObject()
      for (k, v) in p.assignments { set[k] = .string(v) }
      var units = JSONObject()
      for u in p.totals {
        let e = u.error.metrics
        let c = u.cycles
        units[u.kind.rawValue] = [
          "elements": .int(u.elements),
          "cycles": [
            "total": .int(c.total), "compute": .int(c.compute), "fill_drain": .int(c.fillDrain),
            "reconfiguration": .int(c.reconfiguration), "stall": .int(c.stall),
          ],
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
      pointValues.append(
        ["set": .object(set), "units": .object(units), "error": p.failure.map { .string($0) } ?? .null])
    }
    return [
      "version": .string(GRAUSimVersion.current), "keys": .array(keys.map { .string($0) }),
      "points": .array(pointValues),
    ]
  }
}

private func fixed(_ v: Double, _ digits: Int) -> String {
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
