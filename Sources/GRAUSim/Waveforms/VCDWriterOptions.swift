/// Options of a ``VCDWriter``.
public struct VCDWriterOptions: Sendable, Hashable {
  /// Clock frequency; fixes the timescale and the time of each edge (see ``VCDClockTiming``).
  public var clockMHz: Double
  /// Stop writing before the file would exceed this many bytes. The trace then ends at the last complete time
  /// step and ``VCDTraceSummary/isTruncated`` is set. The header and the `$dumpvars` block are always written,
  /// even if they alone exceed the cap. `nil`: no cap.
  public var sizeLimit: Int?
  /// Only edges in this range are traced; changes before it only update the state dumped in `$dumpvars` at the
  /// window start, changes after it are ignored. `nil`: all edges from 0.
  public var window: ClosedRange<Int>?
  /// Name of the scope that encloses all signals (GTKWave shows `top.grau.…`); `nil` for none.
  public var topScope: String?
  /// Written after `grausim` in `$version`.
  public var version: String
  /// Bytes buffered before a write to the file.
  public var chunkSize: Int

  /// Creates writer options.
  public init(
    clockMHz: Double = 100, sizeLimit: Int? = nil, window: ClosedRange<Int>? = nil, topScope: String? = "top",
    version: String = "", chunkSize: Int = 64 << 10
  ) {
    self.clockMHz = clockMHz
    self.sizeLimit = sizeLimit
    self.window = window
    self.topScope = topScope
    self.version = version
    self.chunkSize = chunkSize
  }
}

/// What a finished VCD file contains.
public struct VCDTraceSummary: Sendable, Hashable {
  /// The file written.
  public var path: String
  /// Its size in bytes.
  public var bytes: Int
  /// Value changes written after `$dumpvars` (clock transitions included).
  public var valueChanges: Int
  /// Time stamps written after the `$dumpvars` one.
  public var timeSteps: Int
  /// Tick of the `$dumpvars` block (the window start).
  public var startTime: Int
  /// Tick of the last time stamp.
  public var endTime: Int
  /// The last edge whose changes are in the file.
  public var lastEdge: Int
  /// Whether the size cap ended the trace early.
  public var isTruncated: Bool
  /// The timescale and clock the file uses.
  public var timing: VCDClockTiming
  /// The enclosing scope, if any (prefix of every name in a `.gtkw` file).
  public var topScope: String?
}
