import Foundation

/// Why a report file could not be written.
public struct ReportWriteError: Error, Sendable, Equatable, CustomStringConvertible {
  public var path: String
  public var reason: String

  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }

  public var description: String { "\(path): cannot write the report: \(reason)" }
}

extension RunReport {
  /// The report as a JSON tree (schema in docs/report.md). All JSON construction of run reports lives here.
  public var json: ConfigJSON {
    .object([
      "grausim_version": .string(version),
      "config": config.resolvedJSON,
      "units": .array(units.map { .string($0.rawValue) }),
      "layers": .array(layers.map(Self.json)),
      "totals": .object([
        "elements": .integer(layers.reduce(0) { $0 + $1.elements }),
        "units": .object(totals.map { ConfigJSON.Member($0.kind.rawValue, Self.json($0)) }),
        "ratios": Self.json(Self.ratios(totals)),
      ]),
    ])
  }

  static func json(_ l: LayerRunReport) -> ConfigJSON {
    .object([
      "name": .string(l.name), "index": .integer(l.index), "channels": .integer(l.channels),
      "height": .integer(l.height), "width": .integer(l.width), "activation": .string(l.activation),
      "out_bits": .integer(l.output.bits), "signed": .bool(l.output.signed), "elements": .integer(l.elements),
      "units": .object(l.units.map { ConfigJSON.Member($0.kind.rawValue, json($0)) }),
      "ratios": json(ratios(l.units)),
    ])
  }

  /// `{ "grau/mt": { "lut": …, "ff": …, "energy": …, "cycles": … } }` (null where a figure is missing).
  static func json(_ ratios: [UnitRatio]) -> ConfigJSON {
    func number(_ v: Double?) -> ConfigJSON { v.map { .number($0) } ?? .null }
    return .object(
      ratios.map {
        ConfigJSON.Member(
          $0.pair,
          .object([
            "lut": number($0.lut), "ff": number($0.ff), "energy": number($0.energy), "cycles": number($0.cycles),
          ]))
      })
  }

  static func json(_ r: ResourceCounts?) -> ConfigJSON {
    guard let r else { return .null }
    return .object([
      "lut": .number(r.lut), "ff": .number(r.ff), "lutram": .number(r.lutram), "bram36": .number(r.bram36),
      "carry8": .number(r.carry8),
    ])
  }

  static func json(_ e: EnergyEstimate?) -> ConfigJSON {
    guard let e else { return .null }
    return .object([
      "joules": .number(e.joules), "watts": .number(e.watts),
      "per_class": .object(e.perClass.map { ConfigJSON.Member($0.signalClass, .number($0.joules)) }),
    ])
  }

  static func json(_ e: ErrorAccumulator) -> ConfigJSON {
    let m = e.metrics
    return .object([
      "max_abs": .integer(m.maxAbs), "mean_abs": .number(m.meanAbs), "mse": .number(m.mse),
      "exact_fraction": .number(m.exactFraction), "weight": .integer(m.weight),
    ])
  }

  static func json(_ u: UnitRunSummary) -> ConfigJSON {
    let c = u.cycles
    return .object([
      "elements": .integer(u.elements),
      "cycles": .object([
        "total": .integer(c.total), "compute": .integer(c.compute), "fill_drain": .integer(c.fillDrain),
        "reconfiguration": .integer(c.reconfiguration), "stall": .integer(c.stall),
      ]),
      "latency": u.latency.map { .integer($0) } ?? .null,
      "elements_per_cycle": .number(u.elementsPerCycle),
      "time_us": .number(u.timeMicroseconds),
      "toggles": .integer(u.totalToggles),
      "toggle_rate": .number(u.toggleRate),
      "signals": .array(
        u.signals.map {
          .object([
            "name": .string($0.name), "class": .string($0.signalClass), "bits": .integer($0.bits),
            "toggles": .integer($0.toggles), "toggle_rate": .number($0.rate),
          ])
        }),
      "error": json(u.error),
      "fit_error": json(u.fitError),
      "reference_mismatches": .integer(u.referenceMismatches),
      "resources": json(u.resources),
      "energy": json(u.energy),
    ])
  }

  /// The JSON report text: sorted keys, two-space indent, a final newline; identical bytes for identical runs.
  public func jsonText() -> String { json.rendered(indent: 2) + "\n" }

  /// Writes ``jsonText()`` to `path` atomically (a temporary file in the same directory, then a rename).
  public func writeJSON(to path: String) throws(ReportWriteError) {
    try Self.writeAtomically(jsonText(), to: path)
  }

  /// Writes ``csvText()`` to `path` atomically.
  public func writeCSV(to path: String) throws(ReportWriteError) {
    try Self.writeAtomically(csvText(), to: path)
  }

  /// Foundation's `.atomic` option writes a temporary file beside the destination and renames it over it, so a
  /// reader never sees a half-written report.
  static func writeAtomically(_ text: String, to path: String) throws(ReportWriteError) {
    do {
      try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      let reason = (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
      throw ReportWriteError(path: path, reason: reason)
    }
  }
}
