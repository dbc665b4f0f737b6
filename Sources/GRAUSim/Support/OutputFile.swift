import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why an output could not be written: the path as the user named it, and the reason in words.
package struct OutputError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The output as the user named it.
  var path: String
  /// What went wrong, e.g. "the directory 'out' does not exist" or "no space left on the device".
  var reason: String

  package var description: String { "cannot write '\(path)': \(reason)" }
}

/// One output file, written by the rule every output of grausim follows (docs/formats.md, "Output files"):
///
/// - A path that does not exist yet, or a regular file, is **replaced atomically**: the bytes go to
///   `.<name>.tmp-XXXXXX` in the same directory (registered with ``TemporaryFiles``, so a signal removes it), which
///   ``commit()`` flushes to disk and renames onto the target. Until then — and forever, if anything fails — the
///   previous file is untouched.
/// - A symbolic link is followed: the file it names is replaced, the link stays.
/// - A character device or a FIFO (`/dev/null`, `/dev/stdout`, a named pipe) is **written directly**, and its
///   write errors are errors (`/dev/full` gives "no space left on the device"). A FIFO must have a reader.
/// - A directory, a socket or a block device is refused, and so is a path whose directory does not exist.
///
/// Dropping an uncommitted file discards it.
package final class OutputFile {
  /// The file written (symbolic links resolved).
  let target: String
  /// The path as the user named it (errors say this one).
  let displayPath: String
  /// The temporary file while staged; nil for a direct target.
  private(set) var temporary: String?
  private var fd: Int32 = -1
  private var finished = false

  /// Opens `path` for writing by the rule above.
  ///
  /// - Parameters:
  ///   - displayPath: How errors name the output (default: `path`).
  ///   - mode: The permissions a new or replaced file gets (reports are meant to be shared: 0644).
  init(path: String, displayPath: String? = nil, mode: mode_t = 0o644) throws(OutputError) {
    let shown = displayPath ?? path
    self.displayPath = shown
    func fail(_ reason: String) -> OutputError { OutputError(path: shown, reason: reason) }
    guard !path.isEmpty else { throw fail("the path is empty") }
    guard !path.hasSuffix("/") else { throw fail("the path names a directory") }
    var resolved = path
    var info = stat()
    if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
      resolved = Self.followLink(path)
    }
    target = resolved
    if stat(resolved, &info) == 0 {
      switch info.st_mode & S_IFMT {
      case S_IFREG: break
      case S_IFDIR: throw fail("it is a directory")
      case S_IFCHR, S_IFIFO:
        // O_NONBLOCK first: a FIFO without a reader fails (ENXIO) instead of waiting forever.
        let descriptor = open(resolved, O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
          throw fail(errno == ENXIO ? "the FIFO has no reader" : Self.reason(errno, directory: nil))
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        fd = descriptor
        return
      case S_IFSOCK: throw fail("it is a socket (grausim writes files, character devices and FIFOs)")
      default: throw fail("it is a block device or special file (grausim writes files, character devices and FIFOs)")
      }
    }
    let slash = resolved.lastIndex(of: "/")
    let directory = slash.map { $0 == resolved.startIndex ? "/" : String(resolved[..<$0]) } ?? "."
    let name = slash.map { String(resolved[resolved.index(after: $0)...]) } ?? resolved
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
      throw fail("the directory '\(Self.shownDirectory(shown))' does not exist")
    }
    guard isDirectory.boolValue else { throw fail("'\(Self.shownDirectory(shown))' is not a directory") }
    let prefix = directory == "/" ? "/" : directory + "/"
    var template = Array("\(prefix).\(name).tmp-XXXXXX".utf8CString)
    var temp = ""
    try TemporaryFiles.withLock { () throws(OutputError) in
      let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
      guard descriptor >= 0 else { throw fail(Self.reason(errno, directory: Self.shownDirectory(shown))) }
      _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
      temp = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      TemporaryFiles.register(file: temp)
      fd = descriptor
    }
    temporary = temp
    guard fchmod(fd, mode) == 0 else {
      let code = errno
      discard()
      throw fail(Self.reason(code, directory: nil))
    }
  }

  deinit { discard() }

  /// Appends `buffer` (retrying interrupted and partial writes).
  func write(_ buffer: UnsafeRawBufferPointer) throws(OutputError) {
    guard fd >= 0, !finished else { throw OutputError(path: displayPath, reason: "the file was already closed") }
    guard let base = buffer.baseAddress else { return }
    var done = 0
    while done < buffer.count {
      let n = systemWrite(fd, base + done, buffer.count - done)
      if n < 0 {
        if errno == EINTR { continue }
        let code = errno
        discard()
        throw OutputError(path: displayPath, reason: Self.reason(code, directory: nil))
      }
      done += n
    }
  }

  /// Appends `bytes`.
  func write(_ bytes: some Collection<UInt8>) throws(OutputError) {
    var failure: OutputError?
    let written: Void? = bytes.withContiguousStorageIfAvailable { b in
      do throws(OutputError) { try write(UnsafeRawBufferPointer(b)) } catch { failure = error }
    }
    if written == nil {
      let copy = Array(bytes)
      copy.withUnsafeBytes { b in
        do throws(OutputError) { try write(b) } catch { failure = error }
      }
    }
    if let failure { throw failure }
  }

  /// Makes the output final: a staged file is flushed to disk and renamed onto the target (under the temporary-file
  /// registry's lock, so a signal either sees the rename done or removes the file); a direct one is closed.
  func commit() throws(OutputError) {
    try flush()
    try TemporaryFiles.withLock { () throws(OutputError) in try publish() }
    syncDirectory()
  }

  /// First half of a commit: the bytes reach the disk and the file is closed (a failure discards it).
  fileprivate func flush() throws(OutputError) {
    guard fd >= 0, !finished else { throw OutputError(path: displayPath, reason: "the file was already closed") }
    let failed = temporary == nil ? close(fd) != 0 : fsync(fd) != 0 || close(fd) != 0
    let code = errno
    fd = -1
    if temporary == nil { finished = true }
    if failed {
      discard()
      throw OutputError(path: displayPath, reason: Self.reason(code, directory: nil))
    }
  }

  /// Second half, with the registry locked: the flushed temporary file replaces the target.
  fileprivate func publish() throws(OutputError) {
    guard let temporary, !finished else { return }
    finished = true
    guard rename(temporary, target) == 0 else {
      let code = errno
      unlink(temporary)
      TemporaryFiles.unregister(file: temporary)
      throw OutputError(path: displayPath, reason: Self.reason(code, directory: nil))
    }
    TemporaryFiles.unregister(file: temporary)
  }

  /// Makes a rename durable; a failure here leaves a complete file, so it is not reported.
  fileprivate func syncDirectory() {
    guard temporary != nil else { return }
    let slash = target.lastIndex(of: "/")
    let directory = slash.map { $0 == target.startIndex ? "/" : String(target[..<$0]) } ?? "."
    let dirFD = open(directory, O_RDONLY | O_CLOEXEC)
    if dirFD >= 0 {
      _ = fsync(dirFD)
      close(dirFD)
    }
  }

  /// Closes the file and removes the temporary one; the target stays as it was. No effect once committed.
  ///
  /// - Parameter locked: The caller already holds the temporary-file registry's lock.
  func discard(locked: Bool = false) {
    guard !finished else { return }
    finished = true
    if fd >= 0 {
      close(fd)
      fd = -1
    }
    guard let temporary else { return }
    let remove = {
      unlink(temporary)
      TemporaryFiles.unregister(file: temporary)
    }
    if locked { remove() } else { try? TemporaryFiles.withLock { () throws(OutputError) in remove() } }
  }

  /// Writes `bytes` to `path` by the rule above, all or nothing.
  package static func write(
    _ bytes: some Collection<UInt8>, to path: String, displayPath: String? = nil
  ) throws(OutputError) {
    let file = try OutputFile(path: path, displayPath: displayPath)
    try file.write(bytes)
    try file.commit()
  }

  /// Writes `text` as UTF-8; see ``write(_:to:displayPath:)``.
  static func write(_ text: String, to path: String, displayPath: String? = nil) throws(OutputError) {
    try write(Array(text.utf8), to: path, displayPath: displayPath)
  }

  /// What a link at `path` names, relative links taken from the link's directory (one level: the rule is applied
  /// to the result, so a chain resolves through `stat`; a dangling link names where the file will be created).
  private static func followLink(_ path: String) -> String {
    if let real = realpath(path, nil) {
      defer { free(real) }
      return String(cString: real)
    }
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let n = readlink(path, &buffer, buffer.count - 1)
    guard n > 0 else { return path }
    let link = String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    if link.hasPrefix("/") { return link }
    let directory = (path as NSString).deletingLastPathComponent
    return directory.isEmpty ? link : directory + "/" + link
  }

  /// The directory part of a path as the user wrote it ("." for a bare name).
  static func shownDirectory(_ path: String) -> String {
    let d = (path as NSString).deletingLastPathComponent
    return d.isEmpty ? "." : d
  }

  /// `errno` in words, naming the directory where that helps.
  static func reason(_ code: Int32, directory: String?) -> String {
    switch code {
    case ENOSPC: return "no space left on the device"
    case EDQUOT: return "the disk quota is exhausted"
    case EROFS: return directory.map { "'\($0)' is on a read-only file system" } ?? "the file system is read-only"
    case EACCES, EPERM: return directory.map { "permission denied in '\($0)'" } ?? "permission denied"
    case ENOENT: return directory.map { "the directory '\($0)' does not exist" } ?? "no such file or directory"
    case ENOTDIR: return directory.map { "'\($0)' is not a directory" } ?? "a component of the path is not a directory"
    case EPIPE: return "the reader closed the pipe"
    case EIO: return "input/output error"
    default: return String(cString: strerror(code)).lowercased()
    }
  }
}

