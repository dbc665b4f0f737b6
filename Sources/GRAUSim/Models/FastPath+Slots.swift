// The fast path's shared parts: the evaluator protocol, per-slot toggle bookkeeping and the sink's tally.

/// One evaluator per unit kind: the item-phase registers of every lane, updated one lane-item at a time.
protocol ItemEvaluator {
  /// Lane `l` takes the port value (valid, x pattern, channel pattern) through every stage; returns the output
  /// the sink reads once this item is in the output register.
  mutating func lane(_ l: Int, valid: UInt64, x: UInt64, channel: UInt64) -> Int
  /// The bit-exact reference output of `x` on channel `c` (in range).
  func reference(_ x: Int, channel c: Int) -> Int
  /// Whether `y` is ``reference(_:channel:)`` of `x` on channel `c` (in range); an evaluator may answer without
  /// computing the reference.
  func referenceMatches(_ y: Int, _ x: Int, channel c: Int) -> Bool
  var inputBits: Int { get }
  var channelMask: UInt64 { get }
}

extension ItemEvaluator {
  func referenceMatches(_ y: Int, _ x: Int, channel c: Int) -> Bool { y == reference(x, channel: c) }
}

/// Item-phase toggles: one counter and one previous value per slot and lane; each (stage, field) reads a slot
/// (its own, or its source stage's for a copied field). Owns the buffers the evaluators' loops index.
final class ToggleSlots {
  private(set) var slotOf: [[Int]]
  private var homes: [(stage: Int, field: Int)] = []
  /// Counts per lane and slot, `[lane · slotCount + slot]`: consecutive lanes update different words, so their
  /// updates do not wait for one another. A slot's toggles are the sum over the lanes (``toggles(_:_:)``);
  /// counts added once for all lanes go to lane 0's.
  private(set) var counts = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
  private var lanes = 1
  /// The previous value, `[lane · slotCount + slot]`.
  private(set) var previous = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
  var slotCount: Int { homes.count }

  private var scratchBuffers: [UnsafeMutablePointer<UInt64>] = []

  init(stages: [StageLayout]) { slotOf = stages.map { Array(repeating: -1, count: $0.fields.count) } }

  deinit {
    counts.deallocate()
    previous.deallocate()
    for b in scratchBuffers { b.deallocate() }
  }

  /// `count` zeroed words an evaluator keeps per lane or per stage, freed with the slots.
  func scratch(_ count: Int) -> UnsafeMutablePointer<UInt64> {
    let b = UnsafeMutablePointer<UInt64>.allocate(capacity: Swift.max(1, count))
    b.initialize(repeating: 0, count: Swift.max(1, count))
    scratchBuffers.append(b)
    return b
  }

  /// A field the stage computes: a slot of its own.
  @discardableResult
  func own(_ s: Int, _ f: Int) -> Int {
    homes.append((s, f))
    slotOf[s][f] = homes.count - 1
    return homes.count - 1
  }

  /// A field the stage copies from the slot `slot`.
  func copy(_ s: Int, _ f: Int, from slot: Int) { slotOf[s][f] = slot }

  /// Starts every lane from the one-lane kernel's values after the flush.
  func start(_ config: ConfigPhase, lanes: Int) {
    precondition(slotOf.allSatisfy { $0.allSatisfy { $0 >= 0 } }, "every field needs a slot")
    let n = homes.count
    counts.deallocate()
    previous.deallocate()
    self.lanes = lanes
    counts = .allocate(capacity: Swift.max(1, n * lanes))
    counts.initialize(repeating: 0, count: Swift.max(1, n * lanes))
    previous = .allocate(capacity: Swift.max(1, n * lanes))
    for l in 0..<lanes {
      for (i, h) in homes.enumerated() {
        (previous + l * n + i).initialize(to: config.value(stage: h.stage, field: h.field))
      }
    }
  }

  func toggles(_ s: Int, _ f: Int) -> Int {
    let slot = slotOf[s][f]
    var total: UInt64 = 0
    for l in 0..<lanes { total &+= counts[l * homes.count + slot] }
    return Int(total)
  }
}

