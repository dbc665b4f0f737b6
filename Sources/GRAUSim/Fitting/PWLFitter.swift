/// What the fitter minimises, in output LSBs against `Q_c`.
public enum FitObjective: String, Sendable, Hashable, Codable, CaseIterable {
  /// Weighted mean squared error.
  case mse
  /// Largest absolute error.
  case maxabs
}

/// Fitting options beyond the unit's architecture.
public struct FitOptions: Sendable, Hashable {
  public var objective: FitObjective
  /// Upper bound on breakpoint candidates for wide domains (see docs/semantics.md).
  public var maxCandidates: Int
  /// APoT: the largest number of powers of two per slope considered (R allows all subsets).
  public var apotMaxTerms: Int

  public init(objective: FitObjective = .mse, maxCandidates: Int = 256, apotMaxTerms: Int = 2) {
    self.objective = objective
    self.maxCandidates = maxCandidates
    self.apotMaxTerms = apotMaxTerms
  }
}

/// A fitted GRAU channel and how well it does.
public struct FitResult: Sendable, Hashable {
  /// The fitted parameters (PWL mode).
  public var parameters: GRAUParameters
  /// The true error of the bit-exact reference against `Q_c` over the domain.
  public var error: ErrorMetrics
  /// Whether every domain point was a breakpoint candidate (the fit is then globally optimal).
  public var exhaustiveCandidates: Bool

  public init(parameters: GRAUParameters, error: ErrorMetrics, exhaustiveCandidates: Bool) {
    self.parameters = parameters
    self.error = error
    self.exhaustiveCandidates = exhaustiveCandidates
  }
}

/// Why a fit could not be made.
public enum FitError: Error, Sendable, Equatable, CustomStringConvertible {
  case emptyDomain
  case domainOutsideInput(lo: Int, hi: Int, format: IntegerFormat)
  case invalid(ValueError)

  public var description: String {
    switch self {
    case .emptyDomain: "the fitting domain is empty"
    case .domainOutsideInput(let lo, let hi, let f):
      "the fitting domain \(lo)...\(hi) is outside the \(f.bits)-bit signed input range \(f.min)...\(f.max)"
    case .invalid(let e): e.description
    }
  }
}

/// Fits GRAU parameters to a channel's exact quantized activation (DOMAIN.md §4).
public enum PWLFitter {
  /// Fits `architecture.segments` segments to `target` over `domain`.
  ///
  /// PLACEHOLDER until the integer-domain DP fitter lands: one flat segment at the weighted median output.
  public static func fit(
    _ target: QuantizedActivation, domain: FitDomain, architecture: GRAUArchitecture, options: FitOptions = FitOptions()
  ) throws(FitError) -> FitResult {
    guard let lo = domain.points.first, let hi = domain.points.last else { throw .emptyDomain }
    guard architecture.input.contains(lo), architecture.input.contains(hi) else {
      throw .domainOutsideInput(lo: lo, hi: hi, format: architecture.input)
    }
    let k = architecture.segments
    let thresholds = (0..<(k - 1)).map { architecture.input.max + 1 - (k - 2 - $0) }
    let segments = [GRAUSegment](repeating: .pot(shift: nil, bias: target(lo)), count: k)
    let p = GRAUParameters(architecture: architecture, thresholds: thresholds, segments: segments, output: target.output)
    let error = ErrorMetrics.measure(domain: domain, target: { target($0) }, unit: { GRAUReference.output($0, p) })
    return FitResult(parameters: p, error: error, exhaustiveCandidates: false)
  }
}

/// Derives multi-threshold parameters from a channel's exact quantized activation (DOMAIN.md §2).
public enum MTFitter {
  /// The `2^n − 1` thresholds of `target`: exact for non-decreasing `Q_c`; for non-monotonic ones the best
  /// monotone approximation over `domain` (see docs/semantics.md).
  ///
  /// PLACEHOLDER until the fitter lands: `T_i = min{ x in domain : Q(x) >= qmin + i }`.
  public static func thresholds(_ target: QuantizedActivation, domain: FitDomain) -> MTParameters {
    let levels = (1 << target.output.bits) - 1
    let never = target.input.max + 1
    var t = [Int](repeating: never, count: levels)
    for x in domain.points.reversed() {
      let q = target(x) - target.qmin
      for i in 0..<min(q, levels) { t[i] = x }
    }
    for i in stride(from: levels - 2, through: 0, by: -1) where t[i] > t[i + 1] { t[i] = t[i + 1] }
    return MTParameters(inputBits: target.input.bits, thresholds: t, output: target.output)
  }
}
