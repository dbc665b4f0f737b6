import Foundation
import Testing

@testable import GRAUSim

/// The exported RTL equals the bit-exact references element by element, and every beat leaves at exactly the edge
/// `ScheduleReference` gives, under Icarus Verilog and Verilator. Each test batches many designs into one
/// simulator invocation; a missing simulator fails the test with the apt package to install.
@Suite struct RTLCosimTests {
  /// GRAU designs: K ∈ {2, 6, 8, 16} × PoT/APoT × saturate on/off, for both GRAU variants, with the other
  /// design constants (comparator style, lanes, W, P, bus width, bypass) rotated through the list.
  static func grauDesigns() -> [RTLDesign] {
    var designs: [RTLDesign] = []
    var i = 0
    for kind in [UnitKind.grau, .grauSerial] {
      for k in [2, 6, 8, 16] {
        for slope in SlopeMode.allCases {
          for saturate in [false, true] {
            let arch = GRAUArchitecture(
              inputBits: [8, 12, 16, 32][i % 4], segments: k, preShift: [6, 0, 3][i % 3], stages: i % 4 == 3 ? 5 : 16,
              slopeMode: slope, saturate: saturate, comparator: i % 2 == 0 ? .chain : .parallel, bypass: i % 5 != 4)
            designs.append(
              RTLDesign(
                kind: kind, grau: arch, maxOutputBits: i % 4 == 1 ? 9 : 8, lanes: 1 + (i / 2) % 2,
                channelCapacity: i % 3 == 0 ? 5 : 4, busBits: [32, 16, 8][(i / 3) % 3],
                moduleName: "\(kind.rawValue)_\(i)"))
            i += 1
          }
        }
      }
    }
    return designs
  }

  /// MT designs: every MT variant sized for 2, 4 and 8 bits, with 1 and 2 lanes.
  static func mtDesigns() -> [RTLDesign] {
    var designs: [RTLDesign] = []
    var i = 0
    for kind in [UnitKind.mt, .mtSerial, .mtBinarySearch] {
      for maxBits in [2, 4, 8] {
        designs.append(
          RTLDesign(
            kind: kind, grau: GRAUArchitecture(inputBits: [8, 12, 16, 32][i % 4]), mtMaxBits: maxBits, maxOutputBits: 8,
            lanes: 1 + i % 2, channelCapacity: 4, busBits: [32, 8][i % 2], moduleName: "\(kind.rawValue)_\(i)"))
        i += 1
      }
    }
    return designs
  }

  /// For each design: n ∈ {1, 2, 4, 8} (as far as it serves them), each with every handshake pattern, random
  /// parameters for 1–4 channels and 9–16 elements (odd counts leave bubble lanes).
  static func benches(_ designs: [RTLDesign], seed: UInt64) throws -> [RTLTestbench] {
    var rng = CosimRandom(seed: seed)
    return try designs.map { d in
      let maxBits = d.kind.isGRAU ? d.maxOutputBits : d.mtMaxBits
      var layers: [RTLLayerVectors] = []
      for n in [1, 2, 4, 8] where n <= maxBits {
        for pattern in CosimVectors.patterns {
          layers.append(
            CosimVectors.layer(
              d, outputBits: n, signed: rng.bool(), channels: rng.int(1...min(4, d.channelCapacity)),
              elements: rng.int(9...16), pattern: pattern, rng: &rng))
        }
      }
      return try RTLTestbench(design: d, layers: layers)
    }
  }

  @Test func icarusGRAUMatchesReferences() throws {
    let problems = try CosimRunner.icarus(Self.benches(Self.grauDesigns(), seed: 11), name: "grau")
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }

  @Test func icarusMTMatchesReferences() throws {
    let problems = try CosimRunner.icarus(Self.benches(Self.mtDesigns(), seed: 12), name: "mt")
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }

  /// One design per variant for Verilator (its builds are slow: all five share one build).
  static func verilatorDesigns() -> [RTLDesign] {
    [
      RTLDesign(
        kind: .grau, grau: GRAUArchitecture(inputBits: 12, segments: 8, preShift: 6, slopeMode: .apot, saturate: true),
        lanes: 2, channelCapacity: 4, busBits: 16, moduleName: "v_grau"),
      RTLDesign(
        kind: .grauSerial, grau: GRAUArchitecture(inputBits: 16, segments: 6, comparator: .parallel), lanes: 2,
        channelCapacity: 3, busBits: 32, moduleName: "v_grau_serial"),
      RTLDesign(
        kind: .mt, grau: GRAUArchitecture(inputBits: 10), mtMaxBits: 4, lanes: 2, busBits: 8, moduleName: "v_mt"),
      RTLDesign(
        kind: .mtSerial, grau: GRAUArchitecture(inputBits: 16), mtMaxBits: 4, lanes: 1, channelCapacity: 2,
        moduleName: "v_mt_serial"),
      RTLDesign(
        kind: .mtBinarySearch, grau: GRAUArchitecture(inputBits: 16), mtMaxBits: 5, maxOutputBits: 6, lanes: 2,
        channelCapacity: 4,
        moduleName: "v_mt_bs"),
    ]
  }

  @Test func verilatorMatchesReferences() throws {
    let problems = try CosimRunner.verilator(Self.benches(Self.verilatorDesigns(), seed: 13), name: "all")
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }

  /// The exported `run_iverilog.sh` (standalone testbench, one layer) compiles, runs and reports PASS.
  @Test(arguments: [UnitKind.grauSerial, .mt])
  func exportedScriptPassesUnderIcarus(kind: UnitKind) throws {
    _ = try CosimRunner.find("iverilog", package: "iverilog")
    let design = RTLDesign(
      kind: kind, grau: GRAUArchitecture(inputBits: 12, segments: 6, slopeMode: .apot), mtMaxBits: 4, lanes: 2,
      channelCapacity: 3, busBits: 8)
    var rng = CosimRandom(seed: 21)
    let layer = CosimVectors.layer(
      design, outputBits: 4, signed: true, channels: 3, elements: 11, pattern: CosimVectors.patterns[2], rng: &rng)
    let dir = try CosimRunner.scratch("script-\(kind.rawValue)")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try RTLExport.write(design: design, layers: [layer], to: dir)
    let log = try CosimRunner.run("/bin/sh", ["run_iverilog.sh"], in: dir)
    #expect(log.contains("PASS: \(kind.rawValue).out equals \(kind.rawValue)_expected.txt"), "\(log)")
  }
}
