/// One segment's settings: the word the segment mux selects.
package struct GRAUSegment: Sendable, Hashable {
  /// The sign bit: the shifted value is negated before the bias is added.
  var negative: Bool
  /// The shifter setting, bit `i − 1` for stage `i` (1...R). PoT: a thermometer code, `(1 << r) − 1` for shift r;
  /// APoT: any subset. An all-zero setting is slope 0.
  var setting: UInt32
  /// The offset adder's integer bias `c_k`.
  var bias: Int

  init(negative: Bool = false, setting: UInt32, bias: Int) {
    self.negative = negative
    self.setting = setting
    self.bias = bias
  }

  /// A PoT segment with slope `2^(P − shift)` (`shift` in 1...R) or slope 0 (`shift == nil`).
  package static func pot(shift: Int?, negative: Bool = false, bias: Int) -> GRAUSegment {
    GRAUSegment(negative: negative, setting: shift.map { UInt32((1 << $0) - 1) } ?? 0, bias: bias)
  }

  /// An APoT segment summing `X >> i` for every `i` in `shifts` (each in 1...R; empty is slope 0).
  static func apot(shifts: [Int], negative: Bool = false, bias: Int) -> GRAUSegment {
    GRAUSegment(negative: negative, setting: shifts.reduce(0) { $0 | UInt32(1) << ($1 - 1) }, bias: bias)
  }

  /// The PoT shift amount (popcount of the thermometer code), nil for slope 0.
  var potShift: Int? { setting == 0 ? nil : setting.nonzeroBitCount }
  /// The APoT shift set, ascending.
  var apotShifts: [Int] { (1...32).filter { setting & (UInt32(1) << ($0 - 1)) != 0 } }
}

/// Whether a GRAU layer runs the piecewise-linear datapath or the 1/2-bit comparator bypass.
package enum GRAUMode: String, Sendable, Hashable, Codable {
  case pwl
  /// Output `qmin + k`, k the number of thresholds `x` reaches: the comparators as a small MT unit.
  case bypass
}

/// The run-time parameters of one GRAU channel: what reconfiguration writes.
package struct GRAUParameters: Sendable, Hashable {
  var architecture: GRAUArchitecture
  var mode: GRAUMode
  /// K − 1 thresholds. In `.pwl` mode strictly increasing; in `.bypass` mode non-decreasing. Each in the
  /// threshold format (W + 1 bits), so `xmax + 1` means "never reached".
  var thresholds: [Int]
  /// K segments (ignored in `.bypass` mode, but still K entries so the register file has one shape).
  var segments: [GRAUSegment]
  /// The n-bit output code.
  var output: IntegerFormat

  package init(
    architecture: GRAUArchitecture, mode: GRAUMode = .pwl, thresholds: [Int], segments: [GRAUSegment],
    output: IntegerFormat
  ) {
    self.architecture = architecture
    self.mode = mode
    self.thresholds = thresholds
    self.segments = segments
    self.output = output
  }

  /// Checks that the parameters fit the registers of `architecture`.
  func validate(path: String = "grau") throws(ValueError) {
    let a = architecture
    let k = a.segments
    guard thresholds.count == k - 1 else {
      throw ValueError(path: "\(path).thresholds", expected: "\(k - 1) thresholds", got: "\(thresholds.count)")
    }
    guard segments.count == k else {
      throw ValueError(path: "\(path).segments", expected: "\(k) segments", got: "\(segments.count)")
    }
    guard (1...16).contains(output.bits) else {
      throw ValueError(path: "\(path).out_bits", expected: "an integer in 1...16", got: "\(output.bits)")
    }
    for (i, t) in thresholds.enumerated() {
      guard a.threshold.contains(t) else {
        throw ValueError(
          path: "\(path).thresholds[\(i)]",
          expected: "a value in \(a.threshold.min)...\(a.threshold.max)",
          got: "\(t)")
      }
      if i > 0 {
        let previous = thresholds[i - 1]
        guard mode == .bypass ? t >= previous : t > previous else {
          throw ValueError(
            path: "\(path).thresholds[\(i)]",
            expected: mode == .bypass ? "non-decreasing thresholds" : "strictly increasing thresholds",
            got: "\(t) after \(previous)")
        }
      }
    }
    guard mode == .pwl else { return }
    let settingMask: UInt32 = a.stages >= 32 ? .max : (UInt32(1) << a.stages) - 1
    for (i, s) in segments.enumerated() {
      guard s.setting & ~settingMask == 0 else {
        throw ValueError(
          path: "\(path).segments[\(i)].setting",
          expected: "bits only in stages 1...\(a.stages)",
          got: "\(s.setting)")
      }
      if a.slopeMode == .pot {
        let t = s.setting
        guard t & (t &+ 1) == 0 else {
          throw ValueError(path: "\(path).segments[\(i)].setting", expected: "a thermometer code (PoT)", got: "\(t)")
        }
      }
      guard a.bias.contains(s.bias) else {
        throw ValueError(
          path: "\(path).segments[\(i)].bias",
          expected: "a value in \(a.bias.min)...\(a.bias.max)",
          got: "\(s.bias)")
      }
    }
  }
}
