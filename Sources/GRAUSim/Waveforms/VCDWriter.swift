/// Streams a waveform to a VCD file (IEEE 1364 §18) as the simulation reports committed register changes.
///
/// Declare every signal up front; then report `change(edge:signal:value:)` in edge order (several changes per
/// edge, in commit order) and call ``finish(throughEdge:)``. Within an edge only the last value of each signal
/// counts, and a value equal to the one already in the file is not written again. Signals with role ``VCDSignalRole/clock``
/// are driven by the writer: it writes a rising clock at every edge time and a falling one half a period later,
/// also for edges without register changes.
///
/// Output goes through a fixed buffer (`chunkSize` plus the largest possible time step) into an ``OutputFile``
/// (staged next to a file target); ``finish(throughEdge:)`` flushes and commits it — unless the writer was given
/// the file, whose owner commits it — and ``abort()`` (or dropping an unfinished writer) discards it. Memory does
/// not grow with the trace. The size cap covers the whole file: a header and initial values above it are refused.
///
/// Reporting never throws: the first problem (an I/O failure, an edge going backwards, an unknown signal index)
/// stops the trace and is rethrown by ``finish(throughEdge:)``; ``failure`` shows it earlier.
final class VCDWriter {
  /// The declared signals, in declaration order.
  let signals: [VCDSignal]
  /// How edges map to time.
  let timing: VCDClockTiming
  /// The options the writer was created with.
  let options: VCDWriterOptions
  /// The file the trace ends up in.
  let path: String

  private enum Phase { case beforeWindow, streaming, closed }

  private var phase = Phase.beforeWindow
  private var edge = -1
  private let windowStart: Int
  private let windowEnd: Int
  private let lastEdgeAllowed: Int
  private let sizeLimit: Int
  private let chunkSize: Int
  private var file: OutputFile?
  private let commitsOnFinish: Bool
  private var failureStorage: VCDError?
  private var truncated = false
  private var valueChanges = 0
  private var timeSteps = 0
  private var lastTime = 0
  private var lastTracedEdge = 0
  private var finished = false

  // Hot state in fixed buffers owned by the writer (no copy-on-write or exclusivity checks per change; indices
  // are checked in debug builds).
  private let count: Int
  private let current: UnsafeMutableBufferPointer<UInt64>
  private let written: UnsafeMutableBufferPointer<UInt64>
  private let masks: UnsafeMutableBufferPointer<UInt64>
  private let isDirty: UnsafeMutableBufferPointer<Bool>
  private let dirtyList: UnsafeMutableBufferPointer<Int32>
  private var dirtyCount = 0
  /// How each signal's value changes are spelled.
  private let format: VCDValueFormat
  private let clockIndices: [Int]
  private let isClock: UnsafeMutableBufferPointer<Bool>

  // Output buffer: `buffered` bytes at `out`, capacity `chunkSize + maxStepBytes`.
  private let out: UnsafeMutableBufferPointer<UInt8>
  private let outCapacity: Int
  private var buffered = 0
  private var flushedBytes = 0

  /// Writes the VCD header into `file`, which the caller commits after ``finish(throughEdge:)`` (or discards);
  /// ``init(path:signals:options:)`` opens and commits a file itself.
  ///
  /// - Throws: ``VCDError`` for an invalid declaration or option, or a header above the size cap.
  init(file: OutputFile, signals: [VCDSignal], options: VCDWriterOptions, commitsOnFinish: Bool = false)
    throws(VCDError)
  {
    let path = file.displayPath
    let timing = try VCDClockTiming.forClock(mhz: options.clockMHz)
    if let window = options.window, window.lowerBound < 0 {
      throw .invalidOption(name: "window", expected: "edges >= 0", got: "\(window)")
    }
    if let limit = options.sizeLimit, limit <= 0 {
      throw .invalidOption(name: "size_limit", expected: "a positive number of bytes", got: "\(limit)")
    }
    guard options.chunkSize >= 1 else {
      throw .invalidOption(name: "chunk_size", expected: "a positive number of bytes", got: "\(options.chunkSize)")
    }
    let header = try VCDHeader(signals: signals, options: options, timing: timing)
    let initial = header.initialBytesBound(signals)
    if let limit = options.sizeLimit, initial > limit { throw .sizeLimitTooSmall(needed: initial, limit: limit) }
    self.commitsOnFinish = commitsOnFinish

    self.signals = signals
    self.timing = timing
    self.options = options
    self.path = path
    windowStart = options.window?.lowerBound ?? 0
    lastEdgeAllowed = timing.lastRepresentableEdge
    windowEnd = min(options.window?.upperBound ?? Int.max, lastEdgeAllowed)
    sizeLimit = options.sizeLimit ?? Int.max
    chunkSize = options.chunkSize

    let n = signals.count
    count = n
    current = .allocate(capacity: max(n, 1))
    written = .allocate(capacity: max(n, 1))
    masks = .allocate(capacity: max(n, 1))
    isDirty = .allocate(capacity: max(n, 1))
    isClock = .allocate(capacity: max(n, 1))
    dirtyList = .allocate(capacity: max(n, 1))
    format = VCDValueFormat(signals: signals, header: header)
    var clocks: [Int] = []
    var maxStep = 128
    for (i, s) in signals.enumerated() {
      masks[i] = s.mask
      current[i] = s.initialValue & s.mask
      written[i] = current[i]
      isDirty[i] = false
      isClock[i] = s.role == .clock
      if s.role == .clock { clocks.append(i) }
      maxStep += s.width + header.idStart[i + 1] - header.idStart[i] + 3
    }
    clockIndices = clocks
    // 8 bytes of slack for the 8-byte stores of ``VCDValueFormat``.
    outCapacity = options.chunkSize + maxStep + 8
    out = .allocate(capacity: outCapacity)

    self.file = file
    writeRaw(header.text)
  }

