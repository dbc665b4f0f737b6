#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a waveform could not be traced.
package enum WaveformError: Error, Sendable, Hashable, CustomStringConvertible {
  /// A selection option is unusable (no units, a unit twice, a lane the accelerator lacks, an empty window, …).
  case invalidOption(name: String, expected: String, got: String)
  /// The VCD or `.gtkw` writer failed (I/O, or an invalid declaration: a bug).
  case vcd(VCDError)

  package var description: String {
    switch self {
    case .invalidOption(let name, let expected, let got): "\(name): expected \(expected), got \(got)"
    case .vcd(let e): "waveform: \(e)"
    }
  }
}

/// What to trace: one layer's jobs (one per unit, in display order) on one time axis.
package struct WaveformRequest: Sendable {
  /// One job per unit variant, all of the same layer; the VCD shows the units in this order.
  var jobs: [LayerJob]
  /// Lanes whose stage registers are traced (unit-level signals are always traced); shown in ascending order.
  var lanes: [Int]
  /// Edges of the layer to trace (nil: all of them, from edge 0).
  var window: ClosedRange<Int>?
  /// Clock frequency: fixes the VCD timescale and the time of each edge.
  var clockMHz: Double
  /// The VCD ends cleanly at the last whole time step below this many bytes (nil: no cap).
  var maxBytes: Int?
  /// Scope enclosing every signal (`top.grau.lane0…`).
  var topScope: String?
  /// Simulate only the elements that can reach the window (the elements accepted after it cannot change a value
  /// inside it). Only a test turns this off, to check that it changes no byte.
  var limitStreams = true

  /// A request; see the properties.
  package init(
    jobs: [LayerJob], lanes: [Int] = [0], window: ClosedRange<Int>? = nil, clockMHz: Double,
    maxBytes: Int? = 256 << 20, topScope: String? = "top"
  ) {
    self.jobs = jobs
    self.lanes = lanes
    self.window = window
    self.clockMHz = clockMHz
    self.maxBytes = maxBytes
    self.topScope = topScope
  }
}

/// What a traced waveform contains.
package struct WaveformSummary: Sendable, Hashable {
  /// The VCD's contents (path, bytes, window times, truncation).
  package var trace: VCDTraceSummary
  /// The `.gtkw` save file, if one was written.
  var savePath: String?
  /// The units traced, in order.
  var units: [UnitKind]
  /// Signals declared in the VCD.
  package var signals: Int
  /// Per unit: the last edge it simulated inside the window (before the window start: the layer ended earlier).
  package var lastEdges: [Int]
  /// The first traced edge.
  var firstEdge: Int
}

/// A traced waveform whose VCD and `.gtkw` are written but not yet committed (``OutputFile``: staged next to file
/// targets), so a run that fails after tracing leaves the previous files as they were. Dropping it uncommitted
/// discards them.
final class StagedWaveform {
  let summary: WaveformSummary
  /// Where ``commit()`` puts the VCD and the save file.
  let vcdPath: String
  let savePath: String?
  /// The two files, for a caller that commits them together with its other outputs (``OutputSet``).
  let files: [OutputFile]

  init(summary: WaveformSummary, vcdPath: String, savePath: String?, files: [OutputFile]) {
    self.summary = summary
    self.vcdPath = vcdPath
    self.savePath = savePath
    self.files = files
  }

  deinit { discard() }

  /// Commits the VCD, then the save file.
  ///
  /// - Throws: ``WaveformError/vcd(_:)`` if a commit fails; the other file is discarded then.
  func commit() throws(WaveformError) {
    let set = OutputSet()
    for f in files { set.adopt(f) }
    do { try set.commit() } catch { throw .vcd(.output(error)) }
  }

  /// Discards the files (no effect after ``commit()``).
  func discard() {
    for f in files { f.discard() }
  }
}

