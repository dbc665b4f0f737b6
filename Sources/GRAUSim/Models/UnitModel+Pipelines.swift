// Pipeline stages. Every stage is one clocked process over all L lanes: when `enable` is low (global stall) it
// does nothing and stays pending; otherwise it computes its registers' next values from its predecessor's
// current values (stage 1 from the input port) in a tight loop over lanes. Field f of lane l of a block that
// starts at signal b is signal b + f·L + l.

extension UnitModel {
  /// MT comparator stage j: `cnt += (j <= m && x >= T_j[ch])`; stages above the precision pass `cnt` through.
  @inline(__always)
  func mtStage(_ k: Kernel, _ p: Int, _ j: Int) -> Bool {
    let cur = k.current
    guard cur[enable.signal] != 0 else { return false }
    let nxt = k.next
    let L = lanes
    let i = inputFirst[p]
    let o = ownFirst[p]
    let n = ControlWord.outputBits(cur[control.signal])
    let m = (1 << n) - 1
    let W = inputBits
    for l in 0..<L {
      nxt[o + l] = cur[i + l]
      nxt[o + L + l] = cur[i + L + l]
      nxt[o + 2 * L + l] = cur[i + 2 * L + l]
    }
    let cntMask = k.mask[o + 3 * L]
    if j <= m {
      let stride = m
      let t = k.memoryDecoded[memory]
      for l in 0..<L {
        let c: UInt64 = j == 1 ? 0 : cur[i + 3 * L + l]
        let x = cur[i + L + l].signExtended(W)
        let ch = Int(truncatingIfNeeded: cur[i + 2 * L + l])
        nxt[o + 3 * L + l] = (c &+ (x >= t[ch * stride + j - 1] ? 1 : 0)) & cntMask
      }
    } else {
      for l in 0..<L { nxt[o + 3 * L + l] = j == 1 ? 0 : cur[i + 3 * L + l] }
    }
    k.markDirty(block: ownBlock[p])
    return true
  }

  /// A register stage copying valid, x, ch (MT binary search's `in`).
  @inline(__always)
  func copyStage(_ k: Kernel, _ p: Int) -> Bool {
    let cur = k.current
    guard cur[enable.signal] != 0 else { return false }
    let i = inputFirst[p]
    let o = ownFirst[p]
    for f in 0..<(3 * lanes) { k.next[o + f] = cur[i + f] }
    k.markDirty(block: ownBlock[p])
    return true
  }

  /// Binary-search step s: `h = 2^(N − s)`, `c = idx + h`, `idx = (c <= m && x >= T_c[ch]) ? c : idx`.
  @inline(__always)
  func bsStage(_ k: Kernel, _ p: Int, _ s: Int) -> Bool {
    let cur = k.current
    guard cur[enable.signal] != 0 else { return false }
    let nxt = k.next
    let L = lanes
    let i = inputFirst[p]
    let o = ownFirst[p]
    let m = (1 << ControlWord.outputBits(cur[control.signal])) - 1
    let h = UInt64(1) << UInt64(mtMax - s)
    let t = k.memoryDecoded[memory]
    let W = inputBits
    for l in 0..<L {
      let v = cur[i + l]
      let xr = cur[i + L + l]
      let ch = cur[i + 2 * L + l]
      let idx: UInt64 = s == 1 ? 0 : cur[i + 3 * L + l]
      let c = idx + h
      var take = false
      if c <= UInt64(m) { take = xr.signExtended(W) >= t[Int(truncatingIfNeeded: ch) * m + Int(c) - 1] }
      nxt[o + l] = v
      nxt[o + L + l] = xr
      nxt[o + 2 * L + l] = ch
      nxt[o + 3 * L + l] = take ? c : idx
    }
    k.markDirty(block: ownBlock[p])
    return true
  }

  /// Binary-search output register: `y = qmin + idx`.
  @inline(__always)
  func bsOut(_ k: Kernel, _ p: Int) -> Bool {
    let cur = k.current
    guard cur[enable.signal] != 0 else { return false }
    let L = lanes
    let i = inputFirst[p]
    let o = ownFirst[p]
    let yMask = k.mask[o + L]
    for l in 0..<L {
      k.next[o + l] = cur[i + l]
      k.next[o + L + l] = (output.min + Int(cur[i + 3 * L + l])).pattern(yMask)
    }
    k.markDirty(block: ownBlock[p])
    return true
  }

  /// GRAU `pre`: `big = x << P`.
  @inline(__always)
  func grauPre(_ k: Kernel, _ p: Int) -> Bool {
    let cur = k.current
    guard cur[enable.signal] != 0 else { return false }
    let L = lanes
    let i = inputFirst[p]
    let o = ownFirst[p]
    let bigMask = k.mask[o + 2 * L]
    let P = grau.preShift
    for l in 0..<L {
      let x = cur[i + L + l]
      k.next[o + l] = cur[i + l]
      k.next[o + L + l] = x
      k.next[o + 2 * L + l] = (x.signExtended(inputBits) << P).pattern(bigMask)
      k.next[o + 3 * L + l] = cur[i + 2 * L + l]
    }
    k.markDirty(block: ownBlock[p])
    return true
  }

  /// GRAU chain comparator j: `seg += (x >= t_j[ch])`.
  @inline(__always)
  func grauCompare(_ k: Kernel, _ p: Int, _ j: Int) -> Bool {
    let cur = k.current
    guard cur[enable.signal] != 0 else { return false }
    let nxt = k.next
    let L = lanes
    let i = inputFirst[p]
    let o = ownFirst[p]
    let stride = memoryStride
    let t = k.memoryDecoded[memory]
    for l in 0..<(4 * L) { nxt[o + l] = cur[i + l] }
    for l in 0..<L {
      let seg: UInt64 = j == 1 ? 0 : cur[i + 4 * L + l]
      let x = cur[i + L + l].signExtended(inputBits)
      let ch = Int(truncatingIfNeeded: cur[i + 3 * L + l])
      nxt[o + 4 * L + l] = seg + (x >= t[ch * stride + j - 1] ? 1 : 0)
    }
    k.markDirty(block: ownBlock[p])
    return true
  }

