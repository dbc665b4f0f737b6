/// Why a value could not be written as JSON.
struct JSONWriteError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Where in the document, e.g. `error.mse` or `segments[3].bias` (empty for the root).
  var path: String
  /// The offending value.
  var value: Double

  var description: String {
    "cannot write \(value) as JSON at \(path.isEmpty ? "the document root" : path): JSON has no NaN or infinity"
  }
}

extension JSONValue {
  /// The document as pretty-printed, byte-stable JSON text ending in a newline.
  ///
  /// Two-space indentation, `"key": value`, arrays of scalars on one line, object keys sorted by their UTF-8 bytes, integers without a
  /// fraction, doubles in the shortest form that reads back to the same bit pattern (always with a `.` or an
  /// exponent, so they read back as doubles), non-ASCII text as UTF-8 and control characters escaped.
  ///
  /// - Throws: ``JSONWriteError`` for a NaN or infinite double.
  /// - Complexity: O(size of the output), plus sorting each object's keys.
  func formatted() throws(JSONWriteError) -> String {
    var out = ""
    out.reserveCapacity(256)
    var path: [PathComponent] = []
    try write(to: &out, indent: 0, path: &path)
    out.append("\n")
    return out
  }

  /// The document as compact JSON on one line (keys sorted, no spaces), e.g. for log lines.
  func compact() throws(JSONWriteError) -> String {
    var out = ""
    var path: [PathComponent] = []
    try write(to: &out, indent: nil, path: &path)
    return out
  }

  /// Not an array or an object.
  var isScalar: Bool {
    switch self {
    case .array, .object: false
    default: true
    }
  }

  enum PathComponent {
    case key(String)
    case index(Int)
  }

  private func write(to out: inout String, indent: Int?, path: inout [PathComponent]) throws(JSONWriteError) {
    switch self {
    case .null: out.append("null")
    case .bool(let b): out.append(b ? "true" : "false")
    case .int(let i): out.append(String(i))
    case .double(let d):
      guard d.isFinite else { throw JSONWriteError(path: Self.render(path), value: d) }
      out.append(Self.format(d))
    case .string(let s): Self.appendQuoted(s, to: &out)
    case .array(let a):
      guard !a.isEmpty else {
        out.append("[]")
        return
      }
      // Arrays of scalars (thresholds, ranges) stay on one line: `[-128, -99, 10]`.
      let inline = indent != nil && a.allSatisfy(\.isScalar)
      out.append("[")
      for (i, v) in a.enumerated() {
        if i > 0 { out.append(inline ? ", " : ",") }
        if !inline { Self.newline(&out, indent.map { $0 + 1 }) }
        path.append(.index(i))
        try v.write(to: &out, indent: indent.map { $0 + 1 }, path: &path)
        path.removeLast()
      }
      if !inline { Self.newline(&out, indent) }
      out.append("]")
    case .object(let o):
      guard !o.isEmpty else {
        out.append("{}")
        return
      }
      out.append("{")
      for (i, member) in o.sortedMembers.enumerated() {
        if i > 0 { out.append(",") }
        Self.newline(&out, indent.map { $0 + 1 })
        Self.appendQuoted(member.key, to: &out)
        out.append(indent == nil ? ":" : ": ")
        path.append(.key(member.key))
        try member.value.write(to: &out, indent: indent.map { $0 + 1 }, path: &path)
        path.removeLast()
      }
      Self.newline(&out, indent)
      out.append("}")
    }
  }

  private static func newline(_ out: inout String, _ indent: Int?) {
    guard let indent else { return }
    out.append("\n")
    out.append(String(repeating: " ", count: 2 * indent))
  }

  static func render(_ path: [PathComponent]) -> String {
    var s = ""
    for c in path {
      switch c {
      case .key(let k): s += s.isEmpty ? k : ".\(k)"
      case .index(let i): s += "[\(i)]"
      }
    }
    return s
  }

  /// The shortest text that parses back to exactly `d` (Swift's `description` is shortest round-trip), made
  /// JSON-valid and marked as a double: `1.0`, `0.1`, `1e-05`, `1.5e+300`.
  static func format(_ d: Double) -> String {
    if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
    return d.description
  }

  static func appendQuoted(_ s: String, to out: inout String) {
    out.append("\"")
    var needsEscape = false
    for b in s.utf8 where b < 0x20 || b == 0x22 || b == 0x5C {
      needsEscape = true
      break
    }
    guard needsEscape else {
      out.append(s)
      out.append("\"")
      return
    }
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out.append("\\\"")
      case "\\": out.append("\\\\")
      case "\n": out.append("\\n")
      case "\r": out.append("\\r")
      case "\t": out.append("\\t")
      case "\u{08}": out.append("\\b")
      case "\u{0C}": out.append("\\f")
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out.append("\"")
  }
}
