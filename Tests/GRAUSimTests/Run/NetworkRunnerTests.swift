import Foundation
import Testing

@testable import GRAUSim

/// Collects progress reports from worker threads.
final class ProgressLog: @unchecked Sendable {
  private let lock = NSLock()
  private var entries: [(Int, Int)] = []
  func add(_ done: Int, _ total: Int) {
    lock.lock()
    entries.append((done, total))
    lock.unlock()
  }
  var all: [(Int, Int)] {
    lock.lock()
    defer { lock.unlock() }
    return entries
  }
}

@Suite struct NetworkRunnerTests {
  static func tiny(_ overrides: [String] = []) throws -> SimulationConfig {
    try SimulationConfig.load(path: Fixtures.path("tiny.json"), overrides: overrides)
  }

  @Test func tinyRunHasTheConfiguredStructureAndCycleInvariants() throws {
    let config = try Self.tiny()
    let report = try NetworkRunner.run(config: config)
    let acc = config.accelerator
    #expect(report.units == UnitKind.allCases)
    #expect(report.layers.map(\.name) == ["conv0", "conv1"])
    for (layer, lc) in zip(report.layers, config.network.layers) {
      #expect(layer.elements == lc.elements)
      #expect(layer.units.map(\.kind) == report.units)
      for u in layer.units {
        let c = u.cycles
        let timing = UnitTiming.of(u.kind, outputBits: lc.outputBits, grau: acc.grau, mtMaxBits: acc.mtMaxBits)
        let beats = (lc.elements + acc.lanes - 1) / acc.lanes
        #expect(c.total == c.reconfiguration + c.compute + c.fillDrain + c.stall)
        let design = UnitDesign(
          kind: u.kind, grau: acc.grau, mtMaxBits: acc.mtMaxBits, maxOutputBits: lc.outputBits, lanes: acc.lanes,
          channelCapacity: lc.channels, busBits: acc.paramBusBits)
        #expect(c.reconfiguration == design.reconfigurationCycles(outputBits: lc.outputBits, channels: lc.channels))
        #expect(c.compute == beats * timing.initiationInterval)
        #expect(c.stall >= 0)
        // The source pattern "1101" and sink pattern "110" must cost cycles on the pipelined units.
        if !u.kind.isSerialized { #expect(c.stall > 0) }
        #expect(u.latency == timing.latency)
        #expect(u.elements == lc.elements)
        #expect(u.error.weight == lc.elements)
        #expect(u.referenceMismatches == 0)
        // Held out: the calibration is a fresh draw of as many samples per channel as the layer has pixels.
        #expect(layer.calibration.source == .freshDraw && layer.calibration.samples == lc.elements)
        #expect(u.calibrationError.weight == lc.elements)
      }
    }
  }

  /// In-sample, the fitting domain is exactly what the stream carries, so the calibration error is the simulated
  /// error; held out, the parameters meet inputs they were not fitted on and the two differ (GRAU fits the
  /// leaky ReLU of conv0 only approximately).
  @Test func heldOutErrorDiffersFromInSampleError() throws {
    let inSample = try NetworkRunner.run(config: try Self.tiny(["stimulus.calibration.source=in_sample"]))
    for u in inSample.layers.flatMap(\.units) { #expect(u.error == u.calibrationError) }
    #expect(inSample.layers.allSatisfy { $0.calibration.source == .inSample })
    let heldOut = try NetworkRunner.run(config: try Self.tiny())
    let grau = try #require(heldOut.layers[0].unit(.grau))
    #expect(grau.error != grau.calibrationError)
    #expect(grau.error.metrics.mse != grau.calibrationError.metrics.mse)
    // The same stimulus streams in both runs: MT, exact on a monotone function, measures 0 in both.
    #expect(heldOut.layers[0].unit(.mt)?.error.maxAbs == 0)
    #expect(heldOut.layers[0].units.map(\.cycles) == inSample.layers[0].units.map(\.cycles))
  }

  @Test func monotoneLayersAreExactOnMTAndOnGRAUBypass() throws {
    let report = try NetworkRunner.run(config: try Self.tiny())
    for layer in report.layers {
      for u in layer.units where !u.kind.isGRAU { #expect(u.error.maxAbs == 0, "\(layer.name) \(u.kind)") }
    }
    // conv1 is 2-bit: GRAU runs it through the comparator bypass with the MT thresholds.
    for u in report.layers[1].units { #expect(u.error.maxAbs == 0, "\(u.kind)") }
  }

  @Test func totalsAreTheSumOfLayers() throws {
    let report = try NetworkRunner.run(config: try Self.tiny())
    for t in report.totals {
      let parts = report.layers.compactMap { $0.unit(t.kind) }
      #expect(t.elements == parts.reduce(0) { $0 + $1.elements })
      #expect(t.cycles.total == parts.reduce(0) { $0 + $1.cycles.total })
      #expect(t.cycles.stall == parts.reduce(0) { $0 + $1.cycles.stall })
      #expect(t.error.weight == parts.reduce(0) { $0 + $1.error.weight })
      #expect(t.error.maxAbs == parts.map(\.error.maxAbs).max())
      #expect(t.latency == nil)
    }
  }

  @Test func resultsDoNotDependOnThreads() throws {
    let config = try Self.tiny()
    let one = try NetworkRunner.run(config: config, options: .init(threads: 1)).jsonText()
    let two = try NetworkRunner.run(config: config, options: .init(threads: 2)).jsonText()
    let many = try NetworkRunner.run(config: config, options: .init(threads: 7)).jsonText()
    #expect(one == two)
    #expect(one == many)
  }

  @Test func seedChangesTheStimulus() throws {
    let a = try NetworkRunner.run(config: try Self.tiny()).jsonText()
    let b = try NetworkRunner.run(config: try Self.tiny(["stimulus.seed=8"])).jsonText()
    #expect(a != b)
  }

  @Test func selectsLayersAndLimitsElements() throws {
    let config = try Self.tiny()
    let r = try NetworkRunner.run(config: config, options: .init(layers: ["conv1"], maxElementsPerLayer: 5))
    #expect(r.layers.map(\.name) == ["conv1"])
    #expect(r.layers[0].index == 1)
    #expect(r.layers[0].elements == 5)
    #expect(r.layers[0].units.allSatisfy { $0.elements == 5 && $0.error.weight == 5 })
    // Selecting a layer does not change its numbers.
    let full = try NetworkRunner.run(config: config)
    let only = try NetworkRunner.run(config: config, options: .init(layers: ["conv1"]))
    #expect(only.layers[0].units.map(\.error) == full.layers[1].units.map(\.error))
    #expect(only.layers[0].units.map(\.cycles) == full.layers[1].units.map(\.cycles))
  }

  @Test func truncationThatSkipsChannelsStillRuns() throws {
    let config = try Self.tiny(["accelerator.stream_order=channel_major"])
    let r = try NetworkRunner.run(config: config, options: .init(layers: ["conv0"], maxElementsPerLayer: 3))
    #expect(r.layers[0].elements == 3)
    #expect(r.layers[0].units.allSatisfy { $0.error.weight == 3 && $0.referenceMismatches == 0 })
  }

  @Test func unknownLayerSuggests() throws {
    #expect(throws: RunError.unknownLayer(name: "conv9", suggestion: "conv0")) {
      try NetworkRunner.run(config: try Self.tiny(), options: .init(layers: ["conv9"]))
    }
    #expect(throws: RunError.self) { try NetworkRunner.run(config: try Self.tiny(), options: .init(threads: 0)) }
  }

  @Test func progressReachesTheTotal() throws {
    let log = ProgressLog()
    let config = try Self.tiny()
    _ = try NetworkRunner.run(config: config, options: .init(threads: 2, progress: { log.add($0, $1) }))
    let entries = log.all
    // Fitting counts the calibration samples (a fresh draw as large as each layer), simulation every element per unit.
    let total = config.network.layers.reduce(0) { $0 + $1.elements } * (1 + config.accelerator.units.count)
    #expect(!entries.isEmpty)
    #expect(entries.allSatisfy { $0.1 == total })
    #expect(zip(entries, entries.dropFirst()).allSatisfy { $0.0 < $1.0 })
    #expect(entries.last?.0 == total)
  }

  @Test func traceStimulusEndToEnd() throws {
    let config = try SimulationConfig.load(path: Fixtures.path("tiny-trace.json"))
    let report = try NetworkRunner.run(config: config)
    #expect(report.layers.map(\.elements) == [36, 36])
    let t0 = report.layers[0]
    // ReLU is monotone: MT binary search is exact on the trace.
    #expect(t0.unit(.mtBinarySearch)?.error.maxAbs == 0)
    // The leading half of each channel's pixels calibrates; the errors count the other half only.
    for layer in report.layers {
      #expect(layer.calibration.source == .tracePrefix)
      let channels = config.network.layers[layer.index].channels
      let pixels = config.network.layers[layer.index].pixels
      #expect(layer.calibration.pixelsPerChannel == (pixels + 1) / 2)
      for u in layer.units { #expect(u.error.weight == channels * (pixels - (pixels + 1) / 2)) }
    }
    // The stream carries exactly the trace values, in channel-major order.
    let prepared = try NetworkRunner.prepare(layerIndex: 0, config: config, limit: nil)
    var block = ElementBlock()
    prepared.stream.fill(&block, start: 0, length: 36)
    #expect(block.x == NpyReaderTests.expected)
  }
}

extension NetworkRunnerTests {
  @Test func progressStrictlyGrowsEvenWhenChannelsAreSkipped() throws {
    let log = ProgressLog()
    let config = try Self.tiny(["accelerator.stream_order=channel_major"])
    _ = try NetworkRunner.run(
      config: config,
      options: .init(layers: ["conv0"], maxElementsPerLayer: 3, threads: 1, progress: { log.add($0, $1) }))
    let entries = log.all
    #expect(zip(entries, entries.dropFirst()).allSatisfy { $0.0 < $1.0 })
    // Fitting: every channel's fresh draw (15 pixels each); simulation: 3 elements per unit.
    let layer = config.network.layers[0]
    #expect(entries.last?.0 == layer.elements + 3 * config.accelerator.units.count)
  }
}
