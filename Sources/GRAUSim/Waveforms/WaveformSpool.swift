#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One unit's committed changes, spooled to an anonymous temporary file while the unit is simulated alone, and
/// read back edge group by edge group when the units are merged onto one time axis.
///
/// Records are 16 bytes: `(key, value)` with `key ≥ 0` a global signal index and `value` its new pattern, or
/// `key < 0` an edge marker (`edge = −1 − key`) that opens the group of that edge. Within an edge only the last
/// value of a signal is kept and a value equal to the one last spooled is dropped, exactly as the VCD writer
/// would drop it, so every spooled change becomes at least one 3-byte line of the file (`0!\n`). That gives a
/// cheap bound: once `3 × changes` exceeds the file's size cap, the merged file is certain to stop before this
/// edge, and spooling stops. Memory: fixed buffers, independent of the trace.
final class WaveformSpool {
  /// Global index of this unit's first signal.
  let base: Int
  private let count: Int
  private let byteLimit: Int
  private var fd: Int32 = -1
  private(set) var failure: VCDError?

  // Writing: per signal the pending value of the current edge and the value last spooled. Fixed buffers owned by
  // the spool (freed in deinit), index-checked in debug builds.
  private let current: UnsafeMutableBufferPointer<UInt64>
  private let spooled: UnsafeMutableBufferPointer<UInt64>
  private let isDirty: UnsafeMutableBufferPointer<Bool>
  private let dirtyList: UnsafeMutableBufferPointer<Int32>
  private var dirtyCount = 0
  private var edge = Int.min
  private var changes = 0
  private var stopped = false

  // A record buffer shared by writing and (after `rewind`) reading.
  private static let bufferRecords = 4096
  private let buffer: UnsafeMutableBufferPointer<(Int64, UInt64)>
  private var used = 0
  private var readPosition = 0

  /// The edge of the group the reader stands before, or nil at the end.
  private(set) var nextEdge: Int?
  /// The last edge the unit simulated (clipped to the window), set by the observer's `finish`.
  var lastEdge = 0

  /// Creates an empty spool for `count` signals starting at global index `base`.
  ///
  /// - Parameter byteLimit: The merged file's size cap (nil: none); spooling stops once it is surely exceeded.
  init(base: Int, count: Int, byteLimit: Int?) throws(VCDError) {
    self.base = base
    self.count = count
    self.byteLimit = byteLimit ?? Int.max
    current = .allocate(capacity: max(count, 1))
    spooled = .allocate(capacity: max(count, 1))
    isDirty = .allocate(capacity: max(count, 1))
    dirtyList = .allocate(capacity: max(count, 1))
    current.initialize(repeating: 0)
    spooled.initialize(repeating: 0)
    isDirty.initialize(repeating: false)
    buffer = .allocate(capacity: Self.bufferRecords)
    fd = try Self.anonymousFile()
  }

  deinit {
    if fd >= 0 { close(fd) }
    current.deallocate()
    spooled.deallocate()
    isDirty.deallocate()
    dirtyList.deallocate()
    buffer.deallocate()
  }

