import Foundation

/// The slopes a target asks of GRAU's shifter over a channel's calibration, and what an architecture can give
/// (docs/semantics.md, "When the hardware cannot follow").
///
/// The local slope at an input is read off the runs of constant `Q_c`: a run of length L between neighbours d₁ and
/// d₂ levels away has slope (d₁ + d₂) / 2 / L output LSBs per input step. The end runs of the input range (where
/// `Q_c` saturates or settles) and runs at a local extremum (SiLU's dip) are flat, not ramps, and ask for slope 0,
/// which every setting can give.
package struct SlopeNeeds: Sendable {
  /// The local slope covering 99 % of the calibration weight (the steepest the shifter needs to follow).
  var steepest: Double
  /// The local slope that 99 % of the weight on ramps exceeds (the shallowest the shifter needs; nil: no ramp).
  var shallowest: Double?
  /// The one code `Q_c` takes on every calibration point, when it takes only one: a degenerate target.
  var constantValue: Int?
  /// Weight fractions above and below given slopes, computed from the same per-point slopes.
  private let slopes: [(slope: Double, weight: Int, ramp: Bool)]
  private let totalWeight: Int
  private let rampWeight: Int

  /// The needs of `target` over `calibration` (its points and weights), from the target's runs over the whole range.
  init(target: QuantizedActivation, calibration: FitDomain, runs: [ConstantRun]) {
    var slopes: [(slope: Double, weight: Int, ramp: Bool)] = []
    var r = 0
    var values = Set<Int>()
    // The points of one run share their slope: one entry per stretch of equal ones, their weights summed, leaves
    // every weighted quantile and fraction below as it is (the weights are integers) in a few entries per run.
    func append(_ slope: Double, _ weight: Int, _ ramp: Bool) {
      if let last = slopes.last, last.slope == slope, last.ramp == ramp {
        slopes[slopes.count - 1].weight += weight
      } else {
        slopes.append((slope, weight, ramp))
      }
    }
    for (x, w) in zip(calibration.points, calibration.weights) {
      while r + 1 < runs.count && runs[r].upper < x { r += 1 }
      let run = runs[r]
      if values.count < 2 { values.insert(run.value) }
      guard r > 0, r + 1 < runs.count else {
        append(0, w, false)
        continue
      }
      let before = run.value - runs[r - 1].value
      let after = runs[r + 1].value - run.value
      let extremum = (before > 0) != (after > 0)
      let slope = Double(abs(before) + abs(after)) / 2 / Double(run.upper - run.lower + 1)
      append(extremum ? 0 : slope, w, !extremum)
    }
    self.slopes = slopes
    constantValue = values.count == 1 ? values.first : nil
    totalWeight = calibration.weights.reduce(0, +)
    rampWeight = slopes.reduce(0) { $0 + ($1.ramp ? $1.weight : 0) }
    steepest = Self.quantile(slopes.map { ($0.slope, $0.weight) }, 0.99) ?? 0
    let ramps = slopes.filter(\.ramp).map { ($0.slope, $0.weight) }
    shallowest = Self.quantile(ramps, 0.01)
  }

  /// The weighted `p`-quantile of `values`.
  private static func quantile(_ values: [(Double, Int)], _ p: Double) -> Double? {
    let sorted = values.sorted { $0.0 < $1.0 }
    let total = sorted.reduce(0) { $0 + $1.1 }
    guard total > 0 else { return nil }
    var cumulative = 0
    for (v, w) in sorted {
      cumulative += w
      if Double(cumulative) >= p * Double(total) { return v }
    }
    return sorted.last?.0
  }

  /// The fraction of the calibration weight steeper than `slope`.
  func fraction(steeperThan slope: Double) -> Double {
    guard totalWeight > 0 else { return 0 }
    return Double(slopes.reduce(0) { $0 + ($1.slope > slope ? $1.weight : 0) }) / Double(totalWeight)
  }

  /// The fraction of the ramp weight shallower than `slope`.
  func fraction(shallowerThan slope: Double) -> Double {
    guard rampWeight > 0 else { return 0 }
    return Double(slopes.reduce(0) { $0 + ($1.ramp && $1.slope < slope ? $1.weight : 0) }) / Double(rampWeight)
  }

  /// The smallest pre-shift whose steepest slope 2^(P−1) covers ``steepest`` (0...16).
  var neededPreShift: Int {
    guard steepest > 0 else { return 0 }
    return Swift.min(16, Swift.max(0, Int(Foundation.log2(steepest).rounded(.up)) + 1))
  }

  /// The fewest shifter stages whose shallowest slope 2^(P−R) reaches ``shallowest`` at pre-shift `p` (1...24).
  func neededStages(preShift p: Int) -> Int {
    guard let s = shallowest, s > 0 else { return 1 }
    return Swift.min(24, Swift.max(1, p - Int(Foundation.log2(s).rounded(.down))))
  }
}

