import Foundation
import Testing

@testable import GRAUSim

/// One reported register change.
struct TraceEvent: Sendable, Hashable {
  var edge: Int
  var signal: Int
  var value: UInt64
}

/// A synthetic trace shaped like the datapath's: two units with clocks and handshakes, lanes, stages with
/// fields of widths 1 ... 48, signed data, duplicate values, repeated changes within an edge and idle edges.
struct SyntheticTrace: Sendable {
  var signals: [VCDSignal] = []
  var events: [TraceEvent] = []
  var lastEdge = 0

  static func make(seed: UInt64, lanes: Int = 2, edges: Int = 200, density: Double = 0.3) -> SyntheticTrace {
    var trace = SyntheticTrace()
    func add(_ name: String, _ width: Int, signed: Bool = false, _ role: VCDSignalRole, radix: VCDRadix? = nil) {
      trace.signals.append(VCDSignal(name, width: width, signed: signed, role: role, radix: radix))
    }
    for unit in ["grau", "mt_bs"] {
      add("\(unit).clk", 1, .clock)
      add("\(unit).in_valid", 1, .valid)
      trace.signals.append(VCDSignal("\(unit).in_ready", width: 1, role: .valid, isRegister: false))
      add("\(unit).out_valid", 1, .valid)
      add("\(unit).out_ready", 1, .valid)
    }
    add("grau.cfg_data", 48, .parameter)
    add("grau.cfg_chan", 5, .parameter)
    for lane in 0..<lanes {
      let g = "grau.lane\(lane)"
      add("\(g).pre.valid", 1, .valid)
      add("\(g).pre.x", 16, signed: true, .data)
      add("\(g).pre.big", 20, signed: true, .data)
      add("\(g).pre.ch", 3, .data)
      for k in 1...3 {
        add("\(g).cmp\(k).valid", 1, .valid)
        add("\(g).cmp\(k).x", 16, signed: true, .data)
        add("\(g).cmp\(k).seg", 2, .control)
      }
      for r in 1...2 {
        add("\(g).shift\(r).v", 20, signed: true, .data)
        add("\(g).shift\(r).acc", 33, signed: true, .data)
        add("\(g).shift\(r).set", 4, .control, radix: .hexadecimal)
        add("\(g).shift\(r).neg", 1, .control)
      }
      add("\(g).bias.valid", 1, .valid)
      add("\(g).bias.y", 8, signed: true, .data)
    }
    for lane in 0..<lanes {
      let m = "mt_bs.lane\(lane)"
      add("\(m).in.x", 16, signed: true, .data)
      for s in 1...4 { add("\(m).bs\(s).idx", 4, .control) }
      add("\(m).out.y", 4, signed: true, .data)
    }

    var rng = SplitMix64(seed: seed)
    var current = trace.signals.map { $0.initialValue }
    for edge in 0..<edges {
      if edge % 17 == 5 { continue }  // idle edges: only the clock moves
      for (i, s) in trace.signals.enumerated() where s.role != .clock {
        guard Double(rng.next() % 1000) < density * 1000 else { continue }
        let roll = rng.next() % 10
        let value: UInt64
        if roll == 0 {
          value = current[i]  // a duplicate: must not be written again
        } else if s.isSigned {
          let half = Int64(1) << Int64(s.width - 1)
          value = UInt64(bitPattern: Int64.random(in: -half..<half, using: &rng))  // unmasked bit pattern
        } else {
          value = rng.next() & s.mask
        }
        trace.events.append(TraceEvent(edge: edge, signal: i, value: value))
        current[i] = value
        if roll == 1 {  // changed twice within the edge: only the last value counts
          let again = rng.next() & s.mask
          trace.events.append(TraceEvent(edge: edge, signal: i, value: again))
          current[i] = again
        }
      }
      trace.lastEdge = edge
    }
    return trace
  }

  /// Streams the trace through a writer.
  func write(to path: String, options: VCDWriterOptions = VCDWriterOptions(), throughEdge: Int? = nil)
    throws -> VCDTraceSummary
  {
    let writer = try VCDWriter(path: path, signals: signals, options: options)
    for e in events { writer.change(edge: e.edge, signal: e.signal, value: e.value) }
    return try writer.finish(throughEdge: throughEdge)
  }

  /// What every signal must look like in the file, computed independently of the writer: per signal the
  /// `[time, value]` list, `$dumpvars` value first. `lastEdge` is the last edge the clock reaches.
  func expectedChanges(timing: VCDClockTiming, window: ClosedRange<Int>?, throughEdge: Int? = nil)
    -> [[[UInt64]]]
  {
    let start = window?.lowerBound ?? 0
    let end = window?.upperBound ?? Int.max
    var state = signals.map { $0.initialValue & $0.mask }
    var result: [[[UInt64]]] = Array(repeating: [], count: signals.count)
    var k = 0
    while k < events.count, events[k].edge <= start {
      state[events[k].signal] = events[k].value & signals[events[k].signal].mask
      k += 1
    }
    let clockEnd = min(end, max(start, events.last?.edge ?? 0, throughEdge ?? 0))
    for (i, s) in signals.enumerated() {
      result[i].append([UInt64(timing.time(ofEdge: start)), s.role == .clock ? 1 : state[i]])
    }
    while k < events.count, events[k].edge <= end {
      let edge = events[k].edge
      var last: [Int: UInt64] = [:]
      var order: [Int] = []
      while k < events.count, events[k].edge == edge {
        let e = events[k]
        if last[e.signal] == nil { order.append(e.signal) }
        last[e.signal] = e.value & signals[e.signal].mask
        k += 1
      }
      for i in order where signals[i].role != .clock && last[i]! != state[i] {
        state[i] = last[i]!
        result[i].append([UInt64(timing.time(ofEdge: edge)), state[i]])
      }
    }
    for (i, s) in signals.enumerated() where s.role == .clock {
      result[i] = []
      for edge in start...clockEnd {
        let t = timing.time(ofEdge: edge)
        result[i].append([UInt64(t), 1])
        result[i].append([UInt64(t + timing.highTime), 0])
      }
    }
    return result
  }
}

/// The JSON `scripts/check_vcd.py` prints.
struct CheckedVCD: Decodable {
  struct Summary: Decodable {
    var changes: Int
    var end_time: Int?
    var signals: Int
    var time_steps: Int
    var timescale: String?
  }
  var summary: Summary
  var signals: [String: [[UInt64]]]
}

enum VCDJudge {
  /// Runs the strict checker; returns its result, or `nil` after recording why the file was rejected.
  static func check(
    _ path: String, dump: [String] = [], expectFailure: Bool = false, sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> (CheckedVCD?, ToolResult)? {
    guard let python = requirePyVCD(sourceLocation: sourceLocation) else { return nil }
    var arguments = [ExternalTool.script("check_vcd.py"), path]
    if !dump.isEmpty { arguments += ["--dump"] + dump }
    let result = try ExternalTool.run(python, arguments, timeout: 120)
    if expectFailure { return (nil, result) }
    guard result.exitCode == 0 else {
      Issue.record("check_vcd.py rejected \(path):\n\(result.transcript)", sourceLocation: sourceLocation)
      return nil
    }
    return (try JSONDecoder().decode(CheckedVCD.self, from: Data(result.stdout.utf8)), result)
  }
}

/// A fresh directory removed when `body` returns.
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("grausim-vcd-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: url) }
  return try body(url.path)
}

func readBytes(_ path: String) throws -> [UInt8] {
  [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}
