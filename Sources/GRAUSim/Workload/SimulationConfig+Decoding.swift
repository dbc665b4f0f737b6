import Foundation

extension SimulationConfig {
  static let topKeys = ["description", "accelerator", "network", "stimulus", "run", "comparison"]
  static let acceleratorKeys = [
    "lanes", "in_bits", "clock_mhz", "units", "grau", "mt", "stream_order", "source", "sink", "param_bus_bits",
    "device",
  ]
  static let grauKeys = [
    "segments", "pre_shift", "stages", "slopes", "apot_terms", "saturate", "comparator", "bypass", "objective",
    "max_candidates", "fit_range", "full_range_share", "shifter", "fitter",
  ]
  static let layerKeys = [
    "name", "channels", "height", "width", "activation", "alpha", "out_bits", "signed", "in_scale", "out_scale",
    "zero_point", "gamma", "beta", "trace", "calibration_trace",
  ]
  static let stimulusKeys = [
    "seed", "kind", "mean", "std", "gamma_std", "beta_std", "max_elements_per_layer", "trace_dir", "calibration",
  ]
  static let calibrationKeys = ["source", "seed", "pixels", "trace_fraction"]

  /// Loads, overrides and validates the configuration file at `path`.
  ///
  /// - Parameters:
  ///   - path: The JSON file; errors name it as given.
  ///   - overrides: `key=value` strings (the CLI's `--set`), applied in order before validation.
  /// - Throws: ``ConfigError`` (kind `missingFile` when the file or a trace it names cannot be read).
  static func load(path: String, overrides: [String] = []) throws(ConfigError) -> SimulationConfig {
    let data: [UInt8]
    do { data = try InputFile.read(path, limit: 1 << 28) } catch {
      throw ConfigError(
        .missingFile, file: path, path: "", expected: "the configuration file", got: error.reason)
    }
    guard let text = String(validating: data, as: UTF8.self) else {
      throw ConfigError(.syntax, file: path, path: "", expected: "UTF-8 text", got: "the file is not valid UTF-8")
    }
    let directory = (path as NSString).deletingLastPathComponent
    return try decode(text, file: path, directory: directory.isEmpty ? "." : directory, overrides: overrides)
  }

  /// Parses, overrides and validates configuration text.
  ///
  /// - Parameters:
  ///   - file: The name errors are attributed to.
  ///   - directory: The directory `stimulus.trace_dir` is relative to.
  static func decode(
    _ text: String, file: String? = nil, directory: String = ".", overrides: [String] = []
  ) throws(ConfigError) -> SimulationConfig {
    do {
      var json = try JSONValue.parseConfig(text)
      for o in overrides { try ConfigOverride(o).apply(to: &json) }
      return try decode(json, file: file, directory: directory)
    } catch {
      throw error.inFile(file)
    }
  }

  /// Validates an already parsed (and overridden) JSON tree.
  static func decode(_ json: JSONValue, file: String? = nil, directory: String = ".") throws(ConfigError)
    -> SimulationConfig
  {
    do {
      return try decodeWithComparison(json, file: file, directory: directory)
    } catch {
      throw error.inFile(file)
    }
  }

  static func _decode(_ json: JSONValue, file: String?, directory: String) throws(ConfigError)
    -> SimulationConfig
  {
    guard case .object = json else {
      throw ConfigError(.wrongType, path: "", expected: "a JSON object at the top level", got: json.summary)
    }
    let top = try ConfigReader(json, path: "", known: topKeys)
    let description = try top.string("description", default: nil)
    let acc = try ConfigReader(top.raw("accelerator"), path: "accelerator", known: acceleratorKeys)
    let inputBits = try acc.int("in_bits", default: 16, 2...32)
    let stimulus = try decodeStimulus(top)
    let traceDirectory = (directory as NSString).appendingPathComponent(stimulus.traceDir)
    let network = try decodeNetwork(
      top, inputBits: inputBits, stimulus: stimulus, traceDirectory: traceDirectory, directory: directory)
    let accelerator = try decodeAccelerator(acc, inputBits: inputBits, network: network)
    let run = try decodeRun(top, network: network)
    return SimulationConfig(
      description: description, accelerator: accelerator, network: network, stimulus: stimulus, run: run, file: file,
      traceDirectory: traceDirectory)
  }

  // MARK: accelerator

