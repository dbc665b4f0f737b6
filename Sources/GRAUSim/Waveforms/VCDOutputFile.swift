#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A temporary file next to a target path that replaces the target atomically on `commit()`.
///
/// Readers of the target never see a half-written waveform: the bytes go to `.<name>.<pid>-<n>.tmp` in the
/// same directory (same file system, so `rename(2)` is atomic), which is fsynced before the rename.
final class VCDOutputFile {
  let target: String
  let temporary: String
  private var fd: Int32
  /// Whether the temporary file still exists under its own name (false once renamed or deleted).
  private var pending = true

  /// Creates the temporary file (exclusively; an existing one with the same name is never reused).
  init(target: String) throws(VCDError) {
    guard !target.isEmpty else { throw .invalidOption(name: "path", expected: "a file path", got: "\"\"") }
    self.target = target
    let slash = target.lastIndex(of: "/")
    let directory = slash.map { String(target[...$0]) } ?? ""
    let name = slash.map { String(target[target.index(after: $0)...]) } ?? target
    guard !name.isEmpty else {
      throw .invalidOption(name: "path", expected: "a file path, not a directory", got: target)
    }
    let pid = getpid()
    var attempt = 0
    while true {
      let candidate = "\(directory).\(name).\(pid)-\(UInt32.random(in: 0...UInt32.max)).tmp"
      let descriptor = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
      if descriptor >= 0 {
        fd = descriptor
        temporary = candidate
        return
      }
      let code = errno
      attempt += 1
      if code != EEXIST || attempt >= 16 {
        throw .io(
          path: target, operation: "creating a temporary file in '\(directory.isEmpty ? "." : directory)'",
          reason: Self.describe(code))
      }
    }
  }

  deinit { discard() }

  static func describe(_ code: Int32) -> String { String(cString: strerror(code)) }

  func write(_ bytes: [UInt8]) throws(VCDError) {
    var failure: VCDError?
    bytes.withUnsafeBufferPointer { buffer in
      do throws(VCDError) { try write(buffer) } catch { failure = error }
    }
    if let failure { throw failure }
  }

  func write(_ buffer: UnsafeBufferPointer<UInt8>) throws(VCDError) {
    guard fd >= 0 else { throw .closed }
    guard var p = buffer.baseAddress else { return }
    var remaining = buffer.count
    while remaining > 0 {
      let n = systemWrite(fd, p, remaining)
      if n < 0 {
        if errno == EINTR { continue }
        throw .io(path: target, operation: "write", reason: Self.describe(errno))
      }
      p += n
      remaining -= n
    }
  }

  /// Flushes to disk, closes and renames the temporary file onto the target.
  func commit() throws(VCDError) {
    guard fd >= 0 else { throw .closed }
    if fsync(fd) != 0 {
      let code = errno
      discard()
      throw .io(path: target, operation: "fsync", reason: Self.describe(code))
    }
    let closed = close(fd)
    fd = -1
    if closed != 0 {
      let code = errno
      discard()
      throw .io(path: target, operation: "close", reason: Self.describe(code))
    }
    if rename(temporary, target) != 0 {
      let code = errno
      discard()
      throw .io(path: target, operation: "rename from '\(temporary)'", reason: Self.describe(code))
    }
    pending = false
  }

  /// Closes and deletes the temporary file (the target is untouched; no effect after a successful `commit()`).
  func discard() {
    if fd >= 0 {
      close(fd)
      fd = -1
    }
    if pending {
      unlink(temporary)
      pending = false
    }
  }
}

@inline(__always)
private func systemWrite(_ fd: Int32, _ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
  #if canImport(Glibc)
    Glibc.write(fd, p, n)
  #else
    Darwin.write(fd, p, n)
  #endif
}
