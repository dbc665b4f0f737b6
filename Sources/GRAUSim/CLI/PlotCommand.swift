import Foundation

/// `grausim plot`: SVG figures of a sweep's JSON.
enum PlotCommand: GRAUSimCommand {
  static let spec = CommandSpec(
    name: "plot",
    abstract: "Draw a sweep (its JSON or CSV, or a merge's) as an SVG figure.",
    discussion:
      "With --x KEY: the metric --y against a swept key, one line per unit (and per value of the other swept "
      + "keys); --crossing UNIT marks where that unit's line crosses the others. With --pareto X,Y: every point "
      + "and unit as a dot of two metrics and the front of those no other beats in both. Metrics: every numeric "
      + "column of the sweep's CSV (cycles, cycles_reconfig, time_us, max_abs, mean_abs, mse, full_range_max_abs, "
      + "lut, ff, lutram, bram36, lut_equivalent, energy_uj, power_mw, ...), exact_percent, and top1_percent for networks with weights (docs/report.md).",
    arguments: [ArgumentSpec("sweep", help: "The sweep's JSON or CSV file (sweep --json / --csv, or a merge).")],
    options: [
      .value("x", valueName: "key", help: "The swept key on the x axis."),
      .value("y", valueName: "metric", help: "The metric on the y axis (default mse)."),
      .value("pareto", valueName: "x,y", help: "Two metrics to plot against each other, with their Pareto front."),
      .value("crossing", valueName: "unit", help: "Mark where this unit's line crosses the others (e.g. grau)."),
      .flag("log-y", help: "A logarithmic y axis (values <= 0 are not drawn)."),
      .flag("log-x", help: "A logarithmic x axis for --pareto."),
      .value("out", valueName: "path", help: "The SVG file to write."),
    ])

  static func run(_ args: ParsedArguments, environment env: CommandEnvironment) throws {
    guard let path = args.positionals.first else { throw CLIError.usage("Missing expected argument '<sweep>'") }
    guard args.positionals.count == 1 else { throw CLIError.usage("Unexpected argument '\(args.positionals[1])'") }
    guard let out = args.string("out") else { throw CLIError.usage("Missing '--out <path>' (the SVG to write)") }
    let report = try readReport(path, env: env)
    let chart: SVGChart
    do {
      if let pair = args.string("pareto") {
        let parts = pair.split(separator: ",").map(String.init)
        guard parts.count == 2 else { throw args.invalid("pareto", expected: "two metrics, e.g. lut,mse") }
        chart = try SweepPlot.pareto(
          report, x: parts[0], y: parts[1], logX: args.flag("log-x"), logY: args.flag("log-y"))
      } else {
        guard let x = args.string("x") else { throw CLIError.usage("Missing '--x <key>' or '--pareto <x,y>'") }
        chart = try SweepPlot.lines(
          report, x: x, y: args.string("y") ?? "mse", logY: args.flag("log-y"), crossing: args.string("crossing"))
      }
    } catch let e as SweepPlot.PlotError {
      throw CLIError.usage(e.message)
    }
    try OutputFile.write(chart.render(), to: env.resolve(out), displayPath: out)
  }

  /// The sweep in `name`: its JSON (a sweep's or a merge's, checked as a merge of one), or its CSV when the file
  /// does not start with `{`.
  static func readReport(_ name: String, env: CommandEnvironment) throws -> SweepReport {
    let bytes: [UInt8]
    do { bytes = try InputFile.read(env.resolve(name)) } catch {
      throw CLIError.noInput("cannot read '\(name)': \(error.reason)")
    }
    let first = bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
    guard first != nil else { throw CLIError.dataError("\(name): the file is empty (expected a sweep's JSON or CSV)") }
    if first == UInt8(ascii: "{") {
      let json: JSONValue
      do { json = try JSONValue(parsing: bytes) } catch { throw CLIError.dataError("\(name): \(error)") }
      return try SweepMerge.merge([SweepMerge.Input(name: name, json: json)]).1
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw CLIError.dataError("\(name): not UTF-8 text (expected a sweep's JSON or CSV)")
    }
    do { return try SweepReport(csv: text) } catch { throw CLIError.dataError("\(name): \(error)") }
  }
}
