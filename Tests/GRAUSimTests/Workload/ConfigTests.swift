import Foundation
import Testing

@testable import GRAUSim

@Suite struct ConfigTests {
  static let minimal = #"""
    {"network": {"layers": [{"name": "l0", "channels": 2, "height": 2, "width": 2, "activation": "relu"}]}}
    """#

  /// Decodes `minimal` with overrides and returns the error it raises.
  func error(_ overrides: [String], text: String = ConfigTests.minimal) -> ConfigError? {
    do {
      _ = try SimulationConfig.decode(text, file: "x.json", overrides: overrides)
      return nil
    } catch {
      return error
    }
  }

  @Test func defaultsAreResolved() throws {
    let c = try SimulationConfig.decode(Self.minimal)
    let a = c.accelerator
    #expect(a.lanes == 16 && a.inputBits == 16 && a.clockMHz == 200 && a.paramBusBits == 32)
    #expect(a.units == [.grau, .mt, .mtBinarySearch])
    #expect(a.grau == GRAUArchitecture())
    #expect(a.fit == FitOptions())
    #expect(a.mtMaxBits == 8)
    #expect(a.streamOrder == .channelInterleaved)
    #expect(a.sourceValid == .always && a.sinkReady == .always)
    let l = c.network.layers[0]
    #expect(l.outputBits == 8 && !l.signed && l.zeroPoint == 0)
    #expect(l.inputScale == 1.0 / 4096)
    // Auto out_scale: relu over z in [-4, 4] reaches 4, so qmax = 255 maps to 4.
    #expect(abs(l.outputScale - 4.0 / 255) < 1e-12)
    #expect(c.stimulus == StimulusConfig())
    #expect(c.run == RunSettings())
  }

  @Test func mtMaxBitsDefaultsToTheLargestLayerPrecision() throws {
    let c = try SimulationConfig.decode(Self.minimal, overrides: ["network.layers[0].out_bits=4"])
    #expect(c.accelerator.mtMaxBits == 4)
  }

  /// `[*]` sets a key in every element of an array; on anything else it is an error naming the path.
  @Test func wildcardSetsEveryElement() throws {
    let two = #"""
      {"network": {"layers": [{"name": "a", "channels": 2, "height": 2, "width": 2, "activation": "relu"},
                              {"name": "b", "channels": 2, "height": 2, "width": 2, "activation": "relu"}]}}
      """#
    let c = try SimulationConfig.decode(two, overrides: ["network.layers[*].out_bits=4"])
    #expect(c.network.layers.map(\.outputBits) == [4, 4])
    #expect(c.accelerator.mtMaxBits == 4)
    let e = error(["accelerator[*].lanes=4"])
    #expect(e?.kind == .invalidOverride)
    #expect(
      e?.description.contains("expected accelerator to be an array with elements") == true, "\(String(describing: e))")
    let typo = error(["network.layers[*].out_bit=4"], text: two)
    #expect(typo?.path == "network.layers[0]")
  }

  @Test func signedDefaultsFollowTheFunction() throws {
    let c = try SimulationConfig.decode(Self.minimal, overrides: ["network.layers[0].activation=silu"])
    #expect(c.network.layers[0].signed)
  }

  @Test func unknownKeyNamesPathAndSuggests() {
    let e = error(["accelerator.grau.segmnts=8"])
    #expect(e?.kind == .unknownKey)
    #expect(e?.path == "accelerator.grau")
    #expect(e?.hint == "did you mean 'segments'?")
    #expect(
      e?.description.hasPrefix("x.json: accelerator.grau: unknown key 'segmnts' (did you mean 'segments'?)") == true)
  }

  @Test func wrongTypeNamesPath() {
    let e = error(["accelerator.lanes=\"four\""])
    #expect(e?.kind == .wrongType)
    #expect(e?.description == "x.json: accelerator.lanes: expected an integer in 1...4096, got \"four\"")
  }

  @Test func booleanIsNotANumber() {
    let e = error(["network.layers[0].out_bits=true"])
    #expect(e?.kind == .wrongType)
    #expect(e?.path == "network.layers[0].out_bits")
    #expect(e?.got == "true")
    let f = error(["accelerator.grau.saturate=1"])
    #expect(f?.kind == .wrongType)
    #expect(f?.path == "accelerator.grau.saturate")
  }

  @Test func outOfRangeNamesPath() {
    let e = error(["network.layers[0].out_bits=0"])
    #expect(e?.description == "x.json: network.layers[0].out_bits: expected an integer in 1...16, got 0")
    #expect(error(["network.layers[0].out_bits=17"])?.kind == .invalidValue)
    #expect(error(["accelerator.lanes=0"])?.path == "accelerator.lanes")
    #expect(error(["network.layers[0].in_scale=-1"])?.path == "network.layers[0].in_scale")
    #expect(error(["accelerator.grau.segments=1"])?.path == "accelerator.grau.segments")
  }

  @Test func fractionalIntegerIsRejected() {
    let e = error(["accelerator.lanes=2.5"])
    #expect(e?.kind == .invalidValue)
    #expect(e?.path == "accelerator.lanes")
  }

  @Test func badPatternNamesPath() {
    let e = error(["accelerator.sink.ready_pattern=000"])
    #expect(e?.kind == .invalidValue)
    #expect(e?.path == "accelerator.sink.ready_pattern")
    #expect(error(["accelerator.source.valid_pattern=1x1"])?.path == "accelerator.source.valid_pattern")
    #expect(error(["accelerator.source.valid_pattern=\"\""])?.path == "accelerator.source.valid_pattern")
  }

  @Test func unknownChoicesSuggest() {
    let e = error(["accelerator.units=[\"grau\", \"mt_bss\"]"])
    #expect(e?.path == "accelerator.units[1]")
    #expect(e?.hint == "did you mean 'mt_bs'?")
    #expect(error(["network.layers[0].activation=gelo"])?.hint == "did you mean 'gelu'?")
    #expect(error(["accelerator.units=[\"grau\", \"grau\"]"])?.path == "accelerator.units[1]")
  }

  @Test func missingTraceFileNamesPath() {
    let e = error(["network.layers[0].trace=nope.npy"])
    #expect(e?.kind == .missingFile)
    #expect(e?.path == "network.layers[0].trace")
    #expect(e?.got.contains("nope.npy") == true)
  }

  @Test func traceKindNeedsATracePerLayer() {
    let e = error(["stimulus.kind=trace"])
    #expect(e?.kind == .missingKey)
    #expect(e?.path == "network.layers[0].trace")
  }

  @Test func impossibleParametersAreErrors() {
    // MT sized below a layer's precision.
    #expect(error(["accelerator.mt.max_bits=4"])?.path == "accelerator.mt.max_bits")
    // A 16-bit output cannot come out of a 7-bit bias (in_bits 2 + pre_shift 4 + 1).
    #expect(
      error(["accelerator.in_bits=2", "accelerator.grau.pre_shift=4", "network.layers[0].out_bits=16"])?.path
        == "network.layers[0].out_bits")
    // alpha on a function without one.
    #expect(error(["network.layers[0].alpha=0.2"])?.path == "network.layers[0].alpha")
    // zero point outside the output range.
    #expect(error(["network.layers[0].zero_point=300"])?.path == "network.layers[0].zero_point")
    // gamma array of the wrong length.
    #expect(error(["network.layers[0].gamma=[1,2,3]"])?.path == "network.layers[0].gamma")
  }

  @Test func duplicateKeysAndLayerNamesAreErrors() {
    let dup = #"{"network": {"name": "a", "name": "b", "layers": []}}"#
    let e = error([], text: dup)
    #expect(e?.kind == .syntax)
    #expect(e?.path == "line 1, column 27")
    #expect(e?.description.contains("duplicate key 'name'") == true, "\(String(describing: e))")
    let text = #"""
      {"network": {"layers": [{"name": "a", "activation": "relu"}, {"name": "a", "activation": "relu"}]}}
      """#
    #expect(error([], text: text)?.path == "network.layers[1].name")
  }

  @Test func overridesApplyWithIndicesAndFallBackToStrings() throws {
    let c = try SimulationConfig.decode(
      Self.minimal,
      overrides: [
        "accelerator.grau.segments=8", "network.layers[0].out_bits=4", "accelerator.units=[\"grau\",\"mt\"]",
        "accelerator.stream_order=channel_major", "accelerator.grau.slopes=apot", "stimulus.seed=99",
      ])
    #expect(c.accelerator.grau.segments == 8)
    #expect(c.network.layers[0].outputBits == 4)
    #expect(c.accelerator.units == [.grau, .mt])
    #expect(c.accelerator.streamOrder == .channelMajor)
    #expect(c.accelerator.grau.slopeMode == .apot)
    #expect(c.stimulus.seed == 99)
  }

  @Test(arguments: [
    ("network.layers[3].out_bits=4", "an index in 0..<1"),
    ("network.layers.x=1", "to be an object"),
    ("novalue", "key=value"),
    ("=3", "a path like"),
    ("network.layers[-1].out_bits=4", "a path like"),
  ])
  func badOverridesAreErrors(_ override: String, _ expected: String) {
    let e = error([override])
    #expect(e?.kind == .invalidOverride)
    #expect(e?.expected.contains(expected) == true, "\(String(describing: e))")
  }

  @Test func overrideOfAnUnknownPathIsAnError() {
    let e = error(["accelerator.lanez=4"])
    #expect(e?.kind == .unknownKey)
    #expect(e?.hint == "did you mean 'lanes'?")
  }

  @Test func resolvedJSONDecodesToTheSameConfig() throws {
    let c = try SimulationConfig.load(path: Fixtures.path("tiny.json"))
    let again = try SimulationConfig.decode(c.resolvedJSON.formatted(), file: c.file, directory: Fixtures.directory)
    #expect(again == c)
  }

  @Test func missingConfigFileIsMissingInput() {
    do {
      _ = try SimulationConfig.load(path: "/nonexistent/dir/x.json")
      Issue.record("expected an error")
    } catch {
      #expect(error.kind == .missingFile)
      #expect(error.description.hasPrefix("/nonexistent/dir/x.json: "))
    }
  }

  @Test func shippedConfigsLoad() throws {
    let dir = (Fixtures.root as NSString).appendingPathComponent("configs")
    let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") }.sorted()
    #expect(files.count >= 6)
    for f in files {
      let c = try SimulationConfig.load(path: (dir as NSString).appendingPathComponent(f))
      #expect(!c.network.layers.isEmpty, "\(f)")
    }
  }

  @Test func yoloTinyHasTheDomainShape() throws {
    let c = try SimulationConfig.load(
      path: (Fixtures.root as NSString).appendingPathComponent("configs/yolo-tiny.json"))
    #expect(c.network.layers.count == 11)
    #expect(c.network.layers.reduce(0) { $0 + $1.channels } == 3184)
    let elements = c.network.layers.reduce(0) { $0 + $1.elements }
    #expect(elements > 5_900_000 && elements < 6_000_000)
  }

  /// `accelerator.grau.shifter`: chain by default (and absent from the resolved tree), barrel accepted and kept
  /// through the resolved tree, a typo and APoT with a barrel refused with the key's path.
  @Test func shifterKey() throws {
    let chain = try SimulationConfig.decode(Self.minimal)
    #expect(chain.accelerator.grau.shifter == .chain)
    #expect(!(try chain.resolvedJSON.formatted()).contains("shifter"))
    let barrel = try SimulationConfig.decode(Self.minimal, overrides: ["accelerator.grau.shifter=barrel"])
    #expect(barrel.accelerator.grau.shifter == .barrel)
    let again = try SimulationConfig.decode(barrel.resolvedJSON.formatted())
    #expect(again.accelerator.grau == barrel.accelerator.grau)
    let typo = try #require(error(["accelerator.grau.shifter=barel"]))
    #expect(typo.description.contains("accelerator.grau.shifter") && typo.description.contains("barrel"))
    let apot = try #require(error(["accelerator.grau.shifter=barrel", "accelerator.grau.slopes=apot"]))
    #expect(apot.description.contains("accelerator.grau.shifter") && apot.description.contains("apot"))
  }
}
