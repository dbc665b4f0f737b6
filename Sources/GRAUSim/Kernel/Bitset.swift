/// A fixed-size set of small integers; iteration over ``words`` is ascending, so order is deterministic.
///
/// Noncopyable because it owns its words: a copy would alias them and free them twice.
struct Bitset: ~Copyable {
  /// The words, bit `i & 63` of word `i >> 6` for element `i`; the kernel's scan loops read them directly.
  /// A buffer pointer, so indices are checked in debug builds and free in release builds.
  let words: UnsafeMutableBufferPointer<UInt64>

  init(capacity: Int) {
    words = .allocate(capacity: Swift.max(1, (capacity + 63) / 64))
    words.initialize(repeating: 0)
  }

  deinit { words.deallocate() }

  var wordCount: Int { words.count }

  @inline(__always) func insert(_ i: Int) { words[i >> 6] |= UInt64(1) << UInt64(i & 63) }
  @inline(__always) func remove(_ i: Int) { words[i >> 6] &= ~(UInt64(1) << UInt64(i & 63)) }
  @inline(__always) func contains(_ i: Int) -> Bool { words[i >> 6] & (UInt64(1) << UInt64(i & 63)) != 0 }

  var isEmpty: Bool { !words.contains { $0 != 0 } }

  func removeAll() { words.update(repeating: 0) }
}
