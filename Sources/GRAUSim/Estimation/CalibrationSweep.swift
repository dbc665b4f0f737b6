/// The designs the resource model is calibrated on against `yosys synth_xilinx` (docs/resources.md).
///
/// Not a full cross product: each variant gets a base design and one-dimension sweeps around it (every value
/// of W, n, K, slope mode, saturation, comparator style, lanes and channel capacity), plus the interactions that
/// matter (K × slope mode, W × slope × saturation, lanes × K, n × W for MT), and N = 3 for MT (a precision between
/// the powers of two). Pipelined and binary-search MT at n = 8 take minutes each in yosys and appear once.
package enum CalibrationSweep {
  /// The sweep, in a fixed order, without duplicates.
  package static func designs() -> [UnitDesign] {
    var out: [UnitDesign] = []
    func add(_ d: UnitDesign) { if !out.contains(d) { out.append(d) } }
    func grau(
      _ kind: UnitKind, w: Int = 16, k: Int = 6, r: Int = 16, p: Int = 6, slope: SlopeMode = .pot,
      sat: Bool = false, cmp: ComparatorStyle = .chain, bypass: Bool = true, n: Int = 8, lanes: Int = 1,
      cap: Int = 16, bus: Int = 32
    ) -> UnitDesign {
      let g = GRAUArchitecture(
        inputBits: w, segments: k, preShift: p, stages: r, slopeMode: slope, saturate: sat, comparator: cmp,
        bypass: bypass)
      return UnitDesign(
        kind: kind, grau: g, mtMaxBits: 1, maxOutputBits: n, lanes: lanes, channelCapacity: cap, busBits: bus)
    }
    for kind in [UnitKind.grau, .grauSerial] {
      for k in [2, 4, 6, 8, 12, 16] {
        for slope in SlopeMode.allCases { add(grau(kind, k: k, slope: slope)) }
      }
      for w in [16, 24, 32] {
        for slope in SlopeMode.allCases {
          for sat in [false, true] { add(grau(kind, w: w, slope: slope, sat: sat)) }
        }
      }
      for n in [1, 2, 4, 8] {
        for sat in [false, true] { add(grau(kind, sat: sat, n: n)) }
      }
      for k in [4, 8] {
        for slope in SlopeMode.allCases { add(grau(kind, k: k, slope: slope, lanes: 4)) }
      }
      add(grau(kind, cap: 4))
      add(grau(kind, k: 12, slope: .apot, cap: 4))
      add(grau(kind, w: 32, sat: true, cap: 4))
      add(grau(kind, r: 8))
      add(grau(kind, r: 8, slope: .apot, sat: true))
      add(grau(kind, p: 0))
      add(grau(kind, bypass: false))
      add(grau(kind, bus: 16))
      add(grau(kind, w: 24, k: 8, slope: .apot, sat: true, n: 4, lanes: 4, cap: 4))
    }
    for k in [4, 8, 16] {
      for slope in SlopeMode.allCases { add(grau(.grau, k: k, slope: slope, cmp: .parallel)) }
    }
    add(grau(.grau, w: 32, k: 8, cmp: .parallel, lanes: 4))

    func mt(_ kind: UnitKind, n: Int, w: Int = 16, lanes: Int = 1, cap: Int = 16, bus: Int = 32) -> UnitDesign {
      UnitDesign(
        kind: kind, grau: GRAUArchitecture(inputBits: w), mtMaxBits: n, maxOutputBits: n, lanes: lanes,
        channelCapacity: cap, busBits: bus)
    }
    for kind in [UnitKind.mt, .mtSerial, .mtBinarySearch] {
      let full = kind == .mtSerial ? [1, 2, 4, 8] : [1, 2, 4]
      for n in full {
        for w in [16, 24, 32] { add(mt(kind, n: n, w: w)) }
        add(mt(kind, n: n, lanes: 4))
        add(mt(kind, n: n, cap: 4))
      }
      add(mt(kind, n: 4, w: 32, lanes: 4, cap: 4))
      add(mt(kind, n: 2, w: 24, lanes: 4))
      add(mt(kind, n: 4, bus: 16))
      add(mt(kind, n: 3))
      add(mt(kind, n: 3, w: 24, lanes: 2, cap: 4))
      add(mt(kind, n: 8))
    }
    return out
  }

  /// The chain-versus-barrel comparison (docs/resources.md, "Shifter"): the pipelined unit at W = 16, P = 6,
  /// R = 16, PoT, one lane, 16 channels, K = 2, 6, 8, 16 and n = 4, 8, each with both shifters. Not part of the
  /// fitted sweep (`grausim-bench calibrate --shifters`).
  package static func shifterDesigns() -> [UnitDesign] {
    var out: [UnitDesign] = []
    for n in [4, 8] {
      for k in [2, 6, 8, 16] {
        for shifter in ShifterStyle.allCases {
          out.append(
            UnitDesign(
              kind: .grau, grau: GRAUArchitecture(inputBits: 16, segments: k, shifter: shifter), mtMaxBits: 1,
              maxOutputBits: n))
        }
      }
    }
    return out
  }

  /// A short, unique, file-name-safe identifier of a design's parameters.
  package static func identifier(_ d: UnitDesign) -> String {
    var s = "\(d.kind.rawValue)_w\(d.inputBits)_n\(d.maxOutputBits)"
    if d.kind.isGRAU {
      let g = d.grau
      s += "_k\(g.segments)_p\(g.preShift)_r\(g.stages)_\(g.slopeMode.rawValue)"
      s += g.saturate ? "_sat" : "_wrap"
      s += g.comparator == .chain ? "_chain" : "_par"
      s += g.bypass ? "_byp" : "_nobyp"
      if g.shifter == .barrel { s += "_barrel" }
    } else {
      s += "_m\(d.mtMaxBits)"
      if d.mtStorage == .registers { s += "_regs" }
    }
    s += "_l\(d.lanes)_c\(d.channelCapacity)_b\(d.busBits)"
    return s
  }
}
