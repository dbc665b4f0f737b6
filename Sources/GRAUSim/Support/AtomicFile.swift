import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a file could not be written; says what failed and where.
package struct AtomicFileError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file that was to be written.
  var path: String
  /// What failed, e.g. "create a temporary file in 'out'".
  var operation: String
  /// The system's reason (`strerror`).
  var reason: String

  package var description: String { "cannot write '\(path)': \(operation) failed: \(reason)" }
}

/// Writes files all-or-nothing: readers see the old file or the complete new one, never a partial one.
package enum AtomicFile {
  /// Writes `data` to `path` via a temporary file in the same directory, `fsync`, then `rename`.
  ///
  /// The file gets mode 0644 (reports are meant to be shared). The directory must exist: nothing is created
  /// but the temporary file `.<name>.tmp-XXXXXX` (renamed on success, removed on every failure).
  ///
  /// - Throws: ``AtomicFileError`` naming the step and the system's reason; no partial file remains.
  package static func write(_ data: some Collection<UInt8>, to path: String) throws(AtomicFileError) {
    func fail(_ operation: String) -> AtomicFileError {
      AtomicFileError(path: path, operation: operation, reason: String(cString: strerror(errno)))
    }
    guard !path.isEmpty else {
      throw AtomicFileError(path: path, operation: "resolve the path", reason: "the path is empty")
    }
    let directory = (path as NSString).deletingLastPathComponent
    let name = (path as NSString).lastPathComponent
    let dirForTemp = directory.isEmpty ? "." : directory
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
      throw AtomicFileError(path: path, operation: "replace the target", reason: "it is a directory")
    }
    var template = Array("\(dirForTemp)/.\(name).tmp-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else { throw fail("create a temporary file in '\(dirForTemp)'") }
    let tempPath = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var committed = false
    defer {
      if !committed { unlink(tempPath) }
    }
    do {
      defer { close(fd) }
      guard fchmod(fd, 0o644) == 0 else { throw fail("set the permissions of '\(tempPath)'") }
      let bytes = Array(data)
      var written = 0
      while written < bytes.count {
        let n = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress! + written, bytes.count - written) }
        if n < 0 {
          if errno == EINTR { continue }
          throw fail("write \(bytes.count) bytes to '\(tempPath)'")
        }
        written += n
      }
      guard fsync(fd) == 0 else { throw fail("flush '\(tempPath)' to disk") }
    }
    guard rename(tempPath, path) == 0 else { throw fail("rename '\(tempPath)' to '\(path)'") }
    committed = true
    // Make the rename itself durable; a failure here leaves a complete file, so it is not reported.
    let dirFD = open(dirForTemp, O_RDONLY)
    if dirFD >= 0 {
      _ = fsync(dirFD)
      close(dirFD)
    }
  }

  /// Writes `string` as UTF-8; see ``write(_:to:)``.
  static func write(_ string: String, to path: String) throws(AtomicFileError) {
    try write(Array(string.utf8), to: path)
  }
}

#if canImport(Glibc)
  private let systemWrite = Glibc.write
#elseif canImport(Darwin)
  private let systemWrite = Darwin.write
#endif
