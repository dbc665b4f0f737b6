/// The declaration part of a VCD file, from `$date` to `$enddefinitions`, and the identifier code of each
/// signal.
struct VCDHeader {
  /// The header bytes.
  var text: [UInt8] = []
  /// Identifier code of signal `i`: `idBytes[idStart[i] ..< idStart[i + 1]]`.
  var idBytes: [UInt8] = []
  var idStart: [Int] = [0]

  /// The most bytes the smallest complete file can take: this header, then the time and `$dumpvars` with every
  /// signal's value (at most its width in binary digits, its identifier, a `b`, a space and a newline).
  func initialBytesBound(_ signals: [VCDSignal]) -> Int {
    text.count + 64 + signals.indices.reduce(0) { $0 + signals[$1].width + idStart[$1 + 1] - idStart[$1] + 3 }
  }

  private enum Item {
    case scope(Int)
    case variable(Int)
  }

  private struct Scope {
    var name: String
    var items: [Item] = []
  }

  init(signals: [VCDSignal], options: VCDWriterOptions, timing: VCDClockTiming) throws(VCDError) {
    if let top = options.topScope, !Self.isIdentifier(top) {
      throw .invalidOption(
        name: "top_scope", expected: "a non-empty name of ASCII letters, digits and '_'", got: "'\(top)'")
    }
    if options.version.contains(where: { $0 == "$" || $0.isNewline }) {
      throw .invalidOption(name: "version", expected: "text without '$' or line breaks", got: options.version)
    }

    // Scope tree in order of first appearance; lookups only (no dictionary iteration reaches the output).
    var scopes = [Scope(name: options.topScope ?? "")]
    var childScope: [String: Int] = [:]  // "<parent index>/<name>" -> scope index
    var leafNames: Set<String> = []  // "<parent index>/<name>" of variables
    for (index, signal) in signals.enumerated() {
      guard (1...64).contains(signal.width) else {
        throw .invalidSignal(name: signal.name, reason: "width must be 1 ... 64 bits, got \(signal.width)")
      }
      if signal.role == .clock, signal.width != 1 {
        throw .invalidSignal(name: signal.name, reason: "a clock must be 1 bit wide, got \(signal.width)")
      }
      let parts = signal.name.split(separator: ".", omittingEmptySubsequences: false)
      guard parts.allSatisfy({ Self.isIdentifier($0) }) else {
        throw .invalidSignal(
          name: signal.name,
          reason: "expected dot-separated non-empty names of ASCII letters, digits and '_' (no spaces)")
      }
      var parent = 0
      for part in parts.dropLast() {
        let key = "\(parent)/\(part)"
        if leafNames.contains(key) {
          throw .invalidSignal(name: signal.name, reason: "'\(part)' is already declared as a signal, not a scope")
        }
        if let existing = childScope[key] {
          parent = existing
        } else {
          scopes.append(Scope(name: String(part)))
          let new = scopes.count - 1
          scopes[parent].items.append(.scope(new))
          childScope[key] = new
          parent = new
        }
      }
      let key = "\(parent)/\(parts.last!)"
      if leafNames.contains(key) {
        throw .invalidSignal(name: signal.name, reason: "declared twice")
      }
      if childScope[key] != nil {
        throw .invalidSignal(name: signal.name, reason: "the name is already used by a scope")
      }
      leafNames.insert(key)
      scopes[parent].items.append(.variable(index))
      Self.appendIdentifierCode(index, to: &idBytes)
      idStart.append(idBytes.count)
    }

    var header = "$date grausim (no wall-clock date: identical runs give identical files) $end\n"
    header += "$version grausim\(options.version.isEmpty ? "" : " " + options.version) $end\n"
    header += "$timescale \(timing.timescale) $end\n"
    header += "$comment clock \(timing.clockMHz) MHz: edge e at time e*\(timing.period), clock high for "
    header += "\(timing.highTime)\(timing.isExact ? "" : " (period rounded to whole picoseconds)") $end\n"
    text = Array(header.utf8)

    func emit(_ scope: Int) {
      for item in scopes[scope].items {
        switch item {
        case .scope(let child):
          text += Array("$scope module \(scopes[child].name) $end\n".utf8)
          emit(child)
          text += Array("$upscope $end\n".utf8)
        case .variable(let i):
          let s = signals[i]
          let last = s.name.split(separator: ".").last!
          let kind = s.isRegister && s.role != .clock ? "reg" : "wire"
          text += Array("$var \(kind) \(s.width) ".utf8)
          text += idBytes[idStart[i]..<idStart[i + 1]]
          text += Array(" \(last)\(s.width > 1 ? " [\(s.width - 1):0]" : "") $end\n".utf8)
        }
      }
    }
    if let top = options.topScope {
      text += Array("$scope module \(top) $end\n".utf8)
      emit(0)
      text += Array("$upscope $end\n".utf8)
    } else {
      emit(0)
    }
    text += Array("$enddefinitions $end\n".utf8)
  }

  private static func isIdentifier(_ s: some StringProtocol) -> Bool {
    !s.isEmpty
      && s.utf8.allSatisfy { c in
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
      }
  }

  /// Identifier code of signal `index`: printable ASCII 33 ... 126 as bijective base-94 digits, least
  /// significant first, so the 94 first signals get one character, the next 94² two, and so on.
  static func appendIdentifierCode(_ index: Int, to bytes: inout [UInt8]) {
    var n = index
    repeat {
      bytes.append(UInt8(33 + n % 94))
      n = n / 94 - 1
    } while n >= 0
  }
}
