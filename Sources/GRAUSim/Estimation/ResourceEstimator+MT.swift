extension ResourceEstimator {
  /// `qmin + count` and the output format.
  static func mtOutput(_ t: inout CostTerms, _ d: UnitDesign) {
    t.adder(d.maxOutputBits)
    t.outputBits += Double(d.maxOutputBits)
  }

  static func mtPipelined(_ d: UnitDesign) -> [(String, CostTerms)] {
    let m = d.thresholdCount
    let n = d.mtMaxBits
    var out: [(String, CostTerms)] = []
    for j in 1...m {
      var t = CostTerms()
      // valid, cnt (an adder of j one-bit inputs needs min(N, j) bits); the last stage's x and ch are dead.
      t.register(1 + Swift.min(n, j) + (j < m ? d.inputBits + d.channelBits : 0))
      t.comparator(d.thresholdBits)
      if j > 1 { t.adder(Swift.min(n, j)) }
      if j == m { mtOutput(&t, d) }
      // Registers: T_j of the stage's channel through a D:1 mux (none for one channel).
      if d.mtStorage == .registers { t.registerRead(bits: d.thresholdBits, inputs: d.channelCapacity) }
      out.append(("stage\(j)", t))
    }
    return out
  }

  static func mtSerial(_ d: UnitDesign) -> [(String, CostTerms)] {
    let m = d.thresholdCount
    var t = CostTerms()
    // valid, cnt; x and ch only feed T_idx (with one threshold the lane is never busy and both are dead).
    t.register(1 + d.mtMaxBits + (m > 1 ? d.inputBits + d.channelBits : 0))
    t.comparator(d.thresholdBits)  // T_1 against the input port
    if m > 1 { t.comparator(d.thresholdBits) }  // T_idx, read from mem_t, against the held x
    if d.mtStorage == .registers {
      // T_1 of the port's channel, and the channel level of T_idx's tree (its index levels select by the shared
      // idx and merge across lanes: ResourceEstimator.terms).
      t.registerRead(bits: d.thresholdBits, inputs: d.channelCapacity)
      if m > 1 { t.registerRead(bits: d.thresholdBits, inputs: d.channelCapacity) }
    }
    t.adder(d.mtMaxBits)
    mtOutput(&t, d)
    t.control += 1  // accept / busy enables of the lane
    return [("cmp", t)]
  }

  /// Depth of the serialized MT's threshold memory `mem_t` (T_2 … T_M at {channel, index}).
  static func mtSerialDepth(_ d: UnitDesign) -> Int { d.channelCapacity << d.mtMaxBits }

  static func mtBinarySearch(_ d: UnitDesign) -> [(String, CostTerms)] {
    let n = d.mtMaxBits
    var out: [(String, CostTerms)] = []
    var input = CostTerms()
    input.register(1 + d.inputBits + d.channelBits)
    out.append(("in", input))
    for s in 1...n {
      var t = CostTerms()
      // idx of stage s has s live bits; the last stage's x and ch are dead.
      t.register(1 + s + (s < n ? d.inputBits + d.channelBits : 0))
      t.comparator(d.thresholdBits)
      if d.mtStorage == .registers {
        // The 2^(s−1) reachable thresholds of the stage's channel: one mux over their D · 2^(s−1) registers.
        t.registerRead(bits: d.thresholdBits, inputs: d.channelCapacity << (s - 1))
      } else {
        // The 2^(s−1) reachable thresholds, a `case` over the full N-bit idx, mapped into the comparator.
        t.muxTree(d.thresholdBits, inputs: 1 << (s - 1), selectBits: n)
      }
      t.comparator(n + 1)  // c <= m_live
      if s > 1 { t.adder(n + 1) }
      t.select(s)
      out.append(("bs\(s)", t))
    }
    var o = CostTerms()
    o.register(1 + d.maxOutputBits)
    mtOutput(&o, d)
    o.control += 1  // the lane's stall enable
    out.append(("out", o))
    return out
  }

  /// The parameter memories of one lane and the address registers synthesis adds: yosys turns each
  /// asynchronous read whose address comes from a register into a synchronous read and duplicates that
  /// register (A bits per distinct registered read address).
  static func memoryTerms(_ d: UnitDesign) -> CostTerms {
    var t = CostTerms()
    let g = d.grau
    let depth = d.channelCapacity
    let addresses: Int
    switch d.kind {
    case .grau, .grauSerial:
      let bias = grauLive(d).bias
      for _ in 1..<g.segments { t.memory(bits: d.thresholdBits, depth: depth) }
      for _ in 0..<g.segments {
        t.memory(bits: d.settingWordBits, depth: depth)
        t.memory(bits: bias, depth: depth)
      }
      if d.kind == .grauSerial {
        addresses = 1
      } else {
        addresses = g.comparator == .chain ? g.segments : 2
      }
    case _ where d.mtStorage == .registers:
      // Flip-flops with a write enable per word (counted once per design, ResourceEstimator.terms): no memory
      // primitive and no duplicated address register; the read muxes are the stages'.
      addresses = 0
    case .mtSerial:
      // mem_t1 is read at the port's channel (no register); mem_t through the registered address t_addr, whose
      // channel half merges with `ch`. Block RAM: per lane, the write-first bypass select and its address match
      // (flag register) stay in the fabric.
      t.memory(bits: d.thresholdBits, depth: depth)
      addresses = 0
      if d.thresholdCount > 1 {
        t.registeredReadMemory(bits: d.thresholdBits, depth: mtSerialDepth(d))
        if CostTerms.registeredReadMapping(depth: mtSerialDepth(d)) == .blockRAM {
          t.register(1)
          t.select(d.thresholdBits)
          t.comparator(d.channelBits + d.mtMaxBits)
        }
      }
    case .mt, .mtBinarySearch:
      for _ in 0..<d.thresholdCount { t.memory(bits: d.thresholdBits, depth: depth) }
      addresses = d.kind == .mt ? d.thresholdCount - 1 : d.mtMaxBits
    }
    t.register(addresses * d.channelBits)
    return t
  }

  /// The top module: control word, configuration part buffer, beat-level valid bits (pipelined) or the shared
  /// FSM (serialized).
  static func configTerms(_ d: UnitDesign) -> CostTerms {
    var t = CostTerms()
    let g = d.grau
    t.register(6 + (d.kind.isGRAU && g.bypass ? 1 : 0))  // ctl_n, ctl_signed, ctl_bypass
    t.register((d.maxParts - 1) * d.busBits)  // cfg_hold
    t.control += 1
    switch d.kind {
    case .grau:
      t.register(1 + (g.comparator == .chain ? g.segments - 1 : 1) + g.stages + 2)
    case .grauSerial:
      let step = bitsFor(g.segments + g.stages + 1)
      t.register(2 + step)
      t.adder(step)
      t.control += 1
      t.mux(1, inputs: g.segments - 1 + g.stages)  // step decode of t_sel and bit_i, shared by the lanes
    case .mt:
      t.register(d.thresholdCount)
    case .mtSerial:
      t.register(2 + d.mtMaxBits + 1)
      if d.thresholdCount > 1 && d.mtStorage == .ram {
        // t_addr's index half is the same in every lane and merges into one copy; with block RAM the address
        // moves into the RAM and the write-first bypass holds the written word instead (shared: broadcast).
        let blockRAM = CostTerms.registeredReadMapping(depth: mtSerialDepth(d)) == .blockRAM
        t.register(blockRAM ? d.thresholdBits : d.mtMaxBits)
      }
      t.adder(d.mtMaxBits + 1)
      t.comparator(d.mtMaxBits + 1)  // idx == m_live
    case .mtBinarySearch:
      t.register(d.mtMaxBits + 2)
    }
    return t
  }
}
