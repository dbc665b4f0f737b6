import Foundation

/// The one schema of a unit's figures in every CSV and table: the run's layer rows, the run's TOTAL rows and the
/// sweep's point rows all read the same columns, with the same names, units and rounding, from the same JSON
/// record (``RunResult/json(_:signals:)``). docs/report.md documents every column.
enum UnitColumns {
  /// One CSV column: its name and its cell from a unit record.
  struct Column: Sendable {
    var name: String
    /// Whether the cells are numbers (a figure can plot them).
    var numeric = true
    var cell: @Sendable (JSONValue) -> String
  }

  /// The CSV columns after `unit`, in order.
  static let csv: [Column] = [
    integer("elements") { $0["elements"] },
    integer("cycles") { $0["cycles"]?["total"] },
    integer("cycles_compute") { $0["cycles"]?["compute"] },
    integer("cycles_fill_drain") { $0["cycles"]?["fill_drain"] },
    integer("cycles_reconfig") { $0["cycles"]?["reconfiguration"] },
    integer("cycles_stall") { $0["cycles"]?["stall"] },
    real("elements_per_cycle") { $0["elements_per_cycle"] },
    integer("latency") { $0["latency"] },
    real("time_us") { $0["time_us"] },
    integer("toggles") { $0["toggles"] },
    real("toggle_rate") { $0["toggle_rate"] },
    integer("evaluated") { $0["error"]?["weight"] },
    integer("max_abs") { $0["error"]?["max_abs"] },
    real("mean_abs") { $0["error"]?["mean_abs"] },
    real("mse") { $0["error"]?["mse"] },
    real("exact_fraction") { $0["error"]?["exact_fraction"] },
    real("off_by_2_fraction") { $0["error"]?["off_by_2_fraction"] },
    text("worst_layer") { $0["worst_channel"]?["layer"] },
    integer("worst_channel") { $0["worst_channel"]?["channel"] },
    real("worst_channel_mse") { $0["worst_channel"]?["error"]?["mse"] },
    integer("full_range_max_abs") { $0["full_range"]?["max_abs"] },
    text("full_range_worst_layer") { $0["full_range"]?["worst_layer"] },
    integer("full_range_worst_channel") { $0["full_range"]?["worst_channel"] },
    integer("full_range_worst_input") { $0["full_range"]?["worst_input"] },
    integer("wrapping_channels") { $0["full_range"]?["wrapping_channels"] },
    integer("calibration_max_abs") { $0["calibration_error"]?["max_abs"] },
    real("calibration_mean_abs") { $0["calibration_error"]?["mean_abs"] },
    real("calibration_mse") { $0["calibration_error"]?["mse"] },
    real("calibration_exact_fraction") { $0["calibration_error"]?["exact_fraction"] },
    integer("reference_mismatches") { $0["reference_mismatches"] },
    integer("lut") { $0["resources"]?["lut"] },
    integer("ff") { $0["resources"]?["ff"] },
    integer("lutram") { $0["resources"]?["lutram"] },
    real("bram36") { $0["resources"]?["bram36"] },
    real("lut_equivalent") { $0["resources"]?["lut_equivalent"] },
    Column(name: "energy_uj") { scaled($0["energy"]?["joules"], 1e6) },
    Column(name: "power_mw") { scaled($0["energy"]?["watts"], 1e3) },
  ]

  /// The columns that follow ``csv`` when the records carry a device's utilization (`accelerator.device`): the
  /// device, each resource in percent of its capacity, and whether the unit fits.
  static let deviceCSV: [Column] = [
    text("device") { $0["utilization"]?["device"] },
    real("device_lut_percent") { $0["utilization"]?["lut_percent"] },
    real("device_ff_percent") { $0["utilization"]?["ff_percent"] },
    real("device_lutram_percent") { $0["utilization"]?["lutram_percent"] },
    real("device_bram36_percent") { $0["utilization"]?["bram36_percent"] },
    Column(name: "device_fits", numeric: false) { u in
      if case .bool(let b)? = u["utilization"]?["fits"] { return b ? "true" : "false" }
      return ""
    },
  ]

  /// The columns that follow when the records carry a network's accuracy (a network with weights; TOTAL rows):
  /// images classified right, top-1, and its differences to the exact (Q_c) and the float network (fractions).
  static let networkCSV: [Column] = [
    integer("top1_correct") { $0["network"]?["correct"] },
    real("top1") { $0["network"]?["top1"] },
    real("top1_vs_exact") { $0["network"]?["vs_exact"] },
    real("top1_vs_float") { $0["network"]?["vs_float"] },
  ]

  /// The unit columns, with the device columns when `device` and the accuracy columns when `network`.
  static func columns(device: Bool, network: Bool = false) -> [Column] {
    csv + (device ? deviceCSV : []) + (network ? networkCSV : [])
  }

  /// Whether a unit record carries a network's accuracy.
  static func hasNetwork(_ u: JSONValue) -> Bool { u["network"] != nil }

  static var csvNames: [String] { csv.map(\.name) }

