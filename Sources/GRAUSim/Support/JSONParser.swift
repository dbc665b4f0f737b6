/// A JSON syntax error, located by 1-based line and column (columns count characters, not bytes).
struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
  var line: Int
  var column: Int
  var message: String

  init(line: Int, column: Int, message: String) {
    self.line = line
    self.column = column
    self.message = message
  }

  var description: String { "\(line):\(column): \(message)" }
}

extension JSONValue {
  /// Parses a complete JSON document (RFC 8259), strictly.
  ///
  /// Rejected: comments, trailing commas, leading zeros, `NaN`/`Infinity`, unescaped control characters,
  /// invalid UTF-8, lone surrogates, duplicate keys, anything after the value, nesting deeper than 256.
  /// A number without fraction or exponent that fits in `Int` is an `.int`; every other number is a `.double`.
  ///
  /// - Throws: ``JSONSyntaxError`` with the line and column of the first problem.
  /// - Complexity: O(n) in the length of the text.
  init(parsing text: String) throws(JSONSyntaxError) {
    var text = text
    let result: Result<JSONValue, JSONSyntaxError> = text.withUTF8 { buffer in
      var parser = JSONParser(buffer)
      do throws(JSONSyntaxError) { return .success(try parser.parseDocument()) } catch { return .failure(error) }
    }
    self = try result.get()
  }

  /// Parses a JSON document from UTF-8 bytes; see ``init(parsing:)-(String)``.
  init(parsing bytes: some Collection<UInt8>) throws(JSONSyntaxError) {
    let array = Array(bytes)
    let result: Result<JSONValue, JSONSyntaxError> = array.withUnsafeBufferPointer { buffer in
      var parser = JSONParser(buffer)
      do throws(JSONSyntaxError) { return .success(try parser.parseDocument()) } catch { return .failure(error) }
    }
    self = try result.get()
  }
}

/// A recursive-descent parser over a UTF-8 buffer; the buffer outlives the parser (`withUnsafe…` scope).
struct JSONParser {
  let bytes: UnsafeBufferPointer<UInt8>
  var offset = 0
  var depth = 0
  static let maxDepth = 256

  init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  mutating func parseDocument() throws(JSONSyntaxError) -> JSONValue {
    // A UTF-8 byte order mark is tolerated (editors on some platforms write one).
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { offset = 3 }
    skipWhitespace()
    guard offset < bytes.count else { throw error("expected a JSON value, found the end of the input") }
    let value = try parseValue()
    skipWhitespace()
    guard offset == bytes.count else { throw error("unexpected \(describeCurrent()) after the JSON value") }
    return value
  }

  mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
    guard offset < bytes.count else { throw error("expected a JSON value, found the end of the input") }
    switch bytes[offset] {
    case UInt8(ascii: "{"): return try parseObject()
    case UInt8(ascii: "["): return try parseArray()
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
    case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
    case UInt8(ascii: "n"): return try parseLiteral("null", .null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
    default: throw error("expected a JSON value, found \(describeCurrent())")
    }
  }

  mutating func parseLiteral(_ word: StaticString, _ value: JSONValue) throws(JSONSyntaxError) -> JSONValue {
    let n = word.utf8CodeUnitCount
    let start = word.utf8Start
    guard offset + n <= bytes.count, (0..<n).allSatisfy({ bytes[offset + $0] == start[$0] }) else {
      throw error("expected a JSON value, found \(describeCurrent())")
    }
    offset += n
    return value
  }

