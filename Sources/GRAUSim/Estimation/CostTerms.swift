/// The cost primitives a stage is made of. Register, shift-register and memory columns are exact structural
/// counts; the logic columns are weighted by ``ResourceCoefficients`` to give LUTs (docs/resources.md).
package struct CostTerms: Sendable, Hashable {
  /// Bits of magnitude comparators (`x >= t`: W + 1 bits each) and zero / range tests.
  var comparatorBits = 0.0
  /// Bits of adders, incrementers and negators (a carry chain each).
  var adderBits = 0.0
  /// Inputs of the `case`-selected muxes (segment mux, threshold select): an N:1 mux of b bits counts
  /// b · (N − 1). yosys builds them as a parallel mux (one-hot decode, AND-OR), not as a LUT6 tree.
  var muxInputs = 0.0
  /// Bits of 2:1 selects (`c ? a : b`): one LUT3 per bit at most.
  var selectBits = 0.0
  /// Bits of the barrel shifter's 2:1 selects between `v` and `v >> 2^(i−1)`: unlike the chain's one-bit shifts,
  /// the two inputs of a bit are far apart, so abc cannot merge a stage's selects with its neighbours'.
  var barrelSelectBits = 0.0
  /// Parameter memories (each needs a write-enable decode of field, part and valid).
  var memories = 0.0
  /// Output bits formatted by `fit_n` (wrap to the layer's n bits, then sign- or zero-extend).
  var outputBits = 0.0
  /// Width of the saturating clamp (two signed compares against qmin / qmax and a select).
  var clampBits = 0.0
  /// Fixed control: FSM, stall / enable fan-out, configuration decode (one unit per block).
  var control = 0.0
  /// LUT6 of threshold-select mux trees that feed a comparator (``muxTree(_:inputs:selectBits:)``): a `case`
  /// over the memories' read ports whose output is compared against `x` and nothing else.
  var muxTreeLUTs = 0.0
  /// LUTs counted structurally, without a coefficient: a threshold register file's write enables
  /// (``registerFile(bits:words:)``).
  package var structuralLUTs = 0.0
  /// LUT6 of the ideal mux trees of register-file read ports (``registerRead(bits:inputs:)``), weighted by
  /// ``ResourceCoefficients/registerRead``.
  package var registerReadLUTs = 0.0
  /// Flip-flops that survive synthesis.
  var registerBits = 0.0
  /// SRL16E shift registers (delay lines without reset, 3 … 16 deep each).
  var shiftRegisters = 0.0
  /// LUTs of distributed RAM for the parameter memories.
  var memoryLUTs = 0.0
  /// Block RAM in RAMB36 units.
  var bram36 = 0.0
  /// CARRY8 blocks: ⌈bits / 8⌉ per comparator or adder chain.
  var carry8 = 0.0
  /// LUT6 of the bank muxes of banked memories (per bit a ``muxLUTs(_:)`` tree over the banks) plus one
  /// write-enable LUT per bank.
  package var bankMuxLUTs = 0.0
  /// Block RAM read bypass: per memory its data bits (the select), per read address its bits (the match): the fabric
  /// logic that makes a block RAM's synchronous read see a write of the same edge, as the RTL's asynchronous read
  /// does.
  package var bypassBits = 0.0

  init() {}

  /// Every quantity multiplied by `k` (lanes).
  static func * (t: CostTerms, k: Double) -> CostTerms {
    var r = t
    r.comparatorBits *= k
    r.adderBits *= k
    r.muxInputs *= k
    r.selectBits *= k
    r.barrelSelectBits *= k
    r.memories *= k
    r.outputBits *= k
    r.clampBits *= k
    r.control *= k
    r.muxTreeLUTs *= k
    r.structuralLUTs *= k
    r.registerReadLUTs *= k
    r.registerBits *= k
    r.shiftRegisters *= k
    r.memoryLUTs *= k
    r.bram36 *= k
    r.carry8 *= k
    r.bankMuxLUTs *= k
    r.bypassBits *= k
    return r
  }

  // MARK: Primitives

  /// A `bits`-bit magnitude comparator (one carry chain).
  mutating func comparator(_ bits: Int) {
    guard bits > 0 else { return }
    comparatorBits += Double(bits)
    carry8 += Double((bits + 7) / 8)
  }

  /// A `bits`-bit adder, incrementer or negator (one carry chain).
  mutating func adder(_ bits: Int) {
    guard bits > 0 else { return }
    adderBits += Double(bits)
    carry8 += Double((bits + 7) / 8)
  }

  /// An `inputs`:1 `case`-selected mux of `bits` bits.
  mutating func mux(_ bits: Int, inputs: Int) {
    guard bits > 0, inputs > 1 else { return }
    muxInputs += Double(bits * (inputs - 1))
  }

  /// LUT6 of one binary-coded `inputs`:1 mux tree on a 6-input-LUT fabric whose output is combined with one
  /// more signal (the comparator's `x` bit), selected and gated by `selectBits` bits: one LUT when everything
  /// fits in 6 inputs, else a 4:1 mux per LUT6 at the leaves (MUXF7 / MUXF8 / MUXF9 join 8 leaves, a 32:1 mux,
  /// within a CLB at no LUT cost), LUT6 levels above 32:1, and one LUT that applies the gating and `x`.
  static func treeLUTs(inputs k: Int, selectBits s: Int) -> Int {
    guard k > 1 else { return 0 }
    if k + s + 1 <= 6 { return 1 }
    return muxLUTs(k) + 1
  }

  /// LUT6 of one `n`:1 mux on a 6-input-LUT fabric: a 4:1 mux per LUT6 at the leaves, MUXF7 / MUXF8 / MUXF9
  /// joining 8 leaves (a 32:1 mux) within a CLB at no LUT cost, LUT6 levels above 32:1.
  static func muxLUTs(_ n: Int) -> Int {
    guard n > 1 else { return 0 }
    let leaves = (n + 3) / 4
    return leaves <= 8 ? leaves : leaves + muxLUTs((leaves + 7) / 8)
  }

  /// A `bits`-bit `inputs`:1 threshold select (a `case` over parameter-memory read ports, `selectBits` bits of
  /// select and gating) feeding a comparator: abc maps select and compare together, per bit one mux tree
  /// (``treeLUTs(inputs:selectBits:)``); what it costs beyond that tree is the comparator's.
  mutating func muxTree(_ bits: Int, inputs: Int, selectBits: Int) {
    guard bits > 0, inputs > 1 else { return }
    muxTreeLUTs += Double(bits * Self.treeLUTs(inputs: inputs, selectBits: selectBits))
  }

  /// A register file of `words` words of `bits` bits written by the configuration port: one flip-flop per stored
  /// bit and one write-enable LUT per word (field and channel decode joined with the bus's valid and part).
  mutating func registerFile(bits: Int, words: Int) {
    guard bits > 0, words > 0 else { return }
    registerBits += Double(bits * words)
    structuralLUTs += Double(words)
  }

  /// A read port of a register file feeding a comparator: per bit the binary mux tree of
  /// ``treeLUTs(inputs:selectBits:)`` (4:1 leaves, MUXF7 / MUXF8 joining them, one LUT joining tree and `x`).
  mutating func registerRead(bits: Int, inputs: Int) {
    guard bits > 0, inputs > 1 else { return }
    registerReadLUTs += Double(bits * Self.treeLUTs(inputs: inputs, selectBits: bitsFor(inputs - 1)))
  }

  /// `copies` lower levels of register-file read trees, `inputs`:1 each, that select by a signal every lane
  /// shares (serialized MT's `idx`): the leaves' 4:1 muxes and the levels above them, without the joining LUT.
  mutating func registerReadLevels(bits: Int, inputs: Int, copies: Int) {
    guard bits > 0, inputs > 1, copies > 0 else { return }
    let treeLUTs = Self.treeLUTs(inputs: inputs, selectBits: bitsFor(inputs - 1))
    registerReadLUTs += Double(bits * copies * (treeLUTs > 1 ? treeLUTs - 1 : treeLUTs))
  }

  /// A 2:1 select of `bits` bits.
  mutating func select(_ bits: Int) { selectBits += Double(Swift.max(0, bits)) }

  /// A barrel stage's 2:1 select of `bits` bits (``barrelSelectBits``).
  mutating func barrelSelect(_ bits: Int) { barrelSelectBits += Double(Swift.max(0, bits)) }

  /// `bits` flip-flops.
  mutating func register(_ bits: Int) { registerBits += Double(Swift.max(0, bits)) }

  /// `bits` parallel delay lines of `length` registers with no reset and no tap but the last: yosys
  /// (`shregmap -minlen 3`) puts each full 16 registers in an SRL16E, a remainder of 3 or more in one more
  /// SRL16E, and keeps a remainder of 1 or 2 as flip-flops.
  mutating func delayLine(length: Int, bits: Int = 1) {
    guard length > 0, bits > 0 else { return }
    let rest = length % 16
    shiftRegisters += Double(bits * (length / 16 + (rest >= 3 ? 1 : 0)))
    registerBits += Double(bits * (rest >= 3 ? 0 : rest))
  }

  /// Where a memory whose read address is a plain register (a synchronous, write-first read port) goes.
  enum RegisteredReadMapping: Equatable {
    /// Distributed RAM; the address register stays in flip-flops.
    case lutram
    /// Block RAM; the address register moves into it, the write-first bypass stays in the fabric.
    case blockRAM
  }

  /// The mapping yosys picks for a registered-read memory of `depth` words (docs/resources.md): distributed RAM
  /// up to 128 words, block RAM above.
  static func registeredReadMapping(depth: Int) -> RegisteredReadMapping { depth <= 128 ? .lutram : .blockRAM }

  /// One memory of `bits` bits and `depth` words with one write port and one read port whose address is a plain
  /// register, mapped as yosys 0.23 maps it: RAM32M16 (32 × 14) up to 32 words, RAM64M8 (64 × 7) up to 64, two
  /// RAM64M8 banks up to 128 (the bank select is a 2:1 select per bit), block RAM above, banked by depth and
  /// width in whichever RAMB18 or RAMB36 shape needs the fewest RAMB18 units (``MemoryMapping/blockRAM(bits:depth:)``),
  /// with the bank mux in the fabric. Counts one parameter memory; the address and bypass registers are the caller's.
  mutating func registeredReadMemory(bits: Int, depth: Int) {
    guard bits > 0 else { return }
    memories += 1
    switch depth {
    case ...32: memoryLUTs += Double(8 * ((bits + 13) / 14))
    case ...64: memoryLUTs += Double(8 * ((bits + 6) / 7))
    case ...128:
      memoryLUTs += Double(16 * ((bits + 6) / 7))
      select(bits)
    default:
      let block = MemoryMapping.blockRAM(bits: bits, depth: depth)
      bram36 += 0.5 * Double(block.ramb18)
      bankMux(bits: bits, banks: block.banks)
    }
  }

  /// One parameter memory of one lane, declared `declared` bits wide with `bits` live, and `depth` words, with one
  /// write port and one asynchronous read port whose address is a plain register (`registeredAddress`) or not,
  /// mapped as yosys maps it (``MemoryMapping``), which it returns. Flip-flops hold the same words in every lane
  /// and merge into one copy: they go to `shared` (once per design), each lane keeps its read mux. Block RAM: the
  /// bypass select of its bits and a match flag per lane (the group's address match and the written word are the
  /// caller's).
  @discardableResult
  mutating func memory(
    bits declared: Int, live bits: Int, depth: Int, registeredAddress: Bool, shared: inout CostTerms
  ) -> MemoryMapping? {
    guard bits > 0 else { return nil }
    memories += 1
    let mapping = MemoryMapping.of(bits: declared, live: bits, depth: depth, registeredAddress: registeredAddress)
    switch mapping {
    case .registers:
      shared.register(bits * Swift.max(1, depth))
      if depth > 1 { mux(bits, inputs: depth) }
    case .lutram(let banks, let cells):
      memoryLUTs += Double(8 * cells)
      bankMux(bits: bits, banks: banks)
    case .blockRAM(let ramb18, let banks):
      bram36 += 0.5 * Double(ramb18)
      bypassBits += Double(bits)
      register(1)
      bankMux(bits: bits, banks: banks)
    }
    return mapping
  }

  /// The read mux and write decode of a memory in `banks` banks (none for one bank): per bit a tree of 4:1 LUT6
  /// leaves joined by MUXF7 / MUXF8 / MUXF9 (8 leaves per LUT level), one write enable per bank.
  mutating func bankMux(bits: Int, banks: Int) {
    guard banks > 1 else { return }
    bankMuxLUTs += Double(bits * Self.muxLUTs(banks) + banks)
  }
}
