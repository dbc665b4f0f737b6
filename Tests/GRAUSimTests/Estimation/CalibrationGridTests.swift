import Foundation
import Testing

@testable import GRAUSim

/// The design-space grid (`data/calibration/grid.csv`): its estimates are the current model's, it holds every
/// design of ``CalibrationSweep/grid(perCell:maxSize:)``, the fit never saw its held-out rows, and the worst errors
/// the run report warns with are the CSV's. (The ±15 % target is not met in every cell: docs/resources.md.)
@Suite struct CalibrationGridTests {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static func rows(_ name: String) throws -> [(row: CalibrationRow, fields: [String])] {
    let text = try String(contentsOfFile: root.appendingPathComponent("data/calibration/\(name)").path, encoding: .utf8)
    return try CalibrationRow.parse(csv: text)
  }

  @Test func estimatesEqualTheCurrentModel() throws {
    let rows = try Self.rows("grid.csv")
    #expect(rows.count >= 100)
    for (row, fields) in rows {
      #expect(row.heldOut != nil)
      #expect(
        row.fields == fields,
        "\(fields[0]): the grid CSV is stale: re-run scripts/calibrate_resources.sh --grid --reuse")
    }
  }

  @Test func coversTheGrid() throws {
    let rows = try Self.rows("grid.csv")
    let split = Dictionary(uniqueKeysWithValues: rows.map { ($0.fields[0], $0.row.heldOut) })
    let grid = CalibrationSweep.grid()
    #expect(rows.count == grid.count)
    for p in grid {
      let id = CalibrationSweep.identifier(p.design)
      #expect(split[id] == p.heldOut, "\(id): missing from the grid CSV or in the other split")
    }
  }

  @Test func everyChannelRangeAndVariantIsHeldOut() {
    let heldOut = CalibrationSweep.grid().filter(\.heldOut).map(\.design)
    for kind in UnitKind.allCases {
      for range in ["1", "2-256", "512-4096"] {
        #expect(
          heldOut.contains { $0.kind == kind && CalibrationGrid.channelRange($0) == range },
          "no held-out \(kind.rawValue) design with \(range) channels")
      }
    }
    // Held-out designs are neither fitted grid designs nor designs of the fitted sweep.
    let fitted = Set(CalibrationSweep.grid().filter { !$0.heldOut }.map(\.design) + CalibrationSweep.designs())
    #expect(heldOut.allSatisfy { !fitted.contains($0) })
  }

  /// The table the report's warnings read is the committed grid's (a refit must regenerate both).
  @Test func heldOutWorstIsTheCSVs() throws {
    let rows = try Self.rows("grid.csv").map(\.row).filter { $0.heldOut == true }
    let measured = CalibrationGrid.worst(rows)
    #expect(Set(measured.keys) == Set(CalibrationGrid.heldOutWorst.keys))
    for (key, w) in measured {
      let table = CalibrationGrid.heldOutWorst[key]
      #expect(
        table.map { abs($0.lut - w.lut) <= 0.00051 && abs($0.ff - w.ff) <= 0.00051 } == true,
        "\(key): table \(String(describing: table)), CSV \(w)")
    }
  }

  @Test func aMissIsReported() {
    var counts = SynthesisCounts()
    let d = UnitDesign(kind: .grau)
    let e = ResourceEstimator.estimate(d).total
    counts.lut = Int(e.lut * 1.2)
    counts.ff = Int(e.ff.rounded())
    counts.lutram = Int(e.lutram.rounded()) + 2
    counts.bram36 = e.bram36
    let misses = CalibrationGrid.misses(CalibrationRow(design: d, yosys: counts, heldOut: true))
    #expect(misses.count == 1 && misses[0].hasPrefix("LUT "))
    counts.lutram = Int(e.lutram.rounded()) + 3 + Int(e.lutram * 0.2)
    #expect(CalibrationGrid.misses(CalibrationRow(design: d, yosys: counts, heldOut: true)).count == 2)
  }
}