  private static func decodeAccelerator(_ acc: ConfigReader, inputBits: Int, network: NetworkConfig) throws(ConfigError)
    -> AcceleratorConfig
  {
    let lanes = try acc.int("lanes", default: 16, 1...4096)
    let clock = try acc.double("clock_mhz", default: 200, "a number in (0, 100000]") { $0 > 0 && $0 <= 100_000 }!
    var units: [UnitKind] = [.grau, .mt, .mtBinarySearch]
    if let v = acc.raw("units") {
      let names = UnitKind.allCases.map(\.rawValue)
      let elements = try ConfigReader.array(v, path: acc.child("units"), expected: "an array of unit names")
      guard !elements.isEmpty else {
        throw ConfigError(.invalidValue, path: acc.child("units"), expected: "at least one unit", got: "[]")
      }
      units = []
      for (e, p) in elements {
        let kind = UnitKind(rawValue: try ConfigReader.choice(e, path: p, names))!
        guard !units.contains(kind) else {
          throw ConfigError(.invalidValue, path: p, expected: "each unit once", got: "a second \"\(kind.rawValue)\"")
        }
        units.append(kind)
      }
      units.sort()
    }
    let g = try ConfigReader(acc.raw("grau"), path: acc.child("grau"), known: grauKeys)
    /// An integer in `range`, or "auto" (then the default until the run chooses it).
    func intOrAuto(_ key: String, _ d: Int, _ range: ClosedRange<Int>) throws(ConfigError) -> (Int, Bool) {
      if case .string("auto")? = g.raw(key) { return (d, true) }
      if case .string(let s)? = g.raw(key) {
        throw ConfigError(
          .invalidValue, path: g.child(key),
          expected: "an integer in \(range.lowerBound)...\(range.upperBound) or \"auto\"",
          got: "\"\(s)\"")
      }
      return (try g.int(key, default: d, range), false)
    }
    let (stages, autoStages) = try intOrAuto("stages", 16, GRAUArchitecture.stagesRange)
    let (preShift, autoPreShift) = try intOrAuto("pre_shift", 6, GRAUArchitecture.preShiftRange)
    let grau = GRAUArchitecture(
      inputBits: inputBits, segments: try g.int("segments", default: 6, 2...32),
      preShift: preShift, stages: stages,
      slopeMode: SlopeMode(rawValue: try g.choice("slopes", default: "pot", SlopeMode.allCases.map(\.rawValue)))!,
      saturate: try g.bool("saturate", default: false),
      comparator: ComparatorStyle(
        rawValue: try g.choice("comparator", default: "chain", ComparatorStyle.allCases.map(\.rawValue)))!,
      bypass: try g.bool("bypass", default: true),
      shifter: ShifterStyle(rawValue: try g.choice("shifter", default: "chain", ShifterStyle.allCases.map(\.rawValue)))!
    )
    do { try grau.validate(path: acc.child("grau")) } catch {
      throw ConfigError(.invalidValue, path: error.path, expected: error.expected, got: error.got)
    }
    var fit = FitOptions(
      objective: FitObjective(
        rawValue: try g.choice("objective", default: "mse", FitObjective.allCases.map(\.rawValue)))!,
      maxCandidates: try g.int("max_candidates", default: 256, FitOptions.candidateRange),
      apotMaxTerms: try g.int(
        "apot_terms", default: 2, 1...(autoStages ? GRAUArchitecture.stagesRange.upperBound : stages)))
    fit.fitter = try Self.fitter(g, objective: fit.objective)
    let fitRange = FitRange(rawValue: try g.choice("fit_range", default: "full", FitRange.allCases.map(\.rawValue)))!
    let share = try g.double(
      "full_range_share", default: FitDomain.defaultCoverageShare, "a number in (0, 1)"
    ) { $0 > 0 && $0 < 1 }!

    let largest = network.layers.map(\.outputBits).max() ?? 8
    let mt = try ConfigReader(acc.raw("mt"), path: acc.child("mt"), known: ["max_bits", "storage"])
    let mtMaxBits = try mt.int("max_bits", default: largest, 1...16)
    let mtStorage = MTStorage(
      rawValue: try mt.choice("storage", default: "ram", MTStorage.allCases.map(\.rawValue)))!
    if let i = network.layers.firstIndex(where: { $0.outputBits > mtMaxBits }) {
      throw ConfigError(
        .invalidValue, path: mt.child("max_bits"),
        expected:
          "at least the largest layer precision (network.layers[\(i)].out_bits = \(network.layers[i].outputBits))",
        got: "\(mtMaxBits)")
    }
    // A register file holds every threshold of every channel in flip-flops (per design, shared by the lanes):
    // beyond the largest device's flip-flops it cannot be built, and RAM is the only storage that makes sense.
    if mtStorage == .registers, units.contains(where: { !$0.isGRAU }) {
      let channels = network.layers.map(\.channels).max() ?? 1
      let bits = channels * ((1 << mtMaxBits) - 1) * (inputBits + 1)
      if bits > MTStorage.maxRegisterBits {
        throw ConfigError(
          .invalidValue, path: mt.child("storage"),
          expected:
            "\"ram\" for this design: \"registers\" needs \(bits) flip-flops for the thresholds (\(channels) channels × "
            + "\((1 << mtMaxBits) - 1) thresholds × \(inputBits + 1) bits), more than the \(MTStorage.maxRegisterBits) "
            + "of the largest UltraScale+ device",
          got: "\"registers\"")
      }
    }
    // The GRAU offset adder carries the output code: it must be able to hold qmin and qmax (with "auto" the pre-shift
    // is chosen large enough at run time).
    if !autoPreShift {
      for (i, layer) in network.layers.enumerated() {
        do { try grau.validate(output: layer.output, path: "network.layers[\(i)].out_bits") } catch {
          throw ConfigError(.invalidValue, path: error.path, expected: error.expected, got: error.got)
        }
      }
    }

    let order = StreamOrder(
      rawValue: try acc.choice("stream_order", default: "channel_interleaved", StreamOrder.allCases.map(\.rawValue)))!
    func pattern(_ section: String, _ key: String) throws(ConfigError) -> EdgePattern {
      let r = try ConfigReader(acc.raw(section), path: acc.child(section), known: [key])
      guard let v = r.raw(key) else { return .always }
      let text = try ConfigReader.string(v, path: r.child(key), expected: "a string of 0 and 1 with at least one 1")
      guard let p = EdgePattern(text) else {
        throw ConfigError(
          .invalidValue, path: r.child(key), expected: "a string of 0 and 1 with at least one 1", got: "\"\(text)\"")
      }
      return p
    }
    var device: FPGADevice?
    if let v = acc.raw("device") {
      let names = FPGADevice.builtIn.map(\.name)
      let expected = "a device name, one of " + names.map { "\"\($0)\"" }.joined(separator: ", ") + " (any case)"
      let text = try ConfigReader.string(v, path: acc.child("device"), expected: expected)
      guard let d = FPGADevice.named(text) else {
        let hint = Suggestion.closest(to: text.lowercased(), in: names).map { "did you mean '\($0)'?" }
        throw ConfigError(.invalidValue, path: acc.child("device"), expected: expected, got: "\"\(text)\"", hint: hint)
      }
      device = d
    }
    return AcceleratorConfig(
      lanes: lanes, inputBits: inputBits, clockMHz: clock, units: units, grau: grau, fit: fit, fitRange: fitRange,
      fullRangeShare: share, autoPreShift: autoPreShift, autoStages: autoStages, mtMaxBits: mtMaxBits,
      mtStorage: mtStorage, streamOrder: order, sourceValid: try pattern("source", "valid_pattern"),
      sinkReady: try pattern("sink", "ready_pattern"),
      paramBusBits: try acc.int("param_bus_bits", default: 32, 1...1024), device: device)
  }

