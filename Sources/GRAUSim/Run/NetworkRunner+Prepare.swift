import Foundation

/// Where a prepared layer's fitting data comes from (`stimulus.calibration`, docs/config.md).
enum LayerCalibration: Sendable, Hashable {
  /// The evaluation stream's own elements: in-sample.
  case inSample
  /// Another stimulus of the same channels: a synthetic layer's calibration draw, or a calibration trace.
  case stimulus(LayerStimulus, source: CalibrationSummary.Source, seed: UInt64?)
  /// The leading `pixels` of each channel of the layer's own trace; their outputs are left out of the errors.
  case prefix(pixels: Int)
}

/// A layer ready to fit and simulate.
struct PreparedLayer: Sendable, Hashable {
  var index: Int
  var config: LayerConfig
  /// The evaluation stream: what the units simulate and every reported error is measured on.
  var stream: LayerStream
  var calibration: LayerCalibration

  /// How many calibration samples channel `c` has (0: the stream never reaches it and it has no other data).
  func calibrationSamples(channel c: Int) -> Int {
    switch calibration {
    case .inSample: stream.stimulus.pixelsSeen(channel: c, count: stream.count, order: stream.order)
    case .stimulus(let s, _, _): s.pixels
    case .prefix(let pixels): pixels
    }
  }

  /// The histogram of channel `c`'s calibration samples, nil when it has none.
  func calibrationDomain(channel c: Int) -> FitDomain? {
    switch calibration {
    case .inSample: NetworkRunner.domain(stream.stimulus, channel: c, pixels: calibrationSamples(channel: c))
    case .stimulus(let s, _, _): NetworkRunner.domain(s, channel: c, pixels: s.pixels)
    case .prefix(let pixels): NetworkRunner.domain(stream.stimulus, channel: c, pixels: pixels)
    }
  }

  /// What the report says about the calibration.
  var calibrationSummary: CalibrationSummary {
    let samples = (0..<config.channels).reduce(0) { $0 + calibrationSamples(channel: $1) }
    switch calibration {
    case .inSample:
      return CalibrationSummary(source: .inSample, samples: samples)
    case .stimulus(let s, let source, let seed):
      return CalibrationSummary(source: source, samples: samples, pixelsPerChannel: s.pixels, seed: seed)
    case .prefix(let pixels):
      return CalibrationSummary(source: .tracePrefix, samples: samples, pixelsPerChannel: pixels)
    }
  }
}

extension NetworkRunner {
  /// Builds the selected layers' streams and fits every channel for every configured unit.
  ///
  /// - Throws: ``RunError``.
  static func prepare(config: SimulationConfig, options: Options = Options()) throws(RunError) -> PreparedNetwork {
    try prepare(config: config, options: options, countSimulation: false)
  }

  static func prepare(config: SimulationConfig, options: Options, countSimulation: Bool) throws(RunError)
    -> PreparedNetwork
  {
    let threads = options.threads ?? config.run.threads ?? ProcessInfo.processInfo.activeProcessorCount
    guard threads >= 1 else { throw .invalidOption(name: "threads", expected: "at least 1", got: "\(threads)") }
    let limit = options.maxElementsPerLayer ?? config.stimulus.maxElementsPerLayer
    if let limit, limit < 1 {
      throw .invalidOption(name: "max elements per layer", expected: "at least 1", got: "\(limit)")
    }
    let selected = try selectLayers(config: config, names: options.layers ?? config.run.layers)
    var prepared: [PreparedLayer] = []
    var data: NetworkData?
    if config.network.hasWeights {
      (prepared, data) = try prepareWeighted(
        config: config, options: options, selected: selected, limit: limit, forward: countSimulation)
    } else {
      for i in selected {
        prepared.append(try prepare(layerIndex: i, config: config, limit: limit))
      }
    }
    var config = config
    if config.accelerator.autoPreShift || config.accelerator.autoStages {
      config.accelerator.grau = try resolveArchitecture(prepared, config: config, threads: threads)
    }
    let fitting = prepared.reduce(0) { sum, l in
      sum + (0..<l.config.channels).reduce(0) { $0 + l.calibrationSamples(channel: $1) }
    }
    let simulation = countSimulation ? prepared.reduce(0) { $0 + $1.stream.count } * config.accelerator.units.count : 0
    let progress = _ProgressCounter(total: fitting + simulation, callback: options.progress)
    // Fitting: per layer, channels in parallel.
    var fits: [[ChannelFit]] = []
    for layer in prepared {
      fits.append(
        try fitLayer(
          layer, config: config, threads: threads, progress: progress, cache: options.cache,
          segmentFamily: options.segmentFamily))
    }
    return PreparedNetwork(
      config: config, layers: prepared, fits: fits, threads: threads, progress: progress, data: data)
  }

  /// Indices of the selected layers in network order.
  static func selectLayers(config: SimulationConfig, names: [String]?) throws(RunError) -> [Int] {
    let all = config.network.layers.map(\.name)
    guard let names else { return Array(all.indices) }
    var picked = Set<Int>()
    for n in names {
      guard let i = all.firstIndex(of: n) else {
        throw .unknownLayer(name: n, suggestion: Suggestion.closest(to: n, in: all))
      }
      picked.insert(i)
    }
    return picked.sorted()
  }

