import Testing

@testable import GRAUSim

@Suite struct HelpTests {
  @Test(arguments: [[], ["--help"], ["-h"], ["help"]])
  func rootHelp(args: [String]) {
    let r = runCLI(args)
    #expect(r.code == 0)
    #expect(r.stderr.isEmpty)
    #expect(r.stdout.hasPrefix("OVERVIEW: "))
    #expect(r.stdout.contains("\nUSAGE: grausim <subcommand>\n"))
    #expect(
      r.stdout.contains(
        "\nOPTIONS:\n  --version               Show the version.\n  -h, --help              Show help information.\n"))
    #expect(r.stdout.contains("\nSUBCOMMANDS:\n"))
    for command in GRAUSimCLI.commands {
      #expect(r.stdout.contains("\n  \(command.spec.name) "), "subcommand \(command.spec.name) listed")
    }
    #expect(r.stdout.contains("See 'grausim help <subcommand>' for detailed help."))
  }

  @Test func fitHelpIsTheSameThreeWays() {
    let a = runCLI(["fit", "--help"])
    let b = runCLI(["help", "fit"])
    let c = runCLI(["fit", "--segments", "3", "-h"])
    #expect(a.code == 0 && b.code == 0 && c.code == 0)
    #expect(a.stdout == b.stdout)
    #expect(a.stdout == c.stdout)
    #expect(a.stderr.isEmpty)
  }

  @Test func fitHelpListsEveryOptionWithDefaults() {
    let help = runCLI(["fit", "--help"]).stdout
    #expect(help.hasPrefix("OVERVIEW: Fit GRAU parameters"))
    #expect(help.contains("\nUSAGE: grausim fit --function <function> "))
    #expect(help.contains("\nOPTIONS:\n"))
    for option in FitCommand.spec.options {
      #expect(help.contains("  --\(option.name)"), "--\(option.name) documented")
    }
    #expect(help.contains("--segments <segments>   Number of segments K. (default: 6)"))
    let flat = help.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(flat.contains("What the fitter minimises. (values: mse, maxabs; default: mse)"))
    #expect(help.hasSuffix("  -h, --help              Show help information.\n"))
    // Every line fits 80 columns except the USAGE line (as in swift-argument-parser).
    for line in help.split(separator: "\n") where !line.hasPrefix("USAGE:") {
      #expect(line.count <= 80, "\(line)")
    }
  }

  @Test func argumentsSectionAndLongLabels() {
    let spec = CommandSpec(
      name: "demo", abstract: "Demo.",
      arguments: [
        ArgumentSpec("config", help: "The config file."),
        ArgumentSpec("more", help: "", optional: true, repeating: true),
      ],
      options: [.value("a-very-long-option-name", help: "Text."), .repeating("set", valueName: "k=v", help: "Set.")])
    let help = HelpFormatter.help(spec, program: "grausim")
    #expect(
      help == """
        OVERVIEW: Demo.

        USAGE: grausim demo <config> [<more> ...] [--a-very-long-option-name <a-very-long-option-name>] [--set <k=v> ...]

        ARGUMENTS:
          <config>                The config file.
          <more>

        OPTIONS:
          --a-very-long-option-name <a-very-long-option-name>
                                  Text.
          --set <k=v>             Set.
          -h, --help              Show help information.

        """)
  }

  @Test func version() {
    let r = runCLI(["--version"])
    #expect(r.code == 0)
    #expect(r.stdout == GRAUSimCLI.version + "\n")
  }

  @Test func unknownSubcommandSuggests() {
    let r = runCLI(["fitt"])
    #expect(r.code == 64)
    #expect(r.stdout.isEmpty)
    #expect(
      r.stderrLines == [
        "Error: Unknown subcommand 'fitt' (did you mean 'fit'?)", "Usage: grausim <subcommand>",
        "  See 'grausim --help' for more information.", "",
      ])
  }

  @Test func unknownRootOptionSuggests() {
    let r = runCLI(["--verison"])
    #expect(r.code == 64)
    #expect(r.stderrLines.first == "Error: Unknown option '--verison' (did you mean '--version'?)")
  }

  @Test func helpForUnknownSubcommand() {
    let r = runCLI(["help", "fi"])
    #expect(r.code == 64)
    #expect(r.stderrLines.first == "Error: Unknown subcommand 'fi' (did you mean 'fit'?)")
  }
}
