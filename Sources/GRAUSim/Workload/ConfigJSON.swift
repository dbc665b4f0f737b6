/// A JSON value as the configuration loader needs it.
///
/// Unlike `JSONSerialization` on Linux (which returns `NSNumber` for both `true` and `1`), this keeps booleans,
/// integer literals and real literals apart, keeps object members in file order (so errors and duplicate keys
/// can be reported), and renders deterministically with sorted keys.
public enum ConfigJSON: Sendable, Hashable {
  case null
  case bool(Bool)
  /// A literal without fraction or exponent that fits in `Int`.
  case integer(Int)
  /// Any other number literal.
  case number(Double)
  case string(String)
  case array([ConfigJSON])
  /// Members in the order they were written.
  case object([Member])

  /// One `"key": value` member of an object.
  public struct Member: Sendable, Hashable {
    public var key: String
    public var value: ConfigJSON
    public init(_ key: String, _ value: ConfigJSON) {
      self.key = key
      self.value = value
    }
  }

  /// An object from key–value pairs (in the given order).
  public static func object(_ pairs: KeyValuePairs<String, ConfigJSON>) -> ConfigJSON {
    .object(pairs.map { Member($0.key, $0.value) })
  }

  /// A short description of the value's JSON type and value, for error messages (`true`, `"abc"`, `an array`).
  public var summary: String {
    switch self {
    case .null: "null"
    case .bool(let b): b ? "true" : "false"
    case .integer(let i): "\(i)"
    case .number(let d): ConfigJSON.format(d)
    case .string(let s): s.count > 40 ? "a string" : "\"\(s)\""
    case .array: "an array"
    case .object: "an object"
    }
  }

  /// The member named `key`, if this is an object that has one.
  public subscript(key: String) -> ConfigJSON? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.key == key }?.value
  }
}

// MARK: - Parsing

extension ConfigJSON {
  /// Parses a complete JSON document.
  ///
  /// - Throws: ``ConfigError`` of kind `syntax` naming line and column.
  public static func parse(_ text: String) throws(ConfigError) -> ConfigJSON {
    var p = _ConfigJSONParser(Array(text.utf8))
    p.skipWhitespace()
    let v = try p.value(depth: 0)
    p.skipWhitespace()
    guard p.i == p.bytes.count else { throw p.error(expected: "the end of the document", got: p.currentDescription) }
    return v
  }
}

struct _ConfigJSONParser {
  let bytes: [UInt8]
  var i = 0

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  var currentDescription: String {
    guard i < bytes.count else { return "the end of the text" }
    let b = bytes[i]
    return b >= 0x20 && b < 0x7f ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x\(String(b, radix: 16))"
  }

  func error(expected: String, got: String) -> ConfigError {
    var line = 1
    var column = 1
    for b in bytes[..<min(i, bytes.count)] {
      if b == 0x0A {
        line += 1
        column = 1
      } else if b & 0xC0 != 0x80 {
        column += 1
      }
    }
    return ConfigError(.syntax, path: "line \(line), column \(column)", expected: expected, got: got)
  }

  mutating func skipWhitespace() {
    while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
  }

  mutating func literal(_ word: String, _ value: ConfigJSON) throws(ConfigError) -> ConfigJSON {
    let w = Array(word.utf8)
    guard i + w.count <= bytes.count, Array(bytes[i..<(i + w.count)]) == w else {
      throw error(expected: "a JSON value", got: currentDescription)
    }
    i += w.count
    return value
  }

  mutating func value(depth: Int) throws(ConfigError) -> ConfigJSON {
    guard depth < 256 else { throw error(expected: "at most 256 levels of nesting", got: "deeper nesting") }
    guard i < bytes.count else { throw error(expected: "a JSON value", got: "the end of the text") }
    switch bytes[i] {
    case UInt8(ascii: "{"): return try object(depth: depth)
    case UInt8(ascii: "["): return try array(depth: depth)
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
    default: throw error(expected: "a JSON value", got: currentDescription)
    }
  }

