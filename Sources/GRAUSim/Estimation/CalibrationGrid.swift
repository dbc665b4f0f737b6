import Foundation

/// The accuracy targets of the resource model and the per-variant, per-capacity report of how a set of rows
/// meets them (docs/resources.md, "The design-space grid").
package enum CalibrationGrid {
  /// The bound on the relative LUT and FF error.
  package static let relativeBound = 0.15
  /// LUTRAM and RAMB36 may instead be off by this many units (a small memory's count is a few primitives).
  package static let unitSlack = 2.0

  /// The row's variant as the report names it: the kind, `/barrel` for the barrel shifter, `/registers` for MT
  /// thresholds in flip-flops.
  package static func variant(_ d: UnitDesign) -> String {
    d.kind.rawValue + (d.kind == .grau && d.grau.shifter == .barrel ? "/barrel" : "")
      + (!d.kind.isGRAU && d.mtStorage == .registers ? "/registers" : "")
  }

  /// The channel-capacity range a design falls in: `1`, `2-256` or `512-4096` (larger capacities count with
  /// the last).
  package static func channelRange(_ d: UnitDesign) -> String {
    d.channelCapacity == 1 ? "1" : d.channelCapacity <= 256 ? "2-256" : "512-4096"
  }

  /// The held-out grid's worst relative LUT and FF errors of the committed model, per `variant|range` (``variant(_:)``,
  /// ``channelRange(_:)``), as `scripts/calibrate_resources.sh --grid` prints them (``CalibrationGridTests`` checks
  /// them against `data/calibration/grid.csv`).
  static let heldOutWorst: [String: (lut: Double, ff: Double)] = [
    "grau/barrel|1": (-0.122, 0.023),
    "grau/barrel|2-256": (-0.345, -0.055),
    "grau/barrel|512-4096": (-0.082, 0.003),
    "grau_serial|1": (-0.003, 0.001),
    "grau_serial|2-256": (0.146, -0.068),
    "grau_serial|512-4096": (0.496, -0.027),
    "grau|1": (-0.114, 0.024),
    "grau|2-256": (-0.219, 0.023),
    "grau|512-4096": (0.222, 0.045),
    "mt_bs/registers|1": (0.558, 0.071),
    "mt_bs/registers|2-256": (0.576, -0.061),
    "mt_bs/registers|512-4096": (-0.080, -0.008),
    "mt_bs|1": (-0.084, 0.024),
    "mt_bs|2-256": (-0.482, 0.000),
    "mt_bs|512-4096": (-0.361, -0.047),
    "mt_serial/registers|1": (0.076, 0.000),
    "mt_serial/registers|2-256": (-0.238, 0.000),
    "mt_serial/registers|512-4096": (-0.159, 0.000),
    "mt_serial|1": (0.116, 0.000),
    "mt_serial|2-256": (0.070, 0.000),
    "mt_serial|512-4096": (-0.313, 0.000),
    "mt|1": (0.218, 0.061),
    "mt|2-256": (0.251, 0.000),
    "mt|512-4096": (0.440, 0.000),
  ]

  /// The held-out worst errors of the grid cell `d` falls in, nil when the grid holds none there.
  static func heldOutWorst(_ d: UnitDesign) -> (lut: Double, ff: Double)? {
    heldOutWorst["\(variant(d))|\(channelRange(d))"]
  }

  /// The worst signed relative LUT and FF errors of `rows` per `variant|range`.
  static func worst(_ rows: [CalibrationRow]) -> [String: (lut: Double, ff: Double)] {
    var out: [String: (lut: Double, ff: Double)] = [:]
    for r in rows {
      let key = "\(variant(r.design))|\(channelRange(r.design))"
      let lut = CalibrationRow.relativeError(r.estimate.lut, Double(r.yosys.lut))
      let ff = CalibrationRow.relativeError(r.estimate.ff, Double(r.yosys.ff))
      let old = out[key] ?? (0, 0)
      out[key] = (abs(lut) > abs(old.lut) ? lut : old.lut, abs(ff) > abs(old.ff) ? ff : old.ff)
    }
    return out
  }

  /// ``heldOutWorst`` as Swift source, from the held-out rows.
  package static func heldOutSource(_ rows: [CalibrationRow]) -> String {
    let w = worst(rows.filter { $0.heldOut == true })
    var text = "  static let heldOutWorst: [String: (lut: Double, ff: Double)] = [\n"
    for key in w.keys.sorted() {
      text += String(format: "    \"%@\": (%.3f, %.3f),\n", key as NSString, w[key]!.lut, w[key]!.ff)
    }
    return text + "  ]"
  }

  /// Whether a count of memory primitives is within the bound: ±15 % or ±2 units.
  static func memoryWithin(_ estimate: Double, _ actual: Double) -> Bool {
    abs(estimate - actual) <= unitSlack
      || abs(CalibrationRow.relativeError(estimate, actual)) <= relativeBound
  }

  /// Every way `row` misses a target, empty when it meets them all.
  package static func misses(_ row: CalibrationRow) -> [String] {
    let e = row.estimate
    let y = row.yosys
    var out: [String] = []
    let lut = CalibrationRow.relativeError(e.lut, Double(y.lut))
    let ff = CalibrationRow.relativeError(e.ff, Double(y.ff))
    if abs(lut) > relativeBound {
      out.append(String(format: "LUT %.0f vs yosys %d (%+.1f%%)", e.lut, y.lut, 100 * lut))
    }
    if abs(ff) > relativeBound { out.append(String(format: "FF %.0f vs yosys %d (%+.1f%%)", e.ff, y.ff, 100 * ff)) }
    if !memoryWithin(e.lutram, Double(y.lutram)) {
      out.append(String(format: "LUTRAM %.0f vs yosys %d", e.lutram, y.lutram))
    }
    if !memoryWithin(e.bram36, y.bram36) {
      out.append(String(format: "RAMB36 %.1f vs yosys %.1f", e.bram36, y.bram36))
    }
    return out
  }

  /// One line per (variant, channel range) of `rows`: the designs, the worst LUT and FF errors (signed), the
  /// worst LUTRAM and RAMB36 differences, and how many designs miss a target.
  package static func report(_ rows: [CalibrationRow]) -> String {
    var lines = [
      "variant              channels   designs  worst LUT  worst FF  worst LUTRAM  worst RAMB36  missing"
    ]
    let variants = Array(Set(rows.map { variant($0.design) })).sorted()
    for v in variants {
      for range in ["1", "2-256", "512-4096"] {
        let r = rows.filter { variant($0.design) == v && channelRange($0.design) == range }
        guard !r.isEmpty else { continue }
        func worst(_ values: [Double]) -> Double { values.max { abs($0) < abs($1) } ?? 0 }
        let lut = worst(r.map { CalibrationRow.relativeError($0.estimate.lut, Double($0.yosys.lut)) })
        let ff = worst(r.map { CalibrationRow.relativeError($0.estimate.ff, Double($0.yosys.ff)) })
        let ram = worst(r.map { $0.estimate.lutram - Double($0.yosys.lutram) })
        let bram = worst(r.map { $0.estimate.bram36 - $0.yosys.bram36 })
        let missing = r.filter { !misses($0).isEmpty }.count
        lines.append(
          v.padding(toLength: 21, withPad: " ", startingAt: 0)
            + range.padding(toLength: 10, withPad: " ", startingAt: 0)
            + String(
              format: "%8d  %+8.1f%%  %+7.1f%%  %+12.0f  %+12.1f  %7d", r.count, 100 * lut, 100 * ff, ram, bram,
              missing))
      }
    }
    return lines.joined(separator: "\n")
  }
}
