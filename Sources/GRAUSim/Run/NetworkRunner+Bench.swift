/// What `grausim-bench replay` needs to prepare a configuration exactly as `grausim run` does, without the CLI:
/// the configuration loaded with `--set` overrides (``SimulationConfig/load(path:overrides:)``, as
/// `RunCommand.loadConfig` loads it) and ``NetworkRunner/prepare(config:options:)``. Accessors only.
extension NetworkRunner {
  /// Loads the configuration at `path` with `overrides` applied and prepares it.
  ///
  /// - Throws: the configuration's error (``ConfigError``) or the run's (``RunError``), printable as they are.
  package static func prepare(
    configPath path: String, overrides: [String] = [], layers: [String]? = nil, maxElementsPerLayer: Int? = nil,
    threads: Int? = nil
  ) throws -> PreparedNetwork {
    let config = try SimulationConfig.load(path: path, overrides: overrides)
    return try prepare(
      config: config,
      options: Options(layers: layers, maxElementsPerLayer: maxElementsPerLayer, threads: threads))
  }
}

extension NetworkRunner.PreparedNetwork {
  /// The configured unit variants (`accelerator.units`).
  package var units: [UnitKind] { config.accelerator.units }
  /// The accelerator's lanes.
  package var lanes: Int { config.accelerator.lanes }
  /// The accelerator's clock (`accelerator.clock_mhz`), which `grausim run --vcd` traces at.
  package var clockMHz: Double { config.accelerator.clockMHz }
  /// Elements streamed through prepared layer `l`.
  package func elements(layer l: Int) -> Int { layers[l].stream.count }
  /// The parameters ``job(layer:kind:)`` loads into the unit.
  package func parameters(layer l: Int, kind: UnitKind) -> UnitParameterSet { job(layer: l, kind: kind).parameters }
}
