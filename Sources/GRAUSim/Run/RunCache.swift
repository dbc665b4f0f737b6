import Foundation

/// Work a sweep does once and reuses across its points: a layer's fitted parameters and a (layer, unit) simulation.
///
/// Every entry is keyed by the complete values its computation reads — the prepared layer (its stimulus, `Q_c` per
/// channel, calibration data and element count) and, for a fit, the fit domain's settings and the GRAU
/// architecture and fitter options; for a simulation, the unit's design, the loaded parameters, the stream and the
/// handshake patterns. Those computations are pure functions of their inputs, so a hit returns exactly what
/// computing again would: a sweep's rows equal separate runs, whatever the order or the number of jobs.
/// Thread-safe; two points that miss the same key at once both compute it and store the same value.
final class RunCache: @unchecked Sendable {
  /// The MT thresholds of one layer's channels (also the comparators of a bypassed GRAU layer).
  struct MTFitKey: Hashable {
    var layer: PreparedLayer
    var fullRange: Bool
    var fullRangeShare: Double
  }

  /// The GRAU parameters of one layer's channels: the same fit domain, the architecture and the fitter's options.
  struct GRAUFitKey: Hashable {
    var domain: MTFitKey
    var architecture: GRAUArchitecture
    var options: FitOptions
  }

  /// One layer on one unit.
  struct SimulationKey: Hashable {
    var layerName: String
    var design: UnitDesign
    var output: IntegerFormat
    var parameters: UnitParameterSet
    var stream: LayerStream
    var sourceValid: EdgePattern
    var sinkReady: EdgePattern

    /// The key of `job`, whose stream is `stream`.
    init(_ job: LayerJob, stream: LayerStream) {
      layerName = job.layerName
      design = job.design
      // An MT unit reads only the input width of the GRAU architecture it is built beside; a sweep over GRAU
      // settings reuses its results.
      if !design.kind.isGRAU { design.grau = GRAUArchitecture(inputBits: design.grau.inputBits) }
      output = job.output
      parameters = job.parameters
      self.stream = stream
      sourceValid = job.sourceValid
      sinkReady = job.sinkReady
    }
  }

  /// How often each kind of work was found rather than computed.
  struct Statistics: Sendable, Hashable {
    var fitHits = 0
    var fitMisses = 0
    var simulationHits = 0
    var simulationMisses = 0
  }

  private let lock = NSLock()
  private var mtFits: [MTFitKey: [MTChannelFit]] = [:]
  private var grauFits: [GRAUFitKey: [GRAUChannelFit]] = [:]
  private var simulations: [SimulationKey: UnitLayerResult] = [:]
  private var counts = Statistics()

  init() {}

  var statistics: Statistics { lock.withLock { counts } }

  func mtFit(_ key: MTFitKey, compute: () -> [MTChannelFit]) -> [MTChannelFit] {
    cached(\.mtFits, key, hit: \.fitHits, miss: \.fitMisses, compute: compute)
  }

  func grauFit(_ key: GRAUFitKey, compute: () throws(RunError) -> [GRAUChannelFit]) throws(RunError)
    -> [GRAUChannelFit]
  {
    try cached(\.grauFits, key, hit: \.fitHits, miss: \.fitMisses, compute: compute)
  }

  func simulation(_ key: SimulationKey, compute: () -> UnitLayerResult) -> UnitLayerResult {
    cached(\.simulations, key, hit: \.simulationHits, miss: \.simulationMisses, compute: compute)
  }

  private func cached<Key: Hashable, Value, Failure: Error>(
    _ table: ReferenceWritableKeyPath<RunCache, [Key: Value]>, _ key: Key, hit: WritableKeyPath<Statistics, Int>,
    miss: WritableKeyPath<Statistics, Int>, compute: () throws(Failure) -> Value
  ) throws(Failure) -> Value {
    let found: Value? = lock.withLock {
      let v = self[keyPath: table][key]
      if v != nil { counts[keyPath: hit] += 1 }
      return v
    }
    if let found { return found }
    let value = try compute()
    lock.withLock {
      counts[keyPath: miss] += 1
      self[keyPath: table][key] = value
    }
    return value
  }
}
