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
    for (row, fields) in rows {
      #expect(
        row.fields == fields,
        "\(fields[0]): the CSV is stale, re-run scripts/calibrate_resources.sh --reuse\n  csv:   \(fields)\n  model: \(row.fields)"
      )
    }
  }

  @Test func coversTheSweep() throws {
    let ids = Set(try Self.rows().map { $0.fields[0] })
    for d in CalibrationSweep.designs() {
      #expect(ids.contains(CalibrationSweep.identifier(d)), "\(CalibrationSweep.identifier(d)) missing from the CSV")
    }
  }

  @Test func everyRowWithinFifteenPercent() throws {
    for (row, _) in try Self.rows() {
      let lut = CalibrationRow.relativeError(row.estimate.lut, Double(row.yosys.lut))
      let ff = CalibrationRow.relativeError(row.estimate.ff, Double(row.yosys.ff))
      #expect(abs(lut) <= 0.15, "\(CalibrationSweep.identifier(row.design)): LUT error \(lut)")
      #expect(abs(ff) <= 0.15, "\(CalibrationSweep.identifier(row.design)): FF error \(ff)")
    }
  }
}
