import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The temporary files and directories this process has created and not yet committed, and what a signal does to
/// them: SIGINT, SIGTERM, SIGHUP and SIGPIPE remove every one of them, then the process exits with 128 + the
/// signal's number, so an interrupted run leaves the previous outputs as they were and nothing beside them.
///
/// The handler itself only writes the signal's number into a pipe (the one async-signal-safe thing it needs); a
/// cleanup thread reads it, takes the registry's lock — so no commit is half done: a rename either happened before
/// (the output is complete) or will never happen — removes what is registered and calls `_exit`.
package enum TemporaryFiles {
  private static let lock = NSLock()
  nonisolated(unsafe) private static var files: Set<String> = []
  /// Directories created for outputs, removed (if still empty) in reverse order of creation.
  nonisolated(unsafe) private static var directories: [String] = []

  /// Runs `body` with the registry locked: a signal's cleanup waits for it, and once a cleanup has started (it
  /// keeps the lock until the process exits) the calling thread waits here for the end.
  static func withLock<T>(_ body: () throws(OutputError) -> T) throws(OutputError) -> T {
    lock.lock()
    defer { lock.unlock() }
    return try body()
  }

  /// Records `path` as a temporary file to remove on a signal (call inside ``withLock(_:)``).
  static func register(file path: String) { files.insert(path) }
  /// Forgets `path` (it was renamed into place or removed; call inside ``withLock(_:)``).
  static func unregister(file path: String) { files.remove(path) }
  /// Records a directory created for outputs (call inside ``withLock(_:)``).
  static func register(directory path: String) { directories.append(path) }
  /// Forgets a created directory: it holds committed outputs now (call inside ``withLock(_:)``).
  static func unregister(directory path: String) { directories.removeAll { $0 == path } }

  /// The signals whose default action would end the process with temporary files left behind.
  static let handledSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGPIPE]

  nonisolated(unsafe) private static var pipeWrite: Int32 = -1
  nonisolated(unsafe) private static var installed = false

  /// Installs the handlers and starts the cleanup thread (once per process; the CLI's `main` calls it, tests that
  /// run commands in-process do not).
  package static func installSignalHandlers() {
    lock.lock()
    defer { lock.unlock() }
    guard !installed else { return }
    installed = true
    var fds: [Int32] = [-1, -1]
    guard pipe(&fds) == 0 else { return }
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    pipeWrite = fds[1]
    let readEnd = fds[0]
    let thread = Thread {
      var signal: UInt8 = 0
      while read(readEnd, &signal, 1) != 1 {}
      cleanUpAndExit(Int32(signal))
    }
    thread.name = "grausim-signal-cleanup"
    thread.start()
    for s in handledSignals {
      // A signal ignored when grausim started (`nohup`, a non-interactive shell's background job) stays ignored.
      var current = sigaction()
      sigaction(s, nil, &current)
      #if canImport(Glibc)
        let handler = current.__sigaction_handler.sa_handler
      #else
        let handler = current.__sigaction_u.__sa_handler
      #endif
      if let handler, unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) { continue }
      var action = sigaction()
      #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = { s in
          var byte = UInt8(truncatingIfNeeded: s)
          _ = write(TemporaryFiles.pipeWrite, &byte, 1)
        }
      #else
        action.__sigaction_u.__sa_handler = { s in
          var byte = UInt8(truncatingIfNeeded: s)
          _ = write(TemporaryFiles.pipeWrite, &byte, 1)
        }
      #endif
      sigemptyset(&action.sa_mask)
      action.sa_flags = SA_RESTART
      sigaction(s, &action, nil)
    }
  }

  private static func cleanUpAndExit(_ signal: Int32) -> Never { abort(message: nil, code: 128 + signal) }

  /// Removes every registered temporary file and directory, writes `message` to stderr and exits with `code` at
  /// once (the budget watchdog's end; the same path a signal takes). Other threads stop where they are.
  static func abort(message: String?, code: Int32) -> Never {
    lock.lock()
    for f in files { unlink(f) }
    for d in directories.reversed() { rmdir(d) }
    if let message {
      var text = message
      text.withUTF8 { b in
        var done = 0
        while done < b.count {
          let n = write(2, b.baseAddress! + done, b.count - done)
          if n <= 0 { break }
          done += n
        }
      }
    }
    _exit(code)
  }

  /// The registered temporary files (tests).
  static var registeredFiles: Set<String> { lock.withLock { files } }
}
