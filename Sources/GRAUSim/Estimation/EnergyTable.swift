import Foundation

/// Why an energy table could not be loaded, or a toggle list not priced: says what and where (the file, or
/// `built-in energy table`).
typealias EnergyTableError = DataFileError

/// Energy per committed bit toggle of each signal class (Accelergy's "energy reference table" idea): data, not
/// code. The built-in defaults (``builtIn``) are documented, with their assumptions, in docs/energy.md; a user
/// passes their own file to ``load(path:)``.
struct EnergyTable: Sendable, Hashable {
  /// The signal classes a table prices, in report order. `data`, `control`, `valid`, `parameter` are the
  /// classes of ``SignalToggles`` (docs/datapath.md); `memory` prices one parameter-memory read bit.
  static let classes = ["data", "control", "valid", "parameter", "memory"]

  /// Joules per toggle, indexed like ``classes``.
  var joulesPerToggle: [Double]
  /// Free text: what the numbers are and where they come from.
  var description: String
  var source: String

  /// A table from picojoule values per class; every class of ``classes`` must be present, finite and ≥ 0.
  init(picojoules: [String: Double], description: String = "", source: String = "") throws(EnergyTableError) {
    var j: [Double] = []
    for c in Self.classes {
      guard let v = picojoules[c] else {
        throw EnergyTableError(file: "energy table", message: "energy_per_toggle.\(c): missing required key")
      }
      guard v.isFinite, v >= 0 else {
        throw EnergyTableError(
          file: "energy table", message: "energy_per_toggle.\(c): expected a non-negative number, got \(v)")
      }
      j.append(v * 1e-12)
    }
    for key in picojoules.keys.sorted() where !Self.classes.contains(key) {
      throw EnergyTableError(file: "energy table", message: "energy_per_toggle: unknown class '\(key)'")
    }
    joulesPerToggle = j
    self.description = description
    self.source = source
  }

  /// Joules per toggle of `signalClass`, or nil when the table does not know the class.
  func joules(for signalClass: String) -> Double? {
    Self.classes.firstIndex(of: signalClass).map { joulesPerToggle[$0] }
  }

  /// Reads a table from a JSON file (format of docs/energy.md), strictly: unknown keys and classes, missing
  /// classes, negative or non-numeric values and units other than `pJ` / `fJ` / `J` are errors naming the path.
  static func load(path: String) throws(EnergyTableError) -> EnergyTable {
    let data: [UInt8]
    do { data = try InputFile.read(path, limit: 1 << 24) } catch {
      throw EnergyTableError(file: path, message: "cannot read the file: \(error.reason)")
    }
    return try parse(data, file: path)
  }

  /// The built-in table, compiled into the library so that an installed binary needs no resource files.
  /// data/energy-table.json holds the same values as a file to copy and edit (a test keeps the two equal).
  static let builtIn = EnergyTable(
    joulesPerToggle: [0.025, 0.045, 0.06, 0.035, 0.02].map { $0 * 1e-12 },
    description:
      "grausim default energy reference table: dynamic energy per committed bit toggle, by signal "
      + "class, for a 16 nm UltraScale+-class FPGA at VCCINT = 0.85 V. ORDER-OF-MAGNITUDE ASSUMPTIONS, "
      + "not measurements: replace them with your own table (EnergyTable.load(path:)). See docs/energy.md.",
    source:
      "Derived as 1/2 C V^2 per toggle with C = flip-flop output + local routing + the LUT/carry inputs "
      + "the bit drives; capacitances chosen so that the per-toggle energies match the order of magnitude "
      + "of Xilinx Power Estimator (XPE) logic and routing figures for UltraScale+ (a few tens of fJ per "
      + "toggling register bit). Unvalidated against board measurements.")

  private init(joulesPerToggle: [Double], description: String, source: String) {
    self.joulesPerToggle = joulesPerToggle
    self.description = description
    self.source = source
  }

  /// Parses the JSON text of a table; `file` names it in errors.
  static func parse(_ bytes: [UInt8], file: String) throws(EnergyTableError) -> EnergyTable {
    let value: JSONValue
    do { value = try JSONValue(parsing: bytes) } catch {
      throw EnergyTableError(file: file, message: error.description)
    }
    do {
      let root = try JSONCursor(value).object(allowing: ["description", "source", "unit", "energy_per_toggle"])
      let unit = try root.optional("unit")?.string(oneOf: ["pJ", "fJ", "J"]) ?? "pJ"
      let scale = unit == "pJ" ? 1 : unit == "fJ" ? 1e-3 : 1e12
      let table = try root.required("energy_per_toggle").object(allowing: classes)
      var pj: [String: Double] = [:]
      for c in classes {
        let cursor = try table.required(c)
        let v = try cursor.double()
        guard v.isFinite, v >= 0 else {
          throw JSONDecodingError.invalidValue(path: cursor.path, expected: "a non-negative number", got: "\(v)")
        }
        pj[c] = v * scale
      }
      return try EnergyTable(
        picojoules: pj, description: root.optional("description")?.string() ?? "",
        source: root.optional("source")?.string() ?? "")
    } catch let e as JSONDecodingError {
      throw EnergyTableError(file: file, message: e.description)
    } catch let e as EnergyTableError {
      throw EnergyTableError(file: file, message: e.message)
    } catch {
      throw EnergyTableError(file: file, message: "\(error)")
    }
  }
}