  deinit {
    if !finished { file?.discard() }
    current.deallocate()
    written.deallocate()
    masks.deallocate()
    isDirty.deallocate()
    isClock.deallocate()
    dirtyList.deallocate()
    out.deallocate()
  }

  /// The first problem met while tracing, if any; ``finish(throughEdge:)`` throws it.
  var failure: VCDError? { failureStorage }

  /// Whether the size cap has ended the trace.
  var isTruncated: Bool { truncated }

  // MARK: - Reporting

  /// Records that `signal` took `value` at edge `edge`.
  ///
  /// - Parameters:
  ///   - edge: Rising-edge number, ≥ the edge of the previous call.
  ///   - signal: Index into ``signals``.
  ///   - value: The new value's bit pattern (two's complement for signed values); bits above the signal's width
  ///     are dropped.
  /// - Complexity: O(1) amortized; a time step is formatted when the edge advances.
  @inline(__always)
  func change(edge e: Int, signal: Int, value: UInt64) {
    if e != edge {
      advance(toEdge: e)
    }
    guard phase != .closed else { return }
    guard signal >= 0, signal < count else {
      fail(.unknownSignal(index: signal, declared: count))
      return
    }
    if isClock[signal] { return }
    let v = value & masks[signal]
    if phase == .beforeWindow {
      current[signal] = v
      return
    }
    if !isDirty[signal] {
      isDirty[signal] = true
      dirtyList[dirtyCount] = Int32(truncatingIfNeeded: signal)
      dirtyCount += 1
    }
    current[signal] = v
  }

  /// Moves to edge `e` without a value change: the writer's clocks tick through every edge up to `e`.
  func advance(toEdge e: Int) {
    guard phase != .closed, e != edge else { return }
    guard e > edge else {
      fail(.edgeWentBackwards(edge: e, current: edge))
      return
    }
    guard e <= lastEdgeAllowed else {
      fail(.timeOverflow(edge: e))
      return
    }
    if phase == .beforeWindow {
      if e <= windowStart {
        edge = e
        return
      }
      writeDumpvars()
      guard phase == .streaming else { return }
    }
    closeEdge(edge)
    if !clockIndices.isEmpty {
      var c = edge + 1
      let last = min(e - 1, windowEnd)
      while c <= last, phase == .streaming {
        closeEdge(c)
        c += 1
      }
    }
    guard phase == .streaming else { return }
    if e > windowEnd {
      phase = .closed
      return
    }
    edge = e
  }

  // MARK: - Ending

  /// Ends the trace and moves the file into place.
  ///
  /// - Parameter throughEdge: The last edge of the simulation; the clocks tick up to it (within the window) even
  ///   if no register changes there. `nil`: the trace ends after the last reported edge.
  /// - Returns: What the file contains.
  /// - Throws: The first ``failure``, or ``VCDError/io(path:operation:reason:)`` if flushing or renaming fails.
  ///   The temporary file is deleted on failure.
  @discardableResult
  func finish(throughEdge: Int? = nil) throws(VCDError) -> VCDTraceSummary {
    guard !finished, let file else { throw .closed }
    if failureStorage == nil {
      if let through = throughEdge, through > edge, phase != .closed {
        advance(toEdge: min(through, windowEnd))
      }
      if phase == .beforeWindow { writeDumpvars() }
      if phase == .streaming {
        closeEdge(edge)
        phase = .closed
      }
      flush()
    }
    if let failureStorage {
      file.discard()
      self.file = nil
      throw failureStorage
    }
    do {
      if commitsOnFinish { try file.commit() }
    } catch {
      self.file = nil
      throw .output(error)
    }
    finished = true
    self.file = nil
    return VCDTraceSummary(
      path: path, bytes: flushedBytes, valueChanges: valueChanges, timeSteps: timeSteps,
      startTime: timing.time(ofEdge: windowStart), endTime: lastTime, lastEdge: lastTracedEdge,
      isTruncated: truncated, timing: timing, topScope: options.topScope)
  }

