#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a GTKWave save file (`.gtkw`) that opens a grausim VCD with its signals grouped per stage.
///
/// Layout: `[dumpfile]`/`[savefile]` as bare file names (GTKWave 3.3 resolves a relative dump file against the
/// save file's directory when `[savefile]` is present, so the pair can be moved together), `[timestart]` at
/// the trace start, a `*` zoom line that fits the whole trace in the window, `[treeopen]` for the top, unit and
/// lane scopes, then one group per parent scope (`@800200 -grau.lane0.cmp1` … `@1000200 -grau.lane0.cmp1`) in
/// order of first declaration, which is datapath order.
///
/// Trace flags are GTKWave's `TR_*` bits (gtkwave `analyzer.h`, checked by saving from GTKWave 3.3.118):
/// `@28` binary, `@22` hexadecimal, `@24` decimal, `@420` signed decimal (each with `TR_RJUSTIFY` 0x20),
/// `@800200` group begin, `@1000200` group end (with `TR_BLANK` 0x200). Vectors are written with their range,
/// `top.grau.lane0.cmp1.x[15:0]`: GTKWave 3.3 silently drops a vector named without it.
struct GTKWSaveWriter: Sendable {
  /// The VCD file as written in `[dumpfile]` (normally its bare name: it sits next to the save file).
  var dumpFile: String
  /// The save file's own name, written in `[savefile]` so a relative `dumpFile` resolves next to it.
  var saveFile: String
  /// Scope enclosing every signal in the VCD (``VCDWriterOptions/topScope``).
  var topScope: String?
  /// The signals to show, in display order (normally datapath order).
  var signals: [VCDSignal]
  /// First and last tick of the trace: the view starts at `startTime` and fits `endTime - startTime`.
  var startTime: Int
  var endTime: Int
  /// GTKWave's time units per VCD tick: it counts time in the timescale's unit, so a `100ps` tick is 100 of them
  /// (the timescale's magnitude: 1, 10 or 100).
  var unitsPerTick: Int = 1
  /// GTKWave window size in pixels.
  var windowWidth: Int = 1600
  var windowHeight: Int = 900
  /// Width of the signal-tree pane and of the signal-name pane, in pixels.
  var treeWidth: Int = 220
  var namesWidth: Int = 320

  /// A save file for the signals of a trace.
  ///
  /// - Parameters:
  ///   - dumpFile: The VCD as `[dumpfile]` should name it.
  ///   - saveFile: The save file's name (for `[savefile]`).
  ///   - signals: Signals to display, in order.
  ///   - topScope: The VCD's enclosing scope.
  ///   - startTime: First tick to show.
  ///   - endTime: Last tick to show.
  init(
    dumpFile: String, saveFile: String, signals: [VCDSignal], topScope: String? = "top", startTime: Int,
    endTime: Int
  ) {
    self.dumpFile = dumpFile
    self.saveFile = saveFile
    self.signals = signals
    self.topScope = topScope
    self.startTime = startTime
    self.endTime = endTime
  }

  /// A save file at `savePath` for a finished trace, naming the VCD by its bare file name.
  ///
  /// - Parameters:
  ///   - trace: What ``VCDWriter/finish(throughEdge:)`` returned.
  ///   - signals: Signals to display (a subset of the declared ones, in display order).
  ///   - savePath: Where the save file will be written (next to the VCD).
  init(trace: VCDTraceSummary, signals: [VCDSignal], savePath: String) {
    self.init(
      dumpFile: Self.fileName(trace.path), saveFile: Self.fileName(savePath), signals: signals,
      topScope: trace.topScope, startTime: trace.startTime, endTime: trace.endTime)
    unitsPerTick = trace.timing.timescale.magnitude
  }

  /// The name GTKWave shows for `signal`: scope-qualified, with `[msb:0]` for vectors.
  func traceName(_ signal: VCDSignal) -> String {
    let prefix = topScope.map { $0 + "." } ?? ""
    return prefix + signal.name + (signal.width > 1 ? "[\(signal.width - 1):0]" : "")
  }

  /// GTKWave's trace flags for a radix, as written after `@`.
  static func flags(_ radix: VCDRadix) -> String {
    switch radix {
    case .binary: "28"
    case .hexadecimal: "22"
    case .decimal: "24"
    case .signedDecimal: "420"
    }
  }

