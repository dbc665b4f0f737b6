import Foundation

extension RunCost {
  /// `grausim run --estimate`: per layer and unit the cycles, the lane-stages, the time and the memory, then the
  /// run's wall time and peak memory.
  func renderTable() -> String {
    var table = TextTable(
      header: ["layer", "unit", "elements", "cycles", "lane_stages", "seconds", "MB"], nameColumns: 2)
    for j in jobs {
      table.rows.append([
        j.layer, j.unit.rawValue, "\(j.elements)", "\(j.cycles)", "\(j.laneStages)", String(format: "%.2f", j.seconds),
        String(format: "%.1f", Double(j.bytes) / 1e6),
      ])
    }
    var text = "estimated cost (measured constants, good to a factor of about two; docs/performance.md)\n"
    text += table.render()
    text += "\n" + summary + "\n"
    return text
  }

  /// One line: the run's wall time and peak memory.
  var summary: String {
    "about \(Self.describe(seconds: seconds)) on \(threads) thread\(threads == 1 ? "" : "s") and "
      + "\(Self.describe(bytes: bytes)) of memory"
  }

  static func describe(seconds s: Double) -> String {
    if s < 10 { return String(format: "%.2f s", s) }
    if s < 120 { return String(format: "%.0f s", s) }
    return s < 7200 ? String(format: "%.0f min", s / 60) : String(format: "%.1f h", s / 3600)
  }

  static func describe(bytes b: Int) -> String {
    b < 1_000_000_000 ? "\(max(1, b / 1_000_000)) MB" : String(format: "%.1f GB", Double(b) / 1e9)
  }
}
