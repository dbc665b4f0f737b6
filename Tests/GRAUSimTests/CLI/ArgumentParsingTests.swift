import Testing

@testable import GRAUSim

@Suite struct ArgumentParsingTests {
  static let spec = CommandSpec(
    name: "demo", abstract: "A demo command.",
    arguments: [
      ArgumentSpec("config", help: "The config file."), ArgumentSpec("extra", help: "More.", optional: true),
    ],
    options: [
      .value("segments", short: "k", help: "Segments.", default: "6"),
      .value("scale", help: "A scale."),
      .value("mode", help: "Mode.", default: "fast", choices: ["fast", "exact"]),
      .value("name", help: "Name.", required: true),
      .flag("verbose", short: "v", help: "Talk more."),
      .repeating("set", valueName: "key=value", help: "Override a value."),
    ])

  func parse(_ args: [String]) throws(CLIError) -> ParsedArguments { try ParsedArguments.parse(args, spec: Self.spec) }

  @Test func valuesFlagsAndPositionals() throws {
    let p = try parse(["cfg.json", "--segments", "8", "--name", "x", "-v", "--scale=0.5"])
    #expect(p.positionals == ["cfg.json"])
    #expect(try p.int("segments", in: 2...32) == 8)
    #expect(try p.double("scale") == 0.5)
    #expect(p.string("name") == "x")
    #expect(p.flag("verbose"))
    #expect(p.string("mode") == "fast")  // the declared default
    #expect(!p.isPresent("mode"))
  }

  @Test(arguments: [["--segments", "12"], ["--segments=12"], ["-k", "12"], ["--segments", "3", "--segments", "12"]])
  func valueForms(form: [String]) throws {
    let p = try parse(["c", "--name", "n"] + form)
    #expect(try p.int("segments", in: 2...32) == 12)
  }

  @Test func repeatedOptionKeepsOrder() throws {
    let p = try parse(["c", "--name", "n", "--set", "a=1", "--set=b.c=x=y", "--set", "a=3"])
    #expect(p.strings("set") == ["a=1", "b.c=x=y", "a=3"])
    let pairs = try p.keyValuePairs("set")
    #expect(pairs.map(\.key) == ["a", "b.c", "a"])
    #expect(pairs.map(\.value) == ["1", "x=y", "3"])
  }

  @Test func negativeNumbersAreValuesAndDoubleDashEndsOptions() throws {
    let p = try parse(["c", "--name", "-5", "--scale", "-0.25", "--", "--verbose"])
    #expect(p.string("name") == "-5")
    #expect(try p.double("scale") == -0.25)
    #expect(p.positionals == ["c", "--verbose"])
    #expect(!p.flag("verbose"))
  }

  static let failures: [([String], String)] = [
    (["c", "--name", "n", "--segments"], "Missing value for '--segments <segments>'"),
    (["c", "--name", "n", "--segments", "--verbose"], "Missing value for '--segments <segments>'"),
    (["c", "--name", "n", "--segmnts", "3"], "Unknown option '--segmnts' (did you mean '--segments'?)"),
    (["c", "--name", "n", "--zzzzzzzz"], "Unknown option '--zzzzzzzz'"),
    (["c", "--name", "n", "-x"], "Unknown option '-x'"),
    (["c"], "Missing expected argument '--name <name>'"),
    (["--name", "n"], "Missing expected argument '<config>'"),
    (["a", "b", "c", "--name", "n"], "Unexpected argument 'c'"),
    (["c", "--name", "n", "--verbose=yes"], "The option '--verbose' takes no value (got 'yes')"),
    (
      ["c", "--name", "n", "--mode", "exakt"],
      "The value 'exakt' is invalid for '--mode <mode>': expected one of fast, exact (did you mean 'exact'?)"
    ),
  ]

  @Test(arguments: failures)
  func usageErrors(args: [String], message: String) {
    #expect(throws: CLIError.usage(message)) { try parse(args) }
  }

  @Test(arguments: [
    ("abc", "The value 'abc' is invalid for '--segments <segments>': expected an integer in 2...32"),
    ("40", "The value '40' is invalid for '--segments <segments>': expected an integer in 2...32"),
    ("1.5", "The value '1.5' is invalid for '--segments <segments>': expected an integer in 2...32"),
  ])
  func typedIntegerChecks(value: String, message: String) throws {
    let p = try parse(["c", "--name", "n", "--segments", value])
    #expect(throws: CLIError.usage(message)) { try p.int("segments", in: 2...32) }
  }

  @Test(arguments: ["nan", "inf", "x", ""])
  func typedDoubleChecks(value: String) throws {
    let p = try parse(["c", "--name", "n", "--scale", value])
    #expect(throws: CLIError.usage("The value '\(value)' is invalid for '--scale <scale>': expected a finite number")) {
      try p.double("scale")
    }
  }

  @Test func keyValueWithoutEqualsIsAnError() throws {
    let p = try parse(["c", "--name", "n", "--set", "novalue"])
    #expect(throws: CLIError.usage("The value 'novalue' is invalid for '--set <key=value>': expected key=value")) {
      try p.keyValuePairs("set")
    }
  }
}
