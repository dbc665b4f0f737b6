/// What the fitter minimises, in output LSBs against `Q_c`.
package enum FitObjective: String, Sendable, Hashable, Codable, CaseIterable {
  /// Weighted mean squared error.
  case mse
  /// Largest absolute error.
  case maxabs
}

/// Fitting options beyond the unit's architecture.
package struct FitOptions: Sendable, Hashable {
  var objective: FitObjective
  /// Upper bound on breakpoint candidates for wide domains (MSE objective; see docs/semantics.md), 2...8192.
  var maxCandidates: Int
  /// APoT: the largest number of powers of two per slope considered (R allows all subsets).
  var apotMaxTerms: Int
  /// Saturating units, MSE objective: domains of at most this many points (and at most `maxCandidates`) get the
  /// exact clamped cost for every candidate segment, so the fit is globally optimal. Larger domains use the
  /// unclamped cost as a bound and re-optimise each fitted segment against the clamped error.
  var exactSaturationPoints: Int
  /// Which fitter makes the parameters: the integer-domain optimum or the published float-then-round flow.
  var fitter: GRAUFitter

  package init(
    objective: FitObjective = .mse, maxCandidates: Int = 256, apotMaxTerms: Int = 2, exactSaturationPoints: Int = 64,
    fitter: GRAUFitter = .optimal
  ) {
    self.fitter = fitter
    self.objective = objective
    self.maxCandidates = maxCandidates
    self.apotMaxTerms = apotMaxTerms
    self.exactSaturationPoints = exactSaturationPoints
  }

  /// The breakpoint candidate counts the fitter supports (the config and `fit` accept the same).
  static let candidateRange = 2...8192

  /// Checks the ranges the fitter supports.
  func validate(path: String = "fit") throws(ValueError) {
    guard Self.candidateRange.contains(maxCandidates) else {
      throw ValueError(
        path: "\(path).max_candidates",
        expected: "an integer in \(Self.candidateRange.lowerBound)...\(Self.candidateRange.upperBound)",
        got: "\(maxCandidates)")
    }
    guard (1...24).contains(apotMaxTerms) else {
      throw ValueError(path: "\(path).apot_max_terms", expected: "an integer in 1...24", got: "\(apotMaxTerms)")
    }
    guard (0...512).contains(exactSaturationPoints) else {
      throw ValueError(
        path: "\(path).exact_saturation_points", expected: "an integer in 0...512", got: "\(exactSaturationPoints)")
    }
    // The published flow is a least-squares fit: it has no maxabs form.
    guard fitter == .optimal || objective == .mse else {
      throw ValueError(
        path: "\(path).objective", expected: "\"mse\" with fitter \"float_round\" (a least-squares flow)",
        got: "\"\(objective.rawValue)\"")
    }
  }
}

/// A fitted GRAU channel and how well it does.
package struct FitResult: Sendable, Hashable {
  /// The fitted parameters (PWL mode).
  package var parameters: GRAUParameters
  /// The true error of the bit-exact reference against `Q_c` over the domain.
  package var error: ErrorMetrics
  /// Whether every domain point was a breakpoint candidate (the fit is then globally optimal, except for a
  /// saturating MSE fit of a domain larger than ``FitOptions/exactSaturationPoints``: see ``optimal``).
  var exhaustiveCandidates: Bool
  /// Whether the fit provably minimises the objective over every parameter set the unit can hold (lines that do
  /// not wrap, for a non-saturating unit).
  var optimal: Bool

  init(parameters: GRAUParameters, error: ErrorMetrics, exhaustiveCandidates: Bool, optimal: Bool = false) {
    self.parameters = parameters
    self.error = error
    self.exhaustiveCandidates = exhaustiveCandidates
    self.optimal = optimal
  }
}

/// Why a fit could not be made.
package enum FitError: Error, Sendable, Equatable, CustomStringConvertible {
  case emptyDomain
  case domainOutsideInput(lo: Int, hi: Int, format: IntegerFormat)
  case invalid(ValueError)

  package var description: String {
    switch self {
    case .emptyDomain: "the fitting domain is empty"
    case .domainOutsideInput(let lo, let hi, let f):
      "the fitting domain \(lo)...\(hi) is outside the \(f.bits)-bit signed input range \(f.min)...\(f.max)"
    case .invalid(let e): e.description
    }
  }
}

/// Fits GRAU parameters to a channel's exact quantized activation (docs/semantics.md).
///
/// Everything happens on integers: the domain points are the candidate breakpoints, slopes are the shifter
/// settings the hardware holds, and each segment's bias is the exact integer optimum. See docs/semantics.md for
/// the algorithm, its optimality and its complexity.
package enum PWLFitter {
  /// Fits `architecture.segments` segments to `target` over `domain`, minimising `options.objective` in output
  /// LSBs.
  ///
  /// - MSE: dynamic programming over breakpoint candidates with O(1) exact segment costs from prefix sums; every
  ///   domain point is a candidate when the domain has at most `options.maxCandidates` points.
  /// - maxabs: bisection on the error bound with a greedy feasibility test over every domain point (always exact).
  ///
  /// A non-saturating unit wraps its output, so only lines that stay inside the output range on their segment's
  /// domain points are considered. Fewer used segments than K are padded with thresholds outside the domain.
  ///
  /// - Returns: validated PWL parameters and their true error (``GRAUReference/output(_:_:)`` against `target`).
  /// - Throws: ``FitError`` for an empty domain, a domain outside the input range, or invalid target,
  ///   architecture or options.
  /// - Complexity: MSE: O(N + M·U + M²·U + K·M²) (pruned) for N domain points, M ≤ maxCandidates candidates
  ///   and U shifter settings (R for PoT, Σ C(R, t) for t ≤ apotMaxTerms for APoT). maxabs: O(N·U·log(2^n)).
  package static func fit(
    _ target: QuantizedActivation, domain: FitDomain, architecture: GRAUArchitecture, options: FitOptions = FitOptions()
  ) throws(FitError) -> FitResult {
    let problem = try _FitProblem(target: target, domain: domain, architecture: architecture, options: options)
    if options.fitter == .floatRound { return try fitFloatRound(problem, target: target, domain: domain) }
    switch options.objective {
    case .maxabs:
      let pieces = problem.fitMaxAbs()
      return try problem.result(pieces, exhaustive: true, optimal: true)
    case .mse:
      let (pieces, exhaustive, optimal) = problem.fitMSE()
      return try problem.result(pieces, exhaustive: exhaustive, optimal: optimal)
    }
  }
}