/// Several outputs of one command, committed together: every file is staged first, and only when all of them
/// were written does any replace its target (in order). A failure before that leaves every previous output as
/// it was.
///
/// Directories it creates for its files (``createDirectory(_:displayPath:)``) are removed again when it is
/// discarded or a signal ends the process, as long as they are empty.
final class OutputSet {
  private var files: [OutputFile] = []
  private var createdDirectories: [String] = []

  init() {}

  /// Creates `path` and any missing parent directories (mode 0755); an existing directory is fine.
  func createDirectory(_ path: String, displayPath: String? = nil) throws(OutputError) {
    let shown = displayPath ?? path
    // `ancestor` of `path` as the user wrote it: `shown` with as many trailing components dropped as it lacks.
    func shownAncestor(_ ancestor: String) -> String {
      var d = shown as NSString
      for _ in 0..<(path.split(separator: "/").count - ancestor.split(separator: "/").count) {
        d = d.deletingLastPathComponent as NSString
      }
      return d.length == 0 ? "." : d as String
    }
    var missing: [String] = []
    var p = path
    while !p.isEmpty, p != "/" {
      var info = stat()
      if stat(p, &info) == 0 {
        guard info.st_mode & S_IFMT == S_IFDIR else {
          throw OutputError(path: shown, reason: "'\(shownAncestor(p))' is not a directory")
        }
        break
      }
      missing.append(p)
      p = (p as NSString).deletingLastPathComponent
    }
    for d in missing.reversed() {
      try TemporaryFiles.withLock { () throws(OutputError) in
        guard mkdir(d, 0o755) == 0 || errno == EEXIST else {
          let parent = shownAncestor((d as NSString).deletingLastPathComponent)
          throw OutputError(path: shown, reason: OutputFile.reason(errno, directory: parent))
        }
        TemporaryFiles.register(directory: d)
      }
      createdDirectories.append(d)
    }
  }

