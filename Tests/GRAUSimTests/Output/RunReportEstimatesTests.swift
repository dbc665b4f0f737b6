import Testing

@testable import GRAUSim

@Suite struct RunReportEstimatesTests {
  @Test func everyUnitIsCostedAndRatiosAreQuotients() throws {
    let report = try RunReportTests.report()
    let table = try EnergyTable.builtIn()
    for layer in report.layers {
      for u in layer.units {
        let r = try #require(u.resources)
        #expect(r.lut > 0 && r.ff > 0)
        // Per layer: the unit sized for this layer alone.
        let a = report.config.accelerator
        let design = RTLDesign(
          kind: u.kind, grau: a.grau, mtMaxBits: a.mtMaxBits, maxOutputBits: layer.output.bits, lanes: a.lanes,
          channelCapacity: layer.channels, busBits: a.paramBusBits)
        #expect(r == ResourceEstimator.estimate(design).total)
        // Energy prices the layer's own toggles with the table.
        let e = try #require(u.energy)
        let expected = u.signals.reduce(0.0) { sum, s in
          sum + Double(s.toggles) * table.joulesPerToggle[EnergyTable.classes.firstIndex(of: s.signalClass)!]
        }
        #expect(abs(e.joules - expected) <= 1e-12 * max(1, abs(expected)))
      }
      for ratio in RunReport.ratios(layer.units) {
        let names = ratio.pair.split(separator: "/").map(String.init)
        let g = try #require(layer.unit(UnitKind(rawValue: names[0])!))
        let m = try #require(layer.unit(UnitKind(rawValue: names[1])!))
        #expect(ratio.lut == g.resources!.lut / m.resources!.lut)
        #expect(ratio.energy == g.energy!.joules / m.energy!.joules)
        #expect(ratio.cycles == Double(g.cycles.total) / Double(m.cycles.total))
      }
    }
    // Totals: one unit serving every layer, energy summed over layers.
    for t in report.totals {
      let perLayer = report.layers.compactMap { $0.unit(t.kind)?.energy?.joules }.reduce(0, +)
      #expect(abs(t.energy!.joules - perLayer) <= 1e-9 * max(1e-18, perLayer))
      let widest = report.layers.map(\.output.bits).max()!
      let widestLayer = report.layers.first { $0.output.bits == widest }!
      #expect(t.resources!.lut >= widestLayer.unit(t.kind)!.resources!.lut)
    }
    #expect(RunReport.ratios(report.totals).count == 2 * 3)
  }

  @Test func jsonCarriesResourcesEnergyAndRatios() throws {
    let json = try RunReportTests.report().jsonText()
    for key in ["\"resources\"", "\"energy\"", "\"ratios\"", "\"grau/mt_bs\"", "\"lut\"", "\"joules\"", "\"watts\""] {
      #expect(json.contains(key), "\(key)")
    }
  }
}
