import Foundation

/// Why a run failed after the configuration was accepted.
enum RunError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A selected layer name that the network does not have.
  case unknownLayer(name: String, suggestion: String?)
  /// An option outside its range (e.g. zero threads).
  case invalidOption(name: String, expected: String, got: String)
  /// A trace file that could not be read at run time.
  case trace(layer: String, NpyError)
  /// A network with weights that cannot run as given (a label out of range, a MAC result the input cannot hold).
  case network(layer: String, String)
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
    case .network(let layer, let message): "\(layer): \(message)"
    case .fit(let layer, let channel, let e): "layer \(layer), channel \(channel): \(e)"
    case .energy(let e): "\(e)"
    }
  }
}

/// Runs a configured network through every configured unit variant: stimulus → fitting → cycle-accurate model.
package enum NetworkRunner {
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
    /// Fits and simulations shared with other runs (a sweep's points); nil: compute everything.
    var cache: RunCache?
    /// With ``cache``: the segment counts (ascending, more than one, this run's among them) of the runs whose
    /// configurations equal this one's but for `accelerator.grau.segments`; each layer's GRAU channels are then
    /// fitted once for all of them (``RunCache/grauFamily(_:segments:compute:)``), each count exactly as alone.
    var segmentFamily: [Int]?

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
    // The configuration with "auto" settings resolved.
    let config = network.config
    let acc = config.accelerator
    let units = acc.units
    let prepared = network.layers
    let fits = network.fits
    let progress = network.progress

    // A network with weights: one forward pass per unit, each layer fed by the unit's own outputs.
    var accuracy: NetworkAccuracy?
    var forwardResults: [UnitLayerResult]?
    if let data = network.data {
      let passes = Parallel.map(count: units.count, threads: network.threads) { [network] u in
        forward(network, data: data, kind: units[u], cache: options.cache)
      }
      forwardResults = prepared.indices.flatMap { l in units.indices.map { u in passes[u].0[l] } }
      func correct(_ top: [Int]) -> Int { zip(top, data.labels).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) } }
      accuracy = NetworkAccuracy(
        images: data.images, calibrationImages: data.calibrationImages, floatCorrect: correct(data.floatTop1),
        exactCorrect: correct(data.exactTop1), units: passes.map(\.1))
    }
    // Simulation: every (layer, unit) job in parallel, results by index.
    let jobs = forwardResults == nil ? prepared.indices.flatMap { l in units.map { (l, $0) } } : []
    // The units of a layer read its stream drawn once (the results are the same as drawing it per unit).
    let streams = StreamShare(layers: prepared.map(\.stream), readers: units.count, cache: options.cache)
    let simulated = Parallel.map(count: jobs.count, threads: network.threads) { [network] j in
      let (l, kind) = jobs[j]
      var job = network.job(layer: l, kind: kind)
      func simulate() -> UnitLayerResult {
        job.stream = streams.acquire(l)
        defer { streams.release(l) }
        return UnitSimulator.simulate(job)
      }
      let result: UnitLayerResult
      if let cache = options.cache {
        result = cache.simulation(RunCache.SimulationKey(job, stream: network.layers[l].stream)) { simulate() }
      } else {
        result = simulate()
      }
      progress.add(network.layers[l].stream.count)
      return result
    }
    let results = forwardResults ?? simulated

    var layers: [LayerRunResult] = []
    for (l, layer) in prepared.enumerated() {
      var summaries: [UnitRunSummary] = []
      for (u, kind) in units.enumerated() {
        let calibrationError = fits[l].reduce(into: ErrorAccumulator()) {
          $0.merge(kind.isGRAU ? $1.grauError : $1.mtError)
        }
        let full = fits[l].compactMap { kind.isGRAU ? $0.grauFullRange : $0.mtFullRange }
        summaries.append(
          UnitRunSummary(
            result: results[l * units.count + u], calibrationError: calibrationError,
            fullRange: full.count == fits[l].count ? FullRangeSummary(full) : nil, lanes: acc.lanes,
            clockMHz: acc.clockMHz))
      }
      let c = layer.config
      var result = LayerRunResult(
        name: c.name, index: layer.index, channels: c.channels, height: c.height, width: c.width,
        activation: c.function.name, output: c.output, elements: layer.stream.count,
        calibration: layer.calibrationSummary, units: summaries)
      result.grauWarnings = LayerWarning.summarize(fits[l].map(\.grauWarnings))
      layers.append(result)
    }
    var report = RunResult(config: config, units: units, layers: layers)
    report.networkAccuracy = accuracy
    if let a = accuracy {
      for (u, unit) in a.units.enumerated() {
        report.totals[u].network = UnitNetworkAccuracy(
          correct: unit.correct, images: a.images, top1: a.top1(unit.correct),
          vsExact: a.top1(unit.correct) - a.top1(a.exactCorrect), vsFloat: a.top1(unit.correct) - a.top1(a.floatCorrect)
        )
      }
    }
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
  package struct PreparedNetwork: Sendable {
    let config: SimulationConfig
    let layers: [PreparedLayer]
    let fits: [[ChannelFit]]
    let threads: Int
    let progress: _ProgressCounter
    /// A network with weights: its data and the exact and float networks' answers.
    var data: NetworkData? = nil

    /// Names of the prepared layers, in network order.
    package var layerNames: [String] { layers.map(\.config.name) }

    /// The job that runs prepared layer `l` (an index into ``layerNames``) on unit `kind`.
    package func job(layer l: Int, kind: UnitKind) -> LayerJob {
      let acc = config.accelerator
      let layer = layers[l]
      let parameters: UnitParameterSet =
        kind.isGRAU ? .grau(fits[l].map { $0.grau! }) : .mt(fits[l].map { $0.mt! })
      return LayerJob(
        layerName: layer.config.name, kind: kind, lanes: acc.lanes, grau: acc.grau, mtMaxBits: acc.mtMaxBits,
        output: layer.config.output, parameters: parameters, stream: layer.stream, busBits: acc.paramBusBits,
        sourceValid: acc.sourceValid, sinkReady: acc.sinkReady, mtStorage: acc.mtStorage)
    }
  }
}