  /// The trace at `file` (relative to the config's trace directory) as input values.
  static func readTrace(_ file: String, layer: LayerConfig, config: SimulationConfig, shape check: Bool)
    throws(RunError) -> [Int32]
  {
    let path = (config.traceDirectory as NSString).appendingPathComponent(file)
    do {
      let data = try NpyReader.readInputs(path: path, inputBits: config.accelerator.inputBits)
      let header = try NpyReader.header(path: path)
      if check {
        try header.checkShape(channels: layer.channels, height: layer.height, width: layer.width)
      } else {
        try header.checkChannels(layer.channels)
      }
      return data
    } catch {
      throw .trace(layer: layer.name, error)
    }
  }

  static func prepare(layerIndex i: Int, config: SimulationConfig, limit: Int?) throws(RunError) -> PreparedLayer {
    let layer = config.network.layers[i]
    let input = IntegerFormat(bits: config.accelerator.inputBits, signed: true)
    let s = config.stimulus
    let cal = s.calibration
    let stimulus: LayerStimulus
    var calibration = LayerCalibration.inSample
    var measuredFrom = 0
    if let trace = layer.trace {
      let values = try readTrace(trace, layer: layer, config: config, shape: true)
      stimulus = .trace(values, channels: layer.channels, pixels: layer.pixels, input: input)
      if cal.source == .heldOut {
        if let file = layer.calibrationTrace {
          let c = try readTrace(file, layer: layer, config: config, shape: false)
          let pixels = c.count / layer.channels
          calibration = .stimulus(
            .trace(Array(c.prefix(pixels * layer.channels)), channels: layer.channels, pixels: pixels, input: input),
            source: .calibrationTrace, seed: nil)
        } else if layer.pixels > 1 {
          // The leading fraction of each channel calibrates; at least one pixel of each is left to measure.
          let pixels = Swift.min(
            layer.pixels - 1, Swift.max(1, Int((cal.traceFraction * Double(layer.pixels)).rounded(.up))))
          calibration = .prefix(pixels: pixels)
          measuredFrom = pixels
        }
      }
    } else {
      stimulus = .gaussian(
        seed: s.seed, layerIndex: i, channels: layer.channels, pixels: layer.pixels, input: input,
        mean: s.mean / layer.inputScale, std: s.std / layer.inputScale)
      if cal.source == .heldOut {
        let seed = cal.seed ?? s.seed
        calibration = .stimulus(
          .gaussian(
            seed: seed, tag: .calibration, layerIndex: i, channels: layer.channels, pixels: cal.pixels ?? layer.pixels,
            input: input, mean: s.mean / layer.inputScale, std: s.std / layer.inputScale),
          source: .freshDraw, seed: seed)
      }
    }
    let activations = layer.activations(layerIndex: i, inputBits: input.bits, stimulus: s)
    let stream = LayerStream(
      stimulus: stimulus, order: config.accelerator.streamOrder, activations: activations, count: limit,
      measuredFrom: measuredFrom)
    return PreparedLayer(index: i, config: layer, stream: stream, calibration: calibration)
  }

  /// The GRAU architecture with `pre_shift` and `stages` "auto" resolved: the smallest pre-shift whose steepest
  /// slope covers every channel's (``SlopeNeeds/neededPreShift``) and whose bias register holds every PWL layer's
  /// codes, then the fewest stages whose shallowest slope reaches every channel's ramps.
  static func resolveArchitecture(_ layers: [PreparedLayer], config: SimulationConfig, threads: Int) throws(RunError)
    -> GRAUArchitecture
  {
    let acc = config.accelerator
    var a = acc.grau
    let pwl = layers.filter { !a.usesBypass(outputBits: $0.config.outputBits) }
    let needs: [SlopeNeeds] = pwl.flatMap { layer in
      Parallel.map(count: layer.config.channels, threads: threads) { c -> SlopeNeeds? in
        let q = layer.stream.activations[c]
        guard let d = layer.calibrationDomain(channel: c) else { return nil }
        return SlopeNeeds(target: q, calibration: d, runs: q.constantRuns())
      }.compactMap { $0 }
    }
    if acc.autoPreShift {
      var p = needs.map(\.neededPreShift).max() ?? a.preShift
      // The bias register must hold the codes (at most P = 16).
      while p < GRAUArchitecture.preShiftRange.upperBound,
        pwl.contains(where: { l in
          let b = IntegerFormat(bits: a.inputBits + p + 1, signed: true)
          return !(b.contains(l.config.output.min) && b.contains(l.config.output.max))
        })
      {
        p += 1
      }
      a.preShift = p
    }
    if acc.autoStages {
      a.stages = needs.map { $0.neededStages(preShift: a.preShift) }.max() ?? a.stages
    }
    do {
      try a.validate(path: "accelerator.grau")
      for l in pwl { try a.validate(output: l.config.output, path: "network.layers[\(l.index)].out_bits") }
    } catch {
      throw .invalidOption(name: error.path, expected: error.expected, got: error.got)
    }
    return a
  }
}
