#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One unit's committed changes, spooled to an anonymous temporary file while the unit is simulated alone, and
/// read back edge group by edge group when the units are merged onto one time axis.
///
/// Records are variable-length: `varint(0) varint(edge − previous marker's edge)` opens the group of an edge, and
/// `varint(1 + signal) varint(value)` is one change (`signal` a global index). Within an edge only the last value
/// of a signal is kept and a value equal to the one last spooled is dropped, exactly as the VCD writer would drop
/// it, so every record becomes one line of the file — and a record is never longer than that line (a varint has
/// 7 bits per byte where the VCD has one binary digit per byte, and identifiers in base 94). The spooled bytes up to
/// an edge are therefore a lower bound on the file's bytes up to that edge, summed over the units spooled so far
/// (each spool keeps checkpoints of its byte count by edge). Once that sum exceeds the file's size cap, the file
/// is certain to end before this edge: spooling stops, and the earlier spools are cut at that edge. On disk the
/// spools then hold at most the cap plus one checkpoint interval per unit. Memory: fixed buffers.
final class WaveformSpool {
  /// Global index of this unit's first signal.
  let base: Int
  private let count: Int
  private let byteLimit: Int
  /// The spools of the units simulated before this one (their bytes count towards the cap).
  private let previous: [WaveformSpool]
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
  private var markerEdge = 0
  /// Bytes written (flushed or buffered).
  private var bytes = 0
  /// The edge at which this spool, or an earlier one, stopped: no group from it on is needed.
  private(set) var stopEdge = Int.max
  private var stopped = false
  /// `(edge, offset)` of a marker about every ``checkpointBytes``: the groups before `edge` take `offset` bytes.
  private var checkpoints: [(edge: Int, offset: Int)] = []
  private var cursors: [Int]
  private static let checkpointBytes = 4096

  // A byte buffer shared by writing and (after `finishWriting`) reading.
  private static let bufferBytes = 1 << 16
  private let buffer: UnsafeMutableBufferPointer<UInt8>
  private var used = 0
  private var readPosition = 0
  private var atEnd = false

  /// The edge of the group the reader stands before, or nil at the end.
  private(set) var nextEdge: Int?
  /// The last edge the unit simulated (clipped to the window), set by the observer's `finish`.
  var lastEdge = 0

