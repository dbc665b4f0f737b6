/// The run-time parameters of one multi-threshold (MT) channel: `2^n − 1` ascending thresholds.
package struct MTParameters: Sendable, Hashable {
  /// Input width W (signed). Threshold registers are W + 1 bits so `xmax + 1` means "never reached".
  var inputBits: Int
  /// Non-decreasing thresholds, `2^n − 1` of them for an n-bit output.
  var thresholds: [Int]
  /// The n-bit output code; the unit outputs `qmin + #{ i : x >= T_i }`.
  var output: IntegerFormat

  package init(inputBits: Int, thresholds: [Int], output: IntegerFormat) {
    self.inputBits = inputBits
    self.thresholds = thresholds
    self.output = output
  }

  var input: IntegerFormat { IntegerFormat(bits: inputBits, signed: true) }
  var threshold: IntegerFormat { IntegerFormat(bits: inputBits + 1, signed: true) }
  /// The value a threshold holds when its level is never reached on the input range.
  var never: Int { input.max + 1 }

  func validate(path: String = "mt") throws(ValueError) {
    guard (1...16).contains(output.bits) else {
      throw ValueError(path: "\(path).out_bits", expected: "an integer in 1...16", got: "\(output.bits)")
    }
    guard thresholds.count == (1 << output.bits) - 1 else {
      throw ValueError(
        path: "\(path).thresholds",
        expected: "\((1 << output.bits) - 1) thresholds",
        got: "\(thresholds.count)")
    }
    for (i, t) in thresholds.enumerated() {
      guard threshold.contains(t) else {
        throw ValueError(
          path: "\(path).thresholds[\(i)]",
          expected: "a value in \(threshold.min)...\(threshold.max)",
          got: "\(t)")
      }
      if i > 0, t < thresholds[i - 1] {
        throw ValueError(
          path: "\(path).thresholds[\(i)]",
          expected: "non-decreasing thresholds",
          got: "\(t) after \(thresholds[i - 1])")
      }
    }
  }
}

/// The bit-exact reference of every MT variant (pipelined, serialized and binary search compute the same function).
package enum MTReference {
  /// `qmin + #{ i : x >= T_i }` for the W-bit input `x`.
  package static func output(_ x: Int, _ p: MTParameters) -> Int {
    let x = p.input.wrap(x)
    var count = 0
    for t in p.thresholds where x >= t { count += 1 }
    return p.output.wrap(p.output.min + count)
  }
}

/// ``MTReference/output(_:_:)`` for many inputs of one channel: the thresholds' order is checked once, then each
/// count is a binary search (O(n) instead of O(2^n) for an n-bit output); unordered thresholds (never produced by
/// the fitter, refused by validation) fall back to the reference's count. A test compares the two on every input.
package struct MTLookup: Sendable {
  let parameters: MTParameters
  private let ordered: Bool
  /// Ordered, and no count wraps the output format: ``produces(_:for:)`` reads two thresholds.
  private let bracketed: Bool
  // The parameters' fields, held apart so a lookup copies nothing, and the formats' constants hoisted.
  private let thresholds: [Int]
  private let input: FormatOps
  private let output: FormatOps

  package init(_ p: MTParameters) {
    parameters = p
    ordered = zip(p.thresholds, p.thresholds.dropFirst()).allSatisfy { $0 <= $1 }
    bracketed = ordered && p.thresholds.count <= p.output.max - p.output.min
    thresholds = p.thresholds
    input = FormatOps(p.input)
    output = FormatOps(p.output)
  }

  package func output(_ x: Int) -> Int {
    guard ordered else { return MTReference.output(x, parameters) }
    let x = input.wrap(x)
    // The number of thresholds ≤ x: the first index whose threshold exceeds x (branch-free halving).
    var lo = 0
    var size = thresholds.count
    while size > 0 {
      let half = size >> 1
      let reached = thresholds[lo + half] <= x
      lo = reached ? lo + half + 1 : lo
      size = reached ? size - half - 1 : half
    }
    return output.wrap(output.min + lo)
  }

  /// Whether `y == output(x)`. With ascending thresholds whose count cannot wrap the output, exactly c = y − qmin
  /// of them are ≤ x, that is T_c ≤ x < T_{c+1} (1-based; no T_0, no T_{m+1}): two reads instead of the search.
  package func produces(_ y: Int, for x: Int) -> Bool {
    guard bracketed else { return y == output(x) }
    let x = input.wrap(x)
    let c = y &- output.min
    guard c >= 0 && c <= thresholds.count else { return false }
    return (c == 0 || thresholds[c - 1] <= x) && (c == thresholds.count || x < thresholds[c])
  }
}
