/// The energy class of a signal: which row of the energy table prices its toggles (docs/datapath.md).
enum SignalClass: String, Sendable, Hashable, Codable, CaseIterable {
  /// Values that flow through the datapath: `x`, `big`, `v`, `acc`, `s`, `y`, `bias`.
  case data
  /// Values that steer the datapath: `seg`, `cnt`, `idx`, `set`, `neg`, `step`, `ch`.
  case control
  /// Valid bits and handshakes.
  case valid
  /// Parameter-memory writes.
  case parameter
}

/// Toggles of one named signal group (a stage's register), summed over lanes.
package struct SignalToggles: Sendable, Hashable, Codable {
  /// Stage-qualified name in datapath order, e.g. `cmp2.x`, `shift3.v`, `bias.y`.
  var name: String
  /// Energy class the energy table prices (`data`, `control`, `parameter`, `valid`).
  var signalClass: String
  /// Register width in bits (per lane).
  var bits: Int
  /// Committed bit flips, `Σ popcount(old ^ new)`, over all lanes.
  var toggles: Int

  init(name: String, signalClass: String, bits: Int, toggles: Int) {
    self.name = name
    self.signalClass = signalClass
    self.bits = bits
    self.toggles = toggles
  }

  enum CodingKeys: String, CodingKey { case name, signalClass = "class", bits, toggles }
}
