extension SimulationConfig {
  /// The configuration with every default resolved, in the schema it was read from (docs/config.md).
  ///
  /// Decoding this tree again yields an equal configuration (synthetic batch-norm parameters stay `null`, trace
  /// paths stay as written, `run.threads` stays `null` when unset, so the tree is the same on every machine).
  public var resolvedJSON: ConfigJSON {
    let a = accelerator
    let g = a.grau
    func values(_ v: ChannelValues) -> ConfigJSON {
      switch v {
      case .synthetic: .null
      case .scalar(let x): .number(x)
      case .perChannel(let xs): .array(xs.map { .number($0) })
      }
    }
    let layers: [ConfigJSON] = network.layers.map { l in
      .object([
        "name": .string(l.name), "channels": .integer(l.channels), "height": .integer(l.height),
        "width": .integer(l.width), "activation": .string(l.function.name),
        "alpha": l.function.alpha.map { .number($0) } ?? .null, "out_bits": .integer(l.outputBits),
        "signed": .bool(l.signed), "in_scale": .number(l.inputScale), "out_scale": .number(l.outputScale),
        "zero_point": .integer(l.zeroPoint), "gamma": values(l.gamma), "beta": values(l.beta),
        "trace": l.trace.map { .string($0) } ?? .null,
      ])
    }
    var top: KeyValuePairs<String, ConfigJSON> {
      [
        "description": description.map { .string($0) } ?? .null,
        "accelerator": .object([
          "lanes": .integer(a.lanes), "in_bits": .integer(a.inputBits), "clock_mhz": .number(a.clockMHz),
          "units": .array(a.units.map { .string($0.rawValue) }),
          "grau": .object([
            "segments": .integer(g.segments), "pre_shift": .integer(g.preShift), "stages": .integer(g.stages),
            "slopes": .string(g.slopeMode.rawValue), "apot_terms": .integer(a.fit.apotMaxTerms),
            "saturate": .bool(g.saturate), "comparator": .string(g.comparator.rawValue), "bypass": .bool(g.bypass),
            "objective": .string(a.fit.objective.rawValue), "max_candidates": .integer(a.fit.maxCandidates),
          ]),
          "mt": .object(["max_bits": .integer(a.mtMaxBits)]),
          "stream_order": .string(a.streamOrder.rawValue),
          "source": .object(["valid_pattern": .string(a.sourceValid.description)]),
          "sink": .object(["ready_pattern": .string(a.sinkReady.description)]),
          "param_bus_bits": .integer(a.paramBusBits),
        ]),
        "network": .object(["name": .string(network.name), "layers": .array(layers)]),
        "stimulus": .object([
          "seed": .integer(Int(truncatingIfNeeded: stimulus.seed)), "kind": .string(stimulus.kind.rawValue),
          "mean": .number(stimulus.mean), "std": .number(stimulus.std), "gamma_std": .number(stimulus.gammaStd),
          "beta_std": .number(stimulus.betaStd),
          "max_elements_per_layer": stimulus.maxElementsPerLayer.map { .integer($0) } ?? .null,
          "trace_dir": .string(stimulus.traceDir),
        ]),
        "run": .object([
          "threads": run.threads.map { .integer($0) } ?? .null,
          "layers": run.layers.map { .array($0.map { .string($0) }) } ?? .null,
        ]),
      ]
    }
    return .object(top)
  }
}
