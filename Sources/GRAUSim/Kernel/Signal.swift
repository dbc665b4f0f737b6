/// One signal as the kernel knows it: a wire or a register of `width` bits (1...64).
///
/// Values are held as bit patterns in the low `width` bits of a `UInt64`; `signed` only tells readers (and
/// waveform viewers) how to interpret the pattern.
struct SignalDeclaration: Sendable, Hashable {
  /// Hierarchical dotted name, e.g. `mt.lane0.stage3.cnt`.
  var name: String
  var width: Int
  var signed: Bool
  var signalClass: SignalClass

  init(name: String, width: Int, signed: Bool = false, signalClass: SignalClass) {
    self.name = name
    self.width = width
    self.signed = signed
    self.signalClass = signalClass
  }

  /// The mask of the low `width` bits.
  var mask: UInt64 { width >= 64 ? .max : (UInt64(1) << UInt64(width)) &- 1 }
}

/// Why a simulation could not run to its end.
enum KernelError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Delta cycles did not settle: `signals` kept changing after `deltas` delta cycles at edge `edge`.
  case combinationalLoop(edge: Int, deltas: Int, signals: [String])

  var description: String {
    switch self {
    case .combinationalLoop(let edge, let deltas, let signals):
      "combinational loop: signals \(signals.joined(separator: ", ")) still changing after \(deltas) delta "
        + "cycles at edge \(edge)"
    }
  }
}

extension UInt64 {
  /// Sign-extends the low `width` bits (the value a signed register of that width holds).
  @inline(__always)
  func signExtended(_ width: Int) -> Int {
    let shift = UInt64(64 - width)
    return Int(bitPattern: UInt(self << shift)) >> Int(shift)
  }
}

extension Int {
  /// The low `width` bits of the two's-complement pattern (what a register of that width stores).
  @inline(__always)
  func pattern(_ mask: UInt64) -> UInt64 { UInt64(bitPattern: Int64(self)) & mask }
}
