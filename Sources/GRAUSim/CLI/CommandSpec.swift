/// A named option of a command: a flag (`--signed`), an option with a value (`--segments 8`, `--segments=8`)
/// or a repeatable option (`--set k=v --set k2=v2`).
struct OptionSpec: Sendable {
  /// How the option takes values.
  enum Kind: Sendable, Equatable {
    /// Present or absent, no value.
    case flag
    /// One value; given twice, the last one wins (as in swift-argument-parser).
    case value
    /// Any number of values, in order.
    case repeating
  }

  /// The long name without dashes: `segments` is `--segments`.
  var name: String
  /// An optional one-letter alias: `o` is `-o`.
  var short: Character?
  var kind: Kind
  /// The placeholder shown in help: `<segments>`.
  var valueName: String
  var help: String
  /// The value used when the option is absent, shown in help as `(default: …)`.
  var defaultValue: String?
  /// The only values accepted, shown in help as `(values: …)`; checked while parsing.
  var choices: [String]?
  /// Whether the option must be given (only for `.value` options without a default).
  var isRequired: Bool

  /// A flag.
  static func flag(_ name: String, short: Character? = nil, help: String) -> OptionSpec {
    OptionSpec(
      name: name, short: short, kind: .flag, valueName: name, help: help, defaultValue: nil, choices: nil,
      isRequired: false)
  }

  /// An option taking one value.
  static func value(
    _ name: String, short: Character? = nil, valueName: String? = nil, help: String,
    default defaultValue: String? = nil,
    choices: [String]? = nil, required: Bool = false
  ) -> OptionSpec {
    OptionSpec(
      name: name, short: short, kind: .value, valueName: valueName ?? name, help: help, defaultValue: defaultValue,
      choices: choices, isRequired: required && defaultValue == nil)
  }

  /// An option that may be given any number of times.
  static func repeating(_ name: String, short: Character? = nil, valueName: String? = nil, help: String)
    -> OptionSpec
  {
    OptionSpec(
      name: name, short: short, kind: .repeating, valueName: valueName ?? name, help: help, defaultValue: nil,
      choices: nil, isRequired: false)
  }

  /// How the option is written in usage lines and errors: `--segments <segments>` or `--signed`.
  var synopsis: String { kind == .flag ? "--\(name)" : "--\(name) <\(valueName)>" }
}

/// A positional argument of a command.
struct ArgumentSpec: Sendable {
  var name: String
  var help: String
  var isOptional: Bool
  /// Takes every remaining positional value (only the last argument may repeat).
  var isRepeating: Bool

  init(_ name: String, help: String, optional: Bool = false, repeating: Bool = false) {
    self.name = name
    self.help = help
    self.isOptional = optional
    self.isRepeating = repeating
  }

  /// `<config>`, `[<config>]`, `<files> ...` or `[<files> ...]`.
  var synopsis: String {
    let core = "<\(name)>" + (isRepeating ? " ..." : "")
    return isOptional ? "[\(core)]" : core
  }
}

/// What a command accepts, and the text of its help.
struct CommandSpec: Sendable {
  /// The subcommand name: `fit` in `grausim fit`.
  var name: String
  /// One sentence, shown after `OVERVIEW:` and in the parent's `SUBCOMMANDS:` list.
  var abstract: String
  /// Longer text shown below the overview (may be empty).
  var discussion: String
  var arguments: [ArgumentSpec]
  var options: [OptionSpec]
  /// Titled lists of terms shown after the options (e.g. the columns of a report).
  var sections: [HelpSection]

  init(
    name: String, abstract: String, discussion: String = "", arguments: [ArgumentSpec] = [], options: [OptionSpec] = [],
    sections: [HelpSection] = []
  ) {
    self.name = name
    self.abstract = abstract
    self.discussion = discussion
    self.arguments = arguments
    self.options = options
    self.sections = sections
  }

  /// The option called `name`, if any.
  func option(named name: String) -> OptionSpec? { options.first { $0.name == name } }
}

/// A titled list of terms and what they mean, shown in help like the options: `COLUMNS:`, then `  cycles  …`.
struct HelpSection: Sendable {
  var title: String
  var rows: [(term: String, text: String)]
}
