/// Which GRAU fitter makes a channel's PWL parameters.
package enum GRAUFitter: String, Sendable, Hashable, Codable, CaseIterable {
  /// grausim's integer-domain fitter (``PWLFitter/fit(_:domain:architecture:options:)``): optimal over its
  /// candidates for the objective.
  case optimal
  /// The GRAU paper's published flow as a baseline: a continuous float least-squares PWL fit, then breakpoints,
  /// slopes and biases rounded to what the unit holds (docs/semantics.md, "The published flow").
  case floatRound = "float_round"
}

extension PWLFitter {
  /// Evenly spaced samples of the real-valued target the float fit sees.
  static let floatRoundSamples = 1000
  /// The factor by which the calibration range is widened about its centre for the float fit.
  static let floatRoundWidening = 4

  /// The published flow (docs/semantics.md, "The published flow: `fitter: float_round`"): a continuous float
  /// least-squares PWL fit of `v(x) + zp` with K segments over ``floatRoundSamples`` evenly spaced samples of the
  /// calibration range widened ``floatRoundWidening``× about its centre (clipped to the input range); breakpoints
  /// rounded to integers (the thresholds), each slope rounded to the nearest one the shifter makes, each line
  /// rebuilt through its segment's rounded left end (the first segment's: the left end of the sampled range).
  ///
  /// - Returns: validated PWL parameters and their true error, measured as ``fit(_:domain:architecture:options:)``
  ///   measures it (``GRAUReference/output(_:_:)`` against `target` over `domain`); never `optimal`.
  /// - Throws: ``FitError`` as ``fit(_:domain:architecture:options:)`` does.
  /// - Complexity: O(S·K·sweeps·starts) binary64 operations for S samples, plus O(N) to measure.
  static func fitFloatRound(_ problem: _FitProblem, target: QuantizedActivation, domain: FitDomain) throws(FitError)
    -> FitResult
  {
    let a = problem.architecture
    let k = a.segments
    // The calibration range (the domain's core when it covers the whole input range), widened about its centre.
    let core = domain.core ?? (domain.points[0]...domain.points[domain.points.count - 1])
    let width = core.upperBound - core.lowerBound
    let centre2 = core.lowerBound + core.upperBound  // twice the centre, exact
    // [centre − 2·width, centre + 2·width] (4× as wide), at least K wide, clipped to the input range.
    let half2 = max(Self.floatRoundWidening * width, 2 * k)  // twice the half-width
    let lo = max(a.input.min, (centre2 - half2) >> 1)
    let hi = min(a.input.max, (centre2 + half2 + 1) >> 1)
    let n = Self.floatRoundSamples
    let span = Double(hi - lo)
    let t = (0..<n).map { Double($0) / Double(n - 1) }
    let y = t.map { Self.floatTarget(target, Double(lo) + span * $0) }
    let fit = _FloatPWLFit.fit(t: t, y: y, segments: k)
    func value(atInput x: Int) -> Double { fit(span > 0 ? Double(x - lo) / span : 0) }

    // Breakpoints rounded to integers (rounding keeps their order; equal ones collapse the segments between them).
    let rounded = fit.nodes[1..<k].map { Int((Double(lo) + span * $0).rounded(.toNearestOrAwayFromZero)) }
    // Segment j starts at `starts[j]`: the left end of the range for the first, its rounded breakpoint otherwise.
    let starts = [lo] + rounded
    var thresholds: [Int] = []
    var kept: [Int] = [0]
    for j in 1..<k {
      // Segment j − 1 is empty when segment j starts where it does: the later segment serves that input.
      if let last = thresholds.last, last == starts[j] {
        kept[kept.count - 1] = j
      } else {
        thresholds.append(starts[j])
        kept.append(j)
      }
    }
    let options = slopeOptions(problem)
    var segments: [GRAUSegment] = []
    for j in kept {
      let slope = fit.slope(j) / (span > 0 ? span : 1)  // output LSBs per input LSB
      let o = nearestOption(slope, options)
      let anchor = starts[j]
      // The fit's value rounded to an output code (a non-finite value, which a regular fit never gives, to qmin).
      let v = value(atInput: anchor).rounded(.toNearestOrAwayFromZero)
      let code = v.isFinite ? Swift.min(Swift.max(v, Double(problem.qmin)), Double(problem.qmax)) : Double(problem.qmin)
      let bias = Int(code) - problem.signedSlope(o, atInput: anchor)
      segments.append(problem.segment(o, bias: Swift.min(Swift.max(bias, a.bias.min), a.bias.max)))
    }
    let (t2, s2) = try padded(thresholds: thresholds, segments: segments, architecture: a)
    let p = GRAUParameters(architecture: a, mode: .pwl, thresholds: t2, segments: s2, output: target.output)
    do { try p.validate() } catch { throw .invalid(error) }
    return FitResult(parameters: p, error: problem.measure(p), exhaustiveCandidates: false, optimal: false)
  }

