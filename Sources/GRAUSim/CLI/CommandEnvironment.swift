import Foundation

/// Somewhere text goes: the process's stdout or stderr, or a buffer in a test.
struct TextSink: Sendable {
  private let sink: @Sendable (String) -> Void

  /// A sink that hands every string to `write`.
  init(_ write: @escaping @Sendable (String) -> Void) { self.sink = write }

  func write(_ text: String) { sink(text) }

  /// The process's standard output.
  static var standardOutput: TextSink {
    TextSink { text in
      var s = StandardStream.out
      s.write(text)
    }
  }

  /// The process's standard error.
  static var standardError: TextSink {
    TextSink { text in
      var s = StandardStream.err
      s.write(text)
    }
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

  init(stdout: TextSink, stderr: TextSink, stderrIsTerminal: Bool = false, currentDirectory: String) {
    self.stdout = stdout
    self.stderr = stderr
    self.stderrIsTerminal = stderrIsTerminal
    self.currentDirectory = currentDirectory
  }

  /// The environment of this process.
  static var process: CommandEnvironment {
    CommandEnvironment(
      stdout: .standardOutput, stderr: .standardError, stderrIsTerminal: StandardStream.err.isTerminal,
      currentDirectory: FileManager.default.currentDirectoryPath)
  }

  /// `path` made absolute against ``currentDirectory`` (absolute paths are returned unchanged).
  func resolve(_ path: String) -> String {
    if path.hasPrefix("/") || currentDirectory.isEmpty { return path }
    return currentDirectory.hasSuffix("/") ? currentDirectory + path : currentDirectory + "/" + path
  }
}
