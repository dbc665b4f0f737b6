/// Derives multi-threshold parameters from a channel's exact quantized activation (docs/semantics.md).
package enum MTFitter {
  /// The `2^n − 1` thresholds of `target`.
  ///
  /// - Non-decreasing `Q_c` (`function.isMonotone && gamma >= 0`): `T_i = min{ x : Q(x) >= qmin + i }` over the
  ///   whole W-bit input range by binary search (a level never reached → `input.max + 1`), so the unit is exact
  ///   for every input, not only the domain's.
  /// - Otherwise: the best non-decreasing approximation over the weighted `domain`: weighted isotonic regression
  ///   (pool adjacent violators) of `Q` over the domain points, rounded to integers, which is the optimal
  ///   non-decreasing integer step function in weighted squared error (docs/semantics.md).
  ///
  /// `target` must be valid (``QuantizedActivation/validate(path:)``) and the domain inside its input range.
  ///
  /// - Complexity: monotone: O(2^n · W) evaluations of `Q_c`; otherwise O(N + 2^n) for N domain points.
  package static func thresholds(_ target: QuantizedActivation, domain: FitDomain) -> MTParameters {
    let levels = (1 << target.output.bits) - 1
    let input = target.input
    let never = input.max + 1
    let qmin = target.qmin
    var t = [Int](repeating: never, count: levels)
    if target.function.isMonotone && target.gamma >= 0 {
      // Each level's first input by binary search, narrowed by the previous level's answer.
      var from = input.min
      for i in 0..<levels {
        let level = qmin + i + 1
        var lo = from
        var hi = never
        while lo < hi {
          let mid = lo + (hi - lo) / 2
          if target(mid) >= level { hi = mid } else { lo = mid + 1 }
        }
        t[i] = lo
        from = lo
      }
    } else {
      let steps = isotonicSteps(domain.points.map { target($0) }, weights: domain.weights)
      var level = 0
      for (i, x) in domain.points.enumerated() {
        let v = min(max(steps[i], qmin), target.qmax) - qmin
        while level < v {
          t[level] = x
          level += 1
        }
      }
    }
    return MTParameters(inputBits: input.bits, thresholds: t, output: target.output)
  }

  /// Weighted least-squares isotonic (non-decreasing) regression by pool adjacent violators, each block's mean
  /// rounded half away from zero; exact integer block sums.
  ///
  /// - Complexity: O(N).
  static func isotonicSteps(_ values: [Int], weights: [Int]) -> [Int] {
    // Blocks as (weight, weighted sum, count); merge while a block's mean is below its predecessor's.
    var blockWeight: [Int128] = []
    var blockSum: [Int128] = []
    var blockCount: [Int] = []
    for (v, w) in zip(values, weights) {
      var bw = Int128(w)
      var bs = Int128(w) * Int128(v)
      var bc = 1
      // mean(previous) > mean(current) ⇔ prevSum · bw > bs · prevWeight (weights positive).
      while let pw = blockWeight.last, blockSum[blockSum.count - 1] * bw > bs * pw {
        bw += pw
        bs += blockSum.removeLast()
        bc += blockCount.removeLast()
        blockWeight.removeLast()
      }
      blockWeight.append(bw)
      blockSum.append(bs)
      blockCount.append(bc)
    }
    var result: [Int] = []
    result.reserveCapacity(values.count)
    for b in blockWeight.indices {
      let r = roundedQuotient(blockSum[b], blockWeight[b])
      result.append(contentsOf: repeatElement(r, count: blockCount[b]))
    }
    return result
  }

  /// `round(a / b)` half away from zero for b > 0, exactly.
  static func roundedQuotient(_ a: Int128, _ b: Int128) -> Int {
    let m = a.magnitude
    let r = (2 * m + UInt128(b)) / (2 * UInt128(b))
    return a < 0 ? -Int(r) : Int(r)
  }
}
