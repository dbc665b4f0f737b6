import Foundation

/// Why a run failed after the configuration was accepted.
enum RunError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A selected layer name that the network does not have.
  case unknownLayer(name: String, suggestion: String?)
  /// An option outside its range (e.g. zero threads).
  case invalidOption(name: String, expected: String, got: String)
  /// A trace file that could not be read at run time.
  case trace(layer: String, NpyError)
  /// A channel the fitter rejected.
  case fit(layer: String, channel: Int, FitError)
  /// The energy table could not be loaded or does not price a signal class.
  case energy(EnergyTableError)

  var description: String {
    switch self {
    case .unknownLayer(let name, let suggestion):
      "unknown layer '\(name)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
    case .invalidOption(let name, let expected, let got): "\(name): expected \(expected), got \(got)"
    case .trace(let layer, let e): "layer \(layer): \(e)"
    case .fit(let layer, let channel, let e): "layer \(layer), channel \(channel): \(e)"
    case .energy(let e): "\(e)"
    }
  }
}

/// Runs a configured network through every configured unit variant: stimulus → fitting → cycle-accurate model.
enum NetworkRunner {
  /// Choices the command line makes on top of the configuration. None of them changes a reported number except
  /// the selection of layers and the element limit.
  struct Options: Sendable {
    /// Names of the layers to run (nil: `run.layers` of the config, else all), run in network order.
    var layers: [String]?
    /// Simulate only the first N elements of each layer (nil: `stimulus.max_elements_per_layer`).
    var maxElementsPerLayer: Int?
    /// Worker threads (nil: `run.threads`, else one per active processor).
    var threads: Int?
    /// Called with (done, total) work units (elements fitted plus elements simulated per unit); from worker threads,
    /// never concurrently, `done` increasing.
    var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?
    /// The energy table that prices toggles (nil: the built-in table, docs/energy.md).
    var energyTable: EnergyTable?

    init(
      layers: [String]? = nil, maxElementsPerLayer: Int? = nil, threads: Int? = nil,
      progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) {
      self.layers = layers
      self.maxElementsPerLayer = maxElementsPerLayer
      self.threads = threads
      self.progress = progress
    }
  }

  /// A layer ready to fit and simulate.
  struct PreparedLayer: Sendable {
    var index: Int
    var config: LayerConfig
    var stream: LayerStream
  }

  /// Fitted parameters of one channel and the error they make over the channel's domain.
  struct ChannelFit: Sendable {
    var grau: GRAUParameters?
    var mt: MTParameters?
    var grauError = ErrorAccumulator()
    var mtError = ErrorAccumulator()
  }

  /// Simulates the configured network and returns its report.
  ///
  /// Per layer and channel the fitting domain is the histogram of the values the channel sees in this run; GRAU
  /// channels are fitted with ``PWLFitter`` (or, for 1/2-bit layers with bypass, given the MT thresholds), MT
  /// channels with ``MTFitter``. Then one ``LayerJob`` per (layer, unit) runs through ``UnitSimulator``. Channels
  /// and jobs run in parallel; results are placed by index, so the report does not depend on thread timing.
  ///
  /// - Complexity: O(elements × (units + 2)) time; memory independent of the element count (streams are generated
  ///   on the fly; a channel's histogram holds at most its distinct values).
  /// - Throws: ``RunError``.
  static func run(config: SimulationConfig, options: Options = Options()) throws(RunError) -> RunResult {
    let network = try prepare(config: config, options: options, countSimulation: true)
    let acc = config.accelerator
    let units = acc.units
    let prepared = network.layers
    let fits = network.fits
    let progress = network.progress

    // Simulation: every (layer, unit) job in parallel, results by index.
    let jobs = prepared.indices.flatMap { l in units.map { (l, $0) } }
    let results = Parallel.map(count: jobs.count, threads: network.threads) { [network] j in
      let (l, kind) = jobs[j]
      let result = UnitSimulator.simulate(network.job(layer: l, kind: kind))
      progress.add(network.layers[l].stream.count)
      return result
    }

    var layers: [LayerRunResult] = []
    for (l, layer) in prepared.enumerated() {
      var summaries: [UnitRunSummary] = []
      for (u, kind) in units.enumerated() {
        let fitError = fits[l].reduce(into: ErrorAccumulator()) { $0.merge(kind.isGRAU ? $1.grauError : $1.mtError) }
        summaries.append(
          UnitRunSummary(
            result: results[l * units.count + u], fitError: fitError, lanes: acc.lanes, clockMHz: acc.clockMHz))
      }
      let c = layer.config
      layers.append(
        LayerRunResult(
          name: c.name, index: layer.index, channels: c.channels, height: c.height, width: c.width,
          activation: c.function.name, output: c.output, elements: layer.stream.count, units: summaries))
    }
    var report = RunResult(config: config, units: units, layers: layers)
    do throws(EnergyTableError) {
      let table: EnergyTable
      if let given = options.energyTable { table = given } else { table = EnergyTable.builtIn }
      try report.estimate(energy: table)
    } catch {
      throw .energy(error)
    }
    return report
  }

