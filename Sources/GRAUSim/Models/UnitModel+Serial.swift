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
    let F = serialField
    @inline(__always) func at(_ f: Int, _ l: Int) -> Int { o + F[f] * L + l }
    let accept = cur[inValid.signal] != 0 && cur[inReady.signal] != 0
    let ready = cur[outReady.signal] != 0
    let K = grau.segments
    let R = grau.stages
    let lambda = timing.latency
    let W = inputBits
    let WP = grau.shifted.bits
    let apot = grau.slopeMode == .apot
    let stride = k.memories[memory].stride
    let decoded = k.memoryDecoded[memory]
    let words = k.memoryWords[memory]
    var wrote = false
    for l in 0..<L {
      let busy = cur[at(5, l)] != 0
      let outValidBit = cur[at(6, l)] != 0
      if accept {
        let x = cur[port.first + L + l]
        nxt[at(0, l)] = x
        nxt[at(1, l)] = (x.signExtended(W) << grau.preShift).pattern(k.mask[at(1, l)])
        nxt[at(2, l)] = cur[port.first + 2 * L + l]
        nxt[at(3, l)] = 0
        nxt[at(4, l)] = 1
        nxt[at(5, l)] = 1
        nxt[at(6, l)] = 0
        wrote = true
        continue
      }
      guard busy else { continue }
      wrote = true
      if outValidBit && ready {
        nxt[at(5, l)] = 0
        nxt[at(6, l)] = 0
        continue
      }
      let step = Int(cur[at(4, l)])
      guard step < lambda else { continue }
      let row = Int(cur[at(2, l)]) * stride
      if step <= K - 1 {
        // Comparison j = step against t_j[ch].
        let x = cur[at(0, l)].signExtended(W)
        nxt[at(3, l)] = cur[at(3, l)] + (x >= decoded[row + step - 1] ? 1 : 0)
        if bypass && step == K - 1 { nxt[at(6, l)] = 1 }
      } else if step <= K - 1 + R {
        // Shifter step i; step 1 loads setting, sign and bias through the segment mux.
        let i = step - (K - 1)
        var set: UInt64
        var v0: Int
        var acc = 0
        if i == 1 {
          let seg = Int(cur[at(3, l)])
          let settingWord = words[row + K - 1 + 2 * seg]
          set = settingWord & grau.mask(bits: R)
          nxt[at(9, l)] = set
          nxt[at(10, l)] = (settingWord >> UInt64(R)) & 1
          nxt[at(11, l)] = words[row + K + 2 * seg]
          v0 = cur[at(1, l)].signExtended(WP)
        } else {
          set = cur[at(9, l)]
          v0 = cur[at(7, l)].signExtended(WP)
          if apot { acc = cur[at(8, l)].signExtended(WP + 1) }
        }
        let take = set & (UInt64(1) << UInt64(i - 1)) != 0
        if apot {
          let v = v0 >> 1
          nxt[at(7, l)] = v.pattern(k.mask[at(7, l)])
          nxt[at(8, l)] = (take ? acc + v : acc).pattern(k.mask[at(8, l)])
        } else {
          nxt[at(7, l)] = (take ? v0 >> 1 : v0).pattern(k.mask[at(7, l)])
        }
      } else if step == K + R {
        let magnitude =
          apot ? cur[at(8, l)].signExtended(WP + 1) : (cur[at(9, l)] == 0 ? 0 : cur[at(7, l)].signExtended(WP))
        let s = cur[at(10, l)] != 0 ? -magnitude : magnitude
        nxt[at(12, l)] = s.pattern(k.mask[at(12, l)])
      } else {
        let s = cur[at(12, l)].signExtended(grau.sum.bits)
        let b = cur[at(11, l)].signExtended(grau.bias.bits)
        nxt[at(13, l)] = biasOutput(s + b).pattern(k.mask[at(13, l)])
        nxt[at(6, l)] = 1
      }
      nxt[at(4, l)] = UInt64(step + 1)
    }
    if wrote { k.markDirty(block: ownBlock[p]) }
  }

  /// Serialized MT: compares T_1 with the port at the accept edge a, then T_j at a + j − 1 from the held x.
  /// Fields: x, ch, cnt, idx, busy, out_valid.
  mutating func mtSerial(_ k: Kernel, _ p: Int) {
    let cur = k.current
    let nxt = k.next
    let L = lanes
    let o = ownFirst[p]
    let accept = cur[inValid.signal] != 0 && cur[inReady.signal] != 0
    let ready = cur[outReady.signal] != 0
    let m = (1 << Int(cur[control.signal] & 0x1F)) - 1
    let t = k.memoryDecoded[memory]
    let W = inputBits
    var wrote = false
    for l in 0..<L {
      if accept {
        let x = cur[port.first + L + l]
        let ch = cur[port.first + 2 * L + l]
        nxt[o + l] = x
        nxt[o + L + l] = ch
        nxt[o + 2 * L + l] = m >= 1 && x.signExtended(W) >= t[Int(ch) * m] ? 1 : 0
        nxt[o + 3 * L + l] = 1
        nxt[o + 4 * L + l] = 1
        nxt[o + 5 * L + l] = m == 1 ? 1 : 0
        wrote = true
        continue
      }
      guard cur[o + 4 * L + l] != 0 else { continue }
      wrote = true
      if cur[o + 5 * L + l] != 0 {
        if ready {
          nxt[o + 4 * L + l] = 0
          nxt[o + 5 * L + l] = 0
        }
        continue
      }
      let idx = Int(cur[o + 3 * L + l])
      guard idx < m else { continue }
      let j = idx + 1
      let x = cur[o + l].signExtended(W)
      nxt[o + 2 * L + l] = cur[o + 2 * L + l] + (x >= t[Int(cur[o + L + l]) * m + j - 1] ? 1 : 0)
      nxt[o + 3 * L + l] = UInt64(j)
      if j == m { nxt[o + 5 * L + l] = 1 }
    }
    if wrote { k.markDirty(block: ownBlock[p]) }
  }
}
