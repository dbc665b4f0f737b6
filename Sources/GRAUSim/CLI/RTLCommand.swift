import Foundation

/// `grausim rtl`: exports the configured units as Verilog, with a testbench and golden vectors.
enum RTLCommand: GRAUSimCommand {
  static let spec = CommandSpec(
    name: "rtl",
    abstract: "Export the configured units as synthesizable Verilog, with a testbench and golden vectors.",
    discussion:
      "Writes one directory per unit variant under --out: <unit>.v (Verilog-2005), tb_<unit>.v, the configuration "
      + "words, stimulus, handshake patterns and expected outputs as hex/text files, and run_iverilog.sh, which "
      + "simulates the testbench with Icarus Verilog and compares every output and its cycle. Each unit is sized "
      + "for the selected layers (largest output width, deepest channel count). See docs/rtl.md.",
    arguments: [ArgumentSpec("config", help: "The network configuration (JSON).")],
    options: [
      .value("out", valueName: "dir", help: "Directory to write into (created if needed).", required: true),
      .repeating("set", valueName: "key=value", help: "Override a config key (repeatable)."),
      .value("units", valueName: "a,b,...", help: "Export only these unit variants (default: the config's units)."),
      .value("layers", valueName: "a,b,...", help: "Layers whose vectors the testbench streams (default: the first)."),
      .value("max-elements", valueName: "n", help: "Elements per layer in the golden vectors.", default: "256"),
    ])

  static func run(_ args: ParsedArguments, environment env: CommandEnvironment) throws {
    guard let configPath = args.positionals.first else { throw CLIError.usage("Missing expected argument '<config>'") }
    guard args.positionals.count == 1 else { throw CLIError.usage("Unexpected argument '\(args.positionals[1])'") }
    let overrides = try args.keyValuePairs("set").map { "\($0.key)=\($0.value)" }
    let maxElements = try args.int("max-elements", in: 1...1_000_000)!
    let config = try RunCommand.loadConfig(configPath, overrides: overrides, env: env)
    var units = config.accelerator.units
    if let names = args.string("units") {
      units = []
      for name in names.split(separator: ",").map(String.init) {
        guard let kind = UnitKind(rawValue: name) else {
          let hint = Suggestion.closest(to: name, in: UnitKind.allCases.map(\.rawValue)).map {
            " (did you mean '\($0)'?)"
          }
          throw args.invalid(
            "units", value: name,
            expected: "unit names among \(UnitKind.allCases.map(\.rawValue).joined(separator: ", "))" + (hint ?? ""))
        }
        units.append(kind)
      }
    }
    let layers = try RunCommand.layerList(args) ?? [config.network.layers[0].name]
    var configured = config
    configured.accelerator.units = units
    let network = try NetworkRunner.prepare(
      config: configured, options: NetworkRunner.Options(layers: layers, maxElementsPerLayer: maxElements))
    let shownOut = args.string("out")!
    let out = env.resolve(shownOut)
    // Every unit's files are staged first and committed together: a failure leaves the previous export as it was.
    let outputs = OutputSet()
    var summary: [String] = []
    for kind in units {
      let jobs = network.layerNames.indices.map { network.job(layer: $0, kind: kind) }
      var design = RTLDesign(unit: jobs[0].design)
      // The output port carries the widest exported layer, and an MT unit's widest code (accelerator.mt.max_bits).
      design.maxOutputBits = jobs.map(\.output.bits).max()!
      if !kind.isGRAU { design.maxOutputBits = max(design.maxOutputBits, design.mtMaxBits) }
      design.channelCapacity = jobs.map { $0.parameters.channels }.max()!
      let vectors = jobs.map { RTLLayerVectors(job: $0, maxElements: maxElements) }
      let directory = (out as NSString).appendingPathComponent(kind.rawValue)
      let written: [String]
      do throws(RTLExportError) {
        written = try RTLExport.stage(
          design: design, layers: vectors, in: directory,
          displayDirectory: (shownOut as NSString).appendingPathComponent(kind.rawValue), into: outputs)
      } catch {
        switch error {
        case .invalid(let e):
          throw CLIError.dataError("cannot export \(kind.rawValue) as Verilog: \(Self.configTerms(e))")
        case .output(let e): throw CLIError.ioError(e.description)
        }
      }
      summary.append("\(kind.rawValue): \(written.count) files in \(directory)\n")
    }
    try outputs.commit()
    for line in summary { env.stdout.write(line) }
  }

  /// A limit of the exported RTL, named by the configuration key that sets it.
  static func configTerms(_ e: ValueError) -> String {
    let keys = [
      "rtl.lanes": "accelerator.lanes", "rtl.channels": "network.layers[*].channels",
      "rtl.bus_bits": "accelerator.param_bus_bits", "rtl.max_out_bits": "network.layers[*].out_bits",
      "rtl.mt_max_bits": "accelerator.mt.max_bits",
    ]
    let path = keys[e.path] ?? (e.path.hasPrefix("rtl.grau") ? "accelerator" + e.path.dropFirst(3) : e.path)
    return "\(path): the exported RTL takes \(e.expected), got \(e.got)"
  }
}