  /// Creates an empty spool for `count` signals starting at global index `base`.
  ///
  /// - Parameters:
  ///   - byteLimit: The merged file's size cap (nil: none); spooling stops once it is surely exceeded.
  ///   - previous: The spools of the units traced before this one, in order.
  init(base: Int, count: Int, byteLimit: Int?, previous: [WaveformSpool] = []) throws(VCDError) {
    self.base = base
    self.count = count
    self.byteLimit = byteLimit ?? Int.max
    self.previous = previous
    cursors = [Int](repeating: 0, count: previous.count)
    stopEdge = previous.map(\.stopEdge).min() ?? Int.max
    current = .allocate(capacity: max(count, 1))
    spooled = .allocate(capacity: max(count, 1))
    isDirty = .allocate(capacity: max(count, 1))
    dirtyList = .allocate(capacity: max(count, 1))
    current.initialize(repeating: 0)
    spooled.initialize(repeating: 0)
    isDirty.initialize(repeating: false)
    buffer = .allocate(capacity: Self.bufferBytes)
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
      throw .io(path: directory, operation: "creating a spool file", reason: OutputFile.reason(errno, directory: nil))
    }
    let name = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    unlink(name)
    return descriptor
  }

  // MARK: - Writing

  /// Spools every signal's value at the window start (the `$dumpvars` state before the window's first edge).
  func begin(initialValues: [UInt64], at windowStart: Int) {
    edge = windowStart
    marker(windowStart)
    for (i, v) in initialValues.enumerated() {
      putChange(base + i, v)
      spooled[i] = v
    }
  }

  /// Records that local signal `i` took `value` at edge `e` (edges non-decreasing).
  @inline(__always)
  func change(edge e: Int, local i: Int, value: UInt64) {
    if e != edge {
      closeEdge()
      edge = e
    }
    if !isDirty[i] {
      isDirty[i] = true
      dirtyList[dirtyCount] = Int32(truncatingIfNeeded: i)
      dirtyCount += 1
    }
    current[i] = value
  }

  /// Writes the pending edge's group (marker + the changed signals), unless the cap is surely exceeded by then.
  private func closeEdge() {
    guard dirtyCount > 0 else { return }
    if !stopped && (edge >= stopEdge || bytes + previousBytes(before: edge) > byteLimit) { stop(at: edge) }
    var marked = false
    for k in 0..<dirtyCount {
      let i = Int(dirtyList[k])
      isDirty[i] = false
      let v = current[i]
      guard !stopped, v != spooled[i] else { continue }
      if !marked {
        marker(edge)
        marked = true
      }
      putChange(base + i, v)
      spooled[i] = v
    }
    dirtyCount = 0
  }

  /// A lower bound on the bytes the earlier spools hold before edge `e` (their checkpoints, walked forward).
  private func previousBytes(before e: Int) -> Int {
    var sum = 0
    for (p, s) in previous.enumerated() {
      while cursors[p] + 1 < s.checkpoints.count && s.checkpoints[cursors[p] + 1].edge <= e { cursors[p] += 1 }
      if let c = s.checkpoints.indices.contains(cursors[p]) ? s.checkpoints[cursors[p]] : nil, c.edge <= e {
        sum += c.offset
      }
    }
    return sum
  }

  /// Stops spooling from edge `e` on and cuts the earlier spools there (the file ends before `e`).
  private func stop(at e: Int) {
    stopped = true
    stopEdge = Swift.min(stopEdge, e)
    for s in previous { s.cut(at: e) }
  }

  /// Drops this spool's groups from about edge `e` on (at the first checkpoint at or after it).
  private func cut(at e: Int) {
    stopEdge = Swift.min(stopEdge, e)
    guard fd >= 0, let c = checkpoints.first(where: { $0.edge >= e }) else { return }
    _ = ftruncate(fd, off_t(c.offset))
  }

  private func marker(_ e: Int) {
    if checkpoints.isEmpty || bytes - checkpoints[checkpoints.count - 1].offset >= Self.checkpointBytes {
      checkpoints.append((e, bytes))
    }
    putVarint(0)
    putVarint(UInt64(Swift.max(0, e - markerEdge)))
    markerEdge = e
  }

  @inline(__always)
  private func putChange(_ signal: Int, _ value: UInt64) {
    putVarint(UInt64(signal + 1))
    putVarint(value)
  }

  @inline(__always)
  private func putVarint(_ v: UInt64) {
    if used > Self.bufferBytes - 10 { flush() }
    var x = v
    while x >= 0x80 {
      buffer[used] = UInt8(truncatingIfNeeded: x) | 0x80
      used += 1
      x >>= 7
    }
    buffer[used] = UInt8(x)
    used += 1
    bytes += 1 + (v == 0 ? 0 : (63 - v.leadingZeroBitCount) / 7)
  }

  /// Ends writing: flushes the last group and positions the reader at the first record.
  func finishWriting() {
    closeEdge()
    flush()
    nextEdge = nil
    guard failure == nil else { return }
    if lseek(fd, 0, SEEK_SET) < 0 { fail("seek", errno) }
    used = 0
    readPosition = 0
    markerEdge = 0
    if readVarint() == 0, let delta = readVarint() { nextEdge = Int(delta) }
  }

  private func flush() {
    guard used > 0, failure == nil else {
      used = 0
      return
    }
    var p = UnsafeRawPointer(buffer.baseAddress!)
    var remaining = used
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
      failure = .io(path: "spool file", operation: operation, reason: OutputFile.reason(code, directory: nil))
    }
  }

  // MARK: - Reading

  /// The next varint, or nil at the end of the file (or of a cut).
  private func readVarint() -> UInt64? {
    var v: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      if readPosition == used {
        guard refill() else { return nil }
      }
      let b = buffer[readPosition]
      readPosition += 1
      v |= UInt64(b & 0x7F) << shift
      if b < 0x80 { return v }
      shift += 7
      if shift > 63 { return nil }
    }
  }

  private func refill() -> Bool {
    guard !atEnd else { return false }
    while true {
      let n = systemRead(fd, UnsafeMutableRawPointer(buffer.baseAddress!), Self.bufferBytes)
      if n < 0 {
        if errno == EINTR { continue }
        fail("read", errno)
        atEnd = true
        return false
      }
      used = n
      readPosition = 0
      if n == 0 { atEnd = true }
      return n > 0
    }
  }

  /// Feeds the group of ``nextEdge`` to `writer` and advances to the next group.
  func feedGroup(to writer: VCDWriter) {
    guard let e = nextEdge else { return }
    nextEdge = nil
    markerEdge = e
    while let key = readVarint() {
      if key == 0 {
        if let delta = readVarint() { nextEdge = e + Int(delta) }
        return
      }
      guard let value = readVarint() else { return }
      writer.change(edge: e, signal: Int(key - 1), value: value)
    }
  }
}
