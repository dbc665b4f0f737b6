import Foundation

/// `grausim sweep`: runs a config over the cross product of chosen values and tabulates the network totals.
enum SweepCommand: GRAUSimCommand {
  static let spec = CommandSpec(
    name: "sweep",
    abstract: "Run a config over a grid of settings (segments, precision, lanes, variants) and compare totals.",
    discussion:
      "Each --vary key=VALUES gives the values of one config key: a JSON array ([4,6,8], [\"pot\",\"apot\"]), a "
      + "comma-separated list (4,6,8) or an integer range (2...16). The grid is their cross product, the first --vary varying slowest. Every point "
      + "is a full `grausim run`, but a fit or simulation whose inputs an earlier point already had is reused, not "
      + "redone; the table has one row per point and unit with the whole-network totals. A point that cannot run "
      + "(an invalid value) is a row that says why, and the sweep goes on.",
    arguments: [ArgumentSpec("config", help: "The network configuration (JSON).")],
    options: [
      .repeating("vary", valueName: "key=values", help: "A config key and the values to try (repeatable)."),
      .repeating("set", valueName: "key=value", help: "Override a config key at every point (repeatable)."),
      .flag(
        "zip",
        help: "Vary the axes together (point i takes the i-th value of every --vary) instead of their cross product."),
      .value("layers", valueName: "a,b,...", help: "Run only these layers."),
      .value("max-elements", valueName: "n", help: "Simulate only the first n elements of each layer."),
      .value(
        "jobs", valueName: "n",
        help: "Run n points at a time (default 1; the results are the same for every n)."),
      .value(
        "shard", valueName: "i/n",
        help: "Run only shard i of n (1-based): the points whose index modulo n is i - 1. Join the shards' --json "
          + "files with `grausim merge`."),
      .value("json", valueName: "path", help: "Write the sweep as JSON (sorted keys)."),
      .value("csv", valueName: "path", help: "Write one CSV row per point and unit (a run CSV's TOTAL columns)."),
      .value(
        "output", short: "o", valueName: "dir",
        help: "Write sweep.txt (the printed table), sweep.json and sweep.csv into this directory, created if "
          + "missing. Not with --json or --csv."),
      .value(
        "cache", valueName: "dir",
        help: "Keep every point's results in this directory and take the points it holds from it: a sweep run "
          + "again, interrupted or extended computes only the new points (docs/sweeps.md)."),
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
    let zipped = args.flag("zip")
    if zipped, let a = axes.first(where: { $0.values.count != axes[0].values.count }) {
      throw args.invalid(
        "vary", value: "\(a.key)=…",
        expected: "as many values as '\(axes[0].key)' (\(axes[0].values.count)) with --zip, got \(a.values.count)")
    }
    let count = SweepRunner.pointCount(axes, zipped: zipped)
    guard count <= maxPoints else {
      throw args.invalid("vary", expected: "a grid of at most \(maxPoints) points (got \(count))")
    }
    let layers = try RunCommand.layerList(args)
    let maxElements = try args.int("max-elements", in: 1...Int(Int32.max))
    let jobs = try args.int("jobs", in: 1...256) ?? 1
    let shard = try shardOption(args)
    let quiet = args.flag("quiet")
    let directory = try RunCommand.outputDirectory(args, conflicting: ["json", "csv"])
    let showProgress = env.stderrIsTerminal && !quiet
    var store: SweepStore?
    if let dir = args.string("cache") {
      guard !dir.isEmpty else { throw args.invalid("cache", expected: "a directory path") }
      store = try SweepStore(directory: env.resolve(dir), displayPath: dir) { RunResult.json($0, signals: false) }
    }
    var (report, reuse) = try SweepRunner.run(
      axes: axes, zipped: zipped, fixed: fixed,
      options: NetworkRunner.Options(layers: layers, maxElementsPerLayer: maxElements), jobs: jobs, shard: shard,
      store: store,
      configuration: { overrides in try RunCommand.loadConfig(configPath, overrides: overrides, env: env) },
      progress: { done, count, assignments in
        guard showProgress else { return }
        env.stderr.write(
          "\r[\(done)/\(count)] " + assignments.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
      })
    if showProgress { env.stderr.write("\r\u{1B}[K") }
    report.fingerprint = fingerprint(
      config: (try? InputFile.read(env.resolve(configPath))) ?? [], fixed: fixed + (zipped ? ["--zip"] : []),
      axes: axes, layers: layers, maxElements: maxElements)
    if let shard, !quiet {
      env.stderr.write("note: shard \(shard.index)/\(shard.count): \(report.points.count) of \(count) points\n")
    }
    if !quiet {
      let fits = reuse.fitHits + reuse.fitMisses
      let simulations = reuse.simulationHits + reuse.simulationMisses
      env.stderr.write(
        "note: reused \(reuse.fitHits) of \(fits) layer fits and \(reuse.simulationHits) of \(simulations) "
          + "(layer, unit) simulations from earlier points\n")
      if let store, let dir = args.string("cache") {
        env.stderr.write("note: took \(store.hits) of \(report.points.count) points from the cache \(dir)\n")
      }
      let failed = report.points.filter { $0.failure != nil }.count
      if failed > 0 {
        env.stderr.write(
          "note: \(failed) of \(report.points.count) points could not run (the 'failed:' lines say why; so do the CSV column and JSON member 'error')\n"
        )
      }
    }
    if let store, let dir = args.string("cache"), store.failures.count > 0 {
      env.stderr.write(
        "WARNING: could not store \(store.failures.count) points in the cache \(dir) (they will be computed again "
          + "next time): \(store.failures.first ?? "")\n")
    }
    let outputs = OutputSet()
    let table = report.renderTable()
    if let directory { try outputs.createDirectory(env.resolve(directory), displayPath: directory) }
    try RunCommand.stageReports(
      outputs, directory: directory, stem: "sweep", text: table, json: { try report.json().formatted() },
      csv: report.csvText, args: args, env: env)
    try outputs.commit()
    if !quiet { env.stdout.write(table) }
  }

  /// `--shard i/n`, 1 ≤ i ≤ n ≤ 4096.
  static func shardOption(_ args: ParsedArguments) throws(CLIError) -> SweepShard? {
    guard let text = args.string("shard") else { return nil }
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), (1...maxPoints).contains(n),
      (1...n).contains(i)
    else {
      throw args.invalid("shard", expected: "i/n with 1 <= i <= n <= \(maxPoints), e.g. 2/4")
    }
    return SweepShard(index: i, count: n)
  }

  /// Identifies a sweep's grid for `merge`: FNV-1a (64 bit) over the config file's bytes and every option that
  /// decides the points (fixed overrides, axes, layers, element limit), as 16 hex digits.
  static func fingerprint(
    config: [UInt8], fixed: [String], axes: [SweepRunner.Axis], layers: [String]?, maxElements: Int?
  )
    -> String
  {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    func mix(_ bytes: some Sequence<UInt8>) {
      for b in bytes {
        hash ^= UInt64(b)
        hash &*= 0x0000_0100_0000_01b3
      }
      hash ^= 0xff
      hash &*= 0x0000_0100_0000_01b3
    }
    mix(config)
    for f in fixed { mix(f.utf8) }
    for a in axes {
      mix(a.key.utf8)
      for v in a.values { mix(v.utf8) }
    }
    mix((layers ?? []).joined(separator: ",").utf8)
    mix("\(maxElements ?? -1)".utf8)
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }

  /// `a...b` (integers, a ≤ b) as a range; nil for any other text.
  static func integerRange(_ text: String) -> ClosedRange<Int>? {
    let parts = text.components(separatedBy: "...")
    guard parts.count == 2, let lo = Int(parts[0]), let hi = Int(parts[1]), lo <= hi else { return nil }
    return lo...hi
  }

  /// The values of one axis, each as the JSON text of an override: `[4,6,8]`, `["pot","apot"]`, `4,6,8` or the
  /// integer range `2...16`.
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
    } else if let range = integerRange(trimmed) {
      let span = range.upperBound.subtractingReportingOverflow(range.lowerBound)
      guard !span.overflow, span.partialValue < maxPoints else {
        throw args.invalid("vary", value: "\(key)=\(text)", expected: "a range of at most \(maxPoints) values")
      }
      result = range.map(String.init)
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
