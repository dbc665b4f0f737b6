import Testing

@testable import GRAUSim

/// The RTL-versus-model comparison (`CosimModel`) itself, without a simulator: on the testbench's expected output
/// (references + `ScheduleReference`) it must find nothing for every bench of the co-simulation spread, and on a
/// corrupted output it must name the element, the edge or the cycle count that differs.
@Suite struct RTLCosimModelTests {
  static func spread() throws -> [RTLTestbench] {
    try RTLCosimTests.grauBenches() + RTLCosimTests.mtBenches()
      + RTLCosimTests.benches(RTLCosimTests.verilatorDesigns(), seed: 13)
  }

  @Test func modelDeliversTheExpectedOutputOfEveryBenchInTheSpread() throws {
    let benches = try Self.spread()
    #expect(benches.count == 53)
    var layers = 0
    for tb in benches {
      let problems = CosimModel.compare(tb, rtlOutput: tb.expectedOutput())
      #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
      layers += tb.layers.count
    }
    #expect(layers == 573)
  }

  /// The observer sees exactly the edges and lanes the model's own schedule records.
  @Test(arguments: UnitKind.allCases)
  func observedLeavesMatchTheModelsSchedule(kind: UnitKind) throws {
    let tb = try #require(try Self.spread().first { $0.design.kind == kind && $0.design.lanes == 2 })
    for i in tb.layers.indices {
      let job = CosimModel.job(tb, layer: i)
      var o = NoObserver()
      let run = UnitSimulator.run(job, observer: &o, scope: nil, recordSchedule: true)
      let delivery = CosimModel.deliver(tb, layer: i)
      #expect(delivery.problems.isEmpty, "\(delivery.problems)")
      let edges = delivery.leaves.map(\.edge)
      let fromSchedule = run.schedule.enumerated().flatMap { b, beat in
        (0..<job.lanes).filter { b * job.lanes + $0 < job.stream.count }.map { _ in beat.leave }
      }
      #expect(edges == fromSchedule)
      #expect(delivery.totalCycles == run.result.cycles.total)
      #expect(delivery.leaves.map(\.lane) == (0..<job.stream.count).map { $0 % job.lanes })
    }
  }

  enum Corruption: String, CaseIterable, CustomTestStringConvertible {
    case value, edge, lane, dropLast, extraLine, lateLastBeat
    var testDescription: String { rawValue }
  }

  /// Every kind of difference is reported, with the layer and the element.
  @Test(arguments: Corruption.allCases)
  func corruptedOutputIsReported(_ corruption: Corruption) throws {
    let tb = try #require(try RTLCosimTests.benches(RTLCosimTests.mtDesigns(), seed: 12).first { $0.design.lanes == 2 })
    var lines = tb.expectedOutput().split(separator: "\n").map(String.init)
    let second = try #require(lines.indices.filter { lines[$0] == "layer 1" }.first)
    let target = second + 3  // the third element of layer 1
    var f = lines[target].split(separator: " ").compactMap { Int($0) }
    switch corruption {
    case .value: f[2] += 1
    case .edge: f[0] += 1
    case .lane: f[1] = 1 - f[1]
    case .dropLast, .extraLine, .lateLastBeat: break
    }
    lines[target] = f.map(String.init).joined(separator: " ")
    let lastOfLayer1 = try #require(lines.indices.first { $0 > second && lines[$0].hasPrefix("layer") }) - 1
    switch corruption {
    case .dropLast: lines.remove(at: lastOfLayer1)
    case .extraLine: lines.insert(lines[lastOfLayer1], at: lastOfLayer1 + 1)
    case .lateLastBeat:
      var g = lines[lastOfLayer1].split(separator: " ").compactMap { Int($0) }
      g[0] += 3
      lines[lastOfLayer1] = g.map(String.init).joined(separator: " ")
    default: break
    }
    let problems = CosimModel.compare(tb, rtlOutput: lines.joined(separator: "\n") + "\n")
    #expect(!problems.isEmpty)
    #expect(problems.allSatisfy { $0.hasPrefix("\(tb.design.moduleName): layer 1") }, "\(problems)")
    switch corruption {
    case .value, .edge, .lane:
      #expect(problems.count == 1)
      #expect(problems.first?.contains("element 2 ") == true, "\(problems)")
    case .dropLast, .extraLine:
      #expect(problems.contains { $0.contains("RTL nothing") || $0.contains("model nothing") }, "\(problems)")
    case .lateLastBeat:
      #expect(problems.contains { $0.contains("model total cycles") }, "\(problems)")
    }
  }

  @Test func missingLayerIsReported() throws {
    let tb = try #require(try RTLCosimTests.benches(RTLCosimTests.mtDesigns(), seed: 12).first)
    let problems = CosimModel.compare(tb, rtlOutput: "layer 0\n", limit: 1000)
    #expect(problems.contains { $0.contains("layer 1: no RTL output") }, "\(problems)")
    #expect(problems.contains { $0.contains("layer 0, element 0") && $0.contains("RTL nothing") }, "\(problems)")
  }
}
