/// One `--set key=value` override: a dotted path with optional indices and a JSON value.
///
/// `accelerator.grau.segments=8`, `network.layers[0].out_bits=4`, `network.layers[*].out_bits=4` (every element),
/// `accelerator.units=["grau","mt"]`. The value is parsed as JSON and falls back to a plain string
/// (`stream_order=channel_major`). Overrides are applied to the JSON tree before validation, so a bad value is
/// reported with its path like any other.
struct ConfigOverride: Sendable, Hashable, CustomStringConvertible {
  /// One step of a path: an object key or an array index.
  enum Component: Sendable, Hashable {
    case key(String)
    case index(Int)
    /// `[*]`: every element of the array.
    case every
  }

  /// The override as written.
  var text: String
  var path: [Component]
  var value: JSONValue

  /// Parses `key=value`.
  ///
  /// - Throws: ``ConfigError`` of kind `invalidOverride` for a missing `=`, an empty key or a malformed path.
  init(_ text: String) throws(ConfigError) {
    self.text = text
    guard let eq = text.firstIndex(of: "=") else {
      throw ConfigError(.invalidOverride, path: "--set \(text)", expected: "key=value", got: "no '='")
    }
    let key = String(text[..<eq]).trimmingSpaces
    let raw = String(text[text.index(after: eq)...])
    path = try Self.parsePath(key, text: text)
    value = (try? JSONValue(parsing: raw)) ?? .string(raw)
  }

  /// The override of `key` (a path as in `key=value`) with `value`.
  init(key: String, value: JSONValue) throws(ConfigError) {
    text = "\(key)=\((try? value.compact()) ?? value.summary)"
    path = try Self.parsePath(key.trimmingSpaces, text: text)
    self.value = value
  }

  var description: String { text }

  static func render(_ path: [Component]) -> String {
    var s = ""
    for c in path {
      switch c {
      case .key(let k): s += s.isEmpty ? k : ".\(k)"
      case .index(let i): s += "[\(i)]"
      case .every: s += "[*]"
      }
    }
    return s
  }

  static func parsePath(_ key: String, text: String) throws(ConfigError) -> [Component] {
    func bad(_ why: String) -> ConfigError {
      ConfigError(
        .invalidOverride, path: "--set \(text)",
        expected: "a path like accelerator.grau.segments, network.layers[0].out_bits or network.layers[*].out_bits",
        got: why)
    }
    guard !key.isEmpty else { throw bad("an empty key") }
    var components: [Component] = []
    for part in key.split(separator: ".", omittingEmptySubsequences: false) {
      var rest = Substring(part)
      let bracket = rest.firstIndex(of: "[") ?? rest.endIndex
      let name = rest[..<bracket]
      guard !name.isEmpty else { throw bad("an empty name in '\(key)'") }
      components.append(.key(String(name)))
      rest = rest[bracket...]
      while !rest.isEmpty {
        guard rest.first == "[", let close = rest.firstIndex(of: "]") else { throw bad("'\(part)'") }
        let inside = rest[rest.index(after: rest.startIndex)..<close]
        if inside == "*" {
          components.append(.every)
        } else {
          guard let index = Int(inside), index >= 0 else { throw bad("a bad index in '\(part)'") }
          components.append(.index(index))
        }
        rest = rest[rest.index(after: close)...]
      }
    }
    return components
  }

  /// Applies the override to `root`. Missing object keys are created (validation then rejects unknown ones, with a
  /// suggestion); indices must exist.
  func apply(to root: inout JSONValue) throws(ConfigError) {
    try Self.set(value, at: path[...], in: &root, walked: [], text: text)
  }

  private static func set(
    _ value: JSONValue, at path: ArraySlice<Component>, in node: inout JSONValue, walked: [Component], text: String
  ) throws(ConfigError) {
    guard let first = path.first else {
      node = value
      return
    }
    let here = walked.isEmpty ? "the document" : render(walked)
    switch first {
    case .key(let k):
      if case .null = node { node = .object([:]) }
      guard case .object(var members) = node else {
        throw ConfigError(
          .invalidOverride, path: "--set \(text)", expected: "\(here) to be an object", got: node.summary)
      }
      var child = members[k] ?? .null
      try set(value, at: path.dropFirst(), in: &child, walked: walked + [first], text: text)
      members[k] = child  // replaces in place, or appends a new key
      node = .object(members)
    case .index(let i):
      guard case .array(var elements) = node else {
        throw ConfigError(
          .invalidOverride, path: "--set \(text)", expected: "\(here) to be an array", got: node.summary)
      }
      guard i < elements.count else {
        throw ConfigError(
          .invalidOverride, path: "--set \(text)",
          expected: "an index in 0..<\(elements.count) (\(here) has \(elements.count) elements)",
          got: "\(i)")
      }
      try set(value, at: path.dropFirst(), in: &elements[i], walked: walked + [first], text: text)
      node = .array(elements)
    case .every:
      guard case .array(var elements) = node, !elements.isEmpty else {
        throw ConfigError(
          .invalidOverride, path: "--set \(text)", expected: "\(here) to be an array with elements",
          got: node.summary)
      }
      for i in elements.indices {
        try set(value, at: path.dropFirst(), in: &elements[i], walked: walked + [.index(i)], text: text)
      }
      node = .array(elements)
    }
  }
}

extension String {
  var trimmingSpaces: String {
    var s = Substring(self)
    while s.first?.isWhitespace == true { s = s.dropFirst() }
    while s.last?.isWhitespace == true { s = s.dropLast() }
    return String(s)
  }
}