  mutating func enter() throws(JSONSyntaxError) {
    depth += 1
    guard depth <= Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth) levels") }
  }

  mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
    try enter()
    offset += 1
    var object = JSONObject()
    skipWhitespace()
    if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
      offset += 1
      depth -= 1
      return .object(object)
    }
    while true {
      skipWhitespace()
      guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else {
        throw error("expected a string key, found \(describeCurrent())")
      }
      let keyOffset = offset
      let key = try parseString()
      if object[key] != nil { throw error("duplicate key '\(key)'", at: keyOffset) }
      skipWhitespace()
      guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else {
        throw error("expected ':' after the key '\(key)', found \(describeCurrent())")
      }
      offset += 1
      skipWhitespace()
      object[key] = try parseValue()
      skipWhitespace()
      guard offset < bytes.count else { throw error("expected ',' or '}', found the end of the input") }
      if bytes[offset] == UInt8(ascii: ",") {
        offset += 1
        continue
      }
      guard bytes[offset] == UInt8(ascii: "}") else { throw error("expected ',' or '}', found \(describeCurrent())") }
      offset += 1
      depth -= 1
      return .object(object)
    }
  }

  mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
    try enter()
    offset += 1
    var array: [JSONValue] = []
    skipWhitespace()
    if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
      offset += 1
      depth -= 1
      return .array(array)
    }
    while true {
      skipWhitespace()
      array.append(try parseValue())
      skipWhitespace()
      guard offset < bytes.count else { throw error("expected ',' or ']', found the end of the input") }
      if bytes[offset] == UInt8(ascii: ",") {
        offset += 1
        continue
      }
      guard bytes[offset] == UInt8(ascii: "]") else { throw error("expected ',' or ']', found \(describeCurrent())") }
      offset += 1
      depth -= 1
      return .array(array)
    }
  }

  mutating func parseString() throws(JSONSyntaxError) -> String {
    let open = offset
    offset += 1
    let start = offset
    // Fast path: no escapes.
    while offset < bytes.count {
      let b = bytes[offset]
      if b == UInt8(ascii: "\"") {
        let s = try decodeUTF8(start..<offset, stringStart: open)
        offset += 1
        return s
      }
      if b == UInt8(ascii: "\\") { break }
      if b < 0x20 { throw error("unescaped control character U+\(hex4(UInt32(b))) in a string") }
      offset += 1
    }
    var utf8 = Array(bytes[start..<offset])
    while offset < bytes.count {
      let b = bytes[offset]
      switch b {
      case UInt8(ascii: "\""):
        offset += 1
        guard let s = String(validating: utf8, as: UTF8.self) else {
          throw error("invalid UTF-8 in a string", at: open)
        }
        return s
      case UInt8(ascii: "\\"):
        let escapeOffset = offset
        offset += 1
        guard offset < bytes.count else { break }
        let e = bytes[offset]
        offset += 1
        switch e {
        case UInt8(ascii: "\""): utf8.append(0x22)
        case UInt8(ascii: "\\"): utf8.append(0x5C)
        case UInt8(ascii: "/"): utf8.append(0x2F)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
          var scalar = try parseHex4(escapeOffset)
          if (0xD800..<0xDC00).contains(scalar) {
            guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u")
            else { throw error("unpaired surrogate \\u\(hex4(scalar))", at: escapeOffset) }
            offset += 2
            let low = try parseHex4(escapeOffset)
            guard (0xDC00..<0xE000).contains(low) else {
              throw error("unpaired surrogate \\u\(hex4(scalar))", at: escapeOffset)
            }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          } else if (0xDC00..<0xE000).contains(scalar) {
            throw error("unpaired surrogate \\u\(hex4(scalar))", at: escapeOffset)
          }
          utf8.append(contentsOf: Unicode.UTF8.encode(Unicode.Scalar(scalar)!)!)
        default:
          throw error("invalid escape '\\\(describe(byte: e))' in a string", at: escapeOffset)
        }
      default:
        if b < 0x20 { throw error("unescaped control character U+\(hex4(UInt32(b))) in a string") }
        utf8.append(b)
        offset += 1
      }
    }
    throw error("unterminated string", at: open)
  }

  mutating func parseHex4(_ escapeOffset: Int) throws(JSONSyntaxError) -> UInt32 {
    guard offset + 4 <= bytes.count else { throw error("incomplete \\u escape", at: escapeOffset) }
    var v: UInt32 = 0
    for _ in 0..<4 {
      let b = bytes[offset]
      let digit: UInt32
      switch b {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - UInt8(ascii: "a") + 10)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - UInt8(ascii: "A") + 10)
      default: throw error("invalid \\u escape: '\(describe(byte: b))' is not a hex digit")
      }
      v = v << 4 | digit
      offset += 1
    }
    return v
  }

  func decodeUTF8(_ range: Range<Int>, stringStart: Int) throws(JSONSyntaxError) -> String {
    let slice = UnsafeBufferPointer(rebasing: bytes[range])
    var ascii = true
    for b in slice where b >= 0x80 {
      ascii = false
      break
    }
    if ascii { return String(decoding: slice, as: UTF8.self) }
    guard let s = String(validating: slice, as: UTF8.self) else {
      throw error("invalid UTF-8 in a string", at: stringStart)
    }
    return s
  }

  mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
    let start = offset
    var isInteger = true
    if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
    guard offset < bytes.count, isDigit(bytes[offset]) else {
      throw error("invalid number: expected a digit after '-'")
    }
    if bytes[offset] == UInt8(ascii: "0") {
      offset += 1
      if offset < bytes.count, isDigit(bytes[offset]) {
        throw error("invalid number: leading zeros are not allowed", at: start)
      }
    } else {
      while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
    }
    if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
      isInteger = false
      offset += 1
      guard offset < bytes.count, isDigit(bytes[offset]) else {
        throw error("invalid number: expected a digit after '.'")
      }
      while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
    }
    if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
      isInteger = false
      offset += 1
      if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
      guard offset < bytes.count, isDigit(bytes[offset]) else {
        throw error("invalid number: expected a digit in the exponent")
      }
      while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
    }
    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
    if isInteger, let i = Int(text) { return .int(i) }
    guard let d = Double(text), d.isFinite else {
      throw error("number \(text) is out of the range of a double", at: start)
    }
    return .double(d)
  }

  @inline(__always) func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

  mutating func skipWhitespace() {
    while offset < bytes.count {
      switch bytes[offset] {
      case 0x20, 0x0A, 0x0D, 0x09: offset += 1
      default: return
      }
    }
  }

  func describeCurrent() -> String {
    guard offset < bytes.count else { return "the end of the input" }
    return "'\(describe(byte: bytes[offset]))'"
  }

  func describe(byte b: UInt8) -> String {
    if b >= 0x20 && b < 0x7F { return String(UnicodeScalar(b)) }
    return "\\u\(hex4(UInt32(b)))"
  }

  func hex4(_ v: UInt32) -> String {
    let h = String(v, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - h.count)) + h
  }

  /// An error at `position` (default: the current offset), with its line and character column.
  func error(_ message: String, at position: Int? = nil) -> JSONSyntaxError {
    let end = min(position ?? offset, bytes.count)
    var line = 1
    var column = 1
    var i = 0
    while i < end {
      let b = bytes[i]
      if b == 0x0A {
        line += 1
        column = 1
      } else if b & 0xC0 != 0x80 {
        column += 1  // count characters: skip UTF-8 continuation bytes
      }
      i += 1
    }
    return JSONSyntaxError(line: line, column: column, message: message)
  }
}