  /// GRAU parallel comparator bank: `seg = #{ j : x >= t_j[ch] }` in one stage.
  @inline(__always)
  func grauCompareBank(_ k: Kernel, _ p: Int) -> Bool {
    let cur = k.current
    guard cur[enable.signal] != 0 else { return false }
    let nxt = k.next
    let L = lanes
    let i = inputFirst[p]
    let o = ownFirst[p]
    let stride = memoryStride
    let t = k.memoryDecoded[memory]
    for l in 0..<(4 * L) { nxt[o + l] = cur[i + l] }
    for l in 0..<L {
      let x = cur[i + L + l].signExtended(inputBits)
      let row = Int(truncatingIfNeeded: cur[i + 3 * L + l]) * stride
      var seg: UInt64 = 0
      for j in 0..<(grau.segments - 1) where x >= t[row + j] { seg += 1 }
      nxt[o + 4 * L + l] = seg
    }
    k.markDirty(block: ownBlock[p])
    return true
  }

  /// GRAU shifter stage i. Stage 1 sits behind the segment mux (setting, sign and bias of segment `seg` of
  /// channel `ch`); later stages take them from their predecessor. See ``shifterStep(_:_:set:stage:apot:)``.
  @inline(__always)
  func grauShift(_ k: Kernel, _ p: Int, _ i: Int) -> Bool {
    let cur = k.current
    guard cur[enable.signal] != 0 else { return false }
    let nxt = k.next
    let L = lanes
    let src = inputFirst[p]
    let o = ownFirst[p]
    let apot = grau.slopeMode == .apot
    let barrel = grau.shifter == .barrel
    let WP = grau.shifted.bits
    let vMask = k.mask[o + L]
    // Own field offsets: valid, v, [acc], set, neg, bias.
    let fSet = apot ? 3 : 2
    let accMask: UInt64 = apot ? k.mask[o + 2 * L] : 0
    let first = i == 1
    let stride = memoryStride
    let words = k.memoryWords[memory]
    for l in 0..<L {
      let set: UInt64
      let neg: UInt64
      let bias: UInt64
      let v0: Int
      var acc = 0
      if first {
        let seg = Int(truncatingIfNeeded: cur[src + 4 * L + l])
        let row = Int(truncatingIfNeeded: cur[src + 3 * L + l]) * stride
        (set, neg, bias) = segmentSettings(words, row: row, segment: seg)
        v0 = cur[src + 2 * L + l].signExtended(WP)
      } else {
        set = cur[src + fSet * L + l]
        neg = cur[src + (fSet + 1) * L + l]
        bias = cur[src + (fSet + 2) * L + l]
        v0 = cur[src + L + l].signExtended(WP)
        if apot { acc = cur[src + 2 * L + l].signExtended(WP + 1) }
      }
      let (v, sum) = Self.shifterStep(v0, acc, set: set, stage: i, apot: apot, barrel: barrel)
      nxt[o + l] = cur[src + l]
      nxt[o + L + l] = v.pattern(vMask)
      if apot { nxt[o + 2 * L + l] = sum.pattern(accMask) }
      nxt[o + fSet * L + l] = set
      nxt[o + (fSet + 1) * L + l] = neg
      nxt[o + (fSet + 2) * L + l] = bias
    }
    k.markDirty(block: ownBlock[p])
    return true
  }

  /// GRAU `sign`: ``signStep(v:acc:set:negative:apot:)`` on the last shifter stage's registers.
  @inline(__always)
  func grauSign(_ k: Kernel, _ p: Int) -> Bool {
    let cur = k.current
    guard cur[enable.signal] != 0 else { return false }
    let L = lanes
    let src = inputFirst[p]
    let o = ownFirst[p]
    let apot = grau.slopeMode == .apot
    let WP = grau.shifted.bits
    let fSet = apot ? 3 : 2
    let sMask = k.mask[o + L]
    for l in 0..<L {
      let s = Self.signStep(
        v: cur[src + L + l].signExtended(WP), acc: apot ? cur[src + 2 * L + l].signExtended(WP + 1) : 0,
        set: cur[src + fSet * L + l], negative: cur[src + (fSet + 1) * L + l] != 0, apot: apot)
      k.next[o + l] = cur[src + l]
      k.next[o + L + l] = s.pattern(sMask)
      k.next[o + 2 * L + l] = cur[src + (fSet + 2) * L + l]
    }
    k.markDirty(block: ownBlock[p])
    return true
  }

  /// GRAU `bias`: `y = saturate ? clamp(s + bias) : wrap_n(s + bias)` (the sum in the adder's width).
  @inline(__always)
  func grauBias(_ k: Kernel, _ p: Int) -> Bool {
    let cur = k.current
    guard cur[enable.signal] != 0 else { return false }
    let L = lanes
    let src = inputFirst[p]
    let o = ownFirst[p]
    let yMask = k.mask[o + L]
    for l in 0..<L {
      let s = cur[src + L + l].signExtended(grau.sum.bits)
      let b = cur[src + 2 * L + l].signExtended(grau.bias.bits)
      k.next[o + l] = cur[src + l]
      k.next[o + L + l] = biasOutput(s + b).pattern(yMask)
    }
    k.markDirty(block: ownBlock[p])
    return true
  }
}
