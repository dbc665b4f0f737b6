import Testing

@testable import GRAUSim

/// `accelerator.mt.storage` (docs/config.md): decoded, validated with the config path, written back only when it
/// is not the default.
@Suite struct MTStorageConfigTests {
  func decode(_ overrides: [String]) throws(ConfigError) -> SimulationConfig {
    try SimulationConfig.decode(ConfigTests.minimal, file: "x.json", overrides: overrides)
  }

  /// The resolved config's `accelerator.mt` object.
  func mtObject(_ c: SimulationConfig) -> JSONObject? {
    guard case .object(let top) = c.resolvedJSON, case .object(let acc)? = top["accelerator"],
      case .object(let mt)? = acc["mt"]
    else { return nil }
    return mt
  }

  @Test func defaultsToRAMAndIsLeftOutOfTheResolvedConfig() throws {
    let c = try decode([])
    #expect(c.accelerator.mtStorage == .ram)
    #expect(mtObject(c)?.keys == ["max_bits"])
  }

  @Test func registersAreReadAndWrittenBack() throws {
    let c = try decode(["accelerator.mt.storage=registers"])
    #expect(c.accelerator.mtStorage == .registers)
    #expect(mtObject(c)?["storage"] == .string("registers"))
    let again = try SimulationConfig.decode(c.resolvedJSON, file: "y.json")
    #expect(again.accelerator == c.accelerator)
  }

  @Test func aMisspeltStorageNamesThePathAndTheChoices() {
    #expect {
      try decode(["accelerator.mt.storage=register"])
    } throws: { error in
      let text = "\(error)"
      return text.contains("x.json: accelerator.mt.storage: expected one of \"ram\", \"registers\", got \"register\"")
        && text.contains("did you mean 'registers'?")
    }
    #expect(throws: ConfigError.self) { try decode(["accelerator.mt.storage=true"]) }
  }

  /// A register file larger than the largest device is refused, naming its size; with RAM, or without an MT unit,
  /// the same network is accepted.
  @Test func aRegisterFileBeyondAnyDeviceIsRefused() throws {
    let big = ["accelerator.mt.max_bits=16", "network.layers[0].channels=16"]
    #expect {
      try decode(big + ["accelerator.mt.storage=registers"])
    } throws: { error in
      "\(error)".contains(
        "accelerator.mt.storage: expected \"ram\" for this design: \"registers\" needs 17825520 flip-flops for the "
          + "thresholds (16 channels × 65535 thresholds × 17 bits)")
    }
    _ = try decode(big)
    _ = try decode(big + ["accelerator.mt.storage=registers", "accelerator.units=[\"grau\"]"])
    _ = try decode(["accelerator.mt.max_bits=8", "accelerator.mt.storage=registers"])
  }
}
