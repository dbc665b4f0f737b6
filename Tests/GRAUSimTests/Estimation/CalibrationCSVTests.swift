import Foundation
import Testing

@testable import GRAUSim

/// The committed calibration CSV cannot go stale: its estimates equal the current model's, its designs are the
/// sweep's, and the model meets the ±15 % LUT / FF target on every row.
@Suite struct CalibrationCSVTests {
  static let path = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("data/calibration/yosys.csv").path

  static func rows() throws -> [(row: CalibrationRow, fields: [String])] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return try CalibrationRow.parse(csv: text)
  }

  @Test func estimatesEqualTheCurrentModel() throws {
    let rows = try Self.rows()
    #expect(rows.count >= 100)
    var stale: [String] = []
    for (row, fields) in rows where row.fields != fields {
      let columns = CalibrationRow.columns.indices.filter { row.fields[$0] != fields[$0] }
      stale.append(
        fields[0] + ": "
          + columns.map { "\(CalibrationRow.columns[$0]) \(fields[$0]) -> \(row.fields[$0])" }
          .joined(separator: ", "))
    }
    #expect(
      stale.isEmpty,
      "the CSV is stale: re-run scripts/calibrate_resources.sh --reuse\n\(stale.prefix(10).joined(separator: "\n"))")
  }

  @Test func coversTheSweep() throws {
    let ids = Set(try Self.rows().map { $0.fields[0] })
    for d in CalibrationSweep.designs() {
      #expect(ids.contains(CalibrationSweep.identifier(d)), "\(CalibrationSweep.identifier(d)) missing from the CSV")
    }
  }

  /// The LUT bound every variant meets on the sweep (docs/resources.md).
  static func lutBound(_ kind: UnitKind) -> Double { 0.15 }

  @Test func everyRowWithinItsBound() throws {
    for (row, _) in try Self.rows() {
      let id = CalibrationSweep.identifier(row.design)
      let lut = CalibrationRow.relativeError(row.estimate.lut, Double(row.yosys.lut))
      let ff = CalibrationRow.relativeError(row.estimate.ff, Double(row.yosys.ff))
      #expect(abs(lut) <= Self.lutBound(row.design.kind), "\(id): LUT error \(lut)")
      #expect(abs(ff) <= 0.15, "\(id): FF error \(ff)")
    }
  }
}
