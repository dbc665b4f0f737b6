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
    let fullRange = acc.fitRange == .full
    let results = Parallel.map(count: layer.config.channels, threads: threads) { c -> Result<ChannelFit, RunError> in
      let q = stream.activations[c]
      // A channel without calibration data (an in-sample run whose truncated stream never reaches it) still needs
      // parameters; fit it on x = 0 and count no calibration error.
      let measured = layer.calibrationDomain(channel: c)
      let calibration = measured ?? FitDomain(points: [0], weights: [1])
      // Every run of Q_c over the whole input range: the fit's safety points and the full-range check.
      let runs = q.constantRuns()
      let d = fullRange ? calibration.covering(runs: runs, share: acc.fullRangeShare) : calibration
      var fit = ChannelFit()
      if needMT || (needGRAU && bypass) {
        let mt = MTFitter.thresholds(q, domain: d)
        fit.mt = mt
        fit.mtFullRange = FullRange.error(mt, target: q, runs: runs)
        if measured != nil {
          let lookup = MTLookup(mt)
          for (x, w) in zip(calibration.points, calibration.weights) {
            fit.mtError.add(error: lookup.output(x) - q(x), weight: w)
          }
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
        fit.grauFullRange = FullRange.error(p, target: q, runs: runs)
        if !bypass, measured != nil {
          fit.grauWarnings = FitWarning.check(SlopeNeeds(target: q, calibration: calibration, runs: runs), arch)
        }
        if measured != nil {
          for (x, w) in zip(calibration.points, calibration.weights) {
            fit.grauError.add(error: GRAUReference.output(x, p) - q(x), weight: w)
          }
        }
      }
      progress.add(layer.calibrationSamples(channel: c))
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