  /// A temporary file that is already unlinked: it disappears when closed, whatever happens to the process.
  private static func anonymousFile() throws(VCDError) -> Int32 {
    var directory = "/tmp"
    if let t = getenv("TMPDIR"), t.pointee != 0 { directory = String(cString: t) }
    var template = Array((directory + "/grausim-wave-XXXXXX").utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard descriptor >= 0 else {
      throw .io(path: directory, operation: "creating a spool file", reason: VCDOutputFile.describe(errno))
    }
    let name = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    unlink(name)
    return descriptor
  }

  // MARK: - Writing

  /// Spools every signal's value at the window start (the `$dumpvars` state before the window's first edge).
  func begin(initialValues: [UInt64], at windowStart: Int) {
    edge = windowStart
    put((-1 - Int64(windowStart), 0))
    for (i, v) in initialValues.enumerated() {
      put((Int64(base + i), v))
      spooled[i] = v
    }
    changes += initialValues.count
  }

  /// Records that local signal `i` took `value` at edge `e` (edges non-decreasing).
  @inline(__always)
  func change(edge e: Int, local i: Int, value: UInt64) {
    if e != edge {
      closeEdge()
      edge = e
    }
    record(local: i, value: value)
  }

  @inline(__always)
  private func record(local i: Int, value: UInt64) {
    if !isDirty[i] {
      isDirty[i] = true
      dirtyList[dirtyCount] = Int32(truncatingIfNeeded: i)
      dirtyCount += 1
    }
    current[i] = value
  }

  /// Writes the pending edge's group (marker + the changed signals).
  private func closeEdge() {
    guard dirtyCount > 0 else { return }
    var marked = false
    for k in 0..<dirtyCount {
      let i = Int(dirtyList[k])
      isDirty[i] = false
      let v = current[i]
      guard !stopped, v != spooled[i] else { continue }
      if !marked {
        put((-1 - Int64(edge), 0))
        marked = true
      }
      put((Int64(base + i), v))
      spooled[i] = v
      changes += 1
      if changes > byteLimit / 3 { stopped = true }
    }
    dirtyCount = 0
  }

  /// Ends writing: flushes the last group and positions the reader at the first record.
  func finishWriting() {
    closeEdge()
    flush()
    guard failure == nil else {
      nextEdge = nil
      return
    }
    if lseek(fd, 0, SEEK_SET) < 0 { fail("seek", errno) }
    used = 0
    readPosition = 0
    nextEdge = nil
    if let first = read(), first.0 < 0 { nextEdge = Int(-1 - first.0) }
  }

  @inline(__always)
  private func put(_ r: (Int64, UInt64)) {
    buffer[used] = r
    used += 1
    if used == Self.bufferRecords { flush() }
  }

  private func flush() {
    guard used > 0, failure == nil else {
      used = 0
      return
    }
    var p = UnsafeRawPointer(buffer.baseAddress!)
    var remaining = used * MemoryLayout<(Int64, UInt64)>.stride
    while remaining > 0 {
      let n = systemWrite(fd, p, remaining)
      if n < 0 {
        if errno == EINTR { continue }
        fail("write", errno)
        break
      }
      p += n
      remaining -= n
    }
    used = 0
  }

  private func fail(_ operation: String, _ code: Int32) {
    if failure == nil {
      failure = .io(path: "spool file", operation: operation, reason: VCDOutputFile.describe(code))
    }
  }

  // MARK: - Reading

  /// The next record, or nil at the end of the file.
  private func read() -> (Int64, UInt64)? {
    if readPosition == used {
      let stride = MemoryLayout<(Int64, UInt64)>.stride
      var got = 0
      let want = Self.bufferRecords * stride
      let raw = UnsafeMutableRawPointer(buffer.baseAddress!)
      while got < want {
        let n = systemRead(fd, raw + got, want - got)
        if n < 0 {
          if errno == EINTR { continue }
          fail("read", errno)
          return nil
        }
        if n == 0 { break }
        got += n
      }
      used = got / stride
      readPosition = 0
      if used == 0 { return nil }
    }
    defer { readPosition += 1 }
    return buffer[readPosition]
  }

  /// Feeds the group of ``nextEdge`` to `writer` and advances to the next group.
  func feedGroup(to writer: VCDWriter) {
    guard let e = nextEdge else { return }
    nextEdge = nil
    while let r = read() {
      if r.0 < 0 {
        nextEdge = Int(-1 - r.0)
        return
      }
      writer.change(edge: e, signal: Int(r.0), value: r.1)
    }
  }
}

@inline(__always)
private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
  #if canImport(Glibc)
    Glibc.write(fd, p, n)
  #else
    Darwin.write(fd, p, n)
  #endif
}

@inline(__always)
private func systemRead(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int) -> Int {
  #if canImport(Glibc)
    Glibc.read(fd, p, n)
  #else
    Darwin.read(fd, p, n)
  #endif
}
