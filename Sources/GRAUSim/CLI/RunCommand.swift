import Foundation

/// `grausim run`: simulates a network config through every configured unit and reports cycles, toggles and error.
enum RunCommand: GRAUSimCommand {
  static let spec = CommandSpec(
    name: "run",
    abstract: "Simulate a network through GRAU and multi-threshold units, cycle by cycle.",
    discussion:
      "Fits every channel, streams every layer's activations through every configured unit on the event-driven "
      + "kernel and reports per layer and in total: cycles (compute, fill/drain, reconfiguration, stall), "
      + "switching activity and the error of the simulated outputs against the exact quantized activation. "
      + "The config format is described in docs/config.md. With --vcd, one layer of the selected units is also "
      + "traced into a VCD waveform with a GTKWave save file beside it (docs/waveforms.md); tracing does not change "
      + "the report.",
    arguments: [ArgumentSpec("config", help: "The network configuration (JSON).")],
    options: [
      .repeating(
        "set", valueName: "key=value",
        help: "Override a config key, e.g. --set accelerator.grau.segments=8 (repeatable; value parsed as JSON)."),
      .value("json", valueName: "path", help: "Write the report as JSON (sorted keys; docs/report.md)."),
      .value("csv", valueName: "path", help: "Write one CSV row per layer and unit, and a TOTAL row per unit."),
      .value(
        "output", short: "o", valueName: "dir",
        help: "Write report.txt (the printed report), report.json and report.csv into this directory, created if "
          + "missing; a relative --vcd path is placed in it too. Not with --json or --csv."),
      .flag(
        "wide",
        help: "Print every column, the GRAU/MT ratios and the accuracy table (the default table fits 120 columns)."),
      .value("layers", valueName: "a,b,...", help: "Run only these layers (comma-separated names)."),
      .value("max-elements", valueName: "n", help: "Simulate only the first n elements of each layer."),
      .value("threads", valueName: "n", help: "Worker threads (default: one per processor)."),
      .flag("quiet", short: "q", help: "Print no table and no progress (files are still written)."),
      .value(
        "vcd", valueName: "path",
        help: "Write a VCD waveform of one layer, and a GTKWave save file beside it (out.vcd -> out.gtkw)."),
      .value("vcd-units", valueName: "a,b,...", help: "Units to trace, in display order (default: all configured)."),
      .value("vcd-lanes", valueName: "l,...", help: "Lanes whose stage registers are traced (default: 0)."),
      .value("vcd-layer", valueName: "name", help: "The layer to trace (default: the first layer run)."),
      .value(
        "vcd-window", valueName: "start:end",
        help: "Clock edges (cycles) start..<end of the layer to trace; 'start:' runs to the layer's end (default: "
          + "2000 edges from the latest streaming start of the traced units)."),
      .value(
        "vcd-elements", valueName: "a:b",
        help: "Trace elements a..<b of the layer instead of an edge window: from the edge before element a is "
          + "accepted to the edge element b-1 leaves (earliest and latest over the traced units)."),
      .value(
        "vcd-max-bytes", valueName: "n",
        help: "End the VCD cleanly before it exceeds n bytes; a note says so (default: 268435456 = 256 MiB)."),
    ] + RunBudget.options,
    sections: [
      HelpSection(
        title: "COLUMNS (errors: output LSBs against Q_c, the exact quantized activation)",
        rows: [
          ("bits", "The layer's output format: s8 signed 8-bit, u4 unsigned 4-bit."),
          ("elements", "Activations streamed through the unit."),
          (
            "cycles",
            "Clock cycles from the first configuration word to the last output: compute + fill/drain + "
              + "reconfiguration + stall (the summary splits them)."
          ),
          ("time_us", "The cycles at accelerator.clock_mhz, in microseconds."),
          (
            "mse",
            "Mean squared error of the simulated outputs, on held-out outputs (not the calibration the "
              + "parameters were fitted on, unless stimulus.calibration.source is in_sample)."
          ),
          ("max_abs", "The largest |error| of a simulated output."),
          ("exact%", "Outputs equal to Q_c, in percent."),
          (
            "LUT, FF",
            "Estimated logic LUTs and flip-flops of one unit sized for the layer (its output width and channel "
              + "count); TOTAL rows: one unit serving every layer."
          ),
          ("LUTRAM", "Estimated LUTs used as memory (distributed RAM, shift registers)."),
          ("BRAM36", "Estimated block RAM in RAMB36 blocks (a RAMB18 is 0.5)."),
          ("uJ", "Dynamic energy of the simulated switching, in microjoules."),
        ]),
      HelpSection(
        title: "MORE COLUMNS (--wide)",
        rows: [
          ("compute", "Cycles that accept elements: beats x initiation interval."),
          ("fill", "Pipeline fill and drain: latency - initiation interval."),
          ("reconfig", "Cycles writing the layer's parameters into the unit (thresholds, shifts, biases)."),
          ("stall", "Cycles beyond the ideal schedule: back-pressure and source gaps."),
          ("el/cyc", "Throughput: elements per cycle over all cycles."),
          ("lat", "Pipeline latency: cycles from accepting an element to its output."),
          ("toggles", "Bit flips of every register, handshake and parameter memory."),
          ("tog/b/c", "Switching activity: toggles per bit per cycle."),
          ("mean_abs", "Mean |error|."),
          ("cal_mse", "Mean squared error on the calibration samples the parameters were fitted on."),
          ("mW", "Average dynamic power, in milliwatts."),
          (
            "accuracy table",
            "calibration source and samples, evaluated outputs, >=2LSB% (outputs off by 2 or more), the worst "
              + "channel and its mse, full_max (the largest error over every input the port can carry), full_at "
              + "(where), wraps (channels whose output wraps)."
          ),
        ]),
      HelpSection(
        title: "SUMMARY",
        rows: [
          (
            "summary",
            "Every unit's totals side by side, * on the best value of each row; then per GRAU and MT variant what "
              + "GRAU does better and worse (ratios GRAU/MT), where the cycles differ, and its accuracy against "
              + "the MT unit's. LUT-equivalent = LUT + LUTRAM + 576 x BRAM36."
          )
        ]),
    ])

