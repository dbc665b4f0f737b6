/// What the configuration loader adds to the one JSON model of grausim (Output/JSONValue.swift): parsing with
/// errors in the configuration's vocabulary, and short value summaries for messages.
extension JSONValue {
  /// Parses a complete configuration document strictly (RFC 8259: no comments, no trailing commas, no
  /// duplicate keys).
  ///
  /// - Throws: ``ConfigError`` of kind `syntax` whose path names the line and column (`line 3, column 8`).
  static func parseConfig(_ text: String) throws(ConfigError) -> JSONValue {
    do {
      return try JSONValue(parsing: text)
    } catch {
      throw ConfigError(
        .syntax, path: "line \(error.line), column \(error.column)", expected: "JSON", got: error.message)
    }
  }

  /// A short description of the value's JSON type and value, for error messages (`true`, `"abc"`, `an array`).
  var summary: String {
    switch self {
    case .null: "null"
    case .bool(let b): b ? "true" : "false"
    case .int(let i): "\(i)"
    case .double(let d): JSONValue.format(d)
    case .string(let s): s.count > 40 ? "a string" : "\"\(s)\""
    case .array: "an array"
    case .object: "an object"
    }
  }
}
