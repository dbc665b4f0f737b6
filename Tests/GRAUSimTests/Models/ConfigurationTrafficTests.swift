import Testing

@testable import GRAUSim

/// The model and the exported RTL put the same words on the configuration bus: every layer of the co-simulation
/// spread is streamed through the event-driven model, the words it drives on `cfg_*` at edges 0 … C−1 are read
/// back from its waveform, and they are compared one by one with the words of the testbench's `<m>_cfg.hex`.
@Suite struct ConfigurationTrafficTests {
  /// One configuration word as the `<m>_cfg.hex` line `chan field part data` (hexadecimal).
  struct Word: Equatable, CustomStringConvertible {
    var channel: UInt64
    var field: UInt64
    var part: UInt64
    var data: UInt64
    var description: String { "chan \(channel) field \(field) part \(part) data 0x\(String(data, radix: 16))" }
  }

  /// The words of each layer in the testbench's configuration vector file.
  static func vectorWords(_ bench: RTLTestbench) throws -> [[Word]] {
    let file = try #require(bench.vectorFiles().first { $0.name == "\(bench.prefix)_cfg.hex" })
    var layers: [[Word]] = []
    for line in file.contents.split(separator: "\n") {
      if line.hasPrefix("// layer") {
        layers.append([])
      } else if !line.hasPrefix("//") {
        let f = line.split(separator: " ").map { UInt64($0, radix: 16)! }
        layers[layers.count - 1].append(Word(channel: f[0], field: f[1], part: f[2], data: f[3]))
      }
    }
    return layers
  }

  /// The words the model drives: the `cfg_*` values committed before each edge at which `cfg_valid` is high
  /// (what the parameter memory's write port samples), and the control register after configuration.
  static func modelWords(_ job: LayerJob) throws -> (words: [Word], control: UInt64) {
    var recorder = RecordingObserver()
    _ = UnitSimulator.simulate(job, observer: &recorder, scope: ObservationScope(lanes: [0], edges: nil))
    let unit = job.kind.rawValue
    let names = ["cfg_valid", "cfg_chan", "cfg_field", "cfg_part", "cfg_data", "ctrl"]
    let ids = try names.map { try #require(recorder.index(of: "\(unit).\($0)"), "\(unit).\($0)") }
    var state = recorder.initialValues
    var changes = recorder.changes[...]
    var words: [Word] = []
    for edge in 0..<job.reconfigurationCycles {
      while let c = changes.first, c.edge < edge {
        state[c.signal] = c.value
        changes = changes.dropFirst()
      }
      guard state[ids[0]] == 1 else { continue }
      words.append(Word(channel: state[ids[1]], field: state[ids[2]], part: state[ids[3]], data: state[ids[4]]))
    }
    for c in changes where c.signal == ids[5] { state[c.signal] = c.value }
    return (words, state[ids[5]])
  }

  static func benches() throws -> [RTLTestbench] {
    try RTLCosimTests.benches(RTLCosimTests.grauDesigns() + RTLCosimTests.mtDesigns(), seed: 31)
  }

  @Test func modelAndTestbenchWriteTheSameWords() throws {
    var compared = 0
    var kinds = Set<String>()
    for bench in try Self.benches() {
      let expected = try Self.vectorWords(bench)
      #expect(expected.count == bench.layers.count)
      for (i, layer) in bench.layers.enumerated() {
        let job = CosimModel.job(bench, layer: i)
        let (words, control) = try Self.modelWords(job)
        let want = expected[i]
        let where_ = "\(bench.design.moduleName) layer \(i) (n = \(layer.output.bits))"
        #expect(words.count == want.count, "\(where_): \(words.count) words, the testbench writes \(want.count)")
        for (w, (got, exp)) in zip(words, want).enumerated() where got != exp {
          Issue.record("\(where_), word \(w): model \(got), testbench \(exp)")
          break
        }
        // The control register holds the first word's data once the layer is configured.
        #expect(control == want.first?.data, "\(where_): control register 0x\(String(control, radix: 16))")
        compared += words.count
        kinds.insert(
          bench.design.kind.rawValue + (bench.design.unit.usesBypass(outputBits: layer.output.bits) ? "+bypass" : ""))
      }
    }
    // The spread covers every variant, the GRAU bypass and many bus splits.
    #expect(kinds.isSuperset(of: UnitKind.allCases.map(\.rawValue) + ["grau+bypass", "grau_serial+bypass"]))
    #expect(compared > 10_000)
  }

  /// The model's `cfg_*` and `ctrl` registers have the RTL ports' widths.
  @Test func modelBusHasTheRTLPortWidths() throws {
    for bench in try Self.benches() {
      let d = bench.design
      let job = CosimModel.job(bench, layer: 0)
      var recorder = RecordingObserver()
      _ = UnitSimulator.simulate(job, observer: &recorder, scope: ObservationScope(lanes: [0], edges: 0...0))
      func width(_ name: String) -> Int? {
        recorder.signals.first { $0.name == "\(d.kind.rawValue).\(name)" }?.width
      }
      #expect(width("cfg_chan") == d.channelBits, "\(d.moduleName)")
      #expect(width("cfg_field") == d.fieldBits, "\(d.moduleName)")
      #expect(width("cfg_part") == d.partBits, "\(d.moduleName)")
      #expect(width("cfg_data") == d.busBits, "\(d.moduleName)")
      #expect(width("ctrl") == ControlWord.bits, "\(d.moduleName)")
    }
  }
}
