/// Fitted parameters of one channel, the error they make over its calibration and over every input.
struct ChannelFit: Sendable {
  var grau: GRAUParameters?
  var mt: MTParameters?
  /// Errors over the calibration samples (what the fitter saw).
  var grauError = ErrorAccumulator()
  var mtError = ErrorAccumulator()
  /// Errors over every representable input (``FullRange``).
  var grauFullRange: FullRangeError?
  var mtFullRange: FullRangeError?
  /// Slopes the GRAU architecture cannot make over this channel's calibration.
  var grauWarnings: [FitWarning] = []
}

extension NetworkRunner {
  /// The histogram of the first `n` pixels of channel `c`: each distinct value once, weighted by its count.
  ///
  /// - Complexity: O(n) time and memory.
  static func domain(_ stimulus: LayerStimulus, channel c: Int, pixels n: Int) -> FitDomain? {
    guard n > 0 else { return nil }
    let sampler = LayerStimulus.Sampler(stimulus)
    let values = (0..<n).map { sampler.value(channel: c, pixel: $0) }
    var lo = Int.max
    var hi = Int.min
    for v in values {
      lo = min(lo, v)
      hi = max(hi, v)
    }
    guard hi - lo < 1 << 20 else { return FitDomain.histogram(values) }
    var counts = [Int](repeating: 0, count: hi - lo + 1)
    for v in values { counts[v - lo] += 1 }
    var points: [Int] = []
    var weights: [Int] = []
    for (k, w) in counts.enumerated() where w > 0 {
      points.append(lo + k)
      weights.append(w)
    }
    return FitDomain(points: points, weights: weights)
  }

  /// Fits every channel of `layer` for the configured units: MT thresholds when an MT unit or a bypassed GRAU layer
  /// needs them, GRAU parameters when a GRAU unit does; each part is taken from `cache` when it holds it. With a
  /// cache and a `segmentFamily` (``NetworkRunner/Options/segmentFamily``), a GRAU fit the cache does not hold
  /// comes from the layer's fits for every count of the family that does not bypass it.
  static func fitLayer(
    _ layer: PreparedLayer, config: SimulationConfig, threads: Int, progress: _ProgressCounter,
    cache: RunCache? = nil, segmentFamily: [Int]? = nil
  ) throws(RunError) -> [ChannelFit] {
    let acc = config.accelerator
    let needGRAU = acc.units.contains { $0.isGRAU }
    let needMT = acc.units.contains { !$0.isGRAU }
    let arch = acc.grau
    let bypass = arch.usesBypass(outputBits: layer.config.outputBits)
    let fullRange = acc.fitRange == .full
    let share = acc.fullRangeShare
    // Progress counts each channel's calibration samples once, when its last part is done.
    let mtDone: @Sendable (Int) -> Void = { c in if !needGRAU { progress.add(layer.calibrationSamples(channel: c)) } }
    let grauDone: @Sendable (Int) -> Void = { c in progress.add(layer.calibrationSamples(channel: c)) }
    let domainKey = RunCache.MTFitKey(layer: layer, fullRange: fullRange, fullRangeShare: share)
    // A sweep takes the channels' calibration histograms from its cache and builds their domains once for MT and
    // GRAU; a run builds each channel's as it fits it.
    var domainsCache: [ChannelDomain]?
    func domains() -> [ChannelDomain]? {
      guard let cache else { return nil }
      if let domainsCache { return domainsCache }
      domainsCache = fitDomains(layer, fullRange: fullRange, share: share, threads: threads, cache: cache)
      return domainsCache
    }
    var mt: [MTChannelFit]?
    if cache == nil && needGRAU && (needMT || bypass) {
      // A run: each channel's domain is built once for both fits and dropped after them.
      let both = Parallel.map(count: layer.config.channels, threads: threads) {
        c -> Result<(MTChannelFit, GRAUChannelFit), RunError> in
        let cd = fitDomain(layer, channel: c, fullRange: fullRange, share: share)
        let m = fitMT(layer, channel: c, domain: cd)
        let g = fitGRAU(
          layer, channel: c, domain: cd, architecture: arch, options: acc.fit, bypass: bypass ? m : nil, fitted: nil)
        grauDone(c)
        return g.map { (m, $0) }
      }
      let fits = try collect(both)
      return Self.channelFits(mt: fits.map(\.0), grau: fits.map(\.1), channels: layer.config.channels)
    }
    if needMT || (needGRAU && bypass) {
      let compute = {
        fitMT(layer, fullRange: fullRange, share: share, threads: threads, done: mtDone, domains: domains())
      }
      if let cache {
        mt = cache.mtFit(domainKey, compute: compute)
      } else {
        mt = compute()
      }
    }
    var grau: [GRAUChannelFit]?
    if needGRAU {
      let thresholds = bypass ? mt : nil
      let compute = { () throws(RunError) -> [GRAUChannelFit] in
        try fitGRAU(
          layer, architecture: arch, options: acc.fit, fullRange: fullRange, share: share, bypass: thresholds,
          threads: threads, done: grauDone, domains: domains())
      }
      if let cache {
        let key = RunCache.GRAUFitKey(domain: domainKey, architecture: arch, options: acc.fit)
        let counts =
          bypass
          ? nil
          : segmentFamily?.filter { k in
            var a = arch
            a.segments = k
            return !a.usesBypass(outputBits: layer.config.outputBits)
          }
        grau = try cache.grauFit(key) { () throws(RunError) -> [GRAUChannelFit] in
          guard let counts, counts.count > 1, counts.contains(arch.segments),
            let fitted = cache.grauFamily(
              key, segments: counts,
              compute: { counts in
                fitGRAUFamily(
                  layer, architecture: arch, options: acc.fit, fullRange: fullRange, share: share, segments: counts,
                  threads: threads, domains: domains())
              })
          else { return try compute() }
          return try fitGRAU(
            layer, architecture: arch, options: acc.fit, fullRange: fullRange, share: share, bypass: nil,
            threads: threads, done: grauDone, fitted: fitted, domains: domains())
        }
      } else {
        grau = try compute()
      }
    }
    return Self.channelFits(mt: mt, grau: grau, channels: layer.config.channels)
  }

