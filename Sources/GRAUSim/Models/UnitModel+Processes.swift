extension UnitModel: ProcessModel {
  mutating func evaluate(_ p: Int, kernel k: Kernel) -> Bool {
    switch processes[p] {
    case .source: source(k)
    case .sink: sink(k)
    case .configDriver: configDriver(k, p)
    case .configWrite: configWrite(k, p)
    case .handshake: handshake(k)
    case .mtStage(let j): return mtStage(k, p, j)
    case .bsIn: return copyStage(k, p)
    case .bsStage(let s): return bsStage(k, p, s)
    case .bsOut: return bsOut(k, p)
    case .grauPre: return grauPre(k, p)
    case .grauCompare(let j): return grauCompare(k, p, j)
    case .grauCompareBank: return grauCompareBank(k, p)
    case .grauShift(let i): return grauShift(k, p, i)
    case .grauSign: return grauSign(k, p)
    case .grauBias: return grauBias(k, p)
    case .grauSerial: grauSerial(k, p)
    case .mtSerial: mtSerial(k, p)
    }
    return true
  }

  /// Reset state visible before edge 0: configuration word 0 is already on the bus.
  func initialize(_ k: Kernel) {
    let w = words[0]
    let values: [UInt64] = [1, UInt64(w.channel), UInt64(w.field), UInt64(w.part), w.data]
    for (f, v) in values.enumerated() {
      let i = cfg.first + f
      k.current[i] = v & k.mask[i]
      k.next[i] = k.current[i]
    }
  }

  // MARK: Testbench: source, sink, configuration driver

  /// The convolution engine's output stream. At edge e: a beat on the port is accepted iff
  /// `in_valid && in_ready`; then the port is driven for edge e + 1 with `sourceValid[e + 1 − C]`.
  private mutating func source(_ k: Kernel) {
    let e = k.edge
    let cur = k.current
    let L = lanes
    if cur[inValid.signal] != 0 && cur[inReady.signal] != 0 { accept(edge: e) }
    let q = e + 1 - reconfiguration
    let offer = q >= 0 && stimulus.beat < beats && sourceValid[q]
    k.write(inValid.signal, block: inValid.block, offer ? 1 : 0)
    let o = port.first
    if offer {
      ensureChunk(stimulus.beat)
      let base = stimulus.beat * L
      let xMask = k.mask[o + L]
      let chMask = k.mask[o + 2 * L]
      for l in 0..<L {
        let i = base + l
        if i < elementCount {
          let c = i - stimulus.chunkFirstBeat * L
          k.next[o + l] = 1
          k.next[o + L + l] = stimulus.chunk.x[c].pattern(xMask)
          k.next[o + 2 * L + l] = UInt64(truncatingIfNeeded: stimulus.chunk.channel[c]) & chMask
        } else {
          // A bubble: valid 0, data lines 0.
          k.next[o + l] = 0
          k.next[o + L + l] = 0
          k.next[o + 2 * L + l] = 0
        }
      }
      k.markDirty(block: port.block)
    } else if cur[o] != 0 || cur[o + L] != 0 {
      for i in o..<(o + 3 * L) { k.next[i] = 0 }
      k.markDirty(block: port.block)
    }
  }

  private mutating func ensureChunk(_ beat: Int) {
    if beat >= stimulus.chunkFirstBeat && beat < stimulus.chunkFirstBeat + stimulus.chunkBeats { return }
    let chunkBeats = Swift.min(Swift.max(1, 8192 / lanes), beats - beat)
    let start = beat * lanes
    stream.fill(&stimulus.chunk, start: start, length: Swift.min(chunkBeats * lanes, elementCount - start))
    stimulus.chunkFirstBeat = beat
    stimulus.chunkBeats = chunkBeats
  }

  /// Records the accepted beat on the scoreboard: every lane's reference output and `Q_c`.
  private mutating func accept(edge e: Int) {
    let beat = stimulus.beat
    stimulus.beat += 1
    let slot = scoreboard.pushSlot(acceptEdge: e)
    let L = lanes
    let channels = parameters.channels
    for l in 0..<L {
      let i = beat * L + l
      let s = slot * L + l
      guard i < elementCount else {
        scoreboard.present[s] = false
        continue
      }
      let c = i - stimulus.chunkFirstBeat * L
      let ch = stimulus.chunk.channel[c]
      scoreboard.present[s] = true
      scoreboard.expected[s] = stimulus.chunk.expected[c]
      scoreboard.measured[s] = stimulus.chunk.measured.isEmpty || stimulus.chunk.measured[c]
      scoreboard.channel[s] = ch
      // An out-of-range channel has no reference: it counts as a mismatch.
      let x = stimulus.chunk.x[c]
      if ch < 0 || ch >= channels {
        scoreboard.reference[s] = .min
      } else {
        scoreboard.reference[s] = mtLookups.isEmpty ? parameters.reference(x, channel: ch) : mtLookups[ch].output(x)
      }
    }
    if recordSchedule { acceptEdges.append(e) }
  }

  /// The consumer: a beat leaves at edge e iff `out_valid && out_ready`; then `out_ready` is driven for e + 1.
  private mutating func sink(_ k: Kernel) {
    let e = k.edge
    let cur = k.current
    if cur[outValid.signal] != 0 && cur[outReady.signal] != 0 {
      let slot = scoreboard.pop()
      let L = lanes
      for l in 0..<L where scoreboard.present[slot * L + l] {
        let s = slot * L + l
        let y = outputValue(k, lane: l)
        outputDigest.add(y)
        outputs?.append(Int32(truncatingIfNeeded: y))
        if scoreboard.measured[s] {
          let e = y - scoreboard.expected[s]
          error.add(error: e)
          let ch = scoreboard.channel[s]
          if ch >= 0 && ch < channelErrors.count { channelErrors[ch].add(error: e) }
        }
        if y != scoreboard.reference[s] { referenceMismatches += 1 }
      }
      beatsLeft += 1
      lastLeave = e
      if recordSchedule { leaveEdges.append(e) }
      if beatsLeft == beats { k.requestStop() }
    }
    if beats == 0 && e >= reconfiguration { k.requestStop() }
    let q = e + 1 - reconfiguration
    k.write(outReady.signal, block: outReady.block, q >= 0 && sinkReady[q] ? 1 : 0)
  }

  @inline(__always)
  private func outputValue(_ k: Kernel, lane l: Int) -> Int {
    switch outputTap {
    case .code(let first):
      let p = k.current[first + l]
      return output.signed ? p.signExtended(output.bits) : Int(p)
    case .minPlus(let first):
      return output.wrap(output.min + Int(k.current[first + l]))
    }
  }

  /// Drives configuration word e + 1 at edge e (word 0 is on the bus from reset).
  private func configDriver(_ k: Kernel, _ p: Int) {
    let e = k.edge
    let o = cfg.first
    if e + 1 < reconfiguration {
      let w = words[e + 1]
      k.next[o] = 1
      k.next[o + 1] = UInt64(w.channel) & k.mask[o + 1]
      k.next[o + 2] = UInt64(w.field) & k.mask[o + 2]
      k.next[o + 3] = UInt64(w.part) & k.mask[o + 3]
      k.next[o + 4] = w.data & k.mask[o + 4]
    } else {
      for i in o..<(o + 5) { k.next[i] = 0 }
      k.setAlwaysActive(p, false)
    }
    k.markDirty(block: cfg.block)
  }

  /// The parameter memory's write port: at a configuration edge, stores the bus word.
  private func configWrite(_ k: Kernel, _ p: Int) {
    let cur = k.current
    let o = cfg.first
    if cur[o] != 0 {
      let field = Int(cur[o + 2])
      if field == 0 {
        k.write(control.signal, block: control.block, cur[o + 4])
      } else {
        let stride = memoryStride
        let busBits = words.design.busBits
        let busMask: UInt64 = busBits >= 64 ? .max : (UInt64(1) << UInt64(busBits)) &- 1
        k.writeMemory(
          memory, address: Int(cur[o + 1]) * stride + field - 1, shift: Int(cur[o + 3]) * busBits, partMask: busMask,
          data: cur[o + 4])
      }
    }
    if k.edge >= reconfiguration - 1 { k.setAlwaysActive(p, false) }
  }

  /// `out_valid` is the last register's valid; pipelines stall globally (`enable = !out_valid || out_ready`),
  /// serialized units take a beat when idle or when the held one leaves.
  private func handshake(_ k: Kernel) {
    let cur = k.current
    let ov = cur[outValidSource] & 1
    let ready = cur[outReady.signal]
    k.write(outValid.signal, block: outValid.block, ov)
    if kind.isSerialized {
      let idle = cur[busySource] == 0
      k.write(inReady.signal, block: inReady.block, idle || (ov != 0 && ready != 0) ? 1 : 0)
      k.write(enable.signal, block: enable.block, 1)
    } else {
      let en: UInt64 = ov == 0 || ready != 0 ? 1 : 0
      k.write(enable.signal, block: enable.block, en)
      k.write(inReady.signal, block: inReady.block, en)
    }
  }
}
