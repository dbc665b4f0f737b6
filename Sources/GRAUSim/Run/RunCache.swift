import Foundation

/// Work a sweep does once and reuses across its points: a layer's fitted parameters and a (layer, unit) simulation.
///
/// Every entry is keyed by the complete values its computation reads — the prepared layer (its stimulus, `Q_c` per
/// channel, calibration data and element count) and, for a fit, the fit domain's settings and the GRAU
/// architecture and fitter options; for a simulation, the unit's design, the loaded parameters, the stream and the
/// handshake patterns. Those computations are pure functions of their inputs, so a hit returns exactly what
/// computing again would: a sweep's rows equal separate runs, whatever the order or the number of jobs.
/// Thread-safe; two points that miss the same key at once both compute it and store the same value.
///
/// A sweep whose points differ in `accelerator.grau.segments` fits each layer's GRAU channels once for all its
/// segment counts (``grauFamily(_:segments:compute:)``, from
/// ``PWLFitter/fit(_:domain:architecture:options:segmentCounts:)``): every count gets exactly the standalone fit.
/// Such a family is computed once; points that want it meanwhile wait.
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

  /// The per-channel GRAU fits of one layer for several segment counts: the fit key with the architecture's
  /// segment count set to 0, and the counts (ascending).
  struct GRAUFamilyKey: Hashable {
    var fit: GRAUFitKey
    var segments: [Int]

    init(_ key: GRAUFitKey, segments: [Int]) {
      fit = key
      fit.architecture.segments = 0
      self.segments = segments
    }
  }

  /// Per channel, each count's fit or failure.
  typealias GRAUFamilyFits = [[Int: Result<FitResult, FitError>]]

  /// One family: computed under its own lock by the first point that wants it; its fits are dropped once every
  /// count has been served (each count's channel fits are then cached as ``GRAUFitKey`` entries).
  private final class Family: @unchecked Sendable {
    let lock = NSLock()
    var fits: GRAUFamilyFits?
    var remaining: Set<Int>
    var drained = false

    init(segments: [Int]) { remaining = Set(segments) }
  }

  /// What a layer's calibration histograms are made of: its stimulus, how it is streamed, and where the calibration
  /// comes from (``PreparedLayer/calibrationDomain(channel:)`` reads nothing else).
  struct CalibrationKey: Hashable {
    var stimulus: LayerStimulus
    var order: StreamOrder
    var count: Int
    var calibration: LayerCalibration
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
    var captureOutputs: Bool

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
      captureOutputs = job.captureOutputs
    }
  }

  /// How often each kind of work was found rather than computed.
  struct Statistics: Sendable, Hashable {
    var fitHits = 0
    var fitMisses = 0
    var simulationHits = 0
    var simulationMisses = 0
    /// Layer fits computed for several segment counts at once, and layer fits taken from them.
    var familyFits = 0
    var familyServed = 0
    /// Layers whose calibration histograms were taken from an earlier point, and layers whose were computed.
    var histogramHits = 0
    var histogramMisses = 0
    /// Layers whose channel domains were taken from an earlier point, and layers whose were built.
    var domainHits = 0
    var domainMisses = 0
  }

  private let lock = NSLock()
  private var mtFits: [MTFitKey: [MTChannelFit]] = [:]
  private var histogramTable: [CalibrationKey: [FitDomain?]] = [:]
  private var domainTable: [MTFitKey: [ChannelDomain]] = [:]
  private var grauFits: [GRAUFitKey: [GRAUChannelFit]] = [:]
  private var simulations: [SimulationKey: UnitLayerResult] = [:]
  private var families: [GRAUFamilyKey: Family] = [:]
  /// Layer streams drawn once for the whole sweep (nil: one point is drawing it), and their memory.
  private var streams: [LayerStream: MaterializedStream?] = [:]
  private var streamBytes = 0
  private var counts = Statistics()

  /// The most memory the sweep's materialized streams may take together (256 MB); further layers are streamed.
  static let streamLimit = 256 << 20

  init() {}

  var statistics: Statistics { lock.withLock { counts } }

  /// Every channel's calibration histogram (``PreparedLayer/calibrationDomain(channel:)``) of a layer's stimulus:
  /// O(distinct values) per channel, shared by every point whose layer draws the same samples.
  func histograms(_ key: CalibrationKey, compute: () -> [FitDomain?]) -> [FitDomain?] {
    cached(\.histogramTable, key, hit: \.histogramHits, miss: \.histogramMisses, compute: compute)
  }

  /// The channels' fit domains of a layer (``MTFitKey`` names what they read: the layer, its fit range and share),
  /// for its MT and GRAU fits at every point: a histogram, its covering and Q_c's runs per channel.
  func domains(_ key: MTFitKey, compute: () -> [ChannelDomain]) -> [ChannelDomain] {
    cached(\.domainTable, key, hit: \.domainHits, miss: \.domainMisses, compute: compute)
  }

  func mtFit(_ key: MTFitKey, compute: () -> [MTChannelFit]) -> [MTChannelFit] {
    cached(\.mtFits, key, hit: \.fitHits, miss: \.fitMisses, compute: compute)
  }

  func grauFit(_ key: GRAUFitKey, compute: () throws(RunError) -> [GRAUChannelFit]) throws(RunError)
    -> [GRAUChannelFit]
  {
    try cached(\.grauFits, key, hit: \.fitHits, miss: \.fitMisses, compute: compute)
  }

  /// The channel fits of `key`'s segment count from the family of `segments` (which holds it): computed with
  /// `compute(segments)` by the first request, which other requests of the family wait for. Nil when the family
  /// has served every count already (a point computing a key another point computes at the same time): the
  /// caller then fits on its own, which gives the same fits.
  func grauFamily(
    _ key: GRAUFitKey, segments: [Int], compute: ([Int]) -> GRAUFamilyFits
  ) -> [Result<FitResult, FitError>]? {
    let k = key.architecture.segments
    let familyKey = GRAUFamilyKey(key, segments: segments)
    let family = lock.withLock {
      if let f = families[familyKey] { return f }
      let f = Family(segments: segments)
      families[familyKey] = f
      return f
    }
    family.lock.lock()
    defer { family.lock.unlock() }
    guard !family.drained else { return nil }
    if family.fits == nil {
      family.fits = compute(segments)
      lock.withLock { counts.familyFits += 1 }
    }
    guard let fits = family.fits else { return nil }
    let served = fits.map { $0[k]! }
    family.remaining.remove(k)
    if family.remaining.isEmpty {
      family.fits = nil
      family.drained = true
    }
    lock.withLock { counts.familyServed += 1 }
    return served
  }

  /// `stream` drawn once for every point of the sweep (``MaterializedStream``), or nil when the sweep's streams
  /// have used up ``streamLimit`` or another point is drawing it right now (the caller then streams it itself,
  /// which gives the same blocks).
  func materialized(_ stream: LayerStream) -> MaterializedStream? {
    let bytes = MaterializedStream.bytes(stream)
    let draw: Bool = lock.withLock {
      guard streams[stream] == nil, streamBytes + bytes <= Self.streamLimit else { return false }
      streams[stream] = .some(nil)
      streamBytes += bytes
      return true
    }
    if draw {
      let drawn = MaterializedStream(stream)
      lock.withLock { streams[stream] = drawn }
      return drawn
    }
    return lock.withLock { streams[stream] ?? nil }
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