  /// Opens `path` (``OutputFile``'s rule) and writes `bytes` to it; committed by ``commit()``.
  func stage(
    _ bytes: some Collection<UInt8>, to path: String, displayPath: String? = nil, mode: mode_t = 0o644
  ) throws(OutputError) {
    let file = try OutputFile(path: path, displayPath: displayPath, mode: mode)
    files.append(file)
    try file.write(bytes)
  }

  func stage(_ text: String, to path: String, displayPath: String? = nil, mode: mode_t = 0o644) throws(OutputError) {
    try stage(Array(text.utf8), to: path, displayPath: displayPath, mode: mode)
  }

  /// Adds a file opened and written elsewhere (a streamed waveform).
  func adopt(_ file: OutputFile) { files.append(file) }

  /// Commits every staged file: all are flushed to disk first, then renamed onto their targets in order under one
  /// hold of the temporary-file registry's lock, so a signal sees either none of the set replaced or all of it.
  func commit() throws(OutputError) {
    defer { files = [] }
    for (i, f) in files.enumerated() {
      do { try f.flush() } catch {
        for rest in files[(i + 1)...] { rest.discard() }
        for done in files[..<i] { done.discard() }
        removeCreatedDirectories()
        throw error
      }
    }
    let created = createdDirectories
    createdDirectories = []
    let all = files
    try TemporaryFiles.withLock { () throws(OutputError) in
      for d in created { TemporaryFiles.unregister(directory: d) }
      for (i, f) in all.enumerated() {
        do throws(OutputError) { try f.publish() } catch {
          for rest in all[(i + 1)...] { rest.discard(locked: true) }
          throw error
        }
      }
    }
    for f in all { f.syncDirectory() }
  }

  /// Discards every staged file and removes the directories created for them.
  func discard() {
    for f in files { f.discard() }
    files = []
    removeCreatedDirectories()
  }

  private func removeCreatedDirectories() {
    let created = createdDirectories
    createdDirectories = []
    try? TemporaryFiles.withLock { () throws(OutputError) in
      for d in created.reversed() {
        rmdir(d)
        TemporaryFiles.unregister(directory: d)
      }
    }
  }

  deinit { discard() }
}
