import Foundation

/// `grausim sweep`: runs a config over the cross product of chosen values and tabulates the network totals.
enum SweepCommand: GRAUSimCommand {
  static let spec = CommandSpec(
    name: "sweep",
    abstract: "Run a config over a grid of settings (segments, precision, lanes, variants) and compare totals.",
    discussion:
      "Each --vary key=VALUES gives the values of one config key: a JSON array ([4,6,8], [\"pot\",\"apot\"]) or a "
      + "comma-separated list (4,6,8). The grid is their cross product, the first --vary varying slowest. Every point "
      + "is a full `grausim run`; the table has one row per point and unit with the whole-network totals.",
    arguments: [ArgumentSpec("config", help: "The network configuration (JSON).")],
    options: [
      .repeating("vary", valueName: "key=values", help: "A config key and the values to try (repeatable)."),
      .repeating("set", valueName: "key=value", help: "Override a config key at every point (repeatable)."),
      .value("layers", valueName: "a,b,...", help: "Run only these layers."),
      .value("max-elements", valueName: "n", help: "Simulate only the first n elements of each layer."),
      .value("json", valueName: "path", help: "Write the sweep as JSON (sorted keys)."),
      .value("csv", valueName: "path", help: "Write one CSV row per point and unit."),
      .flag("quiet", short: "q", help: "Print no table (files are still written)."),
    ])

  /// The largest grid a sweep runs; a larger one is almost always a typo.
  static let maxPoints = 4096

  static func run(_ args: ParsedArguments, environment env: CommandEnvironment) throws {
    guard let configPath = args.positionals.first else { throw CLIError.usage("Missing expected argument '<config>'") }
    guard args.positionals.count == 1 else { throw CLIError.usage("Unexpected argument '\(args.positionals[1])'") }
    let fixed = try args.keyValuePairs("set").map { "\($0.key)=\($0.value)" }
    let axes = try args.keyValuePairs("vary").map { pair throws(CLIError) in
      SweepRunner.Axis(key: pair.key, values: try values(pair.value, key: pair.key, args: args))
    }
    guard !axes.isEmpty else { throw CLIError.usage("Missing '--vary key=values' (at least one axis)") }
    let count = SweepRunner.pointCount(axes)
    guard count <= maxPoints else {
      throw args.invalid("vary", expected: "a grid of at most \(maxPoints) points (got \(count))")
    }
    let layers = try RunCommand.layerList(args)
    let maxElements = try args.int("max-elements", in: 1...Int(Int32.max))
    let showProgress = env.stderrIsTerminal && !args.flag("quiet")
    let report = try SweepRunner.run(
      axes: axes, fixed: fixed, options: NetworkRunner.Options(layers: layers, maxElementsPerLayer: maxElements),
      configuration: { overrides in try RunCommand.loadConfig(configPath, overrides: overrides, env: env) },
      progress: { index, count, assignments in
        guard showProgress else { return }
        env.stderr.write(
          "\r[\(index + 1)/\(count)] " + assignments.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
      })
    if showProgress { env.stderr.write("\r\u{1B}[K") }
    let outputs = OutputSet()
    if let path = args.string("json") {
      try outputs.stage(try report.json().formatted(), to: env.resolve(path), displayPath: path)
    }
    if let path = args.string("csv") { try outputs.stage(report.csvText(), to: env.resolve(path), displayPath: path) }
    try outputs.commit()
    if !args.flag("quiet") { env.stdout.write(report.renderTable()) }
  }

  /// The values of one axis, each as the JSON text of an override: `[4,6,8]`, `["pot","apot"]` or `4,6,8`.
  static func values(_ text: String, key: String, args: ParsedArguments) throws(CLIError) -> [String] {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    var result: [String]
    if trimmed.hasPrefix("[") {
      guard case .array(let items) = try? JSONValue(parsing: trimmed) else {
        throw args.invalid("vary", value: "\(key)=\(text)", expected: "a JSON array of values")
      }
      result = []
      for item in items {
        guard let t = try? item.compact() else {
          throw args.invalid("vary", value: "\(key)=\(text)", expected: "finite values")
        }
        result.append(t)
      }
    } else {
      result = trimmed.split(separator: ",", omittingEmptySubsequences: false).map {
        String($0).trimmingCharacters(in: .whitespaces)
      }
    }
    guard !result.isEmpty, !result.contains("") else {
      throw args.invalid("vary", value: "\(key)=\(text)", expected: "one or more values")
    }
    return result
  }
}