  /// Each channel's MT and GRAU fits, as the run keeps them.
  static func channelFits(mt: [MTChannelFit]?, grau: [GRAUChannelFit]?, channels: Int) -> [ChannelFit] {
    (0..<channels).map { c in
      var fit = ChannelFit()
      if let m = mt?[c] {
        fit.mt = m.parameters
        fit.mtFullRange = m.fullRange
        fit.mtError = m.error
      }
      if let g = grau?[c] {
        fit.grau = g.parameters
        fit.grauFullRange = g.fullRange
        fit.grauError = g.error
        fit.grauWarnings = g.warnings
      }
      return fit
    }
  }

  /// The fit domain of channel `c`: its calibration histogram (x = 0 when it has none), covering every run of
  /// `Q_c` when the fit covers the full range; and whether the channel has calibration data.
  static func fitDomain(
    _ layer: PreparedLayer, channel c: Int, fullRange: Bool, share: Double, histogram: FitDomain?? = nil
  ) -> ChannelDomain {
    let q = layer.stream.activations[c]
    // A channel without calibration data (an in-sample run whose truncated stream never reaches it) still needs
    // parameters; fit it on x = 0 and count no calibration error.
    let measured = histogram ?? layer.calibrationDomain(channel: c)
    let calibration = measured ?? FitDomain(points: [0], weights: [1])
    // Every run of Q_c over the whole input range: the fit's safety points and the full-range check.
    let runs = q.constantRuns()
    let d = fullRange ? calibration.covering(runs: runs, share: share) : calibration
    return ChannelDomain(calibration: calibration, measured: measured != nil, domain: d, runs: runs)
  }

