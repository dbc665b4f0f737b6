/// Options of a ``VCDWriter``.
struct VCDWriterOptions: Sendable, Hashable {
  /// Clock frequency; fixes the timescale and the time of each edge (see ``VCDClockTiming``).
  var clockMHz: Double
  /// Stop writing before the file would exceed this many bytes. The trace then ends at the last complete time
  /// step and ``VCDTraceSummary/isTruncated`` is set. The header and the `$dumpvars` block are always written,
  /// even if they alone exceed the cap. `nil`: no cap.
  var sizeLimit: Int?
  /// Only edges in this range are traced; changes before it only update the state dumped in `$dumpvars` at the
  /// window start, changes after it are ignored. `nil`: all edges from 0.
  var window: ClosedRange<Int>?
  /// Name of the scope that encloses all signals (GTKWave shows `top.grau.…`); `nil` for none.
  var topScope: String?
  /// Written after `grausim` in `$version`.
  var version: String
  /// Bytes buffered before a write to the file.
  var chunkSize: Int

  /// Creates writer options.
  init(
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
package struct VCDTraceSummary: Sendable, Hashable {
  /// The file written.
  var path: String
  /// Its size in bytes.
  package var bytes: Int
  /// Value changes written after `$dumpvars` (clock transitions included).
  var valueChanges: Int
  /// Time stamps written after the `$dumpvars` one.
  var timeSteps: Int
  /// Tick of the `$dumpvars` block (the window start).
  var startTime: Int
  /// Tick of the last time stamp.
  var endTime: Int
  /// The last edge whose changes are in the file.
  var lastEdge: Int
  /// Whether the size cap ended the trace early.
  var isTruncated: Bool
  /// The timescale and clock the file uses.
  var timing: VCDClockTiming
  /// The enclosing scope, if any (prefix of every name in a `.gtkw` file).
  var topScope: String?
}
