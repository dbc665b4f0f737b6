/// Why a waveform could not be written.
package enum VCDError: Error, Sendable, Hashable, CustomStringConvertible {
  /// A declared signal is unusable: bad name, width, duplicate or name clash.
  case invalidSignal(name: String, reason: String)
  /// An option is out of range (clock frequency, window, size cap, top scope, ...).
  case invalidOption(name: String, expected: String, got: String)
  /// The caller reported an edge before the current one (edges must not go backwards).
  case edgeWentBackwards(edge: Int, current: Int)
  /// The caller reported a change for a signal index that was never declared.
  case unknownSignal(index: Int, declared: Int)
  /// An edge whose time does not fit in 63 bits at the chosen timescale.
  case timeOverflow(edge: Int)
  /// A file-system call failed.
  case io(path: String, operation: String, reason: String)
  /// The output file could not be written (``OutputFile``'s rule).
  case output(OutputError)
  /// The size cap is below what the header and initial values alone take.
  case sizeLimitTooSmall(needed: Int, limit: Int)
  /// The writer was used after `finish()` or `abort()`.
  case closed

  package var description: String {
    switch self {
    case .invalidSignal(let name, let reason): "signal '\(name)': \(reason)"
    case .invalidOption(let name, let expected, let got): "\(name): expected \(expected), got \(got)"
    case .edgeWentBackwards(let edge, let current):
      "value change at edge \(edge) reported after edge \(current); edges must not go backwards"
    case .unknownSignal(let index, let declared):
      "value change for signal index \(index), but only \(declared) signals are declared"
    case .timeOverflow(let edge): "edge \(edge) is too late to be represented at this timescale"
    case .io(let path, let operation, let reason): "\(path): \(operation) failed: \(reason)"
    case .output(let e): e.description
    case .sizeLimitTooSmall(let needed, let limit):
      "the size cap of \(limit) bytes is below the \(needed) bytes the header and initial values can take"
    case .closed: "the waveform writer was already finished or aborted"
    }
  }
}