/// Traces several units of one layer into one VCD on one time axis, plus a GTKWave save file.
///
/// Units are simulated one after another on the kernel. Every unit but the last streams its committed changes into
/// a ``WaveformSpool`` (an unlinked temporary file of fixed-size records); the last unit is traced live and, before
/// each of its edges, the spooled groups up to that edge are merged in (k-way by edge, ties in unit order). Memory
/// is bounded by fixed buffers; bytes depend only on the jobs and the options. The simulated streams are cut after
/// the last element that can enter the window, so a short window of a long layer costs only that window.
package enum WaveformTracer {
  /// Traces `request` and moves the VCD and save file into place.
  ///
  /// - Parameters:
  ///   - vcdPath: The VCD to write (replaced atomically).
  ///   - savePath: The `.gtkw` to write beside it (nil: none).
  /// - Throws: ``WaveformError``; no file is left behind on failure.
  @discardableResult
  package static func write(_ request: WaveformRequest, vcdPath: String, savePath: String?) throws(WaveformError)
    -> WaveformSummary
  {
    let staged = try stage(request, vcdPath: vcdPath, savePath: savePath)
    try staged.commit()
    return staged.summary
  }

  /// The default save-file path for a VCD: `out.vcd` → `out.gtkw`, anything else gets `.gtkw` appended.
  static func savePath(forVCD path: String) -> String {
    path.hasSuffix(".vcd") ? String(path.dropLast(4)) + ".gtkw" : path + ".gtkw"
  }

  /// The default window: 2000 edges from the latest streaming start among `jobs` (every unit has finished its
  /// configuration writes there, so each one streams in the window when the layer is long enough).
  static func defaultWindow(jobs: [LayerJob], edges: Int = 2000) -> ClosedRange<Int> {
    let start = jobs.map(\.reconfigurationCycles).max() ?? 0
    return start...(start + edges - 1)
  }

  /// Traces `request` into uncommitted output files; ``StagedWaveform/commit()`` puts them in place.
  ///
  /// - Parameter displayPaths: How errors name the two files (default: their paths).
  /// - Throws: ``WaveformError``; the files are discarded on failure.
  static func stage(
    _ request: WaveformRequest, vcdPath: String, savePath: String?,
    displayPaths: (vcd: String, save: String?)? = nil
  ) throws(WaveformError) -> StagedWaveform {
    let jobs = request.jobs
    guard let first = jobs.first else {
      throw .invalidOption(name: "units", expected: "at least one unit", got: "none")
    }
    let kinds = jobs.map(\.kind)
    if let twice = kinds.first(where: { k in kinds.filter { $0 == k }.count > 1 }) {
      throw .invalidOption(name: "units", expected: "each unit once", got: "\(twice.rawValue) twice")
    }
    if jobs.contains(where: { $0.layerName != first.layerName || $0.lanes != first.lanes }) {
      throw .invalidOption(name: "jobs", expected: "jobs of one layer on one accelerator", got: "different layers")
    }
    guard !request.lanes.isEmpty else {
      throw .invalidOption(name: "lanes", expected: "at least one lane", got: "none")
    }
    for l in request.lanes where l < 0 || l >= first.lanes {
      throw .invalidOption(name: "lanes", expected: "lanes in 0...\(first.lanes - 1)", got: "\(l)")
    }
    if Set(request.lanes).count != request.lanes.count {
      throw .invalidOption(
        name: "lanes", expected: "each lane once", got: request.lanes.map(String.init).joined(separator: ","))
    }
    if let w = request.window, w.lowerBound < 0 {
      throw .invalidOption(name: "window", expected: "edges ≥ 0", got: "\(w.lowerBound):\(w.upperBound + 1)")
    }
    let windowStart = request.window?.lowerBound ?? 0

    let lanes = request.lanes.sorted()
    let layouts = jobs.map { WaveformUnitLayout(job: $0, lanes: lanes) }
    var signals: [VCDSignal] = []
    var bases: [Int] = []
    for layout in layouts {
      bases.append(signals.count)
      signals += layout.signals
    }

    let options = VCDWriterOptions(
      clockMHz: request.clockMHz, sizeLimit: request.maxBytes, window: request.window, topScope: request.topScope,
      version: "layer \(first.layerName)")
    do throws(VCDError) {
      let vcdFile: OutputFile
      do { vcdFile = try OutputFile(path: vcdPath, displayPath: displayPaths?.vcd) } catch { throw .output(error) }
      let writer = try VCDWriter(file: vcdFile, signals: signals, options: options)
      let scope = ObservationScope(lanes: lanes, edges: request.window)
      var spools: [WaveformSpool] = []
      for u in 0..<(jobs.count - 1) {
        let spool = try WaveformSpool(
          base: bases[u], count: layouts[u].signals.count, byteLimit: request.maxBytes, previous: spools)
        var observer = WaveformSpoolObserver(spool: spool, layout: layouts[u], windowStart: windowStart)
        UnitSimulator.trace(limited(jobs[u], request), observer: &observer, scope: scope)
        if let failure = spool.failure {
          writer.abort()
          throw failure
        }
        spools.append(spool)
      }
      let u = jobs.count - 1
      var live = WaveformLiveObserver(
        writer: writer, spools: spools, layout: layouts[u], base: bases[u], windowStart: windowStart)
      UnitSimulator.trace(limited(jobs[u], request), observer: &live, scope: scope)
      WaveformLiveObserver.merge(spools, upTo: .max, into: writer)
      if let failure = spools.lazy.compactMap(\.failure).first {
        writer.abort()
        throw failure
      }
      let lastEdges = spools.map(\.lastEdge) + [live.lastEdge]
      let trace = try writer.finish(throughEdge: lastEdges.max())
      var files = [vcdFile]
      if let savePath {
        var display: [VCDSignal] = []
        for layout in layouts { display += layout.displayOrder.map { layout.signals[$0] } }
        var save = GTKWSaveWriter(
          dumpFile: GTKWSaveWriter.fileName(vcdPath), saveFile: GTKWSaveWriter.fileName(savePath), signals: display,
          topScope: request.topScope, startTime: trace.startTime, endTime: trace.endTime)
        save.unitsPerTick = trace.timing.timescale.magnitude
        do {
          let file = try OutputFile(path: savePath, displayPath: displayPaths?.save)
          files.append(file)
          try file.write(Array(save.render().utf8))
        } catch {
          for f in files { f.discard() }
          throw .output(error)
        }
      }
      var summary = WaveformSummary(
        trace: trace, savePath: savePath, units: kinds, signals: signals.count, lastEdges: lastEdges,
        firstEdge: windowStart)
      summary.trace.path = vcdPath
      return StagedWaveform(summary: summary, vcdPath: vcdPath, savePath: savePath, files: files)
    } catch {
      throw .vcd(error)
    }
  }

  /// `job` with its stream cut after the last beat that can be accepted by the window's end + 1: beat b is accepted
  /// at edge ≥ C + b, so beats up to `end − C + 2` keep every value inside the window (and the run's end after it).
  static func limited(_ job: LayerJob, _ request: WaveformRequest) -> LayerJob {
    guard request.limitStreams, let end = request.window?.upperBound, end < Int.max / 4 else { return job }
    let beats = Swift.max(0, end - job.reconfigurationCycles) + 3
    let (keep, overflow) = beats.multipliedReportingOverflow(by: job.lanes)
    guard !overflow, keep < job.stream.count else { return job }
    var cut = job
    cut.stream = PrefixStream(base: job.stream, count: keep)
    return cut
  }
}

/// The first `count` elements of another stream.
struct PrefixStream: ElementStream {
  let base: any ElementStream
  let count: Int

  func fill(_ block: inout ElementBlock, start: Int, length: Int) {
    base.fill(&block, start: start, length: Swift.min(length, count - start))
  }
}