  mutating func object(depth: Int) throws(ConfigError) -> ConfigJSON {
    i += 1
    var members: [ConfigJSON.Member] = []
    skipWhitespace()
    if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
      i += 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
        throw error(expected: "a quoted key", got: currentDescription)
      }
      let key = try string()
      skipWhitespace()
      guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
        throw error(expected: "':'", got: currentDescription)
      }
      i += 1
      skipWhitespace()
      members.append(ConfigJSON.Member(key, try value(depth: depth + 1)))
      skipWhitespace()
      guard i < bytes.count else { throw error(expected: "',' or '}'", got: "the end of the text") }
      if bytes[i] == UInt8(ascii: ",") {
        i += 1
        continue
      }
      guard bytes[i] == UInt8(ascii: "}") else { throw error(expected: "',' or '}'", got: currentDescription) }
      i += 1
      return .object(members)
    }
  }

  mutating func array(depth: Int) throws(ConfigError) -> ConfigJSON {
    i += 1
    var elements: [ConfigJSON] = []
    skipWhitespace()
    if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
      i += 1
      return .array(elements)
    }
    while true {
      skipWhitespace()
      elements.append(try value(depth: depth + 1))
      skipWhitespace()
      guard i < bytes.count else { throw error(expected: "',' or ']'", got: "the end of the text") }
      if bytes[i] == UInt8(ascii: ",") {
        i += 1
        continue
      }
      guard bytes[i] == UInt8(ascii: "]") else { throw error(expected: "',' or ']'", got: currentDescription) }
      i += 1
      return .array(elements)
    }
  }

  mutating func hex4() throws(ConfigError) -> UInt32 {
    guard i + 4 <= bytes.count else { throw error(expected: "four hex digits", got: "the end of the text") }
    var v: UInt32 = 0
    for _ in 0..<4 {
      let b = bytes[i]
      let d: UInt8
      switch b {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - UInt8(ascii: "A") + 10
      default: throw error(expected: "a hex digit", got: currentDescription)
      }
      v = v << 4 | UInt32(d)
      i += 1
    }
    return v
  }

  mutating func string() throws(ConfigError) -> String {
    i += 1
    var out: [UInt8] = []
    while true {
      guard i < bytes.count else { throw error(expected: "a closing '\"'", got: "the end of the text") }
      let b = bytes[i]
      if b == UInt8(ascii: "\"") {
        i += 1
        return String(decoding: out, as: UTF8.self)
      }
      if b < 0x20 { throw error(expected: "an escaped control character", got: currentDescription) }
      if b != UInt8(ascii: "\\") {
        out.append(b)
        i += 1
        continue
      }
      i += 1
      guard i < bytes.count else { throw error(expected: "an escape sequence", got: "the end of the text") }
      let e = bytes[i]
      i += 1
      switch e {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
      case UInt8(ascii: "b"): out.append(0x08)
      case UInt8(ascii: "f"): out.append(0x0C)
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "u"):
        var scalar = try hex4()
        if (0xD800..<0xDC00).contains(scalar) {
          guard i + 2 <= bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
            throw error(expected: "a low surrogate escape", got: currentDescription)
          }
          i += 2
          let low = try hex4()
          guard (0xDC00..<0xE000).contains(low) else { throw error(expected: "a low surrogate", got: "\\u\(low)") }
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let u = Unicode.Scalar(scalar) else { throw error(expected: "a valid code point", got: "\\u\(scalar)") }
        out.append(contentsOf: Array(String(Character(u)).utf8))
      default:
        i -= 1
        throw error(expected: "a valid escape sequence", got: currentDescription)
      }
    }
  }

  mutating func number() throws(ConfigError) -> ConfigJSON {
    let start = i
    var isInteger = true
    if bytes[i] == UInt8(ascii: "-") { i += 1 }
    func digits(_ p: inout _ConfigJSONParser) -> Int {
      let s = p.i
      while p.i < p.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(p.bytes[p.i]) { p.i += 1 }
      return p.i - s
    }
    let intStart = i
    guard digits(&self) > 0 else { throw error(expected: "a digit", got: currentDescription) }
    if bytes[intStart] == UInt8(ascii: "0"), i - intStart > 1 {
      i = intStart
      throw error(expected: "a number without leading zeros", got: "a leading zero")
    }
    if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
      isInteger = false
      i += 1
      guard digits(&self) > 0 else { throw error(expected: "a digit after '.'", got: currentDescription) }
    }
    if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
      isInteger = false
      i += 1
      if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
      guard digits(&self) > 0 else { throw error(expected: "a digit in the exponent", got: currentDescription) }
    }
    let text = String(decoding: bytes[start..<i], as: UTF8.self)
    if isInteger, let v = Int(text) { return .integer(v) }
    guard let d = Double(text), d.isFinite else { throw error(expected: "a finite number", got: text) }
    return .number(d)
  }
}

// MARK: - Rendering

extension ConfigJSON {
  /// Renders the value as JSON text with object keys sorted (byte-wise), deterministically.
  ///
  /// - Parameter indent: spaces per level, or nil for the compact form.
  public func rendered(indent: Int? = 2) -> String {
    var out = ""
    render(into: &out, indent: indent, level: 0)
    return out
  }

  func render(into out: inout String, indent: Int?, level: Int) {
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .integer(let v): out += String(v)
    case .number(let d): out += ConfigJSON.format(d)
    case .string(let s): ConfigJSON.quote(s, into: &out)
    case .array(let elements):
      if elements.isEmpty {
        out += "[]"
        return
      }
      out += "["
      for (n, e) in elements.enumerated() {
        if n > 0 { out += "," }
        newline(&out, indent, level + 1)
        e.render(into: &out, indent: indent, level: level + 1)
      }
      newline(&out, indent, level)
      out += "]"
    case .object(let members):
      if members.isEmpty {
        out += "{}"
        return
      }
      out += "{"
      let sorted = members.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
      for (n, m) in sorted.enumerated() {
        if n > 0 { out += "," }
        newline(&out, indent, level + 1)
        ConfigJSON.quote(m.key, into: &out)
        out += indent == nil ? ":" : ": "
        m.value.render(into: &out, indent: indent, level: level + 1)
      }
      newline(&out, indent, level)
      out += "}"
    }
  }

  private func newline(_ out: inout String, _ indent: Int?, _ level: Int) {
    guard let indent else { return }
    out += "\n"
    out += String(repeating: " ", count: indent * level)
  }

  /// The shortest text that reads back as `d` (Swift's round-trip formatting); `null` for NaN and infinities,
  /// which JSON cannot represent.
  static func format(_ d: Double) -> String {
    guard d.isFinite else { return "null" }
    if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) + ".0" }
    return "\(d)"
  }

  static func quote(_ s: String, into out: inout String) {
    out += "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if u.value < 0x20 {
          let h = String(u.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
        } else {
          out.unicodeScalars.append(u)
        }
      }
    }
    out += "\""
  }
}
