import Foundation
import Testing

@testable import GRAUSim

@Suite struct EnergyModelTests {
  static let toggles = [
    SignalToggles(name: "pre.x", signalClass: "data", bits: 16, toggles: 100),
    SignalToggles(name: "pre.valid", signalClass: "valid", bits: 1, toggles: 10),
    SignalToggles(name: "cmp1.seg", signalClass: "control", bits: 3, toggles: 7),
    SignalToggles(name: "cmp1.x", signalClass: "data", bits: 16, toggles: 50),
    SignalToggles(name: "params.t1", signalClass: "parameter", bits: 17, toggles: 3),
  ]

  @Test func builtInTableLoadsFromTheResource() throws {
    let t = EnergyTable.builtIn
    for c in EnergyTable.classes {
      let j = try #require(t.joules(for: c))
      #expect(j > 0 && j < 1e-12, "\(c): \(j) J per toggle is not a plausible FPGA figure")
    }
    #expect(!t.source.isEmpty && !t.description.isEmpty)
  }

  @Test func energyIsTogglesTimesClassEnergy() throws {
    let table = try EnergyTable(picojoules: ["data": 1, "control": 2, "valid": 3, "parameter": 4, "memory": 5])
    let e = try EnergyModel(table: table).estimate(toggles: Self.toggles, cycles: 1000, clockMHz: 500)
    let expected = (150.0 * 1 + 10 * 3 + 7 * 2 + 3 * 4) * 1e-12
    #expect(abs(e.joules - expected) < 1e-24)
    #expect(e.perClass.map(\.signalClass) == EnergyTable.classes)
    #expect(abs(e.perClass[0].joules - 150e-12) < 1e-24)
    #expect(e.perStage.map(\.stage) == ["pre", "cmp1", "params"])
    #expect(abs(e.perStage.reduce(0) { $0 + $1.joules } - e.joules) < 1e-24)
    // 1000 cycles at 500 MHz = 2 µs.
    #expect(abs(e.watts - expected / 2e-6) < 1e-12)
    let idle = try EnergyModel(table: table).estimate(toggles: [], cycles: 0, clockMHz: 100)
    #expect(idle.joules == 0 && idle.watts == 0)
  }

  @Test func rejectsUnknownClassesAndBadInputs() throws {
    let model = EnergyModel(table: EnergyTable.builtIn)
    let bad = [SignalToggles(name: "pre.x", signalClass: "dta", bits: 1, toggles: 1)]
    #expect(throws: EnergyTableError.self) { try model.estimate(toggles: bad, cycles: 1, clockMHz: 100) }
    #expect(throws: EnergyTableError.self) { try model.estimate(toggles: [], cycles: 1, clockMHz: 0) }
    #expect(throws: EnergyTableError.self) { try model.estimate(toggles: [], cycles: -1, clockMHz: 100) }
  }

  static func load(_ json: String) throws(EnergyTableError) -> EnergyTable {
    try EnergyTable.parse(Array(json.utf8), file: "my.json")
  }

  @Test func strictLoader() throws {
    let good =
      #"{"unit": "fJ", "energy_per_toggle": {"data": 20, "control": 40, "valid": 60, "parameter": 30, "memory": 10}}"#
    let t = try Self.load(good)
    #expect(abs(try #require(t.joules(for: "data")) - 20e-15) < 1e-27)
    let cases: [(String, String)] = [
      (
        #"{"energy_per_toggle": {"dta": 1, "data": 1, "control": 1, "valid": 1, "parameter": 1, "memory": 1}}"#,
        "did you mean 'data'"
      ),
      (
        #"{"energy_per_toggle": {"data": -1, "control": 1, "valid": 1, "parameter": 1, "memory": 1}}"#,
        "energy_per_toggle.data"
      ),
      (
        #"{"energy_per_toggle": {"control": 1, "valid": 1, "parameter": 1, "memory": 1}}"#,
        "energy_per_toggle.data: missing"
      ),
      (#"{"energy_per_toggle": {"data": "x", "control": 1, "valid": 1, "parameter": 1, "memory": 1}}"#, "a number"),
      (#"{"unit": "mJ", "energy_per_toggle": {}}"#, "unit"),
      (#"{"energy": {}}"#, "unknown key 'energy'"),
      ("{", "my.json"),
    ]
    for (json, fragment) in cases {
      do {
        _ = try Self.load(json)
        Issue.record("accepted \(json)")
      } catch {
        #expect(error.description.hasPrefix("my.json: "), "\(error)")
        #expect(error.description.contains(fragment), "\(error) lacks '\(fragment)'")
      }
    }
    let missing = "/nonexistent/table.json"
    #expect(throws: EnergyTableError(file: missing, message: "cannot read the file: no such file")) {
      try EnergyTable.load(path: missing)
    }
  }

  @Test func loadsTheShippedFileByPath() throws {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("data/energy-table.json").path
    #expect(try EnergyTable.load(path: path) == EnergyTable.builtIn)
  }
}