  /// Every channel's ``fitDomain(_:channel:fullRange:share:histogram:)``, in parallel, kept in a sweep's cache for
  /// the points that share the layer (its stimulus and Q_c), and built from the calibration histograms it keeps for
  /// the points that share the layer's stimulus (even when Q_c differs).
  static func fitDomains(
    _ layer: PreparedLayer, fullRange: Bool, share: Double, threads: Int, cache: RunCache
  ) -> [ChannelDomain] {
    let key = RunCache.CalibrationKey(
      stimulus: layer.stream.stimulus, order: layer.stream.order, count: layer.stream.count,
      calibration: layer.calibration)
    return cache.domains(RunCache.MTFitKey(layer: layer, fullRange: fullRange, fullRangeShare: share)) {
      let histograms = cache.histograms(key) {
        Parallel.map(count: layer.config.channels, threads: threads) { layer.calibrationDomain(channel: $0) }
      }
      return Parallel.map(count: layer.config.channels, threads: threads) { c in
        var d = fitDomain(layer, channel: c, fullRange: fullRange, share: share, histogram: .some(histograms[c]))
        // Every point's GRAU fit checks the slopes against its architecture; what the channel needs is shared.
        if d.measured {
          d.slopeNeeds = SlopeNeeds(target: layer.stream.activations[c], calibration: d.calibration, runs: d.runs)
        }
        return d
      }
    }
  }

  static func fitMT(
    _ layer: PreparedLayer, fullRange: Bool, share: Double, threads: Int, done: @escaping @Sendable (Int) -> Void,
    domains: [ChannelDomain]? = nil
  ) -> [MTChannelFit] {
    Parallel.map(count: layer.config.channels, threads: threads) { c -> MTChannelFit in
      let fit = fitMT(
        layer, channel: c, domain: domains?[c] ?? fitDomain(layer, channel: c, fullRange: fullRange, share: share))
      done(c)
      return fit
    }
  }

  /// Channel `c`'s MT thresholds on its domain `cd`.
  static func fitMT(_ layer: PreparedLayer, channel c: Int, domain cd: ChannelDomain) -> MTChannelFit {
    let q = layer.stream.activations[c]
    let (calibration, measured, d, runs) = cd.parts
    let mt = MTFitter.thresholds(q, domain: d)
    var error = ErrorAccumulator()
    if measured {
      let lookup = MTLookup(mt)
      for (x, w) in zip(calibration.points, calibration.weights) {
        error.add(error: lookup.output(x) - q(x), weight: w)
      }
    }
    return MTChannelFit(parameters: mt, fullRange: FullRange.error(mt, target: q, runs: runs), error: error)
  }

  /// Per channel, the PWL fits for every count of `segments` (``PWLFitter/fitEach``), on the domains
  /// ``fitGRAU(_:architecture:options:fullRange:share:bypass:threads:done:fitted:)`` fits.
  static func fitGRAUFamily(
    _ layer: PreparedLayer, architecture arch: GRAUArchitecture, options: FitOptions, fullRange: Bool, share: Double,
    segments: [Int], threads: Int, domains: [ChannelDomain]? = nil
  ) -> RunCache.GRAUFamilyFits {
    Parallel.map(count: layer.config.channels, threads: threads) { c in
      let d = (domains?[c] ?? fitDomain(layer, channel: c, fullRange: fullRange, share: share)).domain
      return PWLFitter.fitEach(
        layer.stream.activations[c], domain: d, architecture: arch, options: options, segmentCounts: segments)
    }
  }

