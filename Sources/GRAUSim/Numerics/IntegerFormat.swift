/// A two's-complement or unsigned integer format of a given width, as carried by a hardware port.
package struct IntegerFormat: Sendable, Hashable, Codable, CustomStringConvertible {
  /// Width in bits, 1...62.
  var bits: Int
  /// Whether the code is two's complement.
  var signed: Bool

  /// Creates a format. `bits` must be in 1...62 (checked by ``validate()``).
  package init(bits: Int, signed: Bool) {
    self.bits = bits
    self.signed = signed
  }

  /// The smallest representable value.
  package var min: Int { signed ? -(1 << (bits - 1)) : 0 }
  /// The largest representable value.
  package var max: Int { signed ? (1 << (bits - 1)) - 1 : (1 << bits) - 1 }
  /// Number of representable values.
  package var count: Int { 1 << bits }

  /// Clamps `v` into `min...max` (saturation).
  package func clamp(_ v: Int) -> Int { Swift.min(Swift.max(v, min), max) }

  /// Keeps the low `bits` bits of `v` and reinterprets them in this format (what a register of this width holds).
  func wrap(_ v: Int) -> Int {
    let shift = 64 - bits
    return signed ? (v << shift) >> shift : Int(bitPattern: UInt(bitPattern: v << shift) >> UInt(shift))
  }

  /// Whether `v` is representable.
  func contains(_ v: Int) -> Bool { v >= min && v <= max }

  /// The raw bit pattern of `v` (low `bits` bits), as a waveform or hex file shows it.
  func pattern(_ v: Int) -> UInt64 {
    bits >= 64 ? UInt64(bitPattern: Int64(v)) : UInt64(bitPattern: Int64(v)) & ((1 << UInt64(bits)) - 1)
  }

  package var description: String { "\(signed ? "s" : "u")\(bits)" }
}

extension Int {
  /// Arithmetic (floor) right shift, the `>>>` of Verilog on a signed value.
  func floorShift(_ amount: Int) -> Int { amount >= 63 ? (self < 0 ? -1 : 0) : self >> amount }
}

extension Int {
  /// `self / d` rounded towards −∞ (`d > 0`).
  func floorDivided(by d: Int) -> Int {
    let q = self / d
    return (self % d != 0 && self < 0) ? q - 1 : q
  }
}

/// ``IntegerFormat/wrap(_:)`` and ``IntegerFormat/clamp(_:)`` with the format's constants hoisted.
struct FormatOps {
  let shift: Int
  let signed: Bool
  let min: Int
  let max: Int

  init(_ f: IntegerFormat) {
    shift = 64 - f.bits
    signed = f.signed
    min = f.min
    max = f.max
  }

  @inline(__always)
  func wrap(_ v: Int) -> Int {
    signed ? (v << shift) >> shift : Int(bitPattern: UInt(bitPattern: v << shift) >> UInt(shift))
  }

  @inline(__always)
  func clamp(_ v: Int) -> Int { Swift.min(Swift.max(v, min), max) }
}
