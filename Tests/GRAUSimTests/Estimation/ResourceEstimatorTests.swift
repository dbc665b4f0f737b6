import Foundation
import Testing

@testable import GRAUSim

/// Pure properties of the resource model (no tools needed).
@Suite struct ResourceEstimatorTests {
  static func grau(
    _ kind: UnitKind = .grau, w: Int = 16, k: Int = 6, r: Int = 16, slope: SlopeMode = .pot, sat: Bool = false,
    cmp: ComparatorStyle = .chain, n: Int = 8, lanes: Int = 1, cap: Int = 16
  ) -> UnitDesign {
    UnitDesign(
      kind: kind,
      grau: GRAUArchitecture(inputBits: w, segments: k, stages: r, slopeMode: slope, saturate: sat, comparator: cmp),
      maxOutputBits: n, lanes: lanes, channelCapacity: cap, busBits: 32)
  }

  static func mt(_ kind: UnitKind, n: Int, w: Int = 16, lanes: Int = 1) -> UnitDesign {
    UnitDesign(
      kind: kind, grau: GRAUArchitecture(inputBits: w), mtMaxBits: n, maxOutputBits: n, lanes: lanes,
      channelCapacity: 16, busBits: 32)
  }

  static var allDesigns: [UnitDesign] {
    CalibrationSweep.designs().filter { $0.kind != .mt || $0.mtMaxBits < 8 }
  }

