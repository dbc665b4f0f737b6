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

  /// The parameter memories of one lane and the address registers synthesis adds (`lane`), and what every lane
  /// shares (`shared`, once per design: memories small enough for flip-flops, block RAM bypass words).
  ///
  /// Memories are read in groups at one address each. A group read at a plain register: yosys turns the
  /// asynchronous read into a synchronous read port and duplicates that register (A flip-flops per group) while the
  /// memory is distributed RAM; in block RAM the address moves into the RAM. A group read at the port's channel
  /// (the first MT threshold) has no register and stays distributed RAM at any depth.
  static func memoryTerms(_ d: UnitDesign) -> (lane: CostTerms, shared: CostTerms) {
    var t = CostTerms()
    var shared = CostTerms()
    let g = d.grau
    let depth = d.channelCapacity
    let a = d.channelBits
    var bypassWord = 0
    /// Memories of (declared, live) bits, read at one address (a plain register, or the port's channel).
    func group(_ bits: [(Int, Int)], registered: Bool = true) {
      var duplicated = false
      var blockRAM = false
      for (declared, b) in bits {
        switch t.memory(bits: declared, live: b, depth: depth, registeredAddress: registered, shared: &shared) {
        case .lutram: duplicated = duplicated || registered
        case .blockRAM:
          blockRAM = true
          bypassWord = Swift.max(bypassWord, b)
        case .registers, nil: break
        }
      }
      if duplicated { t.register(a) }
      if blockRAM { t.bypassBits += Double(a) }
    }
    switch d.kind {
    case .grau, .grauSerial:
      let thresholds = [(Int, Int)](repeating: (d.thresholdBits, d.thresholdBits), count: g.segments - 1)
      let segments =
        [(Int, Int)](repeating: (d.settingWordBits, d.settingWordBits), count: g.segments)
        + [(Int, Int)](repeating: (g.bias.bits, grauLive(d).bias), count: g.segments)
      if d.kind == .grauSerial {
        group(thresholds + segments)
      } else if g.comparator == .chain {
        for b in thresholds { group([b]) }
        group(segments)
      } else {
        group(thresholds)
        group(segments)
      }
    case _ where d.mtStorage == .registers:
      // Flip-flops with a write enable per word (counted once per design, ResourceEstimator.terms): no memory
      // primitive and no duplicated address register; the read muxes are the stages'.
      break
    case .mtSerial:
      // mem_t1 is read at the port's channel (no register); mem_t through the registered address t_addr, whose
      // channel half merges with `ch`. Block RAM: per lane, the write-first bypass select and its address match
      // (flag register) stay in the fabric.
      group([(d.thresholdBits, d.thresholdBits)], registered: false)
      if d.thresholdCount > 1 {
        t.registeredReadMemory(bits: d.thresholdBits, depth: mtSerialDepth(d))
        if CostTerms.registeredReadMapping(depth: mtSerialDepth(d)) == .blockRAM {
          t.register(1)
          t.select(d.thresholdBits)
          t.comparator(d.channelBits + d.mtMaxBits)
        }
      }
    case .mt:
      let word = (d.thresholdBits, d.thresholdBits)
      group([word], registered: false)
      for _ in 1..<d.thresholdCount { group([word]) }
    case .mtBinarySearch:
      // Stage s reads the 2^(s−1) thresholds it can reach at its own channel register.
      let word = (d.thresholdBits, d.thresholdBits)
      for s in 1...d.mtMaxBits { group([(Int, Int)](repeating: word, count: 1 << (s - 1))) }
    }
    // The written word the block RAM bypasses forward, held once: every lane writes the same word.
    shared.register(bypassWord)
    return (t, shared)
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
