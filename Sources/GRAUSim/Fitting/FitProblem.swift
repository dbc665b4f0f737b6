/// One fitted segment: it starts at domain point `start` (an index) and uses slope option `option` and `bias`.
struct _FitPiece: Sendable, Hashable {
  var start: Int
  var option: Int
  var bias: Int
}

/// A validated fitting problem: the domain as flat arrays, the target codes, and the slope options.
///
/// Slope options are numbered: 0 is slope 0; option `1 + 2u` is shifter setting `settings[u]` with sign +,
/// `2 + 2u` the same setting negated.
struct _FitProblem: Sendable {
  /// Variable only for ``with(segments:)``.
  fileprivate(set) var architecture: GRAUArchitecture
  let options: FitOptions
  let output: IntegerFormat
  /// Domain points, weights and target codes `Q_c(x)` (evaluated once per point).
  let x: [Int]
  let w: [Int]
  let q: [Int]
  let totalWeight: Int
  /// The nonzero shifter settings a segment may use.
  let settings: [UInt32]
  /// PoT: the shift of each setting (its popcount).
  let shifts: [Int]
  let qmin: Int
  let qmax: Int
  let biasMin: Int
  let biasMax: Int
  /// The calibration's inputs when the domain covers more (``FitDomain/core``).
  let core: ClosedRange<Int>?

  /// The largest total weight the exact arithmetic supports.
  static let maxTotalWeight = 1 << 40
  /// The most shifter settings an APoT fit enumerates.
  static let maxSettings = 4096

  init(target: QuantizedActivation, domain: FitDomain, architecture a: GRAUArchitecture, options: FitOptions)
    throws(FitError)
  {
    do {
      try a.validate()
      try target.validate(path: "activation")
      try options.validate()
    } catch { throw .invalid(error) }
    guard let lo = domain.points.first, let hi = domain.points.last else { throw .emptyDomain }
    guard a.input.contains(lo), a.input.contains(hi) else {
      throw .domainOutsideInput(lo: lo, hi: hi, format: a.input)
    }
    var total = 0
    for v in domain.weights {
      let (s, overflow) = total.addingReportingOverflow(v)
      guard !overflow, s <= Self.maxTotalWeight else {
        throw .invalid(
          ValueError(path: "domain.weights", expected: "a total weight of at most 2^40", got: "a larger total"))
      }
      total = s
    }
    // Settings: PoT thermometer codes for r = 1...R; APoT every subset of 1...R with at most T terms.
    var settings: [UInt32] = []
    var shifts: [Int] = []
    switch a.slopeMode {
    case .pot:
      for r in 1...a.stages {
        settings.append(UInt32((UInt64(1) << r) - 1))
        shifts.append(r)
      }
    case .apot:
      let terms = min(options.apotMaxTerms, a.stages)
      var count = 0
      var binomial = 1
      for t in 1...terms {
        binomial = binomial * (a.stages - t + 1) / t
        count += binomial
      }
      guard count <= Self.maxSettings else {
        throw .invalid(
          ValueError(
            path: "fit.apot_max_terms", expected: "at most \(Self.maxSettings) APoT settings",
            got: "\(count) (R = \(a.stages), \(terms) terms)"))
      }
      // Ascending masks by number of terms, then numerically: deterministic option order.
      for t in 1...terms {
        var mask = UInt32((UInt64(1) << t) - 1)
        let limit = UInt64(1) << a.stages
        while UInt64(mask) < limit {
          settings.append(mask)
          shifts.append(0)
          // Gosper's hack: the next larger mask with the same popcount.
          let c = mask & (0 &- mask)
          let r = mask &+ c
          if r == 0 { break }
          mask = (((r ^ mask) >> 2) / c) | r
        }
      }
    }
    self.architecture = a
    self.options = options
    self.output = target.output
    self.x = domain.points
    self.w = domain.weights
    self.q = domain.points.map { target($0) }
    self.totalWeight = total
    self.settings = settings
    self.shifts = shifts
    self.qmin = target.qmin
    self.qmax = target.qmax
    self.biasMin = a.bias.min
    self.biasMax = a.bias.max
    self.core = domain.core
  }

