/// A fixed-size set of small integers over unsafe words; iteration is ascending, so order is deterministic.
struct Bitset {
  let words: UnsafeMutablePointer<UInt64>
  let wordCount: Int

  init(capacity: Int) {
    wordCount = Swift.max(1, (capacity + 63) / 64)
    words = .allocate(capacity: wordCount)
    words.initialize(repeating: 0, count: wordCount)
  }

  func deallocate() { words.deallocate() }

  @inline(__always) func insert(_ i: Int) { words[i >> 6] |= UInt64(1) << UInt64(i & 63) }
  @inline(__always) func remove(_ i: Int) { words[i >> 6] &= ~(UInt64(1) << UInt64(i & 63)) }
  @inline(__always) func contains(_ i: Int) -> Bool { words[i >> 6] & (UInt64(1) << UInt64(i & 63)) != 0 }

  var isEmpty: Bool {
    for w in 0..<wordCount where words[w] != 0 { return false }
    return true
  }

  func removeAll() { words.update(repeating: 0, count: wordCount) }
}
