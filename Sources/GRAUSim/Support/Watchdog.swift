import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Enforces a time and memory budget on the running process: a thread checks the elapsed time and the resident
/// memory every 100 ms and, past either limit, ends the process the way a signal does (``TemporaryFiles``: the
/// temporary files of unfinished outputs are removed, the previous outputs stay) with an `Error:` line.
enum Watchdog {
  /// The exit code of a run stopped by its budget (EX_TEMPFAIL: retry with a larger budget).
  static let exitCode: Int32 = 75

  /// Starts watching (nothing when both limits are nil).
  ///
  /// - Parameters:
  ///   - seconds: The wall-time limit from now.
  ///   - bytes: The resident-memory limit (Linux: `/proc/self/statm`; elsewhere only the time is watched).
  ///   - describe: How the `Error:` line names the limits (`--max-seconds`, `--max-memory`).
  static func start(seconds: Double?, bytes: Int?, names: (seconds: String, memory: String)) {
    guard seconds != nil || bytes != nil else { return }
    let start = ContinuousClock.now
    let thread = Thread {
      while true {
        usleep(100_000)
        let elapsed = ContinuousClock.now - start
        let s = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        if let seconds, s > seconds {
          TemporaryFiles.abort(
            message: "Error: the run exceeded \(names.seconds) \(format(seconds)) (stopped after "
              + "\(format(s)) s); no output was written\n", code: exitCode)
        }
        if let bytes, let resident = residentBytes(), resident > bytes {
          TemporaryFiles.abort(
            message: "Error: the run exceeded \(names.memory) \(bytes / 1_000_000) (resident memory reached "
              + "\(resident / 1_000_000) MB); no output was written\n", code: exitCode)
        }
      }
    }
    thread.name = "grausim-budget"
    thread.start()
  }

  /// The process's resident memory in bytes, or nil where it cannot be read.
  static func residentBytes() -> Int? {
    #if os(Linux)
      guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
      let fields = text.split(separator: " ")
      guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
      return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    #else
      return nil
    #endif
  }

  static func format(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(format: "%.1f", x) }
}