  /// GRAU parameters per channel; `bypass` holds the MT thresholds when the layer uses the comparators alone, and
  /// `fitted` each channel's PWL fit when it was made already (what ``PWLFitter/fit(_:domain:architecture:options:)``
  /// returns for the channel's domain).
  static func fitGRAU(
    _ layer: PreparedLayer, architecture arch: GRAUArchitecture, options: FitOptions, fullRange: Bool, share: Double,
    bypass: [MTChannelFit]?, threads: Int, done: @escaping @Sendable (Int) -> Void,
    fitted: [Result<FitResult, FitError>]? = nil, domains: [ChannelDomain]? = nil
  ) throws(RunError) -> [GRAUChannelFit] {
    let results = Parallel.map(count: layer.config.channels, threads: threads) {
      c -> Result<GRAUChannelFit, RunError> in
      let fit = fitGRAU(
        layer, channel: c, domain: domains?[c] ?? fitDomain(layer, channel: c, fullRange: fullRange, share: share),
        architecture: arch, options: options, bypass: bypass?[c], fitted: fitted?[c])
      done(c)
      return fit
    }
    return try collect(results)
  }

  /// Channel `c`'s GRAU parameters on its domain `cd` (see ``fitGRAU(_:architecture:options:fullRange:share:bypass:threads:done:fitted:domains:)``).
  static func fitGRAU(
    _ layer: PreparedLayer, channel c: Int, domain cd: ChannelDomain, architecture arch: GRAUArchitecture,
    options: FitOptions, bypass: MTChannelFit?, fitted: Result<FitResult, FitError>?
  ) -> Result<GRAUChannelFit, RunError> {
    let q = layer.stream.activations[c]
    let (calibration, measured, d, runs) = cd.parts
    let p: GRAUParameters
    var warnings: [FitWarning] = []
    if let bypass {
      // The comparators act as a small MT unit: the MT thresholds, padded with "never reached".
      let never = arch.input.max + 1
      let mt = bypass.parameters.thresholds
      let t = mt + [Int](repeating: never, count: arch.segments - 1 - mt.count)
      p = GRAUParameters(
        architecture: arch, mode: .bypass, thresholds: t,
        segments: [GRAUSegment](repeating: .pot(shift: nil, bias: 0), count: arch.segments), output: q.output)
    } else {
      do throws(FitError) {
        if let fitted {
          p = try fitted.get().parameters
        } else {
          p = try PWLFitter.fit(q, domain: d, architecture: arch, options: options).parameters
        }
      } catch {
        return .failure(.fit(layer: layer.config.name, channel: c, error))
      }
      if measured {
        warnings = FitWarning.check(
          cd.slopeNeeds ?? SlopeNeeds(target: q, calibration: calibration, runs: runs), arch)
      }
    }
    let error = measured ? FullRange.domainError(p, target: q, runs: runs, domain: calibration) : ErrorAccumulator()
    return .success(
      GRAUChannelFit(
        parameters: p, fullRange: FullRange.error(p, target: q, runs: runs), error: error, warnings: warnings))
  }

  /// The channels' fits in order, or the first channel's failure.
  static func collect<T>(_ results: [Result<T, RunError>]) throws(RunError) -> [T] {
    var fits: [T] = []
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

/// What a channel is fitted on: its calibration histogram (x = 0 when it has none), whether it has calibration data,
/// the domain the fit covers, and every run of its Q_c (the safety points and the full-range check).
struct ChannelDomain: Sendable {
  var calibration: FitDomain
  var measured: Bool
  var domain: FitDomain
  var runs: [ConstantRun]
  /// The slopes Q_c needs over the calibration points, when computed ahead (a sweep's domains, shared by its points);
  /// nil: the fit computes them.
  var slopeNeeds: SlopeNeeds? = nil

  var parts: (FitDomain, Bool, FitDomain, [ConstantRun]) { (calibration, measured, domain, runs) }
}

/// One channel's MT thresholds, their error over every input and over the calibration samples.
struct MTChannelFit: Sendable {
  var parameters: MTParameters
  var fullRange: FullRangeError
  var error: ErrorAccumulator
}

/// One channel's GRAU parameters, their errors, and the slopes the architecture cannot make.
struct GRAUChannelFit: Sendable {
  var parameters: GRAUParameters
  var fullRange: FullRangeError
  var error: ErrorAccumulator
  var warnings: [FitWarning]
}
