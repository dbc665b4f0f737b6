/// A layer's stream with every element's input and `Q_c(x)` computed once and held in memory, for a layer that
/// several simulations read (a run's units, a sweep's points): its blocks are exactly ``LayerStream``'s, without
/// drawing the stimulus and evaluating the activation again.
///
/// Two 16-bit codes per element when the input and output formats fit them (4 bytes), two 32-bit codes otherwise.
struct MaterializedStream: ElementStream {
  let base: LayerStream
  private let storage: Storage

  private enum Storage: Sendable {
    case narrow(Codes<Int16>)
    case wide(Codes<Int32>)
  }

  /// Every element's input and `Q_c(x)`, in stream order.
  private struct Codes<T: FixedWidthInteger & SignedInteger & Sendable>: Sendable {
    var x: [T] = []
    var expected: [T] = []

    init(_ base: LayerStream) {
      x.reserveCapacity(base.count)
      expected.reserveCapacity(base.count)
      var block = ElementBlock()
      while x.count < base.count {
        base.fill(&block, start: x.count, length: 1 << 16)
        for v in block.x { x.append(T(v)) }
        for v in block.expected { expected.append(T(v)) }
      }
    }

    func fill(_ block: inout ElementBlock, start: Int, length: Int, base: LayerStream) {
      x.withUnsafeBufferPointer { x in
        expected.withUnsafeBufferPointer { e in
          base.fill(&block, start: start, length: length, x: x, expected: e)
        }
      }
    }
  }

  var count: Int { base.count }

  /// The bytes per element for inputs in `input` and outputs in `outputs`.
  static func bytesPerElement(input: IntegerFormat, outputs: some Sequence<IntegerFormat>) -> Int {
    func fits(_ f: IntegerFormat) -> Bool { f.min >= Int(Int16.min) && f.max <= Int(Int16.max) }
    return fits(input) && outputs.allSatisfy(fits) ? 4 : 8
  }

  private static func bytesPerElement(_ s: LayerStream) -> Int {
    bytesPerElement(input: s.stimulus.input, outputs: s.activations.lazy.map(\.output))
  }

  /// The memory ``init(_:)`` would take for `stream`, in bytes.
  static func bytes(_ stream: LayerStream) -> Int { stream.count * bytesPerElement(stream) }

  /// Draws every element of `base` once (inputs lie in W ≤ 32 bits and outputs in n ≤ 16 bits, so 32-bit codes
  /// always hold them).
  init(_ base: LayerStream) {
    self.base = base
    storage = Self.bytesPerElement(base) == 4 ? .narrow(Codes(base)) : .wide(Codes(base))
  }

  func fill(_ block: inout ElementBlock, start: Int, length: Int) {
    switch storage {
    case .narrow(let codes): codes.fill(&block, start: start, length: length, base: base)
    case .wide(let codes): codes.fill(&block, start: start, length: length, base: base)
    }
  }
}
