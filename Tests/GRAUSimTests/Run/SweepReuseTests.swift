import Foundation
import Testing

@testable import GRAUSim

/// A sweep reuses fits and simulations across its points (``RunCache``); these tests check that what it reuses is
/// exactly what a separate run computes, whatever the number of jobs, and that a failing point does not end it.
@Suite struct SweepReuseTests {
  static let tiny = Fixtures.path("tiny.json")

  static func load(_ overrides: [String]) throws -> SimulationConfig {
    try SimulationConfig.load(path: tiny, overrides: overrides)
  }

  /// The sweep's CSV and JSON, and the same built from one `NetworkRunner.run` per point without a cache.
  static func sweepAndSeparateRuns(_ axes: [SweepRunner.Axis], fixed: [String], jobs: Int) throws -> (
    sweep: SweepResult, separate: SweepResult, reuse: RunCache.Statistics
  ) {
    let options = NetworkRunner.Options(maxElementsPerLayer: 300, threads: 2)
    let (sweep, reuse) = try SweepRunner.run(
      axes: axes, fixed: fixed, options: options, jobs: jobs, configuration: { try Self.load($0) })
    var points: [SweepPoint] = []
    for i in 0..<SweepRunner.pointCount(axes) {
      let a = SweepRunner.assignments(axes, point: i)
      let config = try load(fixed + a.map { "\($0.key)=\($0.value)" })
      let totals = try NetworkRunner.run(config: config, options: options).totals
      points.append(SweepPoint(index: i, assignments: a, totals: totals))
    }
    return (sweep, SweepResult(keys: axes.map(\.key), points: points), reuse)
  }

  /// GRAU settings change only the GRAU rows; MT rows come from the first point and must equal fresh runs.
  @Test(arguments: [1, 3])
  func pointsEqualSeparateRuns(jobs: Int) throws {
    let axes = [
      SweepRunner.Axis(key: "accelerator.grau.segments", values: ["4", "6"]),
      SweepRunner.Axis(key: "accelerator.grau.slopes", values: ["\"pot\"", "\"apot\""]),
      SweepRunner.Axis(key: "accelerator.grau.stages", values: ["12", "16"]),
    ]
    let (sweep, separate, reuse) = try Self.sweepAndSeparateRuns(axes, fixed: [], jobs: jobs)
    #expect(sweep.csvText() == separate.csvText())
    #expect(try sweep.json().formatted() == separate.json().formatted())
    // 8 points × 2 layers × 3 MT variants; only the first point's MT simulations are computed, whatever the number
    // of jobs (with several, the first point runs alone before the others start).
    #expect(reuse.simulationHits >= 7 * 2 * 3, "\(reuse)")
    #expect(reuse.fitHits >= 7 * 2, "\(reuse)")
  }

  /// A sweep over the segment count fits each layer's GRAU channels once for all its counts (``RunCache/grauFamily``;
  /// the 2-bit layer only for the counts that do not bypass it) and its points equal separate runs, which fit each
  /// count alone. The full-range fit gives the 8-bit layer more than 64 candidates, so its DP is pruned.
  @Test(arguments: [1, 3])
  func segmentSweepsFitOnceAndEqualSeparateRuns(jobs: Int) throws {
    let axes = [
      SweepRunner.Axis(key: "accelerator.grau.segments", values: ["2", "3", "5", "8"]),
      SweepRunner.Axis(key: "accelerator.grau.slopes", values: ["\"pot\"", "\"apot\""]),
    ]
    let (sweep, separate, reuse) = try Self.sweepAndSeparateRuns(axes, fixed: [], jobs: jobs)
    #expect(sweep.csvText() == separate.csvText())
    #expect(try sweep.json().formatted() == separate.json().formatted())
    // Per slope mode one family for conv0 (K = 2, 3, 5, 8) and one for conv1 (K = 2, 3), each computed once
    // whatever the number of jobs, and each point's fit served from it.
    #expect(reuse.familyFits == 4, "\(reuse)")
    #expect(reuse.familyServed == 2 * (4 + 2), "\(reuse)")
  }

  /// Points share GRAU fits across segment counts when their loaded configurations differ in the count alone,
  /// whichever keys set it; a point whose configuration does not load has no family.
  @Test func segmentFamiliesGroupPointsThatDifferOnlyInTheSegmentCount() throws {
    let overrides = [
      ["accelerator.grau.segments=4"], ["accelerator.grau.segments=6"],
      ["accelerator.grau.segments=8", "accelerator.grau.stages=12"],
      ["accelerator.grau.stages=12", "accelerator.grau.segments=6"], ["accelerator.grau.segments=6"],
      ["accelerator.grau.stages=14"],
    ]
    let configs: [SimulationConfig?] = try overrides.map { try Self.load($0) } + [nil]
    #expect(SweepRunner.segmentFamilies(configs) == [[4, 6], [4, 6], [6, 8], [6, 8], [4, 6], nil, nil])
  }

  /// Settings every unit reads (the stimulus seed, lanes, the MT width) reuse nothing they must not.
  @Test func sharedSettingsAreNotReusedWrongly() throws {
    let axes = [
      SweepRunner.Axis(key: "stimulus.seed", values: ["1", "2"]),
      SweepRunner.Axis(key: "accelerator.lanes", values: ["2", "4"]),
      SweepRunner.Axis(key: "accelerator.mt.max_bits", values: ["8", "9"]),
      SweepRunner.Axis(key: "accelerator.sink.ready_pattern", values: ["\"1\"", "\"10\""]),
    ]
    let (sweep, separate, _) = try Self.sweepAndSeparateRuns(axes, fixed: [], jobs: 2)
    #expect(sweep.csvText() == separate.csvText())
  }

  /// An invalid point is a row that says why; the other points run.
  @Test func anInvalidPointIsARow() throws {
    let axes = [SweepRunner.Axis(key: "accelerator.mt.max_bits", values: ["2", "8"])]
    let (sweep, _) = try SweepRunner.run(
      axes: axes, fixed: [], options: NetworkRunner.Options(maxElementsPerLayer: 100),
      configuration: { try Self.load($0) })
    #expect(sweep.points.count == 2)
    #expect(sweep.points[0].failure?.contains("accelerator.mt.max_bits") == true)
    #expect(sweep.points[0].totals.isEmpty)
    #expect(sweep.points[1].failure == nil && !sweep.points[1].totals.isEmpty)
    let csv = sweep.csvText().split(separator: "\n")
    #expect(csv[0].hasSuffix(",error"))
    #expect(csv[1].hasPrefix("2,,") && csv[1].contains("accelerator.mt.max_bits"))
    #expect(sweep.renderTable().contains("failed: accelerator.mt.max_bits=2: "))
  }

  /// When no point can run (a misspelt key), the sweep fails with the first point's error.
  @Test func aSweepOfWhichNoPointRunsFails() {
    let axes = [SweepRunner.Axis(key: "accelerator.lane", values: ["1", "2"])]
    #expect(throws: ConfigError.self) {
      _ = try SweepRunner.run(
        axes: axes, fixed: [], options: NetworkRunner.Options(maxElementsPerLayer: 100),
        configuration: { try Self.load($0) })
    }
  }
}