  /// Stops tracing and deletes the temporary file; the target file is left untouched.
  func abort() {
    phase = .closed
    file?.discard()
    file = nil
  }

  // MARK: - Formatting

  private func fail(_ error: VCDError) {
    if failureStorage == nil { failureStorage = error }
    phase = .closed
  }

  /// Writes `$dumpvars` at the window start with the state after every change up to and including that edge.
  private func writeDumpvars() {
    let t = timing.time(ofEdge: windowStart)
    putTime(t)
    putASCII("$dumpvars\n")
    for i in clockIndices { current[i] = 1 }
    for i in 0..<count {
      putValue(i, current[i])
      written[i] = current[i]
    }
    putASCII("$end\n")
    lastTime = t
    lastTracedEdge = windowStart
    phase = .streaming
    edge = windowStart
    if flushedBytes + buffered > sizeLimit {
      truncated = true
      phase = .closed
    }
    if buffered >= chunkSize { flush() }
  }

  /// Writes edge `c`'s time step (rising clocks and register changes) and its falling-clock step.
  private func closeEdge(_ c: Int) {
    let t = timing.time(ofEdge: c)
    if c != windowStart {
      let start = buffered
      putTime(t)
      let afterTime = buffered
      var changes = 0
      for i in clockIndices where written[i] != 1 {
        putValue(i, 1)
        written[i] = 1
        changes += 1
      }
      for k in 0..<dirtyCount {
        let i = Int(dirtyList[k])
        isDirty[i] = false
        let v = current[i]
        if v != written[i] {
          putValue(i, v)
          written[i] = v
          changes += 1
        }
      }
      dirtyCount = 0
      if buffered == afterTime {
        buffered = start
      } else if !commitStep(from: start, time: t, changes: changes, edge: c) {
        return
      }
    }
    if !clockIndices.isEmpty {
      let tf = t + timing.highTime
      let start = buffered
      putTime(tf)
      for i in clockIndices {
        putValue(i, 0)
        written[i] = 0
      }
      _ = commitStep(from: start, time: tf, changes: clockIndices.count, edge: c)
    }
  }

  /// Keeps the step formatted at `start...` unless it breaks the size cap; flushes full chunks.
  @inline(__always)
  private func commitStep(from start: Int, time: Int, changes: Int, edge c: Int) -> Bool {
    if flushedBytes + buffered > sizeLimit {
      buffered = start
      truncated = true
      phase = .closed
      return false
    }
    valueChanges += changes
    timeSteps += 1
    lastTime = time
    lastTracedEdge = c
    if buffered >= chunkSize { flush() }
    return true
  }

  @inline(__always)
  private func put(_ byte: UInt8) {
    out[buffered] = byte
    buffered += 1
  }

  private func putASCII(_ s: StaticString) {
    s.withUTF8Buffer { b in
      for byte in b { put(byte) }
    }
  }

  @inline(__always)
  private func putDecimal(_ value: Int) {
    var v = UInt(value)
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes scratch, enough for 20 digits
    var n = 0
    withUnsafeMutableBytes(of: &digits) { scratch in
      repeat {
        scratch[n] = UInt8(truncatingIfNeeded: v % 10) &+ 48
        v /= 10
        n += 1
      } while v != 0
      while n > 0 {
        n -= 1
        put(scratch[n])
      }
    }
  }

  @inline(__always)
  private func putTime(_ t: Int) {
    put(UInt8(ascii: "#"))
    putDecimal(t)
    put(10)
  }

  /// Signal i's value change (``VCDValueFormat``).
  @inline(__always)
  private func putValue(_ i: Int, _ v: UInt64) {
    buffered = format.write(i, v, to: UnsafeMutableRawPointer(out.baseAddress!), at: buffered)
  }

  private func writeRaw(_ bytes: [UInt8]) {
    guard let file else { return }
    do {
      try file.write(bytes)
      flushedBytes += bytes.count
    } catch {
      fail(.output(error))
    }
  }

  private func flush() {
    guard buffered > 0 else { return }
    guard let file else {
      buffered = 0
      return
    }
    do {
      try file.write(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: out[0..<buffered])))
      flushedBytes += buffered
    } catch {
      fail(.output(error))
    }
    buffered = 0
  }
}
