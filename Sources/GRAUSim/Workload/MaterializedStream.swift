/// A layer's stream with every element's input and `Q_c(x)` computed once and held in memory, for a layer that
/// several simulations read (a run's units, a sweep's points): its blocks are exactly ``LayerStream``'s, without
/// drawing the stimulus and evaluating the activation again.
///
/// Two 16-bit codes per element when the input and output formats fit them (4 bytes), two 32-bit codes otherwise.
struct MaterializedStream: ElementStream {
  let base: LayerStream
  private let storage: Storage

  private enum Storage: Sendable {
    case narrow(x: [Int16], expected: [Int16])
    case wide(x: [Int32], expected: [Int32])
  }

  var count: Int { base.count }

  /// The memory ``init(_:)`` would take for `stream`, in bytes.
  static func bytes(_ stream: LayerStream) -> Int { stream.count * (fitsNarrow(stream) ? 4 : 8) }

  private static func fitsNarrow(_ stream: LayerStream) -> Bool {
    func fits(_ f: IntegerFormat) -> Bool { f.min >= Int(Int16.min) && f.max <= Int(Int16.max) }
    return fits(stream.stimulus.input) && stream.activations.allSatisfy { fits($0.output) }
  }

  /// Draws every element of `base` once (inputs lie in W ≤ 32 bits and outputs in n ≤ 16 bits, so 32-bit codes
  /// always hold them).
  init(_ base: LayerStream) {
    self.base = base
    let narrow = Self.fitsNarrow(base)
    var x16: [Int16] = []
    var e16: [Int16] = []
    var x32: [Int32] = []
    var e32: [Int32] = []
    if narrow {
      x16.reserveCapacity(base.count)
      e16.reserveCapacity(base.count)
    } else {
      x32.reserveCapacity(base.count)
      e32.reserveCapacity(base.count)
    }
    var block = ElementBlock()
    var start = 0
    while start < base.count {
      base.fill(&block, start: start, length: 1 << 16)
      if narrow {
        for v in block.x { x16.append(Int16(v)) }
        for v in block.expected { e16.append(Int16(v)) }
      } else {
        for v in block.x { x32.append(Int32(v)) }
        for v in block.expected { e32.append(Int32(v)) }
      }
      start += block.count
    }
    storage = narrow ? .narrow(x: x16, expected: e16) : .wide(x: x32, expected: e32)
  }

  func fill(_ block: inout ElementBlock, start: Int, length: Int) {
    switch storage {
    case .narrow(let x, let expected):
      x.withUnsafeBufferPointer { x in
        expected.withUnsafeBufferPointer { e in
          base.fill(&block, start: start, length: length) { i, _, _ in (Int(x[i]), Int(e[i])) }
        }
      }
    case .wide(let x, let expected):
      x.withUnsafeBufferPointer { x in
        expected.withUnsafeBufferPointer { e in
          base.fill(&block, start: start, length: length) { i, _, _ in (Int(x[i]), Int(e[i])) }
        }
      }
    }
  }
}