  @Test(arguments: [UnitKind.grau, .grauSerial], SlopeMode.allCases)
  func grauGrowsWithSegments(kind: UnitKind, slope: SlopeMode) {
    var last = ResourceCounts()
    for k in [2, 4, 6, 8, 12, 16] {
      let e = ResourceEstimator.estimate(Self.grau(kind, k: k, slope: slope)).total
      #expect(e.lut > last.lut, "K=\(k): LUT \(e.lut) not above \(last.lut)")
      #expect(e.lutram > last.lutram, "K=\(k): LUTRAM \(e.lutram) not above \(last.lutram)")
      if kind == .grau { #expect(e.ff > last.ff, "K=\(k): FF \(e.ff) not above \(last.ff)") }
      last = e
    }
  }

  @Test(arguments: UnitKind.allCases)
  func growsWithInputWidthAndLanes(kind: UnitKind) {
    let make = { (w: Int, l: Int) in
      kind.isGRAU ? Self.grau(kind, w: w, sat: true, lanes: l) : Self.mt(kind, n: 4, w: w, lanes: l)
    }
    let base = ResourceEstimator.estimate(make(16, 1)).total
    for (w, l) in [(24, 1), (32, 1), (16, 2), (16, 4)] {
      let e = ResourceEstimator.estimate(make(w, l)).total
      #expect(e.lut > base.lut && e.ff > base.ff && e.lutram >= base.lutram, "\(kind) W=\(w) L=\(l): \(e) vs \(base)")
    }
  }

  @Test(arguments: [UnitKind.grau, .grauSerial])
  func growsWithShifterStages(kind: UnitKind) {
    var last = 0.0
    for r in [4, 8, 16, 24] {
      let e = ResourceEstimator.estimate(Self.grau(kind, r: r, sat: true)).total
      #expect(e.lut > last, "R=\(r): LUT \(e.lut) not above \(last)")
      last = e.lut
    }
  }

  @Test func pipelinedMTEightBitsExceedsFourBits() {
    let four = ResourceEstimator.estimate(Self.mt(.mt, n: 4)).total
    let eight = ResourceEstimator.estimate(Self.mt(.mt, n: 8)).total
    #expect(eight.lut > 10 * four.lut)
    #expect(eight.ff > 10 * four.ff)
    #expect(eight.lutram > 10 * four.lutram)
  }

  /// The per-stage breakdown names the stages of docs/datapath.md in datapath order, then the parameter memories
  /// and the configuration logic.
  @Test func stagesAreListedInDatapathOrder() {
    for d in Self.allDesigns {
      let names = ResourceEstimator.estimate(d).stages.map(\.name)
      #expect(names.last == "config" && names.dropLast().last == "params")
      switch d.kind {
      case .grau:
        #expect(names.first == "pre")
        let shifts = names.filter { $0.hasPrefix("shift") }
        #expect(shifts == (1...d.grau.stages).map { "shift\($0)" })
        #expect(names.firstIndex(of: "sign")! < names.firstIndex(of: "bias")!)
      case .mt: #expect(names.prefix(d.thresholdCount) == ArraySlice((1...d.thresholdCount).map { "stage\($0)" }))
      case .mtBinarySearch:
        #expect(names.prefix(d.mtMaxBits + 2) == ArraySlice(["in"] + (1...d.mtMaxBits).map { "bs\($0)" } + ["out"]))
      default: break
      }
    }
  }

  /// Lanes share the configuration logic and the control register: a second lane costs more than nothing and less
  /// than a second unit.
  @Test(arguments: UnitKind.allCases)
  func aSecondLaneCostsLessThanASecondUnit(kind: UnitKind) {
    let make = { (l: Int) in kind.isGRAU ? Self.grau(kind, lanes: l) : Self.mt(kind, n: 4, lanes: l) }
    let one = ResourceEstimator.estimate(make(1)).total
    let two = ResourceEstimator.estimate(make(2)).total
    #expect(two.lut > one.lut && two.lut < 2 * one.lut, "\(kind): LUT \(two.lut) for 2 lanes, \(one.lut) for 1")
    #expect(two.ff > one.ff && two.ff < 2 * one.ff, "\(kind): FF \(two.ff) for 2 lanes, \(one.ff) for 1")
  }

  /// FINN's cross-check: (2^n − 1) · acc_bits LUTs of comparators per lane for thresholds. The pipelined MT's
  /// comparator LUTs are within a factor of two of it.
  @Test(arguments: [1, 2, 4])
  func pipelinedMTComparatorsMatchFINN(n: Int) {
    let d = Self.mt(.mt, n: n)
    let e = ResourceEstimator.estimate(d)
    let c = ResourceCoefficients.default[.mt]
    let comparatorLUTs = e.stages.reduce(0) { $0 + $1.terms.comparatorBits } * c.comparatorBit
    let finn = Double(((1 << n) - 1) * d.inputBits)
    #expect(comparatorLUTs > 0.5 * finn && comparatorLUTs < 2 * finn, "n=\(n): \(comparatorLUTs) vs FINN \(finn)")
  }

  /// One memory of one lane (registered read address unless said otherwise).
  static func memory(_ bits: Int, depth: Int, live: Int? = nil, registered: Bool = true) -> (CostTerms, CostTerms) {
    var t = CostTerms()
    var shared = CostTerms()
    t.memory(bits: bits, live: live ?? bits, depth: depth, registeredAddress: registered, shared: &shared)
    return (t, shared)
  }

  @Test func memoryMapsByDepth() {
    #expect(Self.memory(17, depth: 16).0.memoryLUTs == 16)  // two RAM32M16
    #expect(Self.memory(17, depth: 64).0.memoryLUTs == 24)  // three RAM64M8
    let block = Self.memory(36, depth: 512).0
    #expect(block.memoryLUTs == 0 && block.bram36 == 0.5)
    let small = ResourceEstimator.estimate(Self.grau(cap: 4)).total.lutram
    let large = ResourceEstimator.estimate(Self.grau(cap: 32)).total.lutram
    let deeper = ResourceEstimator.estimate(Self.grau(cap: 64)).total.lutram
    #expect(small == large && deeper > large)
  }

  /// The choices yosys 0.23's `memory_libmap` made on grausim's RTL (its debug log, docs/resources.md rule 4).
  @Test func memoryMappingFollowsLibmapPrices() {
    // Two words of 9 bits: flip-flops with a registered address (price 18 against 18.3), distributed RAM without.
    #expect(MemoryMapping.of(bits: 9, depth: 2, registeredAddress: true) == .registers)
    #expect(MemoryMapping.of(bits: 9, depth: 2, registeredAddress: false) == .lutram(banks: 1, cells: 1))
    #expect(MemoryMapping.of(bits: 9, depth: 1, registeredAddress: false) == .registers)
    // 128 words: 17 bits stay in two banks of RAM64M8, 33 bits go to one RAMB18.
    #expect(MemoryMapping.of(bits: 17, depth: 128, registeredAddress: true) == .lutram(banks: 2, cells: 6))
    #expect(MemoryMapping.of(bits: 33, depth: 128, registeredAddress: true) == .blockRAM(ramb18: 1, banks: 1))
    // 512 words of 9 bits: block RAM when the address is registered, else eight banks of two RAM64M8.
    #expect(MemoryMapping.of(bits: 9, depth: 512, registeredAddress: true) == .blockRAM(ramb18: 1, banks: 1))
    #expect(MemoryMapping.of(bits: 9, depth: 512, registeredAddress: false) == .lutram(banks: 8, cells: 16))
    // 4096 × 9 is one RAMB36 (4K × 9), not three RAMB18 (4K × 4).
    #expect(MemoryMapping.of(bits: 9, depth: 4096, registeredAddress: true) == .blockRAM(ramb18: 2, banks: 1))
    // The declared width decides, the live bits count: a 23-bit bias register of which 1 bit is read.
    #expect(MemoryMapping.of(bits: 23, live: 1, depth: 256, registeredAddress: true) == .blockRAM(ramb18: 1, banks: 1))
    #expect(MemoryMapping.of(bits: 23, live: 1, depth: 16, registeredAddress: true) == .lutram(banks: 1, cells: 1))
    // 39 bits at 256 words: one RAMB36 in 512 × 72 (the same units as two RAMB18, fewer primitives), kept whole for
    // 5 live bits (yosys on grau_serial W = 32's bias memories); 72 bits in 1K words: two RAMB36 in 1K × 36.
    #expect(MemoryMapping.of(bits: 39, live: 5, depth: 256, registeredAddress: true) == .blockRAM(ramb18: 2, banks: 1))
    #expect(MemoryMapping.blockRAM(bits: 72, depth: 1024, live: 30) == (ramb18: 4, banks: 1, kept: 2))
    // Flip-flops are shared by the lanes; each lane keeps its read mux.
    let (lane, shared) = Self.memory(9, depth: 2)
    #expect(lane.registerBits == 0 && shared.registerBits == 18 && lane.muxInputs == 9)
    // Block RAM: a match flag per lane, its bits through the bypass select.
    let (bram, _) = Self.memory(9, depth: 512)
    #expect(bram.registerBits == 1 && bram.bypassBits == 9 && bram.bram36 == 0.5)
    // Banks: per bit a 4:1 tree over four banks plus a write enable per bank.
    #expect(Self.memory(9, depth: 256).0.bankMuxLUTs == 9 * 1 + 4)
  }

  @Test func delayLinesFollowShregmap() {
    var t = CostTerms()
    t.delayLine(length: 17, bits: 8)
    #expect(t.shiftRegisters == 8 && t.registerBits == 8)
    t = CostTerms()
    t.delayLine(length: 2)
    #expect(t.shiftRegisters == 0 && t.registerBits == 2)
    t = CostTerms()
    t.delayLine(length: 35)
    #expect(t.shiftRegisters == 3 && t.registerBits == 0)
  }

  @Test func yosysStatParsing() throws {
    let text = """
      === grau ===

         Number of cells:               20
           CARRY4                          3
           FDRE                           10
           FDSE                            1
           INV                             2
           LUT2                            4
           LUT6                            5
           MUXF7                           2
           RAM32M16                        2
           RAMB18E2                        1
           SRL16E                          3
      """
    let c = try SynthesisCounts.parse(yosysStat: text)
    #expect(c.lut == 11 && c.ff == 11 && c.lutram == 19 && c.srl == 3 && c.bram36 == 0.5)
    #expect(c.carry4 == 3 && c.muxf == 2)
    #expect(throws: ValueError.self) { try SynthesisCounts.parse(yosysStat: "nothing here") }
  }

  /// Mux trees: one LUT while mux, select and `x` fit in six inputs; 4:1 per LUT6 at the leaves; MUXF7/8/9
  /// join up to 32:1 for free; a LUT level above that; one LUT for gating and `x` when it does not fit.
  @Test(arguments: [(1, 3, 0), (2, 3, 1), (2, 4, 2), (6, 4, 3), (14, 5, 5), (32, 6, 9), (254, 9, 67)])
  func muxTreeLUTs(inputs: Int, selectBits: Int, expected: Int) {
    #expect(CostTerms.treeLUTs(inputs: inputs, selectBits: selectBits) == expected)
  }

  /// Serialized MT reads T_2 … T_M from one memory of D · 2^N words: distributed RAM up to 128 words, block RAM
  /// above (RAMB18 or RAMB36, whichever needs fewer RAMB36 units), so its LUTRAM stays at the one memory of T_1
  /// and its logic LUTs grow with W and N's counters only, not with M.
  @Test func mtSerialThresholdsLiveInOneAddressedMemory() {
    let t1 = Self.memory(17, depth: 16, registered: false).0.memoryLUTs
    for n in 2...8 {
      let e = ResourceEstimator.estimate(Self.mt(.mtSerial, n: n)).total
      let depth = 16 << n
      if depth <= 128 {
        #expect(e.bram36 == 0 && e.lutram > t1, "n = \(n): \(e.lutram) LUTRAM, \(e.bram36) BRAM")
      } else {
        #expect(e.bram36 > 0 && e.lutram == t1, "n = \(n): \(e.lutram) LUTRAM, \(e.bram36) BRAM")
      }
    }
    let four = ResourceEstimator.estimate(Self.mt(.mtSerial, n: 4)).total.lut
    let eight = ResourceEstimator.estimate(Self.mt(.mtSerial, n: 8)).total.lut
    #expect(eight < 2 * four, "n = 8: \(eight) LUT vs n = 4: \(four)")
    // 4096 × 17 bits: RAMB18 would need 5 (4K × 4), RAMB36 2 (4K × 9); 256 × 17 fits one RAMB18.
    var deep = CostTerms()
    deep.registeredReadMemory(bits: 17, depth: 4096)
    var mid = CostTerms()
    mid.registeredReadMemory(bits: 17, depth: 256)
    #expect(deep.bram36 == 2 && mid.bram36 == 0.5)
  }

  /// The threshold select of binary-search MT grows with the thresholds it selects from, the select logic is per
  /// lane, and the idx control once per design.
  @Test(arguments: [UnitKind.mtBinarySearch])
  func mtSelectGrowsWithThresholds(kind: UnitKind) {
    var last = -1.0
    for n in 1...8 {
      let t = ResourceEstimator.terms(Self.mt(kind, n: n)).reduce(0) { $0 + $1.1.muxTreeLUTs }
      #expect(t > last || (n == 1 && t == 0), "n = \(n): \(t) mux-tree LUTs after \(last)")
      last = t
    }
    let one = ResourceEstimator.estimate(Self.mt(kind, n: 4)).total.lut
    let four = ResourceEstimator.estimate(Self.mt(kind, n: 4, lanes: 4)).total.lut
    #expect(four > 3 * one && four < 4 * one, "4 lanes \(four) vs 1 lane \(one)")
  }
}