  /// Pixels GTKWave 3.3 draws per time unit at zoom 0 (its `pixelsperframe`): at zoom z it shows
  /// `pane / 200 · 2^(−z)` units of the timescale's unit — `ticks · unitsPerTick` — (measured with
  /// `gtkwave::getWindowStartTime`/`getWindowEndTime` under xvfb at 1 ns, 10 ps and 100 ps timescales).
  static let pixelsPerTickAtZoomZero = 200.0

  /// Room left beyond the trace: GTKWave's wave pane is about 6 % narrower than the window minus both side panes
  /// (scroll bar, borders), measured under xvfb at 1600 px.
  static let zoomMargin = 1.10

  /// The zoom that fits `span` ticks (times ``zoomMargin``) into the wave pane.
  var zoom: Double {
    let pane = max(100, windowWidth - treeWidth - namesWidth - 40)
    let span = Double(max(1, endTime - startTime)) * Double(unitsPerTick)
    return -log2(span * Self.zoomMargin * Self.pixelsPerTickAtZoomZero / Double(pane))
  }

  /// The save file's text.
  func render() -> String {
    var text = "[*] grausim waveform view\n"
    text += "[dumpfile] \"\(dumpFile)\"\n"
    text += "[savefile] \"\(saveFile)\"\n"
    text += "[timestart] \(startTime)\n"
    text += "[size] \(windowWidth) \(windowHeight)\n"
    text += "[pos] -1 -1\n"
    text += "*" + Self.fixed6(zoom) + " -1" + String(repeating: " -1", count: 26) + "\n"

    // Scopes to open: top, units and lanes (depth ≤ 2 below top), in order of first appearance.
    var opened: Set<String> = []
    let prefix = topScope.map { $0 + "." } ?? ""
    if let top = topScope {
      text += "[treeopen] \(top).\n"
    }
    for signal in signals {
      let parts = signal.name.split(separator: ".").dropLast().prefix(2)
      var path = prefix
      for part in parts {
        path += part + "."
        if opened.insert(path).inserted { text += "[treeopen] \(path)\n" }
      }
    }
    text += "[sst_width] \(treeWidth)\n"
    text += "[signals_width] \(namesWidth)\n"
    text += "[sst_expanded] 1\n"
    text += "[sst_vpaned_height] \(windowHeight / 3)\n"

    // One group per parent scope, groups in order of first appearance, signals stable within a group.
    var groupOrder: [String] = []
    var groupIndex: [String: Int] = [:]
    var members: [[VCDSignal]] = []
    for signal in signals {
      let parent = signal.name.split(separator: ".").dropLast().joined(separator: ".")
      if let g = groupIndex[parent] {
        members[g].append(signal)
      } else {
        groupIndex[parent] = groupOrder.count
        groupOrder.append(parent)
        members.append([signal])
      }
    }
    var lastFlags = ""
    for (g, group) in groupOrder.enumerated() {
      let named = !group.isEmpty
      if named {
        text += "@800200\n-\(group)\n"
        lastFlags = "800200"
      }
      for signal in members[g] {
        let flags = Self.flags(signal.displayRadix)
        if flags != lastFlags {
          text += "@\(flags)\n"
          lastFlags = flags
        }
        text += traceName(signal) + "\n"
      }
      if named {
        text += "@1000200\n-\(group)\n"
        lastFlags = "1000200"
      }
    }
    return text
  }

  /// Writes the save file (``OutputFile``'s rule: atomically for a file).
  ///
  /// - Throws: ``VCDError/output(_:)`` when the file cannot be written.
  func write(to path: String) throws(VCDError) {
    do { try OutputFile.write(render(), to: path) } catch { throw .output(error) }
  }

  static func fileName(_ path: String) -> String {
    path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
  }

  /// `x` with exactly six decimals, like C's `%f` (what GTKWave writes), without Foundation.
  static func fixed6(_ x: Double) -> String {
    let scaled = (abs(x) * 1_000_000).rounded()
    let whole = Int(scaled) / 1_000_000
    let fraction = String(Int(scaled) % 1_000_000)
    let sign = x < 0 && scaled != 0 ? "-" : ""
    return sign + "\(whole)." + String(repeating: "0", count: 6 - fraction.count) + fraction
  }
}
