#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The process's standard output or error as a `TextOutputStream`.
struct StandardStream: TextOutputStream, Sendable {
  let fd: Int32

  static var out: StandardStream { StandardStream(fd: 1) }
  static var err: StandardStream { StandardStream(fd: 2) }

  mutating func write(_ string: String) { _ = writeReportingError(string) }

  /// Writes `string` whole (retrying interrupted and partial writes); returns `errno` of a failed write, else nil.
  func writeReportingError(_ string: String) -> Int32? {
    var s = string
    return s.withUTF8 { buffer -> Int32? in
      var offset = 0
      while offset < buffer.count {
        let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { return n < 0 ? errno : EIO }
        offset += n
      }
      return nil
    }
  }

  /// Whether the stream is a terminal (progress bars only go to terminals).
  var isTerminal: Bool { isatty(fd) != 0 }
}