extension UnsafeMutablePointer where Pointee == UInt64 {
  /// Slot `slot` of a lane's previous values takes `value`; its toggles go to `counts[slot]`.
  @inline(__always)
  func take(_ slot: Int, _ value: UInt64, counts: UnsafeMutablePointer<UInt64>) {
    counts[slot] &+= UInt64((self[slot] ^ value).nonzeroBitCount)
    self[slot] = value
  }
}

/// What the sink accumulates: errors against `Q_c`, per channel, and mismatches against the reference.
struct Tally {
  var error = ErrorAccumulator()
  var channelErrors: [ErrorAccumulator]
  var mismatches = 0
  var digest = OutputDigest()
  /// Every output code in stream order, if kept (nil: not).
  var outputs: [Int32]?

  init(channels: Int) { channelErrors = Array(repeating: ErrorAccumulator(), count: channels) }

  /// Every beat in stream order through `evaluator` (a zero item before each beat in `gaps`, and after the last
  /// if `trailingZero`), checking each element's output. The stream is read in the kernel source's chunks.
  mutating func stream<E: ItemEvaluator>(
    _ job: LayerJob, lanes L: Int, gaps: [Int], trailingZero: Bool = true, evaluator e: inout E
  ) {
    let count = job.stream.count
    let beats = (count + L - 1) / L
    let channels = channelErrors.count
    var error = ErrorAccumulator()
    var mismatches = self.mismatches
    var digest = self.digest
    let capture = outputs != nil
    var outputs = self.outputs ?? []
    self.outputs = nil
    let channelErrors = UnsafeMutableBufferPointer<ErrorAccumulator>.allocate(capacity: Swift.max(1, channels))
    channelErrors.initialize(repeating: ErrorAccumulator())
    defer { channelErrors.deallocate() }
    let xMask: UInt64 = e.inputBits >= 64 ? .max : (UInt64(1) << UInt64(e.inputBits)) &- 1
    let chMask = e.channelMask
    var block = ElementBlock()
    var nextGap = 0
    var beat = 0
    while beat < beats {
      let chunkBeats = Swift.min(Swift.max(1, 8192 / L), beats - beat)
      let start = beat * L
      job.stream.fill(&block, start: start, length: Swift.min(chunkBeats * L, count - start))
      let measuredAll = block.measured.isEmpty
      for b in beat..<(beat + chunkBeats) {
        if nextGap < gaps.count && gaps[nextGap] == b {
          for l in 0..<L { _ = e.lane(l, valid: 0, x: 0, channel: 0) }
          nextGap += 1
        }
        for l in 0..<L {
          let c = b * L + l - start
          guard c + start < count else {
            _ = e.lane(l, valid: 0, x: 0, channel: 0)
            continue
          }
          let x = block.x[c]
          let ch = block.channel[c]
          let y = e.lane(
            l, valid: 1, x: UInt64(bitPattern: Int64(x)) & xMask, channel: UInt64(truncatingIfNeeded: ch) & chMask)
          digest.add(y)
          if capture { outputs.append(Int32(truncatingIfNeeded: y)) }
          if measuredAll || block.measured[c] {
            // The total is the channels' merged at the end, plus the out-of-range channels' own.
            let d = y - block.expected[c]
            if ch >= 0 && ch < channels { channelErrors[ch].add(error: d) } else { error.add(error: d) }
          }
          // An out-of-range channel has no reference: it counts as a mismatch.
          if ch < 0 || ch >= channels || !e.referenceMatches(y, x, channel: ch) { mismatches += 1 }
        }
      }
      beat += chunkBeats
    }
    for c in 0..<channels {
      error.merge(channelErrors[c])
      self.channelErrors[c].merge(channelErrors[c])
    }
    self.error.merge(error)
    self.mismatches = mismatches
    self.digest = digest
    if capture { self.outputs = outputs }
    if trailingZero {
      for l in 0..<L { _ = e.lane(l, valid: 0, x: 0, channel: 0) }
    }
  }
}