  // MARK: stimulus

  private static func decodeStimulus(_ top: ConfigReader) throws(ConfigError) -> StimulusConfig {
    let s = try ConfigReader(top.raw("stimulus"), path: "stimulus", known: stimulusKeys)
    let finite = "a finite number"
    let positive = "a finite number > 0"
    let spread = "a number in 0...1"
    return StimulusConfig(
      seed: UInt64(try s.int("seed", default: 1, 0...Int.max)),
      kind: StimulusKind(rawValue: try s.choice("kind", default: "gaussian", StimulusKind.allCases.map(\.rawValue)))!,
      mean: try s.double("mean", default: 0, finite) { _ in true }!,
      std: try s.double("std", default: 1, positive) { $0 > 0 }!,
      gammaStd: try s.double("gamma_std", default: 0.1, spread) { (0...1).contains($0) }!,
      betaStd: try s.double("beta_std", default: 0.1, spread) { (0...1).contains($0) }!,
      maxElementsPerLayer: try s.optionalInt("max_elements_per_layer", 1...Int(Int32.max)),
      traceDir: try s.string("trace_dir", default: ".")!, calibration: try decodeCalibration(s))
  }

  private static func decodeCalibration(_ s: ConfigReader) throws(ConfigError) -> CalibrationConfig {
    let c = try ConfigReader(s.raw("calibration"), path: s.child("calibration"), known: calibrationKeys)
    let source = CalibrationConfig.Source(
      rawValue: try c.choice("source", default: "held_out", CalibrationConfig.Source.allCases.map(\.rawValue)))!
    return CalibrationConfig(
      source: source, seed: try c.optionalInt("seed", 0...Int.max).map(UInt64.init),
      pixels: try c.optionalInt("pixels", 1...(1 << 30)),
      traceFraction: try c.double("trace_fraction", default: 0.5, "a number in (0, 1)") { $0 > 0 && $0 < 1 }!)
  }

