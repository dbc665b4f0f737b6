/// Help and usage text in swift-argument-parser's layout: `OVERVIEW:`, `USAGE:`, `ARGUMENTS:`, `OPTIONS:`,
/// `SUBCOMMANDS:`; labels indented by 2, descriptions at column 26, wrapped at 80 columns.
enum HelpFormatter {
  static let labelColumn = 26
  static let screenWidth = 80

  /// `grausim fit --function <function> [--segments <segments>] …`
  static func usage(_ spec: CommandSpec, program: String) -> String {
    var parts = ["\(program) \(spec.name)"]
    parts += spec.arguments.map(\.synopsis)
    for o in spec.options {
      switch o.kind {
      case .flag: parts.append("[\(o.synopsis)]")
      case .value: parts.append(o.isRequired ? o.synopsis : "[\(o.synopsis)]")
      case .repeating: parts.append("[\(o.synopsis) ...]")
      }
    }
    return parts.joined(separator: " ")
  }

  /// The full help of a subcommand.
  static func help(_ spec: CommandSpec, program: String) -> String {
    var out = "OVERVIEW: \(wrap(spec.abstract, indent: 0, firstLineIndent: 10))\n\n"
    if !spec.discussion.isEmpty { out += wrap(spec.discussion, indent: 0, firstLineIndent: 0) + "\n\n" }
    out += "USAGE: \(usage(spec, program: program))\n\n"
    if !spec.arguments.isEmpty {
      out += "ARGUMENTS:\n"
      for a in spec.arguments { out += row(label: "<\(a.name)>", text: a.help) }
      out += "\n"
    }
    out += "OPTIONS:\n"
    for o in spec.options {
      var label = o.kind == .flag ? "--\(o.name)" : o.synopsis
      if let short = o.short { label = "-\(short), " + label }
      var notes: [String] = []
      if let choices = o.choices { notes.append("values: " + choices.joined(separator: ", ")) }
      if let d = o.defaultValue { notes.append("default: \(d)") }
      let text = o.help + (notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))")
      out += row(label: label, text: text)
    }
    out += row(label: "-h, --help", text: "Show help information.")
    for section in spec.sections {
      out += "\n\(section.title):\n"
      for r in section.rows { out += row(label: r.term, text: r.text) }
    }
    return out
  }

  /// The help of the root command, listing the subcommands.
  static func rootHelp(program: String, abstract: String, commands: [CommandSpec]) -> String {
    var out = "OVERVIEW: \(wrap(abstract, indent: 0, firstLineIndent: 10))\n\n"
    out += "USAGE: \(program) <subcommand>\n\n"
    out += "OPTIONS:\n"
    out += row(label: "--version", text: "Show the version.")
    out += row(label: "-h, --help", text: "Show help information.")
    out += "\nSUBCOMMANDS:\n"
    for c in commands { out += row(label: c.name, text: c.abstract) }
    out += row(label: "help", text: "Show subcommand help information.")
    out += "\n  See '\(program) help <subcommand>' for detailed help.\n"
    return out
  }

  /// One label/description row; a label too long for the column puts the description on the next line.
  static func row(label: String, text: String) -> String {
    let head = "  " + label
    if text.isEmpty { return head + "\n" }
    if head.count <= labelColumn - 2 {
      let pad = String(repeating: " ", count: labelColumn - head.count)
      return head + pad + wrap(text, indent: labelColumn, firstLineIndent: labelColumn) + "\n"
    }
    return head + "\n" + String(repeating: " ", count: labelColumn)
      + wrap(text, indent: labelColumn, firstLineIndent: labelColumn) + "\n"
  }

  /// Word-wraps `text` to ``screenWidth``; continuation lines are indented by `indent`, the first line is
  /// assumed to start at column `firstLineIndent` (its indentation is not emitted).
  static func wrap(_ text: String, indent: Int, firstLineIndent: Int) -> String {
    var lines: [String] = []
    var line = ""
    var column = firstLineIndent
    for word in text.split(separator: " ", omittingEmptySubsequences: true) {
      if !line.isEmpty, column + 1 + word.count > screenWidth {
        lines.append(line)
        line = ""
        column = indent
      }
      if !line.isEmpty {
        line += " "
        column += 1
      }
      line += word
      column += word.count
    }
    lines.append(line)
    return lines.joined(separator: "\n" + String(repeating: " ", count: indent))
  }
}