  static func run(_ args: ParsedArguments, environment env: CommandEnvironment) throws {
    guard let configPath = args.positionals.first else { throw CLIError.usage("Missing expected argument '<config>'") }
    guard args.positionals.count == 1 else {
      throw CLIError.usage("Unexpected argument '\(args.positionals[1])'")
    }
    let overrides = try args.keyValuePairs("set").map { "\($0.key)=\($0.value)" }
    let layers = try layerList(args)
    let maxElements = try args.int("max-elements", in: 1...Int(Int32.max))
    let threads = try args.int("threads", in: RunSettings.threadRange)
    let quiet = args.flag("quiet")
    let directory = try outputDirectory(args, conflicting: ["json", "csv"])
    var wave = try waveformSelection(args)
    if let directory, let path = wave?.path, !path.hasPrefix("/") {
      wave?.path = (directory as NSString).appendingPathComponent(path)
    }
    let budget = try RunBudget(args)
    let config = try loadConfig(configPath, overrides: overrides, env: env)
    let cost = RunCost.estimate(config: config, layers: layers, maxElementsPerLayer: maxElements, threads: threads)
    guard try budget.check(cost, env: env, quiet: quiet) else { return }
    budget.enforce(env: env)
    if let wave {
      _ = try checked { () throws(WaveformError) in try wave.selection.resolve(config: config, runLayers: layers) }
    }
    let bar: ProgressBar? = quiet || !env.stderrIsTerminal ? nil : ProgressBar(sink: env.stderr)
    var options = NetworkRunner.Options(layers: layers, maxElementsPerLayer: maxElements, threads: threads)
    if let bar {
      options.progress = { done, total in bar.update(done: done, total: total) }
    }
    let report = try NetworkRunner.run(config: config, options: options)
    bar?.finish()
    // Every output is written first and committed together: a failure leaves every previous file as it was.
    let outputs = OutputSet()
    if let directory { try outputs.createDirectory(env.resolve(directory), displayPath: directory) }
    var staged: StagedWaveform?
    if let wave {
      staged = try traceWaveform(
        wave, config: config, layers: layers, maxElements: maxElements, threads: threads, env: env)
      for f in staged!.files { outputs.adopt(f) }
    }
    let text = report.renderTable(wide: args.flag("wide"))
    try stageReports(
      outputs, directory: directory, stem: "report", text: text, json: report.jsonText, csv: report.csvText,
      args: args, env: env)
    try outputs.commit()
    if let staged {
      for note in waveformNotes(staged, env: env, quiet: quiet) { env.stderr.write(note + "\n") }
    }
    if !quiet { env.stdout.write(text) }
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

  /// The `-o DIR` option, nil when absent; a usage error with any of `conflicting` (options naming single files).
  static func outputDirectory(_ args: ParsedArguments, conflicting: [String]) throws(CLIError) -> String? {
    guard let directory = args.string("output") else { return nil }
    guard !directory.isEmpty else { throw args.invalid("output", expected: "a directory path") }
    for name in conflicting where args.isPresent(name) {
      throw CLIError.usage("'--output' and '--\(name)' cannot be combined: -o writes every report into its directory")
    }
    return directory
  }

  /// Stages a command's reports: `<stem>.txt`, `.json` and `.csv` inside `-o DIR` (created by the caller), and the
  /// files `--json` and `--csv` name.
  static func stageReports(
    _ outputs: OutputSet, directory: String?, stem: String, text: String, json: () throws -> String,
    csv: () -> String, args: ParsedArguments, env: CommandEnvironment
  ) throws {
    func inside(_ ext: String) -> [String] {
      directory.map { [($0 as NSString).appendingPathComponent("\(stem).\(ext)")] } ?? []
    }
    func stage(_ contents: String, to paths: [String]) throws {
      for path in paths { try outputs.stage(contents, to: env.resolve(path), displayPath: path) }
    }
    try stage(text, to: inside("txt"))
    let jsonPaths = inside("json") + (args.string("json").map { [$0] } ?? [])
    if !jsonPaths.isEmpty { try stage(try json(), to: jsonPaths) }
    let csvPaths = inside("csv") + (args.string("csv").map { [$0] } ?? [])
    if !csvPaths.isEmpty { try stage(csv(), to: csvPaths) }
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

extension RunCommand {
  /// The parsed `--vcd*` options: where to write and what to trace. Nil without `--vcd`.
  struct Waveform {
    var path: String
    var selection: WaveformSelection
  }

  static func waveformSelection(_ args: ParsedArguments) throws(CLIError) -> Waveform? {
    guard let path = args.string("vcd") else {
      for name in [
        "vcd-units", "vcd-lanes", "vcd-layer", "vcd-window", "vcd-elements", "vcd-max-bytes",
      ] where args.isPresent(name) {
        throw CLIError.usage("'--\(name)' requires '--vcd <path>'")
      }
      return nil
    }
    guard !path.isEmpty, !path.hasSuffix("/") else { throw args.invalid("vcd", expected: "a file path") }
    var selection = WaveformSelection()
    if let text = args.string("vcd-units") {
      var units: [UnitKind] = []
      for name in text.split(separator: ",", omittingEmptySubsequences: false) {
        let n = String(name).trimmingCharacters(in: .whitespaces)
        guard let kind = UnitKind(rawValue: n) else {
          let all = UnitKind.allCases.map(\.rawValue)
          let hint = Suggestion.closest(to: n, in: all).map { ", did you mean '\($0)'" } ?? ""
          throw args.invalid(
            "vcd-units", expected: "comma-separated units of \(all.joined(separator: ", ")) ('\(n)' is none\(hint))")
        }
        units.append(kind)
      }
      selection.units = units
    }
    if let text = args.string("vcd-lanes") {
      var lanes: [Int] = []
      for part in text.split(separator: ",", omittingEmptySubsequences: false) {
        guard let l = Int(part.trimmingCharacters(in: .whitespaces)), l >= 0 else {
          throw args.invalid("vcd-lanes", expected: "comma-separated lane numbers >= 0")
        }
        lanes.append(l)
      }
      selection.lanes = lanes
    }
    selection.layer = args.string("vcd-layer")
    if let text = args.string("vcd-window") {
      let parts = text.split(separator: ":", omittingEmptySubsequences: false)
      let expected = "START:END (edges START..<END of the layer, 0 <= START < END) or START: (to the layer's end)"
      guard parts.count == 2, let start = Int(parts[0]), start >= 0 else {
        throw args.invalid("vcd-window", expected: expected)
      }
      if parts[1].isEmpty {
        selection.windowStart = start
      } else {
        guard let end = Int(parts[1]), end > start else { throw args.invalid("vcd-window", expected: expected) }
        selection.windowStart = start
        selection.windowEnd = end
      }
    }
    if let text = args.string("vcd-elements") {
      if args.isPresent("vcd-window") {
        throw CLIError.usage("'--vcd-elements' and '--vcd-window' cannot be combined: give one of them")
      }
      let parts = text.split(separator: ":", omittingEmptySubsequences: false)
      guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), a >= 0, b > a else {
        throw args.invalid("vcd-elements", expected: "A:B (elements A..<B of the layer, 0 <= A < B)")
      }
      selection.elements = a..<b
    }
    if let limit = try args.int("vcd-max-bytes", in: 1...Int.max) { selection.maxBytes = limit }
    return Waveform(path: path, selection: selection)
  }

  /// Runs `body`, turning a ``WaveformError`` into the command's error: bad selections are usage errors, files
  /// that cannot be written I/O errors.
  static func checked<T>(_ body: () throws(WaveformError) -> T) throws(CLIError) -> T {
    do { return try body() } catch {
      switch error {
      case .invalidOption(let name, let expected, let got):
        throw CLIError.usage("The value '\(got)' is invalid for '\(name)': expected \(expected)")
      case .vcd(let e):
        switch e {
        case .io, .output: throw CLIError.ioError(e.description)
        case .sizeLimitTooSmall(let needed, let limit):
          throw CLIError.usage(
            "--vcd-max-bytes \(limit) is below the \(needed) bytes the VCD's header and initial values can take: "
              + "raise it to at least \(needed), or trace fewer units (--vcd-units) or lanes (--vcd-lanes)")
        default: throw CLIError(.software, "internal error: \(e)")
        }
      }
    }
  }

  /// Prepares the traced layer again (fitting is deterministic, so it gets the parameters the report used) and
  /// traces it into staged files.
  static func traceWaveform(
    _ wave: Waveform, config: SimulationConfig, layers: [String]?, maxElements: Int?, threads: Int?,
    env: CommandEnvironment
  ) throws -> StagedWaveform {
    let (_, layer) = try checked { () throws(WaveformError) in
      try wave.selection.resolve(config: config, runLayers: layers)
    }
    let network = try NetworkRunner.prepare(
      config: config, options: .init(layers: [layer], maxElementsPerLayer: maxElements, threads: threads))
    let path = env.resolve(wave.path)
    return try checked { () throws(WaveformError) in
      let request = try WaveformTracer.request(network: network, selection: wave.selection)
      return try WaveformTracer.stage(
        request, vcdPath: path, savePath: WaveformTracer.savePath(forVCD: path),
        displayPaths: (wave.path, WaveformTracer.savePath(forVCD: wave.path)))
    }
  }

  /// What the user should know about the written trace: where it went (unless quiet), whether the size cap ended
  /// it early, and whether the layer ended before the window.
  static func waveformNotes(_ staged: StagedWaveform, env: CommandEnvironment, quiet: Bool) -> [String] {
    let s = staged.summary
    var notes: [String] = []
    let units = s.units.map(\.rawValue).joined(separator: ",")
    if !quiet {
      notes.append(
        "note: wrote \(staged.vcdPath) (\(s.trace.bytes) bytes, \(s.signals) signals, units \(units), edges "
          + "\(s.firstEdge)...\(s.trace.lastEdge)) and \(staged.savePath ?? "")")
    }
    if s.trace.isTruncated {
      notes.append(
        "note: the waveform reached --vcd-max-bytes and ends at edge \(s.trace.lastEdge) "
          + "(\(s.trace.bytes) bytes); narrow --vcd-window or raise --vcd-max-bytes to see more")
    }
    if let last = s.lastEdges.max(), last < s.firstEdge {
      notes.append(
        "note: the layer ends at edge \(last), before the waveform window starts at edge \(s.firstEdge): the "
          + "trace holds only the final state")
    }
    return notes
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