  var count: Int { x.count }

  /// The same problem for a unit of `k` segments (the fit reads K only as its segment limit and when padding).
  func with(segments k: Int) -> _FitProblem {
    var p = self
    p.architecture.segments = k
    return p
  }

  /// The pre-shifted input `X = x << P` of domain point `i` (as the reference's `wrap_{W+P}(x << P)`: the domain
  /// lies inside the input range, so it never wraps).
  @inline(__always)
  func big(_ i: Int) -> Int { x[i] &<< architecture.preShift }

  /// The last input a segment ending at domain point `i` covers: every integer below the next point belongs to it.
  /// A non-saturating line is kept inside the output range up to there, so no input between points wraps.
  @inline(__always)
  func pointEnd(_ i: Int) -> Int { i + 1 < x.count ? x[i + 1] - 1 : x[i] }
  var optionCount: Int { 1 + 2 * settings.count }
  var segmentLimit: Int { architecture.segments }

  /// The shifter output `S` of setting `u` for the pre-shifted input `X` (as ``GRAUReference/shifterChain``).
  @inline(__always)
  func slope(_ u: Int, _ X: Int) -> Int {
    if architecture.slopeMode == .pot { return X &>> shifts[u] }
    var sum = 0
    var rest = settings[u]
    while rest != 0 {
      sum &+= X &>> (rest.trailingZeroBitCount + 1)
      rest &= rest - 1
    }
    return sum
  }

  /// `sign · S` of option `o` at domain point `i`.
  @inline(__always)
  func signedSlope(_ o: Int, _ i: Int) -> Int { signedSlope(o, atInput: x[i]) }

  /// `sign · S` of option `o` at input `x`.
  @inline(__always)
  func signedSlope(_ o: Int, atInput x: Int) -> Int {
    if o == 0 { return 0 }
    let s = slope((o - 1) >> 1, x &<< architecture.preShift)
    return (o - 1) & 1 == 1 ? -s : s
  }

  func segment(_ o: Int, bias: Int) -> GRAUSegment {
    if o == 0 { return GRAUSegment(negative: false, setting: 0, bias: bias) }
    return GRAUSegment(negative: (o - 1) & 1 == 1, setting: settings[(o - 1) >> 1], bias: bias)
  }

  /// A bound on every |d| = |q − sign·S| and on every bias the fitter picks (each lies between the extremes of d
  /// or inside the no-wrap interval), for choosing exact integer widths.
  var magnitudeBound: Double {
    // S is monotone in X, so its extremes over the domain are at the end points.
    var s = 0
    for u in settings.indices {
      s = max(s, abs(slope(u, big(0))), abs(slope(u, big(count - 1))))
    }
    return Double(s) + Double(max(abs(qmin), abs(qmax))) + 2
  }

  /// Whether exact MSE costs fit a signed 64-bit integer. Segment costs Σw(d − c)² are at most 4·D²·weight and
  /// the DP adds costs of disjoint segments, so every stored or compared value is below 4·D²·W; intermediate
  /// terms may wrap (`&+`, `&*`): two's-complement arithmetic is exact modulo 2^64 and the true results fit.
  var fitsInt64: Bool {
    let d = magnitudeBound
    return 4 * d * d * Double(totalWeight) < 0x1p62
  }

  /// Builds the parameters from the fitted pieces (ascending starts, the first at 0), padding to K segments with
  /// thresholds outside the domain, and measures their true error.
  func result(_ pieces: [_FitPiece], exhaustive: Bool, optimal: Bool) throws(FitError) -> FitResult {
    let a = architecture
    let k = a.segments
    var used = pieces.map { segment($0.option, bias: $0.bias) }
    var thresholds = pieces.dropFirst().map { x[$0.start] }
    let missing = k - used.count
    if missing > 0 {
      // Above the domain first (copies of the last segment), then at or below its minimum (copies of the first).
      let above = min(missing, a.threshold.max - x[count - 1])
      let below = missing - above
      guard below <= x[0] - a.threshold.min + 1 else {
        throw .invalid(
          ValueError(
            path: "grau.segments",
            expected:
              "at most \(k - missing + above + x[0] - a.threshold.min + 1) segments for a \(a.inputBits)-bit input",
            got: "\(k)"))
      }
      let low = (0..<below).map { a.threshold.min + $0 }
      let high = (0..<above).map { x[count - 1] + 1 + $0 }
      thresholds = low + thresholds + high
      used =
        [GRAUSegment](repeating: used[0], count: below) + used
        + [GRAUSegment](repeating: used[used.count - 1], count: above)
    }
    let p = GRAUParameters(architecture: a, mode: .pwl, thresholds: thresholds, segments: used, output: output)
    do { try p.validate() } catch { throw .invalid(error) }
    return FitResult(parameters: p, error: measure(p), exhaustiveCandidates: exhaustive, optimal: optimal)
  }

