import Foundation

/// Cell counts of one synthesized netlist, classified into the resource columns grausim estimates.
///
/// Parsed from the text of yosys' `stat` after `synth_xilinx -family xcup -flatten` (docs/resources.md):
/// - **LUT**: `LUT1` … `LUT6` plus `INV` (an inverter is a LUT1 on the fabric);
/// - **FF**: `FDRE`, `FDSE`, `FDCE`, `FDPE` (and the latch-free `FDRE_1`-style variants);
/// - **LUTRAM**: LUTs used as memory, counted in LUTs: distributed RAM (`RAM32M16` = 8, `RAM64M8` = 8,
///   `RAM32M` / `RAM64M` = 4, `RAM32X1D` / `RAM64X1D` = 2, `RAM128X1D` = 4, `RAM256X1D` = 8, `RAMnX1S` =
///   n / 64 rounded up) and shift registers (`SRL16E`, `SRLC32E` = 1 each), as Vivado's "LUT as Memory";
/// - **SRL**: the shift-register part of LUTRAM, also reported on its own;
/// - **BRAM**: in RAMB36 units (`RAMB18E*` = 0.5, `RAMB36E*` = 1);
/// - **CARRY**: `CARRY4` and `CARRY8` cells as counted (yosys 0.23 maps carry chains to `CARRY4` on every
///   family; a `CARRY8` covers two of them);
/// - **MUXF**: `MUXF7`, `MUXF8`, `MUXF9` (wide-function muxes inside a slice; not LUTs).
package struct SynthesisCounts: Sendable, Hashable {
  package var lut = 0
  package var ff = 0
  package var lutram = 0
  var srl = 0
  var bram36 = 0.0
  var carry4 = 0
  var carry8 = 0
  var muxf = 0
  /// Cells no column claims (buffers, constants): listed so that nothing is silently dropped.
  var other: [String: Int] = [:]

  init() {}

  /// LUT-equivalents of one distributed-RAM or shift-register cell, or nil when `cell` is not one.
  static func memoryLUTs(_ cell: String) -> Int? {
    switch cell {
    case "RAM32M16", "RAM64M8", "RAM256X1D": return 8
    case "RAM32M", "RAM64M", "RAM128X1D", "RAM256X1S": return 4
    case "RAM32X1D", "RAM64X1D", "RAM128X1S": return 2
    case "RAM32X1S", "RAM64X1S", "RAM16X1S", "RAM16X1D": return cell.hasSuffix("D") ? 2 : 1
    case "RAM512X1S": return 8
    default: return nil
    }
  }

  /// Parses the cell table of yosys' `stat` output (the last module printed wins, so a flattened top is read).
  ///
  /// - Throws: ``ValueError`` when the text holds no cell table.
  package static func parse(yosysStat text: String) throws(ValueError) -> SynthesisCounts {
    var result: SynthesisCounts?
    var current = SynthesisCounts()
    var inModule = false
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.hasPrefix("=== ") {
        if inModule { result = current }
        current = SynthesisCounts()
        inModule = true
        continue
      }
      guard inModule else { continue }
      let fields = line.split(separator: " ", omittingEmptySubsequences: true)
      guard fields.count == 2, let count = Int(fields[1]) else { continue }
      let cell = String(fields[0])
      guard let first = cell.unicodeScalars.first, first >= "A" && first <= "Z" else { continue }
      current.add(cell: cell, count: count)
    }
    if inModule { result = current }
    guard let counts = result else {
      throw ValueError(path: "yosys stat", expected: "a module cell table (=== name ===)", got: "no module")
    }
    return counts
  }

  mutating func add(cell: String, count: Int) {
    if cell.hasPrefix("LUT") && cell.count == 4 || cell == "INV" {
      lut += count
    } else if ["FDRE", "FDSE", "FDCE", "FDPE", "FDRE_1", "FDSE_1", "FDCE_1", "FDPE_1"].contains(cell) {
      ff += count
    } else if cell == "SRL16E" || cell == "SRLC32E" || cell == "SRLC16E" {
      srl += count
      lutram += count
    } else if let luts = Self.memoryLUTs(cell) {
      lutram += luts * count
    } else if cell.hasPrefix("RAMB18") {
      bram36 += 0.5 * Double(count)
    } else if cell.hasPrefix("RAMB36") {
      bram36 += Double(count)
    } else if cell == "CARRY4" {
      carry4 += count
    } else if cell == "CARRY8" {
      carry8 += count
    } else if cell.hasPrefix("MUXF") {
      muxf += count
    } else {
      other[cell, default: 0] += count
    }
  }
}
