extension SimulationConfig {
  /// The configuration with every default resolved, in the schema it was read from (docs/config.md).
  ///
  /// Decoding this tree again yields an equal configuration (synthetic batch-norm parameters stay `null`, trace
  /// paths stay as written, `run.threads` stays `null` when unset, so the tree is the same on every machine).
  var resolvedJSON: JSONValue {
    let a = accelerator
    let g = a.grau
    func values(_ v: ChannelValues) -> JSONValue {
      switch v {
      case .synthetic: .null
      case .scalar(let x): .finite(x)
      case .perChannel(let xs): .array(xs.map { .finite($0) })
      }
    }
    // A network with weights: the shapes come from the weights (not written), the files as resolved paths.
    func compute(_ c: LayerCompute) -> [(String, JSONValue)] {
      [
        ("kind", .string(c.kind.rawValue)), ("weights", .string(c.written[0])),
        ("bias", c.written.count > 1 ? .string(c.written[1]) : .null),
      ]
        + (c.kind == .conv2d
          ? [("stride", .int(c.stride)), ("padding", .int(c.padding)), ("pool", .int(c.pool))] : [])
    }
    var layers: [JSONValue] = network.layers.map { l in
      guard let c = l.compute else { return plain(l) }
      var o = JSONObject(compute(c))
      if case .object(let members) = plain(l) {
        for m in members where !["channels", "height", "width", "trace", "calibration_trace"].contains(m.key) {
          o[m.key] = m.value
        }
      }
      return .object(o)
    }
    if let logits = network.logits {
      layers.append(
        .object(
          JSONObject([("name", .string(logits.name))] + compute(logits.compute) + [("activation", .string("none"))])))
    }
    var networkObject: JSONObject = ["name": .string(network.name), "layers": .array(layers)]
    if let d = network.dataset {
      networkObject["dataset"] = .object([
        "calibration": .string(d.written[0]), "test": .string(d.written[1]), "test_labels": .string(d.written[2]),
      ])
    }
    func plain(_ l: LayerConfig) -> JSONValue {
      .object([
        "name": .string(l.name), "channels": .int(l.channels), "height": .int(l.height),
        "width": .int(l.width), "activation": .string(l.function.name),
        "alpha": l.function.alpha.map { .finite($0) } ?? .null, "out_bits": .int(l.outputBits),
        "signed": .bool(l.signed), "in_scale": .finite(l.inputScale), "out_scale": .finite(l.outputScale),
        "zero_point": .int(l.zeroPoint), "gamma": values(l.gamma), "beta": values(l.beta),
        "trace": l.trace.map { .string($0) } ?? .null,
        "calibration_trace": l.calibrationTrace.map { .string($0) } ?? .null,
      ])
    }
    // `shifter` appears only when it is not the published chain, so default outputs stay as they were.
    var grauObject: JSONObject = [
      "segments": .int(g.segments), "pre_shift": a.autoPreShift ? .string("auto") : .int(g.preShift),
      "stages": a.autoStages ? .string("auto") : .int(g.stages),
      "slopes": .string(g.slopeMode.rawValue), "apot_terms": .int(a.fit.apotMaxTerms),
      "saturate": .bool(g.saturate), "comparator": .string(g.comparator.rawValue), "bypass": .bool(g.bypass),
      "objective": .string(a.fit.objective.rawValue), "max_candidates": .int(a.fit.maxCandidates),
      "fit_range": .string(a.fitRange.rawValue), "full_range_share": .finite(a.fullRangeShare),
    ]
    if g.shifter != .chain { grauObject["shifter"] = .string(g.shifter.rawValue) }
    // Likewise `fitter`: absent for grausim's own fitter.
    if a.fit.fitter != .optimal { grauObject["fitter"] = .string(a.fit.fitter.rawValue) }
    var accelerator: JSONObject = [
      "lanes": .int(a.lanes), "in_bits": .int(a.inputBits), "clock_mhz": .finite(a.clockMHz),
      "units": .array(a.units.map { .string($0.rawValue) }),
      "grau": .object(grauObject),
      // `storage` is written only when it is not the default, so reports of default configs stay as they were.
      "mt": .object(
        JSONObject(
          [("max_bits", JSONValue.int(a.mtMaxBits))]
            + (a.mtStorage == .ram ? [] : [("storage", JSONValue.string(a.mtStorage.rawValue))]))),
      "stream_order": .string(a.streamOrder.rawValue),
      "source": .object(["valid_pattern": .string(a.sourceValid.description)]),
      "sink": .object(["ready_pattern": .string(a.sinkReady.description)]),
      "param_bus_bits": .int(a.paramBusBits),
    ]
    // Absent unless set, so that a config without a device resolves to the same tree as before the key existed.
    if let d = a.device { accelerator["device"] = .string(d.name) }
    var top: JSONObject {
      [
        "description": description.map { .string($0) } ?? .null,
        "accelerator": .object(accelerator),
        "network": .object(networkObject),
        "stimulus": .object([
          "seed": .int(Int(truncatingIfNeeded: stimulus.seed)), "kind": .string(stimulus.kind.rawValue),
          "mean": .finite(stimulus.mean), "std": .finite(stimulus.std), "gamma_std": .finite(stimulus.gammaStd),
          "beta_std": .finite(stimulus.betaStd),
          "max_elements_per_layer": stimulus.maxElementsPerLayer.map { .int($0) } ?? .null,
          "trace_dir": .string(stimulus.traceDir),
          "calibration": .object([
            "source": .string(stimulus.calibration.source.rawValue),
            "seed": stimulus.calibration.seed.map { .int(Int(truncatingIfNeeded: $0)) } ?? .null,
            "pixels": stimulus.calibration.pixels.map { .int($0) } ?? .null,
            "trace_fraction": .finite(stimulus.calibration.traceFraction),
          ]),
        ]),
        "run": .object([
          "threads": run.threads.map { .int($0) } ?? .null,
          "layers": run.layers.map { .array($0.map { .string($0) }) } ?? .null,
        ]),
      ]
    }
    return .object(top)
  }
}