  /// The real value `Q_c` rounds at real input `x`, plus the zero point: `v(x) + zp` with v clamped to
  /// `[qmin − zp − 1, qmax − zp + 1]` as docs/semantics.md §1 clamps it before rounding (so poles stay finite).
  static func floatTarget(_ q: QuantizedActivation, _ x: Double) -> Double {
    let v = q.function(q.gamma * (x * q.inputScale) + q.beta) / q.outputScale
    let lo = Double(q.qmin - q.zeroPoint) - 1
    let hi = Double(q.qmax - q.zeroPoint) + 1
    guard !v.isNaN else { return lo + Double(q.zeroPoint) }
    return Swift.min(Swift.max(v, lo), hi) + Double(q.zeroPoint)
  }

  /// Every slope option of `problem` (``_FitProblem`` numbering) with its real slope in output LSBs per input
  /// LSB: 0, and ±Σ 2^(P−i) over each setting's stages i.
  static func slopeOptions(_ problem: _FitProblem) -> [(option: Int, slope: Double)] {
    let p = problem.architecture.preShift
    var options: [(option: Int, slope: Double)] = [(0, 0)]
    for (u, setting) in problem.settings.enumerated() {
      var magnitude = 0.0
      if problem.architecture.slopeMode == .pot {
        magnitude = Double(sign: .plus, exponent: p - problem.shifts[u], significand: 1)
      } else {
        var rest = setting
        while rest != 0 {
          magnitude += Double(sign: .plus, exponent: p - (rest.trailingZeroBitCount + 1), significand: 1)
          rest &= rest - 1
        }
      }
      options.append((1 + 2 * u, magnitude))
      options.append((2 + 2 * u, -magnitude))
    }
    return options
  }

  /// The option whose slope is nearest `slope`; ties go to the smaller magnitude, then to the positive sign.
  static func nearestOption(_ slope: Double, _ options: [(option: Int, slope: Double)]) -> Int {
    var best = options[0]
    for c in options.dropFirst() {
      let d = abs(c.slope - slope)
      let e = abs(best.slope - slope)
      if d < e || (d == e && (abs(c.slope) < abs(best.slope) || (abs(c.slope) == abs(best.slope) && c.slope > 0))) {
        best = c
      }
    }
    return best.option
  }

  /// K − 1 thresholds and K segments from the surviving ones: the missing thresholds at the top of the threshold
  /// range (never reached by an input; copies of the last segment), and where there is no room there, at its bottom
  /// (copies of the first segment).
  static func padded(thresholds: [Int], segments: [GRAUSegment], architecture a: GRAUArchitecture) throws(FitError)
    -> ([Int], [GRAUSegment])
  {
    let missing = a.segments - segments.count
    guard missing > 0 else { return (thresholds, segments) }
    let top = a.threshold.max
    let above = Swift.min(missing, top - (thresholds.last ?? (a.threshold.min - 1)))
    let below = missing - above
    guard below <= (thresholds.first ?? top + 1) - a.threshold.min else {
      throw .invalid(
        ValueError(
          path: "grau.segments",
          expected: "at most \(segments.count + above + (thresholds.first ?? top + 1) - a.threshold.min) segments "
            + "for a \(a.inputBits)-bit input",
          got: "\(a.segments)"))
    }
    let low = (0..<below).map { a.threshold.min + $0 }
    let high = (0..<above).map { top - above + 1 + $0 }
    return (
      low + thresholds + high,
      [GRAUSegment](repeating: segments[0], count: below) + segments
        + [GRAUSegment](repeating: segments[segments.count - 1], count: above)
    )
  }
}
