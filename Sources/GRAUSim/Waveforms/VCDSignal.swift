/// What a traced signal carries. The waveform writers use it as a display hint (radix, grouping); the energy
/// model uses the same four classes (docs/datapath.md, "Signal names seen by users").
enum VCDSignalRole: String, Sendable, Hashable, CaseIterable {
  /// Datapath values: `x`, `big`, `v`, `acc`, `s`, `y`, `bias`. Shown in (signed) decimal.
  case data
  /// Control state: `seg`, `cnt`, `idx`, `set`, `neg`, `step`. Shown in unsigned decimal.
  case control
  /// Valid bits and handshakes: `valid`, `in_valid`, `in_ready`, `out_valid`, `out_ready`.
  case valid
  /// Parameter-memory and configuration words. Shown in hexadecimal.
  case parameter
  /// A clock the writer drives itself: high from each edge time for half a period. Must be 1 bit wide;
  /// value changes reported for it are ignored.
  case clock
}

/// How GTKWave should display a signal (the radix flags of a `.gtkw` save file).
enum VCDRadix: String, Sendable, Hashable, CaseIterable {
  case binary
  case hexadecimal
  case decimal
  case signedDecimal
}

/// One traced signal, declared before the first value change and then addressed by its index in the
/// declaration array.
struct VCDSignal: Sendable, Hashable {
  /// Hierarchical dotted name, e.g. `grau.lane0.cmp3.seg` or `grau.clk`. Every component but the last is a
  /// scope (`$scope module`); components are non-empty and made of ASCII letters, digits and `_`.
  var name: String
  /// Width in bits, 1 ... 64.
  var width: Int
  /// Whether the value is a two's-complement number (affects only how viewers display it).
  var isSigned: Bool
  /// Display and energy class.
  var role: VCDSignalRole
  /// Value before the first reported change (registers reset to 0). Truncated to `width` bits.
  var initialValue: UInt64
  /// Overrides the radix the role implies in `.gtkw` files.
  var radix: VCDRadix?
  /// Whether the signal is a register (`$var reg`) or a combinational net / port (`$var wire`).
  var isRegister: Bool

  /// Declares a signal.
  ///
  /// - Parameters:
  ///   - name: Hierarchical dotted name, e.g. `grau.lane0.cmp3.seg`.
  ///   - width: Bits, 1 ... 64.
  ///   - signed: Two's-complement value (display only).
  ///   - role: Display and energy class; `.clock` signals are driven by the writer.
  ///   - initialValue: Value before the first change.
  ///   - radix: Display radix override for `.gtkw` files.
  ///   - isRegister: `reg` (default) or `wire` in the VCD; clocks are always wires.
  init(
    _ name: String, width: Int, signed: Bool = false, role: VCDSignalRole, initialValue: UInt64 = 0,
    radix: VCDRadix? = nil, isRegister: Bool = true
  ) {
    self.name = name
    self.width = width
    self.isSigned = signed
    self.role = role
    self.initialValue = initialValue
    self.radix = radix
    self.isRegister = isRegister
  }

  /// The radix a viewer should use: the override, else binary for 1 bit, signed decimal for signed data,
  /// hexadecimal for parameters, decimal otherwise.
  var displayRadix: VCDRadix {
    if let radix { return radix }
    if width == 1 { return .binary }
    switch role {
    case .data, .control: return isSigned ? .signedDecimal : .decimal
    case .parameter: return .hexadecimal
    case .valid, .clock: return .binary
    }
  }

  /// The bits a value of this signal can hold.
  var mask: UInt64 { width >= 64 ? .max : (1 << UInt64(width)) - 1 }
}
