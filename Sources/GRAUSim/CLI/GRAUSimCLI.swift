/// A subcommand of `grausim`: a spec (options, help) and a body.
///
/// To add one, write a caseless enum conforming to this protocol in its own file under CLI/ and add it to
/// ``GRAUSimCLI/commands``. The body reads typed options from ``ParsedArguments``, writes only to the
/// environment's sinks and throws (any error); the dispatcher renders every error and picks the exit code.
protocol GRAUSimCommand {
  static var spec: CommandSpec { get }
  static func run(_ arguments: ParsedArguments, environment: CommandEnvironment) throws
}

/// The command-line interface, callable without a process: arguments in, exit code out.
package enum GRAUSimCLI {
  /// The program name used in usage lines.
  static let program = "grausim"

  /// The version printed by `grausim --version` (defined in ``GRAUSimVersion``).
  static let version = GRAUSimVersion.current

  /// One line describing the tool (root `OVERVIEW:`).
  static let abstract =
    "A cycle-accurate, event-driven simulator of GRAU and multi-threshold activation units."

  /// The subcommand table, in the order `grausim --help` lists them.
  static var commands: [any GRAUSimCommand.Type] {
    [FitCommand.self, RunCommand.self, SweepCommand.self, MergeCommand.self, PlotCommand.self, RTLCommand.self]
  }

  /// Runs the CLI with `arguments` (without the program name), writing to the process's stdout and stderr.
  ///
  /// SIGINT, SIGTERM, SIGHUP and SIGPIPE remove the temporary files of unfinished outputs and exit with
  /// 128 + the signal (``TemporaryFiles``); a failed write to stdout is an I/O error (exit 74).
  package static func main(arguments: [String]) -> Int32 {
    TemporaryFiles.installSignalHandlers()
    return run(arguments: arguments, environment: .process)
  }

  /// Runs the CLI, writing to the given streams (after the command finishes). Never throws or traps on bad input.
  static func run(
    arguments: [String], stdout: inout some TextOutputStream, stderr: inout some TextOutputStream
  ) -> Int32 {
    let out = TextBuffer()
    let err = TextBuffer()
    let environment = CommandEnvironment(
      stdout: out.sink, stderr: err.sink, stderrIsTerminal: false,
      currentDirectory: CommandEnvironment.process.currentDirectory)
    let code = run(arguments: arguments, environment: environment)
    stdout.write(out.text)
    stderr.write(err.text)
    return code
  }

  /// Runs the CLI in `environment`. Help goes to stdout (exit 0); every error is rendered to stderr as
  /// `Error: …` and mapped to an exit code (``ExitCode``); nothing is thrown.
  static func run(arguments: [String], environment env: CommandEnvironment) -> Int32 {
    let code = dispatch(arguments: arguments, environment: env)
    // Output that never arrived is a failure, even when everything else worked.
    if let reason = env.stdout.failure() {
      env.stderr.write("Error: cannot write to standard output: \(reason)\n")
      return code == ExitCode.success ? ExitCode.ioError : code
    }
    return code
  }

  static func dispatch(arguments: [String], environment env: CommandEnvironment) -> Int32 {
    let specs = commands.map { $0.spec }
    let rootHelp = HelpFormatter.rootHelp(program: program, abstract: abstract, commands: specs)
    guard let first = arguments.first else {
      env.stdout.write(rootHelp)
      return ExitCode.success
    }
    switch first {
    case "-h", "--help":
      env.stdout.write(rootHelp)
      return ExitCode.success
    case "--version":
      env.stdout.write(version + "\n")
      return ExitCode.success
    case "help":
      let rest = arguments.dropFirst().filter { $0 != "-h" && $0 != "--help" }
      guard let name = rest.first else {
        env.stdout.write(rootHelp)
        return ExitCode.success
      }
      guard let command = commands.first(where: { $0.spec.name == name }) else {
        return renderRootUsageError(unknownSubcommand(name, specs), env)
      }
      env.stdout.write(HelpFormatter.help(command.spec, program: program))
      return ExitCode.success
    default:
      break
    }
    if ParsedArguments.looksLikeOption(first) {
      let hint = Suggestion.closest(to: first, in: ["--help", "--version"]).map { " (did you mean '\($0)'?)" } ?? ""
      return renderRootUsageError(.usage("Unknown option '\(first)'\(hint)"), env)
    }
    guard let command = commands.first(where: { $0.spec.name == first }) else {
      return renderRootUsageError(unknownSubcommand(first, specs), env)
    }
    let rest = Array(arguments.dropFirst())
    let beforeTerminator = rest.prefix { $0 != "--" }
    if beforeTerminator.contains("-h") || beforeTerminator.contains("--help") {
      env.stdout.write(HelpFormatter.help(command.spec, program: program))
      return ExitCode.success
    }
    do {
      let parsed = try ParsedArguments.parse(rest, spec: command.spec)
      try command.run(parsed, environment: env)
      return ExitCode.success
    } catch {
      let e = CLIError(classifying: error)
      if e.kind == .usage {
        env.stderr.write(
          "Error: \(e.message)\nUsage: \(HelpFormatter.usage(command.spec, program: program))\n"
            + "  See '\(program) \(command.spec.name) --help' for more information.\n")
      } else {
        env.stderr.write("Error: \(e.message)\n")
      }
      return e.exitCode
    }
  }

  static func unknownSubcommand(_ name: String, _ specs: [CommandSpec]) -> CLIError {
    let names = specs.map(\.name) + ["help"]
    let hint = Suggestion.closest(to: name, in: names).map { " (did you mean '\($0)'?)" } ?? ""
    return .usage("Unknown subcommand '\(name)'\(hint)")
  }

  static func renderRootUsageError(_ e: CLIError, _ env: CommandEnvironment) -> Int32 {
    env.stderr.write(
      "Error: \(e.message)\nUsage: \(program) <subcommand>\n  See '\(program) --help' for more information.\n")
    return e.exitCode
  }
}