  /// The error of validated PWL parameters over the domain: `ErrorMetrics` of ``GRAUReference/output(_:_:)``
  /// against `q`, computed in one pass (the points ascend, so the comparator bank's count only grows).
  func measure(_ p: GRAUParameters) -> ErrorMetrics {
    // Σ w·e² fits 63 bits whenever total weight · (largest |e|)² does; |e| ≤ 2^n − 1.
    let e = Double(output.count - 1)
    return Double(totalWeight) * e * e < 0x1p62 ? measure(p, Int.self) : measure(p, Int128.self)
  }

  private func measure<A: FixedWidthInteger & SignedInteger>(_ p: GRAUParameters, _: A.Type) -> ErrorMetrics {
    let a = architecture
    let (mode, stages, saturate, sum, out) = (a.slopeMode, a.stages, a.saturate, a.sum, p.output)
    let thresholds = p.thresholds
    let preShift = a.preShift
    let mask: UInt32 = stages >= 32 ? .max : (UInt32(1) << stages) - 1
    var exactWeight = 0
    var offByTwoWeight = 0
    var sumAbs = 0
    var squares: A = 0
    var maxAbs = 0
    var k = 0
    var i = 0
    x.withUnsafeBufferPointer { x in
      w.withUnsafeBufferPointer { w in
        q.withUnsafeBufferPointer { q in
          while i < x.count {
            // Segment k holds the points below threshold k (all the rest for the last segment).
            while k < thresholds.count && x[i] >= thresholds[k] { k += 1 }
            let end = k < thresholds.count ? thresholds[k] : Int.max
            let segment = p.segments[k]
            let bias = a.bias.wrap(segment.bias)
            // PoT: S = X >> r, gated to 0 by an all-zero setting; `negate` is 0 or −1 (s ^ −1 − (−1) = −s).
            let bits = segment.setting & mask
            let r = bits.nonzeroBitCount
            let gate = bits == 0 ? 0 : -1
            let negate = segment.negative ? -1 : 0
            var stop = i
            while stop < x.count && x[stop] < end { stop += 1 }
            // Wrapping sums: weight ≤ 2^40 and |e| < 2^16 keep them exact (squares: see the caller).
            for j in i..<stop {
              let big = x[j] &<< preShift
              let s =
                mode == .pot
                ? (big &>> r) & gate
                : GRAUReference.shifterChain(big, setting: segment.setting, mode: mode, stages: stages)
              let y = sum.wrap(((s ^ negate) &- negate) &+ bias)
              let error = (saturate ? out.clamp(y) : out.wrap(y)) &- q[j]
              let magnitude = error < 0 ? 0 &- error : error
              let wi = w[j]
              exactWeight &+= magnitude == 0 ? wi : 0
              offByTwoWeight &+= magnitude >= 2 ? wi : 0
              sumAbs &+= magnitude &* wi
              squares &+= A(magnitude &* magnitude) &* A(wi)
              maxAbs = Swift.max(maxAbs, magnitude)
            }
            i = stop
          }
        }
      }
    }
    let weight = totalWeight
    var acc = ErrorAccumulator()
    acc.weight = weight
    acc.exactWeight = exactWeight
    acc.offByTwoWeight = offByTwoWeight
    acc.sumAbs = sumAbs
    acc.sumSquares = Int128(squares)
    acc.maxAbs = maxAbs
    return acc.metrics
  }
}
