import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why an input file could not be read, in words the user can act on.
struct InputFileError: Error, Sendable, Hashable, CustomStringConvertible {
  enum Kind: Sendable, Hashable {
    /// Nothing exists at the path (or a component of it is missing).
    case missing
    /// Something exists but cannot be read as a file: a directory, no permission, an I/O error.
    case unreadable
  }

  var kind: Kind
  /// What is wrong: "no such file", "it is a directory", "permission denied".
  var reason: String

  var description: String { reason }
}

/// Reads input files whole, with the one set of reasons every input (configs, traces, tables) reports.
enum InputFile {
  /// The bytes of the file at `path` (a regular file, or a FIFO or character device read to its end).
  ///
  /// - Parameter limit: The largest size accepted (default 2^36 bytes); a larger regular file is refused before
  ///   anything is read.
  static func read(_ path: String, limit: Int = 1 << 36) throws(InputFileError) -> [UInt8] {
    var info = stat()
    guard !path.isEmpty else { throw InputFileError(kind: .missing, reason: "the path is empty") }
    guard stat(path, &info) == 0 else {
      let code = errno
      if code == ENOENT || code == ENOTDIR { throw InputFileError(kind: .missing, reason: "no such file") }
      throw InputFileError(kind: .unreadable, reason: OutputFile.reason(code, directory: nil))
    }
    switch info.st_mode & S_IFMT {
    case S_IFDIR: throw InputFileError(kind: .unreadable, reason: "it is a directory, not a file")
    case S_IFREG, S_IFIFO, S_IFCHR: break
    default: throw InputFileError(kind: .unreadable, reason: "it is not a regular file")
    }
    if info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) > limit {
      throw InputFileError(kind: .unreadable, reason: "it is larger than \(limit) bytes")
    }
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw InputFileError(kind: .unreadable, reason: OutputFile.reason(errno, directory: nil)) }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        throw InputFileError(kind: .unreadable, reason: OutputFile.reason(errno, directory: nil))
      }
      if n == 0 { break }
      guard bytes.count + n <= limit else {
        throw InputFileError(kind: .unreadable, reason: "it is larger than \(limit) bytes")
      }
      bytes.append(contentsOf: chunk[0..<n])
    }
    return bytes
  }

  /// The first `count` bytes of the file at `path` (fewer when it is shorter).
  static func prefix(_ path: String, count: Int) throws(InputFileError) -> [UInt8] {
    // The same checks as `read`, then stop after `count` bytes.
    var info = stat()
    if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG {
      let fd = open(path, O_RDONLY | O_CLOEXEC)
      guard fd >= 0 else { throw InputFileError(kind: .unreadable, reason: OutputFile.reason(errno, directory: nil)) }
      defer { close(fd) }
      var bytes = [UInt8](repeating: 0, count: count)
      var done = 0
      while done < count {
        let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + done, count - done) }
        if n < 0 && errno == EINTR { continue }
        if n < 0 { throw InputFileError(kind: .unreadable, reason: OutputFile.reason(errno, directory: nil)) }
        if n == 0 { break }
        done += n
      }
      return Array(bytes[0..<done])
    }
    return Array(try read(path).prefix(count))
  }
}
