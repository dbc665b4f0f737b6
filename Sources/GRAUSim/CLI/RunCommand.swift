import Foundation

/// `grausim run`: simulates a network config through every configured unit and reports cycles, toggles and error.
public enum RunCommand: GRAUSimCommand {
  public static let spec = CommandSpec(
    name: "run",
    abstract: "Simulate a network through GRAU and multi-threshold units, cycle by cycle.",
    discussion:
      "Fits every channel, streams every layer's activations through every configured unit on the event-driven "
      + "kernel and reports per layer and in total: cycles (compute, fill/drain, reconfiguration, stall), "
      + "switching activity and the error of the simulated outputs against the exact quantized activation. "
      + "The config format is described in docs/config.md.",
    arguments: [ArgumentSpec("config", help: "The network configuration (JSON).")],
    options: [
      .repeating(
        "set", valueName: "key=value",
        help: "Override a config key, e.g. --set accelerator.grau.segments=8 (repeatable; value parsed as JSON)."),
      .value("json", valueName: "path", help: "Write the report as JSON (sorted keys; docs/config.md)."),
      .value("csv", valueName: "path", help: "Write one CSV row per layer and unit."),
      .value("layers", valueName: "a,b,...", help: "Run only these layers (comma-separated names)."),
      .value("max-elements", valueName: "n", help: "Simulate only the first n elements of each layer."),
      .value("threads", valueName: "n", help: "Worker threads (default: one per processor)."),
      .flag("quiet", short: "q", help: "Print no table and no progress (files are still written)."),
    ])

  public static func run(_ args: ParsedArguments, environment env: CommandEnvironment) throws {
    guard let configPath = args.positionals.first else { throw CLIError.usage("Missing expected argument '<config>'") }
    guard args.positionals.count == 1 else {
      throw CLIError.usage("Unexpected argument '\(args.positionals[1])'")
    }
    let overrides = try args.keyValuePairs("set").map { "\($0.key)=\($0.value)" }
    let layers = try layerList(args)
    let maxElements = try args.int("max-elements", in: 1...Int(Int32.max))
    let threads = try args.int("threads", in: 1...256)
    let quiet = args.flag("quiet")

    let config = try loadConfig(configPath, overrides: overrides, env: env)
    let bar: ProgressBar? = quiet || !env.stderrIsTerminal ? nil : ProgressBar(sink: env.stderr)
    var options = NetworkRunner.Options(layers: layers, maxElementsPerLayer: maxElements, threads: threads)
    if let bar {
      options.progress = { done, total in bar.update(done: done, total: total) }
    }
    let report = try NetworkRunner.run(config: config, options: options)
    bar?.finish()
    if let path = args.string("json") { try report.writeJSON(to: env.resolve(path)) }
    if let path = args.string("csv") { try report.writeCSV(to: env.resolve(path)) }
    if !quiet { env.stdout.write(report.renderTable()) }
  }
}

extension RunCommand {
  /// Loads and validates a config; errors name the file as the user typed it.
  static func loadConfig(_ path: String, overrides: [String], env: CommandEnvironment) throws(ConfigError)
    -> SimulationConfig
  {
    do { return try SimulationConfig.load(path: env.resolve(path), overrides: overrides) } catch {
      var e = error
      if e.file == env.resolve(path) { e.file = path }
      throw e
    }
  }

  /// The `--layers a,b` option as names, nil when absent.
  static func layerList(_ args: ParsedArguments) throws(CLIError) -> [String]? {
    guard let text = args.string("layers") else { return nil }
    let names = text.split(separator: ",", omittingEmptySubsequences: false).map {
      String($0).trimmingCharacters(in: .whitespaces)
    }
    guard !names.contains("") else { throw args.invalid("layers", expected: "comma-separated layer names") }
    return names
  }
}

/// A one-line progress bar on a terminal's stderr, redrawn at most once per percent.
final class ProgressBar: @unchecked Sendable {
  private let sink: TextSink
  private let lock = NSLock()
  private var lastPercent = -1
  private let start = ContinuousClock.now

  init(sink: TextSink) { self.sink = sink }

  func update(done: Int, total: Int) {
    guard total > 0 else { return }
    let percent = min(100, done * 100 / total)
    lock.withLock {
      guard percent != lastPercent else { return }
      lastPercent = percent
      let width = 30
      let filled = percent * width / 100
      let elapsed = ContinuousClock.now - start
      let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
      let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
      sink.write("\r[\(bar)] \(percent)%  \(String(format: "%.1f", seconds)) s")
    }
  }

  func finish() { lock.withLock { if lastPercent >= 0 { sink.write("\r\u{1B}[K") } } }
}