  /// The CSV cells of a unit record, `unit` first (and the device columns last when `device`).
  static func csvCells(_ u: JSONValue, device: Bool = false, network: Bool = false) -> [String] {
    [text(u["unit"])] + columns(device: device, network: network).map { $0.cell(u) }
  }

  /// Whether a unit record carries a device's utilization.
  static func hasDevice(_ u: JSONValue) -> Bool { u["utilization"] != nil }

  /// The figures of the compact tables (`grausim run` and `grausim sweep` alike): header and fixed-point cell.
  static let table: [(header: String, cell: @Sendable (JSONValue) -> String)] = [
    ("cycles", { Figure.fixed(number($0["cycles"]?["total"]), 0) }),
    ("time_us", { Figure.fixed(number($0["time_us"]), 1) }),
    ("mse", { Figure.fixed(number($0["error"]?["mse"]), 4) }),
    ("max_abs", { Figure.fixed(number($0["error"]?["max_abs"]), 0) }),
    ("exact%", { Figure.fixed(number($0["error"]?["exact_fraction"]).map { $0 * 100 }, 2) }),
    ("LUT", { Figure.fixed(number($0["resources"]?["lut"]), 0) }),
    ("FF", { Figure.fixed(number($0["resources"]?["ff"]), 0) }),
    ("LUTRAM", { Figure.fixed(number($0["resources"]?["lutram"]), 0) }),
    ("BRAM36", { Figure.fixed(number($0["resources"]?["bram36"]), 1) }),
    ("uJ", { Figure.significant(number($0["energy"]?["joules"]).map { $0 * 1e6 }) }),
  ]

  /// The cell of `column` for the unit record `u`: the record's own cell when it was read from a CSV (a `csv`
  /// object of cells, ``SweepReport/init(csv:)``), else the column's cell of the JSON record.
  static func cell(_ u: JSONValue, _ column: Column) -> String {
    if case .object(let cells)? = u["csv"] { return text(cells[column.name]) }
    return column.cell(u)
  }

  /// The number in the cell named `name` of a record read from a CSV; nil for a JSON record or an empty cell.
  static func csvNumber(_ u: JSONValue, _ name: String) -> Double? {
    guard case .object(let cells)? = u["csv"] else { return nil }
    return Double(text(cells[name]))
  }

  /// A number of a record (an integer or a real), nil when absent or not a number.
  static func number(_ v: JSONValue?) -> Double? {
    switch v {
    case .int(let i)?: Double(i)
    case .double(let d)?: d
    default: nil
    }
  }

  static func text(_ v: JSONValue?) -> String {
    if case .string(let s)? = v { return s }
    return ""
  }

  private static func integer(_ name: String, _ value: @escaping @Sendable (JSONValue) -> JSONValue?) -> Column {
    Column(name: name) { u in
      switch value(u) {
      case .int(let i)?: "\(i)"
      // A record read back from a file someone else wrote may hold 100.0 for 100.
      case .double(let d)?: d.isFinite && d == d.rounded() && abs(d) < 1e15 ? "\(Int(d))" : JSONValue.format(d)
      default: ""
      }
    }
  }

  /// A real as JSON writes it (shortest round trip: the record's figures are already rounded where they are
  /// estimates; errors are exact quotients and keep every digit).
  private static func real(_ name: String, _ value: @escaping @Sendable (JSONValue) -> JSONValue?) -> Column {
    Column(name: name) { u in number(value(u)).map(JSONValue.format) ?? "" }
  }

  private static func text(_ name: String, _ value: @escaping @Sendable (JSONValue) -> JSONValue?) -> Column {
    Column(name: name, numeric: false) { u in text(value(u)) }
  }

  /// `v · k` to six significant digits (energy in µJ, power in mW, from the record's joules and watts).
  private static func scaled(_ v: JSONValue?, _ k: Double) -> String {
    number(v).map { JSONValue.format(($0 * k).rounded(significant: 6)) } ?? ""
  }
}

/// Numbers as the tables print them.
enum Figure {
  /// `v` with exactly `digits` decimals, empty when absent; figures that are not ordinary numbers print as they are.
  static func fixed(_ v: Double?, _ digits: Int) -> String {
    guard let v else { return "" }
    guard v.isFinite, abs(v) < 1e15 else { return "\(v)" }
    return String(format: "%.\(digits)f", v)
  }

  /// `v` in fixed point with at least four significant digits and at least `minimum` decimals (at most 9): `486.131`,
  /// `0.001016`; empty when absent.
  static func significant(_ v: Double?, minimum: Int = 3) -> String {
    guard let v else { return "" }
    return Figure.fixed(v, Figure.significantDecimals(v, minimum: minimum))
  }

  /// The decimals that show `v` with four significant digits, at least `minimum`, at most 9.
  static func significantDecimals(_ v: Double, minimum: Int = 3) -> Int {
    guard v.isFinite, v != 0 else { return minimum }
    let magnitude = Int(log10(abs(v)).rounded(.down))
    return Swift.min(9, Swift.max(minimum, 3 - magnitude))
  }
}
