import Foundation

/// Rounding of reported figures, so that an estimate prints as `7163`, not `7162.545999999998`.
///
/// Both forms give the double nearest to a short decimal, whose shortest round-trip text (the JSON and CSV writers'
/// form) is that decimal: rounding is deterministic and the printed text short.
extension Double {
  /// Rounded to `places` decimal places (0…9); non-finite values and magnitudes beyond 1e15 are returned as they
  /// are.
  func rounded(places: Int) -> Double {
    guard isFinite, abs(self) < 1e15 else { return self }
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let r = (self * scale).rounded() / scale
    return r == 0 ? 0 : r
  }

  /// Rounded to `digits` significant decimal digits (1…17); zero and non-finite values are returned as they are.
  func rounded(significant digits: Int) -> Double {
    guard isFinite, self != 0 else { return self }
    return Double(String(format: "%.\(digits)g", self)) ?? self
  }
}
