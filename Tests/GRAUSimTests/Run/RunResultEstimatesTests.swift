import Testing

@testable import GRAUSim

/// How a run costs its units, seen from the outside: a layer's figures are those of the unit built for that layer
/// alone, the totals those of one unit that serves every layer, and energy is the table's price of the toggles.
@Suite struct RunResultEstimatesTests {
  static func config() throws -> SimulationConfig { try SimulationConfig.load(path: Fixtures.path("tiny.json")) }

  /// tiny.json's layers differ in width (8 and 2 bits) and channels (4 and 3): each one run alone has the
  /// resources the two-layer run reports for it, in the layer row and in the single-layer totals.
  @Test func aLayerIsCostedAsTheUnitBuiltForItAlone() throws {
    let config = try Self.config()
    let both = try NetworkRunner.run(config: config)
    for layer in both.layers {
      let alone = try NetworkRunner.run(config: config, options: .init(layers: [layer.name]))
      for u in layer.units {
        let r = try #require(u.resources)
        #expect(r.lut > 0 && r.ff > 0, "\(layer.name) \(u.kind)")
        #expect(alone.total(u.kind)?.resources == r, "\(layer.name) \(u.kind)")
        #expect(alone.layers[0].unit(u.kind)?.resources == r, "\(layer.name) \(u.kind)")
      }
    }
  }

  /// The totals cost one unit sized for the widest output and the deepest memory, so they cover every layer, and
  /// they equal a layer's where that layer is both the widest and the deepest (conv0: 8 bits, 4 channels).
  @Test func totalsCostOneUnitServingEveryLayer() throws {
    let result = try NetworkRunner.run(config: Self.config())
    for t in result.totals {
      let total = try #require(t.resources)
      for layer in result.layers {
        let r = try #require(layer.unit(t.kind)?.resources)
        #expect(total.lut >= r.lut && total.ff >= r.ff && total.lutram >= r.lutram, "\(t.kind) \(layer.name)")
      }
      #expect(result.layers[0].unit(t.kind)?.resources == total, "\(t.kind)")
    }
  }

  /// Energy is the table's price per toggle times the toggles of that class: a table that prices one class at
  /// 1 pJ and the others at 0 gives 1 pJ per toggle of that class, layer by layer and in total.
  @Test(arguments: ["data", "control", "valid", "parameter"])
  func energyPricesEachClassWithTheTable(signalClass: String) throws {
    var picojoules = Dictionary(uniqueKeysWithValues: EnergyTable.classes.map { ($0, 0.0) })
    picojoules[signalClass] = 1
    var options = NetworkRunner.Options()
    options.energyTable = try EnergyTable(picojoules: picojoules)
    let result = try NetworkRunner.run(config: Self.config(), options: options)
    for summary in result.layers.flatMap(\.units) + result.totals {
      let toggles = summary.signals.filter { $0.signalClass == signalClass }.reduce(0) { $0 + $1.toggles }
      let joules = try #require(summary.energy).joules
      #expect(abs(joules - Double(toggles) * 1e-12) <= 1e-24 * Double(max(1, toggles)), "\(summary.kind)")
    }
  }

  /// The totals spend each layer's energy once.
  @Test func totalEnergyIsTheSumOverLayers() throws {
    let result = try NetworkRunner.run(config: Self.config())
    for t in result.totals {
      let perLayer = result.layers.compactMap { $0.unit(t.kind)?.energy?.joules }.reduce(0, +)
      #expect(abs(try #require(t.energy).joules - perLayer) <= 1e-9 * perLayer, "\(t.kind)")
    }
  }

  @Test func ratiosAreGRAUOverMTForEveryPair() throws {
    let result = try NetworkRunner.run(config: Self.config())
    for units in result.layers.map(\.units) + [result.totals] {
      let ratios = RunResult.ratios(units)
      #expect(ratios.count == 2 * 3)
      for ratio in ratios {
        let names = ratio.pair.split(separator: "/").map(String.init)
        let g = try #require(units.first { $0.kind.rawValue == names[0] })
        let m = try #require(units.first { $0.kind.rawValue == names[1] })
        #expect(g.kind.isGRAU && !m.kind.isGRAU)
        #expect(ratio.lut == g.resources!.lut / m.resources!.lut)
        #expect(ratio.ff == g.resources!.ff / m.resources!.ff)
        #expect(ratio.energy == g.energy!.joules / m.energy!.joules)
        #expect(ratio.cycles == Double(g.cycles.total) / Double(m.cycles.total))
      }
    }
  }
}
