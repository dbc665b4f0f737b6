/// A VCD `$timescale`: 1, 10 or 100 of s, ms, us, ns, ps or fs (IEEE 1364 §18.2.3.6).
struct VCDTimescale: Sendable, Hashable, CustomStringConvertible {
  /// The time unit.
  enum Unit: String, Sendable, Hashable, CaseIterable {
    case s, ms, us, ns, ps, fs

    /// Femtoseconds per unit.
    var femtoseconds: Int64 {
      switch self {
      case .s: 1_000_000_000_000_000
      case .ms: 1_000_000_000_000
      case .us: 1_000_000_000
      case .ns: 1_000_000
      case .ps: 1_000
      case .fs: 1
      }
    }
  }

  /// 1, 10 or 100.
  var magnitude: Int
  var unit: Unit

  /// Creates a timescale; `magnitude` must be 1, 10 or 100.
  init(magnitude: Int, unit: Unit) {
    self.magnitude = magnitude
    self.unit = unit
  }

  /// Femtoseconds per tick.
  var femtoseconds: Int64 { Int64(magnitude) * unit.femtoseconds }

  /// The `$timescale` text, e.g. `10ps`.
  var description: String { "\(magnitude)\(unit.rawValue)" }
}

/// How clock edges map to VCD time: edge `e` happens at tick `e · period`, and the clock is high from there for
/// `highTime` ticks.
///
/// The timescale is the coarsest legal one in which both the period (`1000 / MHz` ns) and the half period are
/// whole numbers of ticks. When no legal timescale represents them exactly (e.g. 300 MHz, 3.333… ns), the
/// timescale is 1 ps, the period is rounded to the nearest picosecond (at least 2) and the high time is half of
/// it, rounded down; edge times are then exact multiples of the rounded period, so they never drift relative
/// to each other.
struct VCDClockTiming: Sendable, Hashable {
  var timescale: VCDTimescale
  /// Ticks per clock period.
  var period: Int
  /// Ticks from a rising edge to the following falling edge.
  var highTime: Int
  /// Whether period and high time are exact (false: rounded to 1 ps).
  var isExact: Bool
  /// The clock frequency the timing was derived from.
  var clockMHz: Double

  /// The timing for a clock of `clockMHz` megahertz.
  ///
  /// - Throws: ``VCDError/invalidOption(name:expected:got:)`` unless 1e-6 ≤ `clockMHz` ≤ 1e6.
  static func forClock(mhz clockMHz: Double) throws(VCDError) -> VCDClockTiming {
    guard clockMHz.isFinite, clockMHz >= 1e-6, clockMHz <= 1e6 else {
      throw .invalidOption(
        name: "clock_mhz", expected: "a frequency in 1e-6 ... 1e6 MHz", got: String(describing: clockMHz))
    }
    let periodFs = 1e9 / clockMHz  // at most 1e15 fs: exactly representable as an integer in a Double
    let whole = periodFs.rounded()
    if abs(periodFs - whole) <= 1e-9 * whole, whole >= 2 {
      let periodTicks = Int64(whole)
      if periodTicks % 2 == 0 {
        let half = periodTicks / 2
        for unit in VCDTimescale.Unit.allCases {
          for magnitude in [100, 10, 1] {
            let scale = VCDTimescale(magnitude: magnitude, unit: unit)
            if half % scale.femtoseconds == 0 {
              return VCDClockTiming(
                timescale: scale, period: Int(periodTicks / scale.femtoseconds),
                highTime: Int(half / scale.femtoseconds), isExact: true, clockMHz: clockMHz)
            }
          }
        }
      }
    }
    let periodPs = max(2, Int((1e6 / clockMHz).rounded()))
    return VCDClockTiming(
      timescale: VCDTimescale(magnitude: 1, unit: .ps), period: periodPs, highTime: periodPs / 2, isExact: false,
      clockMHz: clockMHz)
  }

  /// The largest edge whose falling-clock time still fits in an `Int`.
  var lastRepresentableEdge: Int { (Int.max - highTime) / period }

  /// The tick at which edge `edge` happens.
  func time(ofEdge edge: Int) -> Int { edge &* period }
}
