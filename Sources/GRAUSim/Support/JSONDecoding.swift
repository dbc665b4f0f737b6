/// Why a parsed JSON document does not have the expected shape, named by the path of the value.
enum JSONDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A required key is absent.
  case missingKey(path: String)
  /// A value has the wrong JSON type or is outside its allowed values.
  case invalidValue(path: String, expected: String, got: String)
  /// A key the schema does not know; `suggestion` is the closest known key.
  case unknownKey(path: String, key: String, suggestion: String?)

  var description: String {
    switch self {
    case .missingKey(let path): "\(path): missing required key"
    case .invalidValue(let path, let expected, let got): "\(path): expected \(expected), got \(got)"
    case .unknownKey(let path, let key, let suggestion):
      "\(path.isEmpty ? "" : "\(path): ")unknown key '\(key)'\(suggestion.map { " (did you mean '\($0)'?)" } ?? "")"
    }
  }

  /// A ``ValueError`` from a validation, re-expressed at its path.
  init(_ e: ValueError) { self = .invalidValue(path: e.path, expected: e.expected, got: e.got) }
}

/// A value at a known path in a document: typed accessors that fail with the path in the error.
///
///     let root = try JSONCursor(value, path: "").object(allowing: ["a", "b"])
///     let n = try root.required("a").int(in: 1...16)
struct JSONCursor: Sendable {
  let value: JSONValue
  /// Where `value` sits, e.g. `segments[2].bias`; empty for the root.
  let path: String

  init(_ value: JSONValue, path: String = "") {
    self.value = value
    self.path = path
  }

  func invalid(_ expected: String) -> JSONDecodingError {
    .invalidValue(path: path.isEmpty ? "(root)" : path, expected: expected, got: Self.show(value))
  }

  /// A short rendering of `v` for error messages.
  static func show(_ v: JSONValue) -> String {
    switch v {
    case .array(let a): return "an array of \(a.count)"
    case .object: return "an object"
    default: return (try? v.compact()) ?? v.kindDescription
    }
  }

  var isNull: Bool { value == .null }

  /// The value as an integer (a double with an integral value is not accepted: counts are written as integers).
  func int(in range: ClosedRange<Int>? = nil) throws(JSONDecodingError) -> Int {
    guard case .int(let i) = value else {
      throw invalid(range.map { "an integer in \($0.lowerBound)...\($0.upperBound)" } ?? "an integer")
    }
    if let range, !range.contains(i) { throw invalid("an integer in \(range.lowerBound)...\(range.upperBound)") }
    return i
  }

  /// The value as a finite number (integers are accepted).
  func double() throws(JSONDecodingError) -> Double {
    switch value {
    case .int(let i): return Double(i)
    case .double(let d): return d
    default: throw invalid("a number")
    }
  }

  func bool() throws(JSONDecodingError) -> Bool {
    guard case .bool(let b) = value else { throw invalid("true or false") }
    return b
  }

  func string() throws(JSONDecodingError) -> String {
    guard case .string(let s) = value else { throw invalid("a string") }
    return s
  }

  /// The value as one of `choices` (a string).
  func string(oneOf choices: [String]) throws(JSONDecodingError) -> String {
    let expected = "one of " + choices.map { "\"\($0)\"" }.joined(separator: ", ")
    guard case .string(let s) = value else { throw invalid(expected) }
    guard choices.contains(s) else {
      let hint = Suggestion.closest(to: s, in: choices).map { " (did you mean \"\($0)\"?)" } ?? ""
      throw invalid(expected + hint)
    }
    return s
  }

  /// The elements, each with its path.
  func array() throws(JSONDecodingError) -> [JSONCursor] {
    guard case .array(let a) = value else { throw invalid("an array") }
    return a.enumerated().map { JSONCursor($0.element, path: "\(path)[\($0.offset)]") }
  }

  /// The value as an object whose keys must all be in `allowed`.
  ///
  /// - Throws: ``JSONDecodingError/unknownKey(path:key:suggestion:)`` for the first unknown key in file order.
  func object(allowing allowed: [String]) throws(JSONDecodingError) -> JSONObjectCursor {
    guard case .object(let o) = value else { throw invalid("an object") }
    for key in o.keys where !allowed.contains(key) {
      throw .unknownKey(path: path, key: key, suggestion: Suggestion.closest(to: key, in: allowed))
    }
    return JSONObjectCursor(object: o, path: path)
  }
}

/// An object at a known path.
struct JSONObjectCursor: Sendable {
  let object: JSONObject
  let path: String

  func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

  /// The member `key`; throws if it is absent.
  func required(_ key: String) throws(JSONDecodingError) -> JSONCursor {
    guard let v = object[key] else { throw .missingKey(path: child(key)) }
    return JSONCursor(v, path: child(key))
  }

  /// The member `key`, or nil when it is absent or `null`.
  func optional(_ key: String) -> JSONCursor? {
    guard let v = object[key], v != .null else { return nil }
    return JSONCursor(v, path: child(key))
  }
}
