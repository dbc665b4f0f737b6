import Foundation

/// `grausim merge`: joins the JSON files of sweep shards into the whole sweep's table, JSON and CSV.
enum MergeCommand: GRAUSimCommand {
  static let spec = CommandSpec(
    name: "merge",
    abstract: "Join the JSON files of sweep shards (sweep --shard I/N --json) into the whole sweep.",
    discussion:
      "Every point of the grid must come from exactly one file, and every file from the same sweep (the same "
      + "configuration, --set, --vary, --layers and --max-elements, and the same grausim version). The table, "
      + "--json and --csv are byte for byte those of the unsharded sweep (docs/sweeps.md).",
    arguments: [ArgumentSpec("files", help: "The shards' JSON files (in any order).", repeating: true)],
    options: [
      .value("json", valueName: "path", help: "Write the merged sweep as JSON."),
      .value("csv", valueName: "path", help: "Write the merged sweep as CSV."),
      .flag("quiet", short: "q", help: "Print no table (files are still written)."),
    ])

  static func run(_ args: ParsedArguments, environment env: CommandEnvironment) throws {
    guard !args.positionals.isEmpty else { throw CLIError.usage("Missing expected argument '<files>'") }
    let inputs = try args.positionals.map { name throws(CLIError) in try readSweep(name, env: env) }
    let (json, report) = try SweepMerge.merge(inputs)
    let outputs = OutputSet()
    if let path = args.string("json") {
      try outputs.stage(try json.formatted(), to: env.resolve(path), displayPath: path)
    }
    if let path = args.string("csv") { try outputs.stage(report.csvText(), to: env.resolve(path), displayPath: path) }
    try outputs.commit()
    if !args.flag("quiet") { env.stdout.write(report.renderTable()) }
  }

  /// A sweep JSON file the user named: unreadable is exit 66, not JSON exit 65 (both name the file).
  static func readSweep(_ name: String, env: CommandEnvironment) throws(CLIError) -> SweepMerge.Input {
    let bytes: [UInt8]
    do { bytes = try InputFile.read(env.resolve(name)) } catch {
      throw CLIError.noInput("cannot read '\(name)': \(error.reason)")
    }
    do { return SweepMerge.Input(name: name, json: try JSONValue(parsing: bytes)) } catch {
      throw CLIError.dataError("\(name): \(error)")
    }
  }
}
