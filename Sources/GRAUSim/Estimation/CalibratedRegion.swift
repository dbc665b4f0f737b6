/// One design parameter outside the range the resource model was calibrated on: `channels 1024 > 16`.
struct RegionExcursion: Sendable, Hashable, CustomStringConvertible {
  /// The config key's last component (`channels`, `lanes`, `in_bits`, `out_bits`, `max_bits`, `segments`,
  /// `stages`, `pre_shift`, `param_bus_bits`).
  var parameter: String
  var value: Int
  /// The calibrated range of the parameter for the unit variant.
  var calibrated: ClosedRange<Int>

  var description: String {
    value > calibrated.upperBound
      ? "\(parameter) \(value) > \(calibrated.upperBound)" : "\(parameter) \(value) < \(calibrated.lowerBound)"
  }
}

/// The box of design parameters the resource model was calibrated on against yosys, per unit variant: from the
/// smallest to the largest value each parameter takes in the fitted designs, ``CalibrationSweep/designs()`` and the
/// design-space grid's training draws (docs/resources.md "Calibration"). Values between calibrated ones are
/// interpolation (the grid's held-out draws measure it); values outside the box are extrapolation, which
/// ``excursions(_:)`` names.
enum CalibratedRegion {
  /// `(parameter, value of a design)` in report order; GRAU-only and MT-only parameters are nil for the others.
  static func parameters(_ d: UnitDesign) -> [(String, Int?)] {
    let g = d.kind.isGRAU
    return [
      ("in_bits", d.inputBits), ("out_bits", d.maxOutputBits), ("max_bits", g ? nil : d.mtMaxBits),
      ("segments", g ? d.grau.segments : nil), ("stages", g ? d.grau.stages : nil),
      ("pre_shift", g ? d.grau.preShift : nil), ("lanes", d.lanes), ("channels", d.channelCapacity),
      ("param_bus_bits", d.busBits),
    ]
  }

  /// Per unit variant (indexed like `UnitKind.allCases`), per parameter of ``parameters(_:)``, the calibrated range.
  static let ranges: [[ClosedRange<Int>?]] = {
    let designs = CalibrationSweep.designs() + CalibrationSweep.grid().filter { !$0.heldOut }.map(\.design)
    return UnitKind.allCases.map { kind in
      let params = designs.filter { $0.kind == kind }.map { parameters($0).map(\.1) }
      guard let first = params.first else { return [] }
      return first.indices.map { i -> ClosedRange<Int>? in
        let values = params.compactMap { $0[i] }
        guard let lo = values.min(), let hi = values.max() else { return nil }
        return lo...hi
      }
    }
  }()

  /// The calibrated range of `parameter` for `kind`, nil when the variant has no such parameter.
  static func range(_ parameter: String, kind: UnitKind) -> ClosedRange<Int>? {
    let names = parameters(UnitDesign(kind: kind)).map(\.0)
    guard let i = names.firstIndex(of: parameter) else { return nil }
    return ranges[UnitKind.allCases.firstIndex(of: kind)!][i]
  }

  /// Every parameter of `design` outside its variant's calibrated range, in ``parameters(_:)`` order.
  static func excursions(_ design: UnitDesign) -> [RegionExcursion] {
    let box = ranges[UnitKind.allCases.firstIndex(of: design.kind)!]
    return zip(parameters(design), box).compactMap { p, range in
      guard let v = p.1, let range, !range.contains(v) else { return nil }
      return RegionExcursion(parameter: p.0, value: v, calibrated: range)
    }
  }
}
