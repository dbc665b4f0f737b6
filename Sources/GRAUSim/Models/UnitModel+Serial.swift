// Serialized units: one FSM per lane (all lanes in lock-step), always active. A beat accepted at edge a captures,
// at each later edge, exactly what the corresponding pipeline stage would capture at that edge
// (docs/datapath.md): `pre` at a, comparison j at a + j, shifter step i at a + K − 1 + i, sign at a + K + R,
// bias (and `out_valid`) at a + K + R + 1 = a + λ − 1. `step` numbers the next action; λ means "waiting to leave".

extension UnitModel {
  mutating func grauSerial(_ k: Kernel, _ p: Int) {
    let cur = k.current
    let nxt = k.next
    let L = lanes
    let o = ownFirst[p]
    let F = serialGRAU
    @inline(__always) func at(_ f: Int, _ l: Int) -> Int { o + f * L + l }
    let accept = cur[inValid.signal] != 0 && cur[inReady.signal] != 0
    let ready = cur[outReady.signal] != 0
    let K = grau.segments
    let R = grau.stages
    let lambda = timing.latency
    let W = inputBits
    let WP = grau.shifted.bits
    let apot = grau.slopeMode == .apot
    let stride = memoryStride
    let decoded = k.memoryDecoded[memory]
    let words = k.memoryWords[memory]
    var wrote = false
    for l in 0..<L {
      let busy = cur[at(F.busy, l)] != 0
      let outValidBit = cur[at(F.outValid, l)] != 0
      if accept {
        let x = cur[port.first + L + l]
        nxt[at(F.x, l)] = x
        nxt[at(F.big, l)] = (x.signExtended(W) << grau.preShift).pattern(k.mask[at(F.big, l)])
        nxt[at(F.ch, l)] = cur[port.first + 2 * L + l]
        nxt[at(F.seg, l)] = 0
        nxt[at(F.step, l)] = 1
        nxt[at(F.busy, l)] = 1
        nxt[at(F.outValid, l)] = 0
        wrote = true
        continue
      }
      guard busy else { continue }
      wrote = true
      if outValidBit && ready {
        nxt[at(F.busy, l)] = 0
        nxt[at(F.outValid, l)] = 0
        continue
      }
      let step = Int(cur[at(F.step, l)])
      guard step < lambda else { continue }
      let row = Int(cur[at(F.ch, l)]) * stride
      if step <= K - 1 {
        // Comparison j = step against t_j[ch].
        let x = cur[at(F.x, l)].signExtended(W)
        nxt[at(F.seg, l)] = cur[at(F.seg, l)] + (x >= decoded[row + step - 1] ? 1 : 0)
        if bypass && step == K - 1 { nxt[at(F.outValid, l)] = 1 }
      } else if step <= K - 1 + R {
        // Shifter step i; step 1 loads setting, sign and bias through the segment mux.
        let i = step - (K - 1)
        let set: UInt64
        let v0: Int
        var acc = 0
        if i == 1 {
          let (s, neg, bias) = segmentSettings(words, row: row, segment: Int(cur[at(F.seg, l)]))
          set = s
          nxt[at(F.set, l)] = s
          nxt[at(F.neg, l)] = neg
          nxt[at(F.bias, l)] = bias
          v0 = cur[at(F.big, l)].signExtended(WP)
        } else {
          set = cur[at(F.set, l)]
          v0 = cur[at(F.v, l)].signExtended(WP)
          if apot { acc = cur[at(F.acc, l)].signExtended(WP + 1) }
        }
        let (v, sum) = Self.shifterStep(v0, acc, set: set, stage: i, apot: apot)
        nxt[at(F.v, l)] = v.pattern(k.mask[at(F.v, l)])
        if apot { nxt[at(F.acc, l)] = sum.pattern(k.mask[at(F.acc, l)]) }
      } else if step == K + R {
        let s = Self.signStep(
          v: cur[at(F.v, l)].signExtended(WP), acc: apot ? cur[at(F.acc, l)].signExtended(WP + 1) : 0,
          set: cur[at(F.set, l)], negative: cur[at(F.neg, l)] != 0, apot: apot)
        nxt[at(F.s, l)] = s.pattern(k.mask[at(F.s, l)])
      } else {
        let s = cur[at(F.s, l)].signExtended(grau.sum.bits)
        let b = cur[at(F.bias, l)].signExtended(grau.bias.bits)
        nxt[at(F.y, l)] = biasOutput(s + b).pattern(k.mask[at(F.y, l)])
        nxt[at(F.outValid, l)] = 1
      }
      nxt[at(F.step, l)] = UInt64(step + 1)
    }
    if wrote { k.markDirty(block: ownBlock[p]) }
  }

  /// Serialized MT: compares T_1 with the port at the accept edge a, then T_j at a + j − 1 from the held x.
  mutating func mtSerial(_ k: Kernel, _ p: Int) {
    typealias F = SerialMTFields
    let cur = k.current
    let nxt = k.next
    let L = lanes
    let o = ownFirst[p]
    @inline(__always) func at(_ f: Int, _ l: Int) -> Int { o + f * L + l }
    let accept = cur[inValid.signal] != 0 && cur[inReady.signal] != 0
    let ready = cur[outReady.signal] != 0
    let m = (1 << ControlWord.outputBits(cur[control.signal])) - 1
    let t = k.memoryDecoded[memory]
    let W = inputBits
    var wrote = false
    for l in 0..<L {
      if accept {
        let x = cur[port.first + L + l]
        let ch = cur[port.first + 2 * L + l]
        nxt[at(F.x, l)] = x
        nxt[at(F.ch, l)] = ch
        nxt[at(F.cnt, l)] = m >= 1 && x.signExtended(W) >= t[Int(ch) * m] ? 1 : 0
        nxt[at(F.idx, l)] = 1
        nxt[at(F.busy, l)] = 1
        nxt[at(F.outValid, l)] = m == 1 ? 1 : 0
        wrote = true
        continue
      }
      guard cur[at(F.busy, l)] != 0 else { continue }
      wrote = true
      if cur[at(F.outValid, l)] != 0 {
        if ready {
          nxt[at(F.busy, l)] = 0
          nxt[at(F.outValid, l)] = 0
        }
        continue
      }
      let idx = Int(cur[at(F.idx, l)])
      guard idx < m else { continue }
      let j = idx + 1
      let x = cur[at(F.x, l)].signExtended(W)
      nxt[at(F.cnt, l)] = cur[at(F.cnt, l)] + (x >= t[Int(cur[at(F.ch, l)]) * m + j - 1] ? 1 : 0)
      nxt[at(F.idx, l)] = UInt64(j)
      if j == m { nxt[at(F.outValid, l)] = 1 }
    }
    if wrote { k.markDirty(block: ownBlock[p]) }
  }
}