  // MARK: network

  /// Whether a function takes negative values (then layers default to signed outputs).
  static func defaultSigned(_ f: ActivationFunction) -> Bool {
    switch f {
    case .identity, .leakyReLU, .tanh, .silu, .hswish, .gelu, .reciprocal: true
    case .relu, .relu6, .pact, .sigmoid, .hsigmoid, .exp, .rsqrt: false
    }
  }

  static func decodeLayer(
    _ value: JSONValue, path: String, index: Int, inputBits: Int, stimulus: StimulusConfig, traceDirectory: String
  ) throws(ConfigError) -> LayerConfig {
    let l = try ConfigReader(value, path: path, known: layerKeys)
    let name = try l.string("name", default: "layer\(index)")!
    guard !name.isEmpty else {
      throw ConfigError(.invalidValue, path: l.child("name"), expected: "a non-empty name", got: "\"\"")
    }
    let channels = try l.int("channels", default: 1, 1...(1 << 20))
    let height = try l.int("height", default: 1, 1...(1 << 16))
    let width = try l.int("width", default: 1, 1...(1 << 16))
    guard channels * height * width <= 1 << 40 else {
      throw ConfigError(
        .invalidValue, path: path, expected: "at most 2^40 elements per layer", got: "\(channels)×\(height)×\(width)")
    }
    let fname = try ConfigReader.choice(
      try l.required("activation", "an activation function name"), path: l.child("activation"), ActivationFunction.names
    )
    let alpha = try l.double("alpha", default: nil, "a finite number") { _ in true }
    let function: ActivationFunction
    do { function = try ActivationFunction(name: fname, alpha: alpha) } catch {
      switch error {
      case .unexpectedAlpha:
        throw ConfigError(
          .invalidValue, path: l.child("alpha"), expected: "no alpha for activation \"\(fname)\"", got: "\(alpha!)")
      default:
        throw ConfigError(
          .invalidValue, path: l.child("alpha"), expected: error.description, got: "\(alpha.map { "\($0)" } ?? "null")")
      }
    }
    let outBits = try l.int("out_bits", default: 8, 1...16)
    let signed = try l.bool("signed", default: defaultSigned(function))
    let format = IntegerFormat(bits: outBits, signed: signed)
    let positive = "a finite number > 0"
    let inScale = try l.double("in_scale", default: 1 / Double(1 << max(0, inputBits - 4)), positive) { $0 > 0 }!
    // Its range is the output's codes: checked by the semantics' own validation, as `grausim fit` does, before an
    // automatic output scale is derived from it.
    let zeroPoint = try l.int("zero_point", default: 0, -(1 << 20)...(1 << 20))
    do {
      try QuantizedActivation(
        input: IntegerFormat(bits: inputBits, signed: true), inputScale: inScale, function: function, outputScale: 1,
        zeroPoint: zeroPoint, output: format
      ).validate(path: path)
    } catch {
      throw ConfigError(.invalidValue, path: error.path, expected: error.expected, got: error.got)
    }
    let outScale: Double
    if case .string(let s)? = l.raw("out_scale"), s == "auto" {
      outScale = try autoOutputScale(
        function, format: format, zeroPoint: zeroPoint, stimulus: stimulus, path: l.child("out_scale"))
    } else if l.has("out_scale") {
      outScale = try l.double("out_scale", default: nil, "a finite number > 0 or \"auto\"") { $0 > 0 }!
    } else {
      outScale = try autoOutputScale(
        function, format: format, zeroPoint: zeroPoint, stimulus: stimulus, path: l.child("out_scale"))
    }
    func channelValues(_ key: String) throws(ConfigError) -> ChannelValues {
      guard let v = l.raw(key) else { return .synthetic }
      let expected = "a finite number or an array of \(channels) finite numbers"
      if case .array = v {
        let elements = try ConfigReader.array(v, path: l.child(key), expected: expected)
        guard elements.count == channels else {
          throw ConfigError(
            .invalidValue, path: l.child(key), expected: "an array of \(channels) numbers (one per channel)",
            got: "\(elements.count) numbers")
        }
        var out: [Double] = []
        for (e, p) in elements {
          out.append(try ConfigReader.real(e, path: p, expected: "a finite number") { _ in true })
        }
        return .perChannel(out)
      }
      return .scalar(try ConfigReader.real(v, path: l.child(key), expected: expected) { _ in true })
    }
    let gamma = try channelValues("gamma")
    let beta = try channelValues("beta")
    let trace = try l.string("trace", default: nil)
    let calibrationTrace = try l.string("calibration_trace", default: nil)
    if stimulus.kind == .trace, trace == nil {
      throw ConfigError(
        .missingKey, path: l.child("trace"), expected: "a trace file (stimulus.kind is \"trace\")", got: "nothing")
    }
    if let trace {
      let full = (traceDirectory as NSString).appendingPathComponent(trace)
      do {
        let header = try NpyReader.header(path: full)
        try header.checkShape(channels: channels, height: height, width: width)
      } catch {
        throw ConfigError(
          error.isMissingFile ? .missingFile : .invalidTrace, path: l.child("trace"),
          expected: error.isMissingFile ? "the trace" : "a usable trace", got: error.description)
      }
    }
    if let calibrationTrace {
      let full = (traceDirectory as NSString).appendingPathComponent(calibrationTrace)
      do {
        let header = try NpyReader.header(path: full)
        try header.checkChannels(channels)
      } catch {
        throw ConfigError(
          error.isMissingFile ? .missingFile : .invalidTrace, path: l.child("calibration_trace"),
          expected: error.isMissingFile ? "the calibration trace" : "a usable trace of \(channels) channels",
          got: error.description)
      }
    }
    let layer = LayerConfig(
      name: name, channels: channels, height: height, width: width, function: function, outputBits: outBits,
      signed: signed, inputScale: inScale, outputScale: outScale, zeroPoint: zeroPoint, gamma: gamma, beta: beta,
      trace: trace, calibrationTrace: calibrationTrace)
    // Belt and braces: the semantics' own range checks, with this layer's path.
    let probe = QuantizedActivation(
      input: IntegerFormat(bits: inputBits, signed: true), inputScale: inScale, function: function,
      outputScale: outScale,
      zeroPoint: zeroPoint, output: format)
    do { try probe.validate(path: path) } catch {
      throw ConfigError(.invalidValue, path: error.path, expected: error.expected, got: error.got)
    }
    return layer
  }