  /// A network whose layers are prepared (streams) and whose channels are fitted: ready to simulate or export.
  struct PreparedNetwork: Sendable {
    let config: SimulationConfig
    let layers: [PreparedLayer]
    let fits: [[ChannelFit]]
    let threads: Int
    let progress: _ProgressCounter

    /// Names of the prepared layers, in network order.
    var layerNames: [String] { layers.map(\.config.name) }

    /// The job that runs prepared layer `l` (an index into ``layerNames``) on unit `kind`.
    func job(layer l: Int, kind: UnitKind) -> LayerJob {
      let acc = config.accelerator
      let layer = layers[l]
      let parameters: UnitParameterSet =
        kind.isGRAU ? .grau(fits[l].map { $0.grau! }) : .mt(fits[l].map { $0.mt! })
      return LayerJob(
        layerName: layer.config.name, kind: kind, lanes: acc.lanes, grau: acc.grau, mtMaxBits: acc.mtMaxBits,
        output: layer.config.output, parameters: parameters, stream: layer.stream, busBits: acc.paramBusBits,
        sourceValid: acc.sourceValid, sinkReady: acc.sinkReady)
    }
  }

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
    for i in selected {
      prepared.append(try prepare(layerIndex: i, config: config, limit: limit))
    }
    let perElement = countSimulation ? 1 + config.accelerator.units.count : 1
    let total = prepared.reduce(0) { $0 + $1.stream.count * perElement }
    let progress = _ProgressCounter(total: total, callback: options.progress)
    // Fitting: per layer, channels in parallel.
    var fits: [[ChannelFit]] = []
    for layer in prepared {
      fits.append(try fitLayer(layer, config: config, threads: threads, progress: progress))
    }
    return PreparedNetwork(config: config, layers: prepared, fits: fits, threads: threads, progress: progress)
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

  static func prepare(layerIndex i: Int, config: SimulationConfig, limit: Int?) throws(RunError) -> PreparedLayer {
    let layer = config.network.layers[i]
    let bits = config.accelerator.inputBits
    let input = IntegerFormat(bits: bits, signed: true)
    let stimulus: LayerStimulus
    if let trace = layer.trace {
      let path = (config.traceDirectory as NSString).appendingPathComponent(trace)
      let values: [Int32]
      do {
        let data = try NpyReader.readInputs(path: path, inputBits: bits)
        try NpyReader.header(path: path).checkShape(channels: layer.channels, height: layer.height, width: layer.width)
        values = data
      } catch {
        throw .trace(layer: layer.name, error)
      }
      stimulus = .trace(values, channels: layer.channels, pixels: layer.pixels, input: input)
    } else {
      let s = config.stimulus
      stimulus = .gaussian(
        seed: s.seed, layerIndex: i, channels: layer.channels, pixels: layer.pixels, input: input,
        mean: s.mean / layer.inputScale, std: s.std / layer.inputScale)
    }
    let activations = layer.activations(layerIndex: i, inputBits: bits, stimulus: config.stimulus)
    let stream = LayerStream(
      stimulus: stimulus, order: config.accelerator.streamOrder, activations: activations, count: limit)
    return PreparedLayer(index: i, config: layer, stream: stream)
  }