/// What a fit is warned about: slopes the shifter cannot make over a significant part of the calibration, or codes
/// the bias register cannot hold.
package struct FitWarning: Sendable, Hashable, CustomStringConvertible {
  enum Cause: Sendable, Hashable {
    /// `fraction` of the weight needs slopes above the shifter's steepest `2^(P−1)`; the target reaches `needed`.
    case tooSteep(fraction: Double, needed: Double, steepest: Double)
    /// `fraction` of the ramps need slopes below the shallowest `2^(P−R)`; the target goes down to `needed`.
    case tooShallow(fraction: Double, needed: Double, shallowest: Double)
    /// `Q_c` is one code over the whole calibration: any unit matches it, and its errors say nothing.
    case constant(value: Int)
  }

  var cause: Cause
  /// The pre-shift and stages that would follow the target (within 0...16 and 1...24).
  var preShift: Int
  var stages: Int
  /// Whether that is still not enough (the target needs more than P = 16 or R = 24 give).
  var beyondRange: Bool

  /// Warned about: more than 1 % of the weight steeper than twice the steepest slope (one PoT slope and the biases
  /// of neighbouring segments absorb less), or more than 10 % of the ramps shallower than a quarter of the
  /// shallowest (the fit then has to fall back to flat steps).
  static let steepLimit = 0.01
  static let steepFactor = 2.0
  static let shallowLimit = 0.10
  static let shallowFactor = 0.25

  /// The warnings for `needs` on architecture `a`: none when its shifter covers the slopes.
  static func check(_ needs: SlopeNeeds, _ a: GRAUArchitecture) -> [FitWarning] {
    if let v = needs.constantValue {
      return [FitWarning(cause: .constant(value: v), preShift: a.preShift, stages: a.stages, beyondRange: false)]
    }
    let p = needs.neededPreShift
    let r = needs.neededStages(preShift: Swift.max(p, 0))
    let beyond = needs.steepest > pow(2, 15) || (needs.shallowest.map { $0 < pow(2, Double(p - 24)) } ?? false)
    var warnings: [FitWarning] = []
    let steepest = pow(2, Double(a.preShift - 1))
    let steep = needs.fraction(steeperThan: steepFactor * steepest)
    if steep > steepLimit {
      warnings.append(
        FitWarning(
          cause: .tooSteep(fraction: steep, needed: needs.steepest, steepest: steepest), preShift: p,
          stages: Swift.max(r, a.stages - a.preShift + p), beyondRange: beyond))
    }
    let shallowest = pow(2, Double(a.preShift - a.stages))
    let shallow = needs.fraction(shallowerThan: shallowFactor * shallowest)
    if shallow > shallowLimit, let s = needs.shallowest {
      let pre = Swift.max(a.preShift, p)
      warnings.append(
        FitWarning(
          cause: .tooShallow(fraction: shallow, needed: s, shallowest: shallowest), preShift: pre,
          stages: needs.neededStages(preShift: pre), beyondRange: beyond))
    }
    return warnings
  }

  package var description: String {
    func percent(_ f: Double) -> String { String(format: "%.0f%%", 100 * f) }
    func slope(_ s: Double) -> String { s >= 1 ? String(format: "%.0f", s) : String(format: "%.3g", s) }
    let fix =
      beyondRange
      ? "no pre-shift (0...16) and shifter length (1...24) can follow it; change in_scale or out_scale"
      : "use pre_shift \(preShift) and stages \(stages), or \"auto\" for both"
    switch cause {
    case .tooSteep(let f, let needed, let steepest):
      return "\(percent(f)) of the calibration needs slopes above the shifter's steepest \(slope(steepest)) LSB "
        + "per input step (up to \(slope(needed))): \(fix)"
    case .tooShallow(let f, let needed, let shallowest):
      return "\(percent(f)) of the calibration's ramps need slopes below the shifter's shallowest "
        + "\(slope(shallowest)) LSB per input step (down to \(slope(needed))), so GRAU falls back to flat steps: \(fix)"
    case .constant(let v):
      return "the quantized activation is the constant code \(v) over the whole calibration, so every unit matches "
        + "it and the errors say nothing about the activation: check in_scale, out_scale, gamma, beta and the zero point"
    }
  }
}
