/// The bit-exact reference of a GRAU unit: the single source of truth for the models, the RTL and the fitter.
///
/// Pure and total: any `x` is first reduced to the W-bit input port (as the wires would), and every register
/// field to its width. See docs/semantics.md.
package enum GRAUReference {
  /// The unit's n-bit output code for input `x`.
  package static func output(_ x: Int, _ p: GRAUParameters) -> Int {
    let x = p.architecture.input.wrap(x)
    return output(x, p, segment: segmentIndex(x, p.thresholds))
  }

  /// The output code for an in-range input `x` whose comparators select segment `k` (``segmentIndex(_:_:)``).
  static func output(_ x: Int, _ p: GRAUParameters, segment k: Int) -> Int {
    if p.mode == .bypass { return p.output.wrap(p.output.min + k) }
    let a = p.architecture
    let y = line(x, p.segments[k], a)
    return a.saturate ? p.output.clamp(y) : p.output.wrap(y)
  }

  /// The comparator bank: the number of thresholds `x` reaches, `#{ j : x >= t_j }`.
  static func segmentIndex(_ x: Int, _ thresholds: [Int]) -> Int {
    var k = 0
    for t in thresholds where x >= t { k += 1 }
    return k
  }

  /// The value before saturation or wrapping: `sign · S + bias`, in the adder's width.
  static func line(_ x: Int, _ s: GRAUSegment, _ a: GRAUArchitecture) -> Int {
    let big = a.shifted.wrap(x << a.preShift)
    let shifted = shifterChain(big, setting: s.setting, mode: a.slopeMode, stages: a.stages)
    return a.sum.wrap((s.negative ? -shifted : shifted) + a.bias.wrap(s.bias))
  }

  /// The R-stage shifter chain applied to the pre-shifted value `X`.
  ///
  /// PoT: stage i shifts by one iff setting bit i is set; an all-zero setting gates the output to 0 (slope 0).
  /// APoT: every stage shifts by one and adds its output to the running sum iff its bit is set.
  /// Arithmetic shifts floor, so a chain of r one-bit shifts equals `X >> r`.
  static func shifterChain(_ big: Int, setting: UInt32, mode: SlopeMode, stages: Int) -> Int {
    let mask: UInt32 = stages >= 32 ? .max : (UInt32(1) << stages) - 1
    let bits = setting & mask
    switch mode {
    case .pot:
      return bits == 0 ? 0 : big.floorShift(bits.nonzeroBitCount)
    case .apot:
      var sum = 0
      var rest = bits
      while rest != 0 {
        let i = rest.trailingZeroBitCount + 1
        sum += big.floorShift(i)
        rest &= rest - 1
      }
      return sum
    }
  }

  /// The log-depth barrel applied to `X` under the binary shift amount `code` (``GRAUArchitecture/settingCode(_:)``):
  /// stage k (1 … bitsFor(R)) shifts by 2^(k−1) iff code bit k − 1 is set; code 0 gates the output to 0 (slope 0).
  /// The shifts compose to `X >> code`, so it equals ``shifterChain(_:setting:mode:stages:)`` under PoT.
  static func barrelShifter(_ big: Int, code: UInt64, stages: Int) -> Int {
    var v = big
    for k in 1...Swift.max(1, bitsFor(stages)) where code & (UInt64(1) << UInt64(k - 1)) != 0 {
      v = v.floorShift(GRAUArchitecture.barrelShift(stage: k))
    }
    return code == 0 ? 0 : v
  }
}
