import Foundation
import Testing

@testable import GRAUSim

/// The exported RTL equals the bit-exact references element by element, every beat leaves at exactly the edge
/// `ScheduleReference` gives, and the RTL's outputs, leave edges and total cycles equal the event-driven model's,
/// under Icarus Verilog and Verilator, for every design of the spread, one test per design and simulator; a
/// missing simulator fails the test with the apt package to install.
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

  /// Barrel-shifter designs (pipelined GRAU, PoT): K ∈ {2, 6, 8, 16} × saturate on/off, R ∈ {1, 3, 7, 16, 24}
  /// (1 to 5 barrel stages, shifts of 16 past a narrow `v`), the other constants rotated.
  static func barrelDesigns() -> [RTLDesign] {
    var designs: [RTLDesign] = []
    var i = 0
    for k in [2, 6, 8, 16] {
      for saturate in [false, true] {
        let arch = GRAUArchitecture(
          inputBits: [8, 12, 16, 32][i % 4], segments: k, preShift: [6, 0, 3][i % 3], stages: [16, 1, 3, 7, 24][i % 5],
          saturate: saturate, comparator: i % 2 == 0 ? .chain : .parallel, bypass: i % 3 != 2, shifter: .barrel)
        designs.append(
          RTLDesign(
            kind: .grau, grau: arch, maxOutputBits: i % 4 == 1 ? 9 : 8, lanes: 1 + (i / 2) % 2,
            channelCapacity: i % 3 == 0 ? 5 : 4, busBits: [32, 16, 8][(i / 3) % 3], moduleName: "grau_barrel_\(i)"))
        i += 1
      }
    }
    return designs
  }

  /// MT designs: every MT variant sized for 2, 4 and 8 bits, with 1 and 2 lanes, thresholds in RAM; then every
  /// variant with its thresholds in registers (`accelerator.mt.storage`), sized for 2 and 4 bits, with 1 to 3
  /// channels and 1 or 2 lanes.
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
    for kind in [UnitKind.mt, .mtSerial, .mtBinarySearch] {
      for maxBits in [2, 4] {
        designs.append(
          RTLDesign(
            kind: kind, grau: GRAUArchitecture(inputBits: [16, 12, 32][i % 3]), mtMaxBits: maxBits, maxOutputBits: 8,
            lanes: 1 + i % 2, channelCapacity: 1 + i % 3, busBits: [32, 8][i % 2], mtStorage: .registers,
            moduleName: "\(kind.rawValue)_regs_\(i)"))
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

  /// The GRAU spread (seed 11) and the MT spread (seed 12): the same benches for both simulators.
  static func grauBenches() throws -> [RTLTestbench] { try benches(grauDesigns(), seed: 11) }
  static func mtBenches() throws -> [RTLTestbench] { try benches(mtDesigns(), seed: 12) }

  /// A few extra designs for Verilator beyond the spread (other widths, N_max = 5, a 6-bit output port).
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
      RTLDesign(
        kind: .mtSerial, grau: GRAUArchitecture(inputBits: 16), mtMaxBits: 8, lanes: 2, channelCapacity: 2,
        mtStorage: .registers, moduleName: "v_mt_serial_regs"),
    ]
  }

  /// Every bench of the spread by module name: the Icarus spread (GRAU and MT) plus the extra Verilator designs.
  static let spread: [String: RTLTestbench] = {
    do {
      let all =
        try grauBenches() + mtBenches() + benches(verilatorDesigns(), seed: 13) + benches(barrelDesigns(), seed: 14)
      return Dictionary(uniqueKeysWithValues: all.map { ($0.design.moduleName, $0) })
    } catch {
      fatalError("the co-simulation spread is invalid: \(error)")
    }
  }()

  static let icarusNames = (grauDesigns() + mtDesigns() + barrelDesigns()).map(\.moduleName)
  static let verilatorNames = icarusNames + verilatorDesigns().map(\.moduleName)

  /// Each design alone under Icarus Verilog: its outputs and leave edges against the references and
  /// `ScheduleReference`, and directly against the event-driven model (`CosimModel`: same elements, leave edges and
  /// total cycles). One test per design, so a failure names it and the designs run in parallel.
  @Test(arguments: icarusNames)
  func icarusMatchesReferencesAndModel(design: String) throws {
    let bench = try #require(Self.spread[design])
    let problems = try CosimRunner.icarus([bench], name: design)
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }

  /// Each design alone under Verilator: linted with `-Wall`, built with `verilator --binary`, run and compared as
  /// under Icarus.
  @Test(arguments: verilatorNames)
  func verilatorMatchesReferencesAndModel(design: String) throws {
    let bench = try #require(Self.spread[design])
    let problems = try CosimRunner.verilator([bench], name: design)
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
