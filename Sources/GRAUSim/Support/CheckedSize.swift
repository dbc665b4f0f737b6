/// Sizes derived from input — array shapes, element counts, byte counts and offsets — computed with overflow
/// checked: nil instead of a trap, so the caller can say which input is too large.
enum CheckedSize {
  /// `a · b`, nil when it overflows `Int` or either is negative.
  static func multiply(_ a: Int, _ b: Int) -> Int? {
    guard a >= 0, b >= 0 else { return nil }
    let (p, overflow) = a.multipliedReportingOverflow(by: b)
    return overflow ? nil : p
  }

  /// `a + b`, nil when it overflows `Int` or either is negative.
  static func add(_ a: Int, _ b: Int) -> Int? {
    guard a >= 0, b >= 0 else { return nil }
    let (s, overflow) = a.addingReportingOverflow(b)
    return overflow ? nil : s
  }

  /// The product of `values` (1 for none), nil when it overflows or a value is negative.
  static func product(_ values: some Sequence<Int>) -> Int? {
    var p = 1
    for v in values {
      guard let next = multiply(p, v) else { return nil }
      p = next
    }
    return p
  }

  /// The product of `values` if it is at most `limit`, else nil (also for an overflow on the way).
  static func product(_ values: some Sequence<Int>, atMost limit: Int) -> Int? {
    guard let p = product(values), p <= limit else { return nil }
    return p
  }
}
