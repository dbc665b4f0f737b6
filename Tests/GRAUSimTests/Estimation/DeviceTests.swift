import Foundation
import Testing

@testable import GRAUSim

/// The FPGA devices a run's estimates are compared with, and the resource model's calibrated region.
@Suite struct DeviceTests {
  static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("data/devices.json").path

  /// The compiled-in table is the shipped file's, part for part and figure for figure.
  @Test func builtInDevicesEqualTheShippedFile() throws {
    #expect(try FPGADevice.load(path: Self.shipped) == FPGADevice.builtIn)
    #expect(FPGADevice.builtIn.map(\.name) == ["xczu3eg", "xczu7ev", "xc7z020", "xc7a100t"])
  }

  @Test func namesAreCaseInsensitive() {
    #expect(FPGADevice.named("XCZU3EG")?.lut == 70_560)
    #expect(FPGADevice.named("xc7A100t")?.bram36 == 135)
    #expect(FPGADevice.named("xczu3e") == nil)
  }

  static func entry(_ replace: String = "", with: String = "") -> String {
    let e = #"""
      {"devices": [{"name": "p", "family": "f", "lut": 100, "ff": 200, "lutram": 40, "bram36": 4, "dsp": 1,
                    "sources": {"lut": "a", "ff": "a", "lutram": "a", "bram36": "a", "dsp": "a"}}]}
      """#
    return replace.isEmpty ? e : e.replacingOccurrences(of: replace, with: with)
  }

  /// A malformed table is an error that names the file and what is wrong, never a crash or a silent default.
  @Test func malformedTablesAreClearErrors() throws {
    #expect(try FPGADevice.parse(Array(Self.entry().utf8), file: "d.json").first?.lutram == 40)
    let cases: [(String, String)] = [
      ("{", "d.json"),
      (#"{"devices": []}"#, "at least one device"),
      (#"{"parts": []}"#, "unknown key 'parts'"),
      (Self.entry(#""lut": 100, "#, with: ""), "devices[0].lut: missing required key"),
      (Self.entry(#""ff": 200"#, with: #""ff": 0"#), "devices[0].ff"),
      (Self.entry(#""ff": 200"#, with: #""ff": 2.5"#), "an integer"),
      (Self.entry(#""lutram": 40"#, with: #""lutram": 400"#), "at most lut"),
      (Self.entry(#""name": "p""#, with: #""name": "P""#), "lower-case"),
      (Self.entry(#""dsp": "a""#, with: #""dsp": """#), "non-empty source"),
      (Self.entry(#", "dsp": "a""#, with: ""), "sources.dsp: missing required key"),
      (Self.entry(#""dsp": 1,"#, with: #""dsp": 1, "uram": 2,"#), "unknown key 'uram'"),
    ]
    for (json, fragment) in cases {
      do {
        _ = try FPGADevice.parse(Array(json.utf8), file: "d.json")
        Issue.record("accepted \(json)")
      } catch {
        #expect(error.description.hasPrefix("d.json: "), "\(error)")
        #expect(error.description.contains(fragment), "\(error) lacks '\(fragment)'")
      }
    }
    let twice =
      #"{"devices": [\#(Self.entry().dropFirst(13).dropLast(2)), \#(Self.entry().dropFirst(13).dropLast(2))]}"#
    #expect(throws: DeviceTableError.self) { try FPGADevice.parse(Array(twice.utf8), file: "d.json") }
    let missing = "/nonexistent/devices.json"
    #expect(throws: DeviceTableError(file: missing, message: "cannot read the file: no such file")) {
      try FPGADevice.load(path: missing)
    }
  }

  /// Utilization counts logic and memory LUTs against the device's LUTs, memory LUTs against its SLICEM LUTs, and
  /// a unit fits only when nothing is over capacity.
  @Test func utilizationIsThePercentOfEachCapacity() throws {
    let d = try #require(FPGADevice.named("xczu3eg"))
    let small = DeviceUtilization(device: d, used: ResourceCounts(lut: 7056, ff: 14112, lutram: 2880, bram36: 21.6))
    #expect(small.percents == [14.08, 10, 10, 10])
    #expect(small.fits && small.over.isEmpty)
    let big = DeviceUtilization(device: d, used: ResourceCounts(lut: 50_000, ff: 10, lutram: 30_000, bram36: 2040))
    #expect(big.over == ["LUT+LUTRAM", "LUTRAM", "BRAM36"] && big.overKeys == ["lut", "lutram", "bram36"])
    #expect(!big.fits)
  }

  /// The region is the box of the fitted designs (the sweep and the grid's training draws): no fitted design is
  /// outside it, and a design past an edge names the parameter, its value and the bound.
  @Test func theCalibratedRegionIsTheFittedDesignsBox() {
    for d in CalibrationSweep.designs() { #expect(CalibratedRegion.excursions(d).isEmpty, "\(d)") }
    for p in CalibrationSweep.grid() where !p.heldOut {
      #expect(CalibratedRegion.excursions(p.design).isEmpty, "\(p.design)")
    }
    for kind in UnitKind.allCases {
      #expect(CalibratedRegion.range("in_bits", kind: kind) == 8...32)
      #expect(CalibratedRegion.range("out_bits", kind: kind) == 1...8)
      #expect(CalibratedRegion.range("lanes", kind: kind) == 1...16)
      #expect(CalibratedRegion.range("channels", kind: kind) == 1...4096)
      #expect(CalibratedRegion.range("param_bus_bits", kind: kind) == 16...32)
      #expect(CalibratedRegion.range("segments", kind: kind) == (kind.isGRAU ? 2...16 : nil))
      #expect(CalibratedRegion.range("max_bits", kind: kind) == (kind.isGRAU ? nil : 1...8))
    }
    #expect(CalibratedRegion.range("stages", kind: .grau) == 8...16)
    #expect(CalibratedRegion.range("pre_shift", kind: .grau) == 0...6)
    let yolo = UnitDesign(kind: .mt, mtMaxBits: 8, maxOutputBits: 8, lanes: 32, channelCapacity: 8192)
    #expect(CalibratedRegion.excursions(yolo).map(\.description) == ["lanes 32 > 16", "channels 8192 > 4096"])
    let narrow = UnitDesign(
      kind: .grau, grau: GRAUArchitecture(inputBits: 6, segments: 32), lanes: 2, channelCapacity: 3)
    #expect(
      CalibratedRegion.excursions(narrow).map(\.description) == [
        "in_bits 6 < 8", "segments 32 > 16",
      ])
    // An interior point (as ResourceSynthesisTests synthesizes) is inside.
    let interior = UnitDesign(
      kind: .grau, grau: GRAUArchitecture(inputBits: 20, segments: 5, preShift: 4, stages: 10), lanes: 2,
      channelCapacity: 8)
    #expect(CalibratedRegion.excursions(interior).isEmpty)
  }
}
