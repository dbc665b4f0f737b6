/// A maximal run of consecutive inputs on which `Q_c` takes one value.
package struct ConstantRun: Sendable, Hashable {
  var lower: Int
  var upper: Int
  var value: Int
}

extension ActivationFunction {
  /// The pre-activations z at which the function turns (SiLU, GELU and HSwish have one minimum; a negative-slope
  /// leaky ReLU turns at 0) or jumps (the pole of `reciprocal` and `rsqrt`): between them it is monotone.
  var turningPoints: [Double] {
    switch self {
    // SiLU'(z) = σ(z)(1 + z(1 − σ(z))) = 0; GELU'(z) = Φ(z) + zφ(z) = 0 (both solved to double precision).
    case .silu: [-1.278_464_542_761_073_7]
    case .gelu: [-0.751_791_524_693_564_5]
    case .hswish: [-1.5]
    case .leakyReLU(let a) where a < 0: [0]
    case .reciprocal, .rsqrt: [0]
    default: []
    }
  }
}

extension QuantizedActivation {
  /// Inputs scanned one by one on each side of a turning point, where floating-point rounding may break
  /// monotonicity (the function is flat there) and where `reciprocal` and `rsqrt` jump.
  static let turningWindow = 64

  /// The maximal runs of equal `Q_c` over `range` (default: every input of the W-bit format), ascending: every
  /// integer of the range lies in exactly one run.
  ///
  /// Between turning points (``ActivationFunction/turningPoints``, mapped to inputs through `z = γ·x·s_in + β`)
  /// `Q_c` is monotone, so each run's end is found by bisection; a window of ``turningWindow`` inputs around each
  /// turning point, and any range of at most 2^12 inputs, is scanned input by input. A test checks the result
  /// against the input-by-input scan of the whole range.
  ///
  /// - Complexity: O(runs · log(range) + turning points · window) evaluations of `Q_c`.
  package func constantRuns(over range: ClosedRange<Int>? = nil) -> [ConstantRun] {
    let range = range ?? input.min...input.max
    // Inputs where the pieces meet, as the windows to scan.
    var windows: [ClosedRange<Int>] = []
    if gamma != 0 {
      for z in function.turningPoints {
        let x = ((z - beta) / (gamma * inputScale)).rounded(.down)
        guard x.isFinite, x > Double(range.lowerBound) - 2 * Double(Self.turningWindow),
          x < Double(range.upperBound) + 2 * Double(Self.turningWindow)
        else { continue }
        let center = Int(x)
        let lo = Swift.max(range.lowerBound, center - Self.turningWindow)
        let hi = Swift.min(range.upperBound, center + Self.turningWindow)
        if lo <= hi { windows.append(lo...hi) }
      }
    }
    windows.sort { $0.lowerBound < $1.lowerBound }
    var runs: [ConstantRun] = []
    func extend(_ x: Int, _ v: Int) {
      if let last = runs.last, last.value == v, last.upper == x - 1 {
        runs[runs.count - 1].upper = x
      } else {
        runs.append(ConstantRun(lower: x, upper: x, value: v))
      }
    }
    func scan(_ r: ClosedRange<Int>) { for x in r { extend(x, self(x)) } }
    /// Runs of a monotone stretch by bisection: the run of `Q(s)` ends before the first input with another value.
    func bisect(_ r: ClosedRange<Int>) {
      guard r.count > 1 << 12 else { return scan(r) }
      var s = r.lowerBound
      while s <= r.upperBound {
        let v = self(s)
        var lo = s
        var hi = r.upperBound
        while lo < hi {
          let mid = lo + (hi - lo + 1) / 2
          if self(mid) == v { lo = mid } else { hi = mid - 1 }
        }
        if let last = runs.last, last.value == v, last.upper == s - 1 {
          runs[runs.count - 1].upper = lo
        } else {
          runs.append(ConstantRun(lower: s, upper: lo, value: v))
        }
        s = lo + 1
      }
    }
    var next = range.lowerBound
    for w in windows where w.upperBound >= next {
      let lo = Swift.max(w.lowerBound, next)
      if next < lo { bisect(next...(lo - 1)) }
      scan(lo...w.upperBound)
      next = w.upperBound + 1
    }
    if next <= range.upperBound { bisect(next...range.upperBound) }
    return runs
  }
}