  /// The output scale that makes `f` use the output range over the central ±4σ of the synthetic stimulus:
  /// `max(fmax / qmax', fmin / qmin')` with `q' = q − zero_point` (terms with a zero denominator skipped).
  static func autoOutputScale(
    _ f: ActivationFunction, format: IntegerFormat, zeroPoint: Int, stimulus: StimulusConfig, path: String
  ) throws(ConfigError) -> Double {
    var fmax = -Double.infinity
    var fmin = Double.infinity
    let steps = 2000
    for i in 0...steps {
      let z = stimulus.mean - 4 * stimulus.std + 8 * stimulus.std * Double(i) / Double(steps)
      let a = f(z)
      guard a.isFinite else { continue }
      fmax = max(fmax, a)
      fmin = min(fmin, a)
    }
    var scale = 0.0
    let hi = Double(format.max - zeroPoint)
    let lo = Double(format.min - zeroPoint)
    if hi > 0, fmax > 0 { scale = max(scale, fmax / hi) }
    if lo < 0, fmin < 0 { scale = max(scale, fmin / lo) }
    guard scale > 0, scale.isFinite else {
      throw ConfigError(
        .invalidValue, path: path,
        expected: "an explicit out_scale (it cannot be derived for \(f.name) on this output range)",
        got: "\"auto\"")
    }
    return scale
  }

  // MARK: run

  private static func decodeRun(_ top: ConfigReader, network: NetworkConfig) throws(ConfigError) -> RunSettings {
    let r = try ConfigReader(top.raw("run"), path: "run", known: ["threads", "layers"])
    var layers: [String]? = nil
    if let v = r.raw("layers") {
      let names = network.layers.map(\.name)
      layers = []
      for (e, p) in try ConfigReader.array(v, path: r.child("layers"), expected: "an array of layer names") {
        layers!.append(try ConfigReader.choice(e, path: p, names))
      }
    }
    return RunSettings(threads: try r.optionalInt("threads", RunSettings.threadRange), layers: layers)
  }
}
