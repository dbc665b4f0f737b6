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

  /// The records of `text` as ``line(_:)`` writes them (RFC 4180: quoted cells may hold commas, doubled quotes and
  /// line breaks; lines end in `\n` or `\r\n`; a final line break is optional). Every record must have the first
  /// one's number of cells.
  ///
  /// - Throws: ``ValueError`` at `line N` for an unterminated quote, text after a closing quote, or a record of
  ///   the wrong length.
  static func records(_ text: String) throws(ValueError) -> [[String]] {
    var records: [[String]] = []
    var record: [String] = []
    var cell: [Unicode.Scalar] = []
    var line = 1
    var recordLine = 1
    var quoted = false
    var afterQuote = false
    var pending = false  // a record has started (a cell or a comma was read)
    func endCell() {
      var s = String.UnicodeScalarView()
      s.append(contentsOf: cell)
      record.append(String(s))
      cell.removeAll(keepingCapacity: true)
      afterQuote = false
    }
    func endRecord() throws(ValueError) {
      endCell()
      if let width = records.first?.count, record.count != width {
        throw ValueError(path: "line \(recordLine)", expected: "\(width) cells, as the header", got: "\(record.count)")
      }
      records.append(record)
      record.removeAll(keepingCapacity: true)
      pending = false
    }
    var scalars = text.unicodeScalars.makeIterator()
    var lookahead: Unicode.Scalar? = scalars.next()
    while let c = lookahead {
      lookahead = scalars.next()
      if quoted {
        if c == "\"" {
          if lookahead == "\"" {
            cell.append("\"")
            lookahead = scalars.next()
          } else {
            quoted = false
            afterQuote = true
          }
        } else {
          if c == "\n" { line += 1 }
          cell.append(c)
        }
        continue
      }
      switch c {
      case ",":
        endCell()
        pending = true
      case "\r" where lookahead == "\n":
        continue
      case "\n" where !pending && cell.isEmpty:
        // A blank line separates nothing.
        line += 1
        recordLine = line
      case "\n":
        try endRecord()
        line += 1
        recordLine = line
      case "\"" where cell.isEmpty && !afterQuote:
        quoted = true
        pending = true
      default:
        guard !afterQuote else {
          throw ValueError(
            path: "line \(line)", expected: "a comma or a line break after a closing quote", got: "'\(c)'")
        }
        cell.append(c)
        pending = true
      }
    }
    guard !quoted else {
      throw ValueError(path: "line \(recordLine)", expected: "a closing quote", got: "the end of the file")
    }
    if pending || !cell.isEmpty { try endRecord() }
    return records
  }
}
