extension PWLFitter {
  /// Fits `architecture` with each of `segmentCounts` segments at once: for every K the ``FitResult`` that
  /// ``fit(_:domain:architecture:options:)`` returns for `architecture` with `segments = K`, field for field.
  ///
  /// The MSE fit shares the candidate bounds, the line sums, the coarse DP and one full DP over `max K` segments
  /// among the counts (``_FitProblem/fitMSE(segmentCounts:)`` explains why every K's result is the standalone
  /// one); maxabs fits, which are not DP-based, run per K.
  ///
  /// - Throws: The error of the smallest K whose standalone fit throws.
  package static func fit(
    _ target: QuantizedActivation, domain: FitDomain, architecture: GRAUArchitecture,
    options: FitOptions = FitOptions(),
    segmentCounts: some Sequence<Int>
  ) throws(FitError) -> [Int: FitResult] {
    let results = fitEach(
      target, domain: domain, architecture: architecture, options: options, segmentCounts: segmentCounts)
    var fits: [Int: FitResult] = [:]
    for k in results.keys.sorted() { fits[k] = try results[k]!.get() }
    return fits
  }

  /// Per K in `segmentCounts`, what ``fit(_:domain:architecture:options:)`` returns or throws for `architecture`
  /// with `segments = K`.
  static func fitEach(
    _ target: QuantizedActivation, domain: FitDomain, architecture: GRAUArchitecture, options: FitOptions,
    segmentCounts: some Sequence<Int>
  ) -> [Int: Result<FitResult, FitError>] {
    var results: [Int: Result<FitResult, FitError>] = [:]
    // A standalone fit validates its architecture first; the later checks do not read K.
    var counts: [Int] = []
    for k in Set(segmentCounts).sorted() {
      var a = architecture
      a.segments = k
      do throws(ValueError) {
        try a.validate()
        counts.append(k)
      } catch {
        results[k] = .failure(.invalid(error))
      }
    }
    guard let kMax = counts.last else { return results }
    // The family shares the optimal fitter's DP; the published flow fits each K on its own.
    if options.fitter == .floatRound {
      for k in counts {
        var a = architecture
        a.segments = k
        results[k] = Result { () throws(FitError) in
          try fit(target, domain: domain, architecture: a, options: options)
        }
      }
      return results
    }
    var a = architecture
    a.segments = kMax
    let problem: _FitProblem
    do throws(FitError) {
      problem = try _FitProblem(target: target, domain: domain, architecture: a, options: options)
    } catch {
      for k in counts { results[k] = .failure(error) }
      return results
    }
    switch options.objective {
    case .maxabs:
      for k in counts {
        let p = problem.with(segments: k)
        results[k] = Result { () throws(FitError) in try p.result(p.fitMaxAbs(), exhaustive: true, optimal: true) }
      }
    case .mse:
      for (k, fit) in zip(counts, problem.fitMSE(segmentCounts: counts)) {
        let p = problem.with(segments: k)
        results[k] = Result { () throws(FitError) in
          try p.result(fit.pieces, exhaustive: fit.exhaustive, optimal: fit.optimal)
        }
      }
    }
    return results
  }
}

