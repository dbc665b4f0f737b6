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

  /// One design of the design-space grid and whether the fit may see it.
  package struct GridPoint: Sendable, Hashable {
    package var design: UnitDesign
    /// Held out: never used to fit the coefficients, only to measure the model's error.
    package var heldOut: Bool
  }

  /// The channel capacities of the grid (memory depths: one word, LUTRAM depths, block RAM depths).
  static let gridChannels = [1, 2, 16, 64, 256, 512, 1024, 4096]

  /// The design-space grid (docs/resources.md, "The design-space grid"): for every variant (GRAU pipelined with
  /// either shifter, serialized GRAU, the three MT variants with thresholds in memories, serialized and
  /// binary-search MT with thresholds in registers) and every capacity of ``gridChannels``, `perCell` designs drawn
  /// at random from W ∈ {8, 16, 32}, L ∈ {1, 4, 16}, n ∈ 1 … 8, K ∈ 2 … 16, PoT / APoT, saturating or not, chain
  /// or parallel comparators; the last draw of a cell is held out, the others are fitted. Each cell has its own
  /// seeded generator, and a draw too large for yosys to synthesize within minutes (``gridSize(_:)`` above
  /// `maxSize`) is redrawn, so the grid depends on nothing but this function.
  package static func grid(perCell: Int = 2, maxSize: Int = 16_000) -> [GridPoint] {
    enum Variant: CaseIterable { case grauChain, grauBarrel, grauSerial, mt, mtSerial, mtBS, mtSerialRegs, mtBSRegs }
    var out: [GridPoint] = []
    var seen = Set(designs())
    for (v, variant) in Variant.allCases.enumerated() {
      for (c, channels) in gridChannels.enumerated() {
        var state = 0x6772_6175_7369_6d31 ^ UInt64(v * 64 + c) &* 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
          // SplitMix64.
          state &+= 0x9E37_79B9_7F4A_7C15
          var z = state
          z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
          z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
          return z ^ (z >> 31)
        }
        func pick<T>(_ values: [T]) -> T { values[Int(next() % UInt64(values.count))] }
        var drawn = 0
        var tries = 0
        while drawn < perCell && tries < 64 {
          tries += 1
          let w = pick([8, 16, 32])
          let lanes = pick([1, 4, 16])
          let n = 1 + Int(next() % 8)
          let d: UnitDesign
          switch variant {
          case .grauChain, .grauBarrel, .grauSerial:
            let barrel = variant == .grauBarrel
            let slope: SlopeMode = barrel ? .pot : pick(SlopeMode.allCases)
            let g = GRAUArchitecture(
              inputBits: w, segments: 2 + Int(next() % 15), slopeMode: slope, saturate: pick([false, true]),
              comparator: variant == .grauSerial ? .chain : pick([.chain, .chain, .parallel]),
              shifter: barrel ? .barrel : .chain)
            d = UnitDesign(
              kind: variant == .grauSerial ? .grauSerial : .grau, grau: g, mtMaxBits: 1, maxOutputBits: n,
              lanes: lanes, channelCapacity: channels)
          case .mt, .mtSerial, .mtBS, .mtSerialRegs, .mtBSRegs:
            let kind: UnitKind =
              switch variant {
              case .mt: .mt
              case .mtSerial, .mtSerialRegs: .mtSerial
              default: .mtBinarySearch
              }
            let registers = variant == .mtSerialRegs || variant == .mtBSRegs
            d = UnitDesign(
              kind: kind, grau: GRAUArchitecture(inputBits: w), mtMaxBits: n, maxOutputBits: n, lanes: lanes,
              channelCapacity: channels, mtStorage: registers ? .registers : .ram)
          }
          guard gridSize(d) <= maxSize, !seen.contains(d) else { continue }
          seen.insert(d)
          drawn += 1
          out.append(GridPoint(design: d, heldOut: drawn == perCell))
        }
      }
    }
    for d in supplement where !seen.contains(d) { out.append(GridPoint(design: d, heldOut: false)) }
    for d in heldOutSupplement where !seen.contains(d) { out.append(GridPoint(design: d, heldOut: true)) }
    return out
  }

  /// Held-out designs the draw cannot produce: 3072 channels (a transformer's hidden width), where every
  /// threshold memory of binary-search MT is block RAM in three RAMB18 banks, and its bank mux meets the
  /// comparator. Never fitted; they only measure the model there (and set that cell's warning).
  static let heldOutSupplement = [
    binarySearch(inputBits: 16, bits: 3, lanes: 1, channels: 3072),
    binarySearch(inputBits: 16, bits: 4, lanes: 2, channels: 3072),
  ]

  /// Fitted designs the random draw left out although a coefficient depends on them: no training draw of
  /// binary-search MT has a threshold memory in banked distributed RAM, so its `bankMux` had nothing to fit (it
  /// stayed 0, and yosys found a 128-channel, 8-bit unit of yolo-tiny's kind twice the estimate). Appended to the
  /// grid's training rows, after the draws (which they do not change).
  static let supplement = [
    binarySearch(inputBits: 16, bits: 8, lanes: 1, channels: 128),
    binarySearch(inputBits: 8, bits: 3, lanes: 4, channels: 256),
    binarySearch(inputBits: 32, bits: 4, lanes: 1, channels: 64),
  ]

  /// Binary-search MT for `bits`-bit layers, thresholds in RAM.
  private static func binarySearch(inputBits: Int, bits: Int, lanes: Int, channels: Int) -> UnitDesign {
    UnitDesign(
      kind: .mtBinarySearch, grau: GRAUArchitecture(inputBits: inputBits), mtMaxBits: bits, maxOutputBits: bits,
      lanes: lanes, channelCapacity: channels)
  }

  /// A rough size of `d` in cells for the grid's draws, independent of the resource model (so that refitting the
  /// model does not change the grid): per lane the datapath's stages times their width, plus threshold registers.
  static func gridSize(_ d: UnitDesign) -> Int {
    let w = d.inputBits
    let g = d.grau
    let m = 1 << d.mtMaxBits
    let lane: Int
    switch d.kind {
    case .grau: lane = (g.segments + g.stages) * (w + g.preShift + 2)
    case .grauSerial: lane = (g.segments + 4) * (w + g.preShift + 2)
    case .mt: lane = 2 * m * (w + d.mtMaxBits + 2)
    case .mtBinarySearch: lane = m * (w + 1) / 2 + d.mtMaxBits * (2 * w + 16)
    case .mtSerial: lane = 4 * (w + d.mtMaxBits)
    }
    let registers = d.mtStorage == .registers && !d.kind.isGRAU ? d.channelCapacity * m * (w + 1) : 0
    return d.lanes * lane + registers
  }

  /// yosys 0.23's counts for ``shifterDesigns()`` (docs/resources.md, "Shifter"; `grausim-bench calibrate
  /// --shifters`): (n, K, chain LUT, chain FF, barrel LUT, barrel FF) at W = 16, P = 6, R = 16, PoT, one lane.
  package static let shifterYosys: [(n: Int, k: Int, chainLUT: Int, chainFF: Int, barrelLUT: Int, barrelFF: Int)] = [
    (4, 2, 268, 281, 144, 149), (4, 6, 375, 396, 240, 264), (4, 8, 437, 454, 286, 322), (4, 16, 697, 698, 534, 566),
    (8, 2, 413, 358, 240, 176), (8, 6, 515, 473, 328, 291), (8, 8, 583, 531, 390, 349), (8, 16, 844, 775, 641, 593),
  ]

  /// The shifter design of ``shifterDesigns()`` at `n`, `k`.
  package static func shifterDesign(n: Int, k: Int, shifter: ShifterStyle) -> UnitDesign {
    UnitDesign(
      kind: .grau, grau: GRAUArchitecture(inputBits: 16, segments: k, shifter: shifter), mtMaxBits: 1,
      maxOutputBits: n)
  }

  /// The chain-versus-barrel comparison (docs/resources.md, "Shifter"): the pipelined unit at W = 16, P = 6,
  /// R = 16, PoT, one lane, 16 channels, K = 2, 6, 8, 16 and n = 4, 8, each with both shifters. Not part of the
  /// fitted sweep (`grausim-bench calibrate --shifters`).
  package static func shifterDesigns() -> [UnitDesign] {
    var out: [UnitDesign] = []
    for n in [4, 8] {
      for k in [2, 6, 8, 16] {
        for shifter in ShifterStyle.allCases { out.append(shifterDesign(n: n, k: k, shifter: shifter)) }
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

  /// The design an identifier of ``CalibrationSweep/identifier(_:)`` names, nil if it is not one.
  package static func design(identifier id: String) -> UnitDesign? {
    var parts = id.split(separator: "_").map(String.init)
    var kindName = parts.removeFirst()
    while UnitKind(rawValue: kindName) == nil || (parts.first.map { !$0.hasPrefix("w") } ?? true) {
      guard !parts.isEmpty else { return nil }
      kindName += "_" + parts.removeFirst()
    }
    guard let kind = UnitKind(rawValue: kindName) else { return nil }
    func number(_ prefix: String) -> Int? {
      guard let p = parts.first, p.hasPrefix(prefix), let v = Int(p.dropFirst(prefix.count)) else { return nil }
      parts.removeFirst()
      return v
    }
    guard let w = number("w"), let n = number("n") else { return nil }
    if kind.isGRAU {
      guard let k = number("k"), let p = number("p"), let r = number("r"), parts.count >= 4,
        let slope = SlopeMode(rawValue: parts[0])
      else { return nil }
      let saturate = parts[1] == "sat"
      let comparator: ComparatorStyle = parts[2] == "chain" ? .chain : .parallel
      let bypass = parts[3] == "byp"
      parts.removeFirst(4)
      var shifter = ShifterStyle.chain
      if parts.first == "barrel" {
        shifter = .barrel
        parts.removeFirst()
      }
      guard let l = number("l"), let c = number("c"), let b = number("b") else { return nil }
      let g = GRAUArchitecture(
        inputBits: w, segments: k, preShift: p, stages: r, slopeMode: slope, saturate: saturate, comparator: comparator,
        bypass: bypass, shifter: shifter)
      return UnitDesign(kind: kind, grau: g, mtMaxBits: 1, maxOutputBits: n, lanes: l, channelCapacity: c, busBits: b)
    }
    guard let m = number("m") else { return nil }
    var storage = MTStorage.ram
    if parts.first == "regs" {
      storage = .registers
      parts.removeFirst()
    }
    guard let l = number("l"), let c = number("c"), let b = number("b") else { return nil }
    return UnitDesign(
      kind: kind, grau: GRAUArchitecture(inputBits: w), mtMaxBits: m, maxOutputBits: n, lanes: l, channelCapacity: c,
      busBits: b, mtStorage: storage)
  }
}
