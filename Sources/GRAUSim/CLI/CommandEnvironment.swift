import Foundation

/// Somewhere text goes: the process's stdout or stderr, or a buffer in a test.
struct TextSink: Sendable {
  private let sink: @Sendable (String) -> Void
  /// Why a write failed, in words (the first failure); nil while every write succeeded.
  let failure: @Sendable () -> String?

  /// A sink that hands every string to `write` (which cannot fail).
  init(_ write: @escaping @Sendable (String) -> Void) {
    self.sink = write
    self.failure = { nil }
  }

  private init(stream: StandardStream) {
    let status = StreamStatus()
    sink = { text in
      guard status.error == nil, let code = stream.writeReportingError(text) else { return }
      status.error = code
    }
    failure = { status.error.map { OutputFile.reason($0, directory: nil) } }
  }

  func write(_ text: String) { sink(text) }

  /// The process's standard output; a failed write (a full disk, a closed pipe) is kept for ``failure``.
  static var standardOutput: TextSink { TextSink(stream: .out) }

  /// The process's standard error.
  static var standardError: TextSink { TextSink(stream: .err) }
}

/// The first failed write of a process stream (after which nothing more is written to it).
private final class StreamStatus: @unchecked Sendable {
  private let lock = NSLock()
  private var storage: Int32?

  var error: Int32? {
    get { lock.withLock { storage } }
    set { lock.withLock { storage = newValue } }
  }
}

/// Collects everything written to it (tests, and the `run(arguments:stdout:stderr:)` entry point).
final class TextBuffer: @unchecked Sendable {
  private let lock = NSLock()
  private var storage = ""

  init() {}

  /// Everything written so far.
  var text: String { lock.withLock { storage } }

  /// A sink appending to this buffer.
  var sink: TextSink { TextSink { [self] s in lock.withLock { storage += s } } }
}

/// Everything a command may touch of the outside world, passed in so that tests run commands in-process.
struct CommandEnvironment: Sendable {
  var stdout: TextSink
  var stderr: TextSink
  /// Whether stderr is a terminal: progress display goes only to terminals.
  var stderrIsTerminal: Bool
  /// The directory relative paths are resolved against.
  var currentDirectory: String
  /// Whether this is the process itself (``process``), which a budget watchdog may end; false in tests.
  var isProcess = false

  init(stdout: TextSink, stderr: TextSink, stderrIsTerminal: Bool = false, currentDirectory: String) {
    self.stdout = stdout
    self.stderr = stderr
    self.stderrIsTerminal = stderrIsTerminal
    self.currentDirectory = currentDirectory
  }

  /// The environment of this process.
  static var process: CommandEnvironment {
    var env = CommandEnvironment(
      stdout: .standardOutput, stderr: .standardError, stderrIsTerminal: StandardStream.err.isTerminal,
      currentDirectory: FileManager.default.currentDirectoryPath)
    env.isProcess = true
    return env
  }

  /// `path` made absolute against ``currentDirectory`` (absolute and empty paths are returned unchanged).
  func resolve(_ path: String) -> String {
    if path.isEmpty || path.hasPrefix("/") || currentDirectory.isEmpty { return path }
    return currentDirectory.hasSuffix("/") ? currentDirectory + path : currentDirectory + "/" + path
  }
}