extension _FitProblem {
  /// ``fitMSE()`` for every K of `ks` (ascending, each a valid segment count), in that order, from one DP.
  ///
  /// Why each K's pieces are exactly those of `with(segments: K).fitMSE()`. Write T[k][j] for the unpruned DP
  /// value (the least cost of k segments covering boundaries 0..<j, each segment at its cheapest option), and
  /// U(K) for the standalone bound: the coarse DP's least total over at most K segments (or none, M ≤ 64).
  /// - Candidate bounds, line sums and the coarse DP do not read K. The coarse DP is unpruned, so its entries for
  ///   k ≤ K do not depend on how many segments it holds: one coarse DP over max K gives every U(K).
  /// - The full DP runs over max K segments with the bound U(Kmin) ≥ U(K) for every K of the family. In any DP
  ///   pruned with a bound U, an entry with T[k][j] ≤ U is exact: its best predecessor entry is exact and within
  ///   U, so that row runs (its head is at most that entry), keeps every option costing at most U (costs never
  ///   decrease as a segment grows) and does not stop before j (the row's cost up to j is at most U − head).
  ///   Other entries are costs of real paths, so never below T. Hence wherever T[k][j] ≤ opt(K) ≤ U(K) ≤ U(Kmin),
  ///   the family's and the standalone's entries are equal, and so is their predecessor: the smallest row i with
  ///   T[k−1][i] + cost(i, j) = T[k][j], the same set in both. The standalone's choice of k (the largest
  ///   k ≤ min(K, M) of least cost) only looks at entries equal to opt(K) or above it, so it is the family's too
  ///   (``_PartitionDP/solution(segments:)``), and the path from there has the same boundaries.
  /// - What the links carry besides the boundaries is each segment's option and bias, and there the bound
  ///   matters: a row drops an option once it exceeds the bound by swapping the last active option into its
  ///   place, so the order in which the row tries options — which decides ties between equal-cost options —
  ///   depends on the bound. So each segment [i, j) of a K whose U(K) differs from U(Kmin) is replayed: row i
  ///   alone over boundaries i...j with the bound U(K), exactly as the standalone fill ran it up to j (it reaches
  ///   j, as above), giving the standalone's option and bias (O((j − i)·U) per segment).
  /// - Saturating units: the exact clamped DP (small domains) is unpruned, so only the k ≤ K entries and the
  ///   choice of k matter, as above; the re-optimisation of larger domains runs per K on those pieces, as the
  ///   standalone does.
  func fitMSE(segmentCounts ks: [Int]) -> [(pieces: [_FitPiece], exhaustive: Bool, optimal: Bool)] {
    fitsInt64 ? fitMSE(ks, Int64.self) : fitMSE(ks, Int128.self)
  }

  private func fitMSE<I: FixedWidthInteger & SignedInteger>(_ ks: [Int], _: I.Type) -> [(
    pieces: [_FitPiece], exhaustive: Bool, optimal: Bool
  )] {
    let (b, exhaustive) = candidateBounds()
    let saturate = architecture.saturate
    let exactClamp = saturate && exhaustive && count <= options.exactSaturationPoints
    let kMax = ks[ks.count - 1]
    let m = b.count - 1
    var sums: _LineSums<I>? = nil
    var coarse: _PartitionDP<I>? = nil
    var bound = I.max
    let dp: _PartitionDP<I>
    if exactClamp {
      dp = with(segments: kMax).clampedPartition(b, I.self)
    } else {
      let s = _LineSums<I>(self, bounds: b)
      if m > 64 {
        let c = Array(stride(from: 0, to: m, by: 8)) + [m]
        let first = _PartitionDP<I>(intervals: c.count - 1, segments: kMax)
        s.fill(first, self, candidates: c, bound: .max)
        bound = first.least(segments: ks[0])
        coarse = first
      }
      // Level k's entries matter only on the paths of counts K ≥ k, which cost at most U(K) ≤ U(the least such K).
      let levels = coarse.map { c in (1...kMax).map { k in c.least(segments: ks.first { $0 >= k }!) } } ?? []
      dp = _PartitionDP<I>(intervals: m, segments: kMax, levelBounds: levels)
      s.fill(dp, self, candidates: Array(0...m), bound: bound)
      sums = s
    }
    return ks.map { k in
      var segments = dp.solution(segments: k).segments
      if let sums, let coarse, case let own = coarse.least(segments: k), own != bound {
        for s in segments.indices {
          let i = segments[s].start
          let j = s + 1 < segments.count ? segments[s + 1].start : m
          let row = _PartitionDP<I>(intervals: j - i, segments: 1)
          sums.fill(row, self, candidates: Array(i...j), bound: own)
          let replayed = row.solution.segments[0]
          segments[s].option = replayed.option
          segments[s].bias = replayed.bias
        }
      }
      let pieces = segments.map { _FitPiece(start: b[$0.start], option: $0.option, bias: $0.bias) }
      return (
        saturate && !exactClamp ? reoptimized(pieces, I.self) : pieces, exhaustive,
        exhaustive && (!saturate || exactClamp)
      )
    }
  }
}
