/// How a VCD spells each signal's value changes: `0!` for 1-bit signals, `b101 !` (leading zeros dropped) for
/// vectors, each line ended by the signal's identifier. Holds the identifiers and widths in fixed buffers; the
/// writer owns one and frees it.
final class VCDValueFormat {
  private let count: Int
  private let widths: UnsafeMutableBufferPointer<UInt8>
  private let idStart: UnsafeMutableBufferPointer<Int32>
  private let idBytes: UnsafeMutableBufferPointer<UInt8>
  /// Per signal with an identifier of at most 6 bytes: " <id>\n" as one little-endian word (the end of a vector
  /// change; a scalar's drops the space) and its length; 0 for longer identifiers.
  private let idTail: UnsafeMutableBufferPointer<UInt64>
  private let idTailLength: UnsafeMutableBufferPointer<UInt8>
  /// Byte b's eight binary digits as ASCII, most significant first in memory order (little-endian word).
  private let binaryDigits: UnsafeMutableBufferPointer<UInt64>

  init(signals: [VCDSignal], header: VCDHeader) {
    let n = signals.count
    count = n
    widths = .allocate(capacity: max(n, 1))
    idStart = .allocate(capacity: n + 1)
    idBytes = .allocate(capacity: max(header.idBytes.count, 1))
    idTail = .allocate(capacity: max(n, 1))
    idTailLength = .allocate(capacity: max(n, 1))
    binaryDigits = .allocate(capacity: 256)
    for (k, byte) in header.idBytes.enumerated() { idBytes[k] = byte }
    for i in 0...n { idStart[i] = Int32(header.idStart[i]) }
    for (i, s) in signals.enumerated() {
      widths[i] = UInt8(s.width)
      let id = header.idBytes[header.idStart[i]..<header.idStart[i + 1]]
      var word: UInt64 = 32
      for (k, byte) in id.enumerated() { word |= UInt64(byte) << UInt64(8 * (k + 1)) }
      word |= 10 << UInt64(8 * (id.count + 1))
      idTail[i] = id.count <= 6 ? word : 0
      idTailLength[i] = id.count <= 6 ? UInt8(id.count + 2) : 0
    }
    for b in 0..<256 {
      var word: UInt64 = 0
      for k in 0..<8 { word |= UInt64(48 + (b >> (7 - k)) & 1) << UInt64(8 * k) }
      binaryDigits[b] = word
    }
  }

  deinit {
    widths.deallocate()
    idStart.deallocate()
    idBytes.deallocate()
    idTail.deallocate()
    idTailLength.deallocate()
    binaryDigits.deallocate()
  }

  /// Writes signal i's change to value v at `base + at`; returns the offset after it. Needs 8 bytes of slack
  /// after the change in the buffer (it stores 8 bytes at a time).
  @inline(__always)
  func write(_ i: Int, _ v: UInt64, to base: UnsafeMutableRawPointer, at: Int) -> Int {
    var o = at
    let tailLength = Int(idTailLength[i])
    if widths[i] == 1 {
      base.storeBytes(of: UInt8(truncatingIfNeeded: v) &+ 48, toByteOffset: o, as: UInt8.self)
      o &+= 1
      if tailLength > 0 {
        base.storeBytes(of: (idTail[i] >> 8).littleEndian, toByteOffset: o, as: UInt64.self)
        return o &+ tailLength &- 1
      }
    } else {
      base.storeBytes(of: UInt8(ascii: "b"), toByteOffset: o, as: UInt8.self)
      o = binary(v, to: base, at: o &+ 1)
      if tailLength > 0 {
        base.storeBytes(of: idTail[i].littleEndian, toByteOffset: o, as: UInt64.self)
        return o &+ tailLength
      }
      base.storeBytes(of: UInt8(32), toByteOffset: o, as: UInt8.self)
      o &+= 1
    }
    var k = Int(idStart[i])
    let end = Int(idStart[i + 1])
    while k < end {
      base.storeBytes(of: idBytes[k], toByteOffset: o, as: UInt8.self)
      o &+= 1
      k &+= 1
    }
    base.storeBytes(of: UInt8(10), toByteOffset: o, as: UInt8.self)
    return o &+ 1
  }

  /// The digits of `v` without leading zeros ("0" for zero), eight at a time: each group is one 8-byte store,
  /// the first advanced past its leading zeros.
  @inline(__always)
  private func binary(_ v: UInt64, to base: UnsafeMutableRawPointer, at: Int) -> Int {
    var o = at
    let bits = v == 0 ? 1 : 64 - v.leadingZeroBitCount
    var group = (bits &- 1) >> 3
    let lead = bits &- (group << 3)
    let first = binaryDigits[Int(truncatingIfNeeded: (v >> UInt64(group << 3)) & 0xff)] >> UInt64((8 &- lead) << 3)
    base.storeBytes(of: first.littleEndian, toByteOffset: o, as: UInt64.self)
    o &+= lead
    while group > 0 {
      group &-= 1
      let digits = binaryDigits[Int(truncatingIfNeeded: (v >> UInt64(group << 3)) & 0xff)]
      base.storeBytes(of: digits.littleEndian, toByteOffset: o, as: UInt64.self)
      o &+= 8
    }
    return o
  }
}
