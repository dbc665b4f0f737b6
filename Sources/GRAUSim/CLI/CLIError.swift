/// Process exit codes, from BSD's `sysexits.h` (what scripts and CI check).
enum ExitCode {
  static let success: Int32 = 0
  /// Wrong command-line usage: unknown option, missing or malformed value (EX_USAGE).
  static let usage: Int32 = 64
  /// The input data is wrong: a bad config value, a malformed JSON file (EX_DATAERR).
  static let dataError: Int32 = 65
  /// An input file does not exist or cannot be opened (EX_NOINPUT).
  static let noInput: Int32 = 66
  /// An internal error: a bug in grausim (EX_SOFTWARE).
  static let software: Int32 = 70
  /// An output file could not be written (EX_IOERR).
  static let ioError: Int32 = 74
  /// The run would exceed, or exceeded, its time or memory budget (EX_TEMPFAIL: retry with a larger budget).
  static let budget: Int32 = 75
}

/// An error a command reports to the user; the dispatcher renders it and exits with ``exitCode``.
struct CLIError: Error, Sendable, Equatable, CustomStringConvertible {
  enum Kind: Sendable, Equatable {
    /// Rendered with the command's usage line and a pointer to its help.
    case usage
    case dataError
    case noInput
    case ioError
    case budget
    case software
  }

  var kind: Kind
  /// The message after `Error: `, without a trailing period or newline.
  var message: String

  init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  static func usage(_ message: String) -> CLIError { CLIError(.usage, message) }
  static func dataError(_ message: String) -> CLIError { CLIError(.dataError, message) }
  static func noInput(_ message: String) -> CLIError { CLIError(.noInput, message) }
  static func ioError(_ message: String) -> CLIError { CLIError(.ioError, message) }

  var exitCode: Int32 {
    switch kind {
    case .usage: ExitCode.usage
    case .dataError: ExitCode.dataError
    case .noInput: ExitCode.noInput
    case .ioError: ExitCode.ioError
    case .budget: ExitCode.budget
    case .software: ExitCode.software
    }
  }

  var description: String { message }

  /// Classifies any error the library throws: files that cannot be written are I/O failures, malformed or
  /// out-of-range data is a data error, anything else is reported as an internal error.
  init(classifying error: any Error) {
    switch error {
    case let e as CLIError: self = e
    case let e as OutputError: self = .ioError(e.description)
    case let e as JSONSyntaxError: self = .dataError(e.description)
    case let e as JSONDecodingError: self = .dataError(e.description)
    case let e as JSONWriteError: self = .dataError(e.description)
    case let e as ValueError: self = .dataError(e.description)
    case let e as FitError: self = .dataError(e.description)
    case let e as SweepMergeError: self = .dataError(e.description)
    case let e as ActivationError: self = .dataError(e.description)
    case let e as ConfigError: self = e.kind == .missingFile ? .noInput(e.description) : .dataError(e.description)
    case let e as RunError:
      if case .trace(_, let t) = e, t.isMissingFile {
        self = .noInput(e.description)
      } else {
        self = .dataError(e.description)
      }
    case let e as RTLExportError:
      if case .output = e { self = .ioError(e.description) } else { self = .dataError(e.description) }
    default: self = CLIError(.software, "internal error: \(error)")
    }
  }
}