  /// The histogram of the first `n` pixels of channel `c`: each distinct value once, weighted by its count.
  ///
  /// - Complexity: O(n) time; O(distinct values) memory when the value range is at most 2^20 wide, else O(n).
  static func domain(_ stimulus: LayerStimulus, channel c: Int, pixels n: Int) -> FitDomain? {
    guard n > 0 else { return nil }
    var lo = Int.max
    var hi = Int.min
    for p in 0..<n {
      let v = stimulus.value(channel: c, pixel: p)
      lo = min(lo, v)
      hi = max(hi, v)
    }
    guard hi - lo < 1 << 20 else {
      return FitDomain.histogram((0..<n).lazy.map { stimulus.value(channel: c, pixel: $0) })
    }
    var counts = [Int](repeating: 0, count: hi - lo + 1)
    for p in 0..<n { counts[stimulus.value(channel: c, pixel: p) - lo] += 1 }
    var points: [Int] = []
    var weights: [Int] = []
    for (k, w) in counts.enumerated() where w > 0 {
      points.append(lo + k)
      weights.append(w)
    }
    return FitDomain(points: points, weights: weights)
  }

  static func fitLayer(
    _ layer: PreparedLayer, config: SimulationConfig, threads: Int, progress: _ProgressCounter
  ) throws(RunError) -> [ChannelFit] {
    let acc = config.accelerator
    let needGRAU = acc.units.contains { $0.isGRAU }
    let needMT = acc.units.contains { !$0.isGRAU }
    let arch = acc.grau
    let bypass = arch.usesBypass(outputBits: layer.config.outputBits)
    let stream = layer.stream
    let results = Parallel.map(count: layer.config.channels, threads: threads) { c -> Result<ChannelFit, RunError> in
      let q = stream.activations[c]
      let seen = stream.stimulus.pixelsSeen(channel: c, count: stream.count, order: stream.order)
      // A channel the (truncated) stream never reaches still needs parameters; fit it on x = 0 and count no error.
      let measured = domain(stream.stimulus, channel: c, pixels: seen)
      let d = measured ?? FitDomain(points: [0], weights: [1])
      var fit = ChannelFit()
      if needMT || (needGRAU && bypass) {
        let mt = MTFitter.thresholds(q, domain: d)
        fit.mt = mt
        if measured != nil {
          for (x, w) in zip(d.points, d.weights) { fit.mtError.add(error: MTReference.output(x, mt) - q(x), weight: w) }
        }
      }
      if needGRAU {
        let p: GRAUParameters
        if bypass {
          // The comparators act as a small MT unit: the MT thresholds, padded with "never reached".
          let never = arch.input.max + 1
          let t = fit.mt!.thresholds + [Int](repeating: never, count: arch.segments - 1 - fit.mt!.thresholds.count)
          p = GRAUParameters(
            architecture: arch, mode: .bypass, thresholds: t,
            segments: [GRAUSegment](repeating: .pot(shift: nil, bias: 0), count: arch.segments), output: q.output)
        } else {
          do throws(FitError) {
            p = try PWLFitter.fit(q, domain: d, architecture: arch, options: acc.fit).parameters
          } catch {
            return .failure(.fit(layer: layer.config.name, channel: c, error))
          }
        }
        fit.grau = p
        if measured != nil {
          for (x, w) in zip(d.points, d.weights) {
            fit.grauError.add(error: GRAUReference.output(x, p) - q(x), weight: w)
          }
        }
      }
      progress.add(seen)
      return .success(fit)
    }
    var fits: [ChannelFit] = []
    fits.reserveCapacity(results.count)
    for r in results {
      switch r {
      case .success(let f): fits.append(f)
      case .failure(let e): throw e
      }
    }
    return fits
  }
}
