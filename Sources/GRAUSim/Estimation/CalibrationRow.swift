import Foundation

/// One line of the calibration CSV (`data/calibration/yosys.csv`): a design, what yosys made of it, and what the
/// resource model estimates for it.
package struct CalibrationRow: Sendable {
  package var design: UnitDesign
  package var yosys: SynthesisCounts
  package var estimate: ResourceCounts
  /// A row of the design-space grid (`data/calibration/grid.csv`, ``CalibrationSweep/grid(perCell:maxSize:)``):
  /// whether the fit never sees it. nil for a row of the fitted sweep (`yosys.csv`).
  package var heldOut: Bool?

  /// A row whose estimate is the current model's (``ResourceEstimator/estimate(_:coefficients:)``).
  package init(
    design: UnitDesign, yosys: SynthesisCounts, coefficients: ResourceCoefficients = .default, heldOut: Bool? = nil
  ) {
    self.design = design
    self.yosys = yosys
    self.estimate = ResourceEstimator.estimate(design, coefficients: coefficients).total
    self.heldOut = heldOut
  }

  /// The CSV header, in column order.
  static let columns = [
    "id", "kind", "in_bits", "out_bits", "mt_max_bits", "segments", "pre_shift", "stages", "slope", "saturate",
    "comparator", "bypass", "lanes", "channels", "bus_bits",
    "yosys_lut", "yosys_ff", "yosys_lutram", "yosys_srl", "yosys_bram36", "yosys_carry4", "yosys_muxf",
    "est_lut", "est_ff", "est_lutram", "est_bram36", "est_carry8", "err_lut", "err_ff", "err_lutram",
  ]

  /// The grid CSV's header: ``columns`` and the design parameters the fitted sweep keeps at their defaults (the
  /// shifter, the MT threshold storage), then whether the row is held out.
  static let gridColumns = columns + ["shifter", "mt_storage", "split"]

  /// Relative error `(estimate − yosys) / yosys` (0 when both are 0).
  package static func relativeError(_ estimate: Double, _ actual: Double) -> Double {
    actual == 0 ? (estimate == 0 ? 0 : 1) : (estimate - actual) / actual
  }

  /// The row's fields in ``columns`` order, formatted as in the CSV.
  var fields: [String] {
    let d = design
    let g = d.grau
    func r(_ v: Double) -> String { String(format: "%.1f", v) }
    func e(_ v: Double) -> String { String(format: "%.3f", v) }
    return [
      CalibrationSweep.identifier(d), d.kind.rawValue, "\(d.inputBits)", "\(d.maxOutputBits)", "\(d.mtMaxBits)",
      "\(g.segments)", "\(g.preShift)", "\(g.stages)", g.slopeMode.rawValue, "\(g.saturate)",
      g.comparator.rawValue, "\(g.bypass)", "\(d.lanes)", "\(d.channelCapacity)", "\(d.busBits)",
      "\(yosys.lut)", "\(yosys.ff)", "\(yosys.lutram)", "\(yosys.srl)", r(yosys.bram36), "\(yosys.carry4)",
      "\(yosys.muxf)",
      r(estimate.lut), r(estimate.ff), r(estimate.lutram), r(estimate.bram36), r(estimate.carry8),
      e(Self.relativeError(estimate.lut, Double(yosys.lut))), e(Self.relativeError(estimate.ff, Double(yosys.ff))),
      e(Self.relativeError(estimate.lutram, Double(yosys.lutram))),
    ] + (heldOut.map { [g.shifter.rawValue, d.mtStorage.rawValue, $0 ? "holdout" : "train"] } ?? [])
  }

  /// The whole CSV text: header, then one line per row.
  package static func csv(_ rows: [CalibrationRow]) -> String {
    let grid = rows.first?.heldOut != nil
    var text = (grid ? gridColumns : columns).joined(separator: ",") + "\n"
    for row in rows { text += row.fields.joined(separator: ",") + "\n" }
    return text
  }

  /// Reads a calibration CSV back: the design and yosys columns (the estimate is recomputed by the current model).
  ///
  /// - Throws: ``ValueError`` naming the line and column of the first bad field.
  package static func parse(csv text: String) throws(ValueError) -> [(row: CalibrationRow, fields: [String])] {
    var lines = text.split(separator: "\n").map(String.init)
    let grid = lines.first == gridColumns.joined(separator: ",")
    let columns = grid ? gridColumns : columns
    guard let header = lines.first, header == columns.joined(separator: ",") else {
      throw ValueError(path: "csv:1", expected: columns.joined(separator: ","), got: lines.first ?? "")
    }
    lines.removeFirst()
    var out: [(row: CalibrationRow, fields: [String])] = []
    for (index, line) in lines.enumerated() {
      let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      let path = "csv:\(index + 2)"
      guard f.count == columns.count else {
        throw ValueError(path: path, expected: "\(columns.count) fields", got: "\(f.count)")
      }
      func int(_ c: Int) throws(ValueError) -> Int {
        guard let v = Int(f[c]) else {
          throw ValueError(path: "\(path).\(columns[c])", expected: "an integer", got: f[c])
        }
        return v
      }
      func bool(_ c: Int) throws(ValueError) -> Bool {
        guard let v = Bool(f[c]) else {
          throw ValueError(path: "\(path).\(columns[c])", expected: "true or false", got: f[c])
        }
        return v
      }
      guard let kind = UnitKind(rawValue: f[1]) else {
        throw ValueError(path: "\(path).kind", expected: "a unit kind", got: f[1])
      }
      guard let slope = SlopeMode(rawValue: f[8]) else {
        throw ValueError(path: "\(path).slope", expected: "pot or apot", got: f[8])
      }
      guard let comparator = ComparatorStyle(rawValue: f[10]) else {
        throw ValueError(path: "\(path).comparator", expected: "chain or parallel", got: f[10])
      }
      var shifter = ShifterStyle.chain
      var storage = MTStorage.ram
      var heldOut: Bool? = nil
      if grid {
        let n = Self.columns.count
        guard let s = ShifterStyle(rawValue: f[n]) else {
          throw ValueError(path: "\(path).shifter", expected: "chain or barrel", got: f[n])
        }
        guard let m = MTStorage(rawValue: f[n + 1]) else {
          throw ValueError(path: "\(path).mt_storage", expected: "ram or registers", got: f[n + 1])
        }
        guard ["train", "holdout"].contains(f[n + 2]) else {
          throw ValueError(path: "\(path).split", expected: "train or holdout", got: f[n + 2])
        }
        (shifter, storage, heldOut) = (s, m, f[n + 2] == "holdout")
      }
      let grau = GRAUArchitecture(
        inputBits: try int(2), segments: try int(5), preShift: try int(6), stages: try int(7), slopeMode: slope,
        saturate: try bool(9), comparator: comparator, bypass: try bool(11), shifter: shifter)
      let design = UnitDesign(
        kind: kind, grau: grau, mtMaxBits: try int(4), maxOutputBits: try int(3), lanes: try int(12),
        channelCapacity: try int(13), busBits: try int(14), mtStorage: storage)
      var counts = SynthesisCounts()
      counts.lut = try int(15)
      counts.ff = try int(16)
      counts.lutram = try int(17)
      counts.srl = try int(18)
      guard let bram = Double(f[19]) else {
        throw ValueError(path: "\(path).yosys_bram36", expected: "a number", got: f[19])
      }
      counts.bram36 = bram
      counts.carry4 = try int(20)
      counts.muxf = try int(21)
      out.append((CalibrationRow(design: design, yosys: counts, heldOut: heldOut), f))
    }
    return out
  }

  /// Worst and mean relative LUT / FF errors per variant, one line each (for the calibration run's output).
  package static func summary(_ rows: [CalibrationRow]) -> String {
    var lines: [String] = []
    for kind in UnitKind.allCases {
      let r = rows.filter { $0.design.kind == kind }
      guard !r.isEmpty else { continue }
      let lut = r.map { relativeError($0.estimate.lut, Double($0.yosys.lut)) }
      let ff = r.map { relativeError($0.estimate.ff, Double($0.yosys.ff)) }
      let ram = r.map { relativeError($0.estimate.lutram, Double($0.yosys.lutram)) }
      func worst(_ v: [Double]) -> Double { v.max { abs($0) < abs($1) } ?? 0 }
      func mean(_ v: [Double]) -> Double { v.map(abs).reduce(0, +) / Double(v.count) }
      lines.append(
        String(
          format:
            "%-12@ %3d designs  LUT worst %+6.1f%% mean %5.1f%%   FF worst %+6.1f%% mean %5.1f%%   LUTRAM worst %+6.1f%%",
          kind.rawValue as NSString, r.count, 100 * worst(lut), 100 * mean(lut), 100 * worst(ff), 100 * mean(ff),
          100 * worst(ram)))
    }
    return lines.joined(separator: "\n")
  }
}
