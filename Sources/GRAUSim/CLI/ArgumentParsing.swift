/// The result of parsing a command's arguments against its ``CommandSpec``, with typed, range-checked access.
///
/// Accessors fall back to the option's declared default, so the default shown in help is the one used.
struct ParsedArguments: Sendable {
  let spec: CommandSpec
  /// Values of `.value` and `.repeating` options by name, in command-line order.
  private var values: [String: [String]] = [:]
  private var flags: Set<String> = []
  /// Positional values, in order.
  private(set) var positionals: [String] = []

  init(spec: CommandSpec) { self.spec = spec }

  /// Parses `arguments` (after the subcommand name).
  ///
  /// Accepted forms: `--name value`, `--name=value`, `-n value`, flags `--name`, repeatable options given many
  /// times, positional arguments, and `--` after which everything is positional. A value may start with `-`
  /// (`--zero-point -128`) unless it looks like a long option (`--x`).
  ///
  /// - Throws: ``CLIError`` of kind `.usage` with swift-argument-parser's wording.
  static func parse(_ arguments: [String], spec: CommandSpec) throws(CLIError) -> ParsedArguments {
    var result = ParsedArguments(spec: spec)
    var i = 0
    var onlyPositionals = false
    while i < arguments.count {
      let token = arguments[i]
      i += 1
      if onlyPositionals || !looksLikeOption(token) {
        result.positionals.append(token)
        continue
      }
      if token == "--" {
        onlyPositionals = true
        continue
      }
      let option: OptionSpec
      var inline: String?
      if token.hasPrefix("--") {
        let body = token.dropFirst(2)
        let name: String
        if let eq = body.firstIndex(of: "=") {
          name = String(body[..<eq])
          inline = String(body[body.index(after: eq)...])
        } else {
          name = String(body)
        }
        guard let o = spec.option(named: name) else { throw unknownOption("--\(name)", spec: spec) }
        option = o
      } else {
        let letter = token.dropFirst()
        guard letter.count == 1, let o = spec.options.first(where: { $0.short == letter.first }) else {
          throw unknownOption(token, spec: spec)
        }
        option = o
      }
      switch option.kind {
      case .flag:
        if let inline { throw .usage("The option '--\(option.name)' takes no value (got '\(inline)')") }
        result.flags.insert(option.name)
      case .value, .repeating:
        let value: String
        if let inline {
          value = inline
        } else {
          guard i < arguments.count, !isLongOption(arguments[i]) else {
            throw .usage("Missing value for '\(option.synopsis)'")
          }
          value = arguments[i]
          i += 1
        }
        if let choices = option.choices, !choices.contains(value) {
          let hint = Suggestion.closest(to: value, in: choices).map { " (did you mean '\($0)'?)" } ?? ""
          throw invalidValue(value, option, expected: "one of \(choices.joined(separator: ", "))\(hint)")
        }
        result.values[option.name, default: []].append(value)
      }
    }
    for option in spec.options where option.isRequired && result.values[option.name] == nil {
      throw .usage("Missing expected argument '\(option.synopsis)'")
    }
    try result.checkPositionals()
    return result
  }

  private func checkPositionals() throws(CLIError) {
    let args = spec.arguments
    let required = args.filter { !$0.isOptional }.count
    if positionals.count < required {
      throw .usage("Missing expected argument '<\(args.filter { !$0.isOptional }[positionals.count].name)>'")
    }
    if args.last?.isRepeating != true, positionals.count > args.count {
      throw .usage("Unexpected argument '\(positionals[args.count])'")
    }
  }

  /// Whether `token` is an option or `--` rather than a value: `-5` and `-0.5` are values, `-` is a value.
  static func looksLikeOption(_ token: String) -> Bool {
    guard token.hasPrefix("-"), token.count > 1 else { return false }
    if token.hasPrefix("--") { return true }
    let second = token[token.index(after: token.startIndex)]
    return !(second.isNumber || second == ".")
  }

  static func isLongOption(_ token: String) -> Bool { token.hasPrefix("--") && token.count > 2 }

  static func unknownOption(_ name: String, spec: CommandSpec) -> CLIError {
    let candidates = spec.options.map { "--\($0.name)" } + ["--help"]
    let hint = Suggestion.closest(to: name, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    return .usage("Unknown option '\(name)'\(hint)")
  }

  static func invalidValue(_ value: String, _ option: OptionSpec, expected: String) -> CLIError {
    .usage("The value '\(value)' is invalid for '\(option.synopsis)': expected \(expected)")
  }

  private func declared(_ name: String) -> OptionSpec {
    guard let o = spec.option(named: name) else {
      preconditionFailure("option '--\(name)' is not declared by the '\(spec.name)' command")
    }
    return o
  }

  // MARK: Access

  /// Whether the flag was given.
  func flag(_ name: String) -> Bool { flags.contains(declared(name).name) }

  /// Whether the option was given on the command line (its default does not count).
  func isPresent(_ name: String) -> Bool { values[declared(name).name] != nil || flags.contains(name) }

  /// The option's value (the last one if given several times), else its default, else nil.
  func string(_ name: String) -> String? {
    let o = declared(name)
    return values[o.name]?.last ?? o.defaultValue
  }

  /// Every value of a repeatable option, in command-line order.
  func strings(_ name: String) -> [String] { values[declared(name).name] ?? [] }

  /// The option's value as an integer in `range`.
  ///
  /// - Throws: a usage error naming the option when the value is not an integer or outside `range`.
  func int(_ name: String, in range: ClosedRange<Int>) throws(CLIError) -> Int? {
    guard let text = string(name) else { return nil }
    let expected = "an integer in \(range.lowerBound)...\(range.upperBound)"
    guard let v = Int(text), range.contains(v) else {
      throw Self.invalidValue(text, declared(name), expected: expected)
    }
    return v
  }

  /// The option's value as a finite number satisfying `isValid` (described by `expected`).
  ///
  /// - Throws: a usage error naming the option when the value is not a finite number or fails the check.
  func double(
    _ name: String, expected: String = "a finite number", where isValid: (Double) -> Bool = { _ in true }
  ) throws(CLIError) -> Double? {
    guard let text = string(name) else { return nil }
    guard let v = Double(text), v.isFinite, isValid(v) else {
      throw Self.invalidValue(text, declared(name), expected: expected)
    }
    return v
  }

  /// Every value of a repeatable `key=value` option, split at the first `=`.
  ///
  /// - Throws: a usage error for a value without `=` or with an empty key.
  func keyValuePairs(_ name: String) throws(CLIError) -> [(key: String, value: String)] {
    var pairs: [(key: String, value: String)] = []
    for text in strings(name) {
      guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
        throw Self.invalidValue(text, declared(name), expected: "key=value")
      }
      pairs.append((String(text[..<eq]), String(text[text.index(after: eq)...])))
    }
    return pairs
  }

  /// The usage error for option `name` whose `value` failed a check made after parsing.
  func invalid(_ name: String, value: String? = nil, expected: String) -> CLIError {
    Self.invalidValue(value ?? string(name) ?? "", declared(name), expected: expected)
  }
}
