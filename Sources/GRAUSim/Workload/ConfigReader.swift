/// Typed, path-aware access to one JSON object of the configuration: every read names its path in errors, and
/// ``finish()`` rejects keys nobody read (with a "did you mean").
struct ConfigReader {
  let path: String
  let members: JSONObject
  let known: [String]

  /// Reads `value` (at `path`) as an object whose keys must be among `known`. `null` or absent reads as `{}`.
  init(_ value: JSONValue?, path: String, known: [String]) throws(ConfigError) {
    self.path = path
    self.known = known
    switch value {
    case nil, .null?: members = [:]
    case .object(let m)?: members = m
    case let other?: throw ConfigError(.wrongType, path: path, expected: "an object", got: other.summary)
    }
    // Keys are unique: the parser rejects a duplicate key as a syntax error naming its line.
    for m in members {
      guard known.contains(m.key) else {
        let hint = Suggestion.closest(to: m.key, in: known).map { "did you mean '\($0)'?" }
        throw ConfigError(
          .unknownKey, path: path, expected: "one of \(known.joined(separator: ", "))", got: "'\(m.key)'", hint: hint)
      }
    }
  }

  func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

  /// The raw value of `key`, nil when absent or `null`.
  func raw(_ key: String) -> JSONValue? {
    precondition(known.contains(key), "reading an undeclared key \(key)")
    guard let v = members[key] else { return nil }
    if case .null = v { return nil }
    return v
  }

  func has(_ key: String) -> Bool { raw(key) != nil }

  func required(_ key: String, _ what: String) throws(ConfigError) -> JSONValue {
    guard let v = raw(key) else { throw ConfigError(.missingKey, path: child(key), expected: what, got: "nothing") }
    return v
  }

  // MARK: Scalars

  static func integer(_ v: JSONValue, path: String, range: ClosedRange<Int>) throws(ConfigError) -> Int {
    let expected = "an integer in \(range.lowerBound)...\(range.upperBound)"
    let i: Int
    switch v {
    case .int(let x): i = x
    case .double(let d) where d == d.rounded() && abs(d) < 1e15: i = Int(d)
    default:
      let kind: ConfigError.Kind
      if case .double = v { kind = .invalidValue } else { kind = .wrongType }
      throw ConfigError(kind, path: path, expected: expected, got: v.summary)
    }
    guard range.contains(i) else { throw ConfigError(.invalidValue, path: path, expected: expected, got: "\(i)") }
    return i
  }

  func int(_ key: String, default d: Int, _ range: ClosedRange<Int>) throws(ConfigError) -> Int {
    guard let v = raw(key) else { return d }
    return try Self.integer(v, path: child(key), range: range)
  }

  func optionalInt(_ key: String, _ range: ClosedRange<Int>) throws(ConfigError) -> Int? {
    guard let v = raw(key) else { return nil }
    return try Self.integer(v, path: child(key), range: range)
  }

  static func real(_ v: JSONValue, path: String, expected: String, valid: (Double) -> Bool) throws(ConfigError)
    -> Double
  {
    let d: Double
    switch v {
    case .int(let x): d = Double(x)
    case .double(let x): d = x
    default: throw ConfigError(.wrongType, path: path, expected: expected, got: v.summary)
    }
    guard d.isFinite, valid(d) else { throw ConfigError(.invalidValue, path: path, expected: expected, got: v.summary) }
    return d
  }

  func double(_ key: String, default d: Double?, _ expected: String, valid: (Double) -> Bool) throws(ConfigError)
    -> Double?
  {
    guard let v = raw(key) else { return d }
    return try Self.real(v, path: child(key), expected: expected, valid: valid)
  }

  func bool(_ key: String, default d: Bool) throws(ConfigError) -> Bool {
    guard let v = raw(key) else { return d }
    guard case .bool(let b) = v else {
      throw ConfigError(.wrongType, path: child(key), expected: "true or false", got: v.summary)
    }
    return b
  }

  static func string(_ v: JSONValue, path: String, expected: String) throws(ConfigError) -> String {
    guard case .string(let s) = v else { throw ConfigError(.wrongType, path: path, expected: expected, got: v.summary) }
    return s
  }

  func string(_ key: String, default d: String?) throws(ConfigError) -> String? {
    guard let v = raw(key) else { return d }
    return try Self.string(v, path: child(key), expected: "a string")
  }

  /// A string that must be one of `choices` (with a "did you mean").
  static func choice(_ v: JSONValue, path: String, _ choices: [String]) throws(ConfigError) -> String {
    let expected = "one of " + choices.map { "\"\($0)\"" }.joined(separator: ", ")
    let s = try string(v, path: path, expected: expected)
    guard choices.contains(s) else {
      let hint = Suggestion.closest(to: s, in: choices).map { "did you mean '\($0)'?" }
      throw ConfigError(.invalidValue, path: path, expected: expected, got: "\"\(s)\"", hint: hint)
    }
    return s
  }

  func choice(_ key: String, default d: String, _ choices: [String]) throws(ConfigError) -> String {
    guard let v = raw(key) else { return d }
    return try Self.choice(v, path: child(key), choices)
  }

  /// The elements of an array value with their paths.
  static func array(_ v: JSONValue, path: String, expected: String) throws(ConfigError) -> [(JSONValue, String)] {
    guard case .array(let a) = v else { throw ConfigError(.wrongType, path: path, expected: expected, got: v.summary) }
    return a.enumerated().map { ($0.element, "\(path)[\($0.offset)]") }
  }
}
