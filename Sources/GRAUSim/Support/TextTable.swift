/// Columns of text aligned for a terminal: the leading name columns left-aligned, the figures right-aligned, two
/// spaces between columns. The one aligner of every table grausim prints.
struct TextTable {
  /// Column titles.
  var header: [String]
  /// How many leading columns are names (left-aligned); the rest are right-aligned.
  var nameColumns: Int
  /// The rows; every row has `header.count` cells.
  var rows: [[String]] = []
  /// Whether a rule (a line of `-`) follows the header.
  var ruleAfterHeader = true
  /// Row indices before which a rule is drawn (e.g. before the totals).
  var rulesBefore: Set<Int> = []

  /// The table, one line per row, each ending in a newline.
  func render() -> String {
    var widths = header.map(\.count)
    for r in rows { for (i, cell) in r.enumerated() { widths[i] = Swift.max(widths[i], cell.count) } }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { i, cell in
        let pad = String(repeating: " ", count: widths[i] - cell.count)
        return i < nameColumns ? cell + pad : pad + cell
      }.joined(separator: "  ")
    }
    let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))
    var out = line(header) + "\n"
    if ruleAfterHeader { out += rule + "\n" }
    for (i, r) in rows.enumerated() {
      if rulesBefore.contains(i) { out += rule + "\n" }
      out += line(r) + "\n"
    }
    return out
  }
}

/// Comma-separated values (RFC 4180): the one CSV writer of every report.
enum CSV {
  /// `field` as one CSV cell: quoted (with inner quotes doubled) when it holds a comma, a quote or a line break.
  static func field(_ field: String) -> String {
    guard field.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
      return field
    }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// One line: the cells quoted as needed, separated by commas, ending in `\n`.
  static func line(_ cells: [String]) -> String { cells.map(field).joined(separator: ",") + "\n" }
}
