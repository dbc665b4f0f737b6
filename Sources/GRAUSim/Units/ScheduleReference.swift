/// A repeating 0/1 pattern over clock edges, e.g. a source's valid or a sink's ready (`"1101"`).
package struct EdgePattern: Sendable, Hashable, CustomStringConvertible {
  /// The pattern's bits; edge `e` (counted from the first streaming edge) uses `bits[e % bits.count]`.
  let bits: [Bool]

  /// The pattern that is always 1.
  static let always = EdgePattern(bits: [true])

  init(bits: [Bool]) {
    precondition(!bits.isEmpty && bits.contains(true), "an edge pattern needs at least one 1")
    self.bits = bits
  }

  /// Parses a string of `0` and `1` with at least one `1`; nil otherwise.
  init?(_ text: String) {
    var bits: [Bool] = []
    for c in text {
      switch c {
      case "0": bits.append(false)
      case "1": bits.append(true)
      default: return nil
      }
    }
    guard !bits.isEmpty, bits.contains(true) else { return nil }
    self.bits = bits
  }

  /// The pattern at streaming edge `e` (≥ 0).
  subscript(e: Int) -> Bool { bits[e % bits.count] }

  package var description: String { String(bits.map { $0 ? "1" : "0" }) }
}

/// The pure cycle reference of the streaming handshake: when each beat is accepted and when it leaves.
///
/// This is to cycles what ``GRAUReference`` is to values: the event-driven models and the exported RTL must
/// both reproduce it edge for edge. L lanes run in lock-step as one stream of beats (`ceil(N / L)` beats).
///
/// Semantics, at every edge `e` from `start` on (patterns are indexed by `e − start`):
/// - Pipelined (II = 1, global stall): stage valid bits `v[1...λ]`; `out_valid = v[λ]`;
///   `enable = !v[λ] || out_ready(e)`; `in_ready = enable`; a beat leaves iff `v[λ] && out_ready(e)`, is accepted iff
///   `enable && in_valid(e)`; when enabled every stage shifts by one.
/// - Serialized (one beat in flight): a beat accepted at `a` is in the output register after edge `a + λ − 1`
///   and may leave from edge `a + λ` on; `in_ready = idle || (out_valid && out_ready(e))`, so the next beat can be
///   accepted at the very edge the previous one leaves.
/// - `in_valid(e) = sourceValid(e − start) && beats remain`.
enum ScheduleReference {
  /// The accept and leave edge of one beat.
  struct Beat: Sendable, Hashable {
    var accept: Int
    var leave: Int
  }

  /// Schedules `beats` beats through a unit of the given timing.
  ///
  /// - Complexity: O(total edges × λ) for pipelined units; meant for tests and small runs.
  static func schedule(
    beats: Int, timing: UnitTiming, start: Int = 0, sourceValid: EdgePattern = .always, sinkReady: EdgePattern = .always
  ) -> [Beat] {
    var result: [Beat] = []
    result.reserveCapacity(beats)
    var nextBeat = 0
    var e = start
    let lambda = timing.latency
    if timing.initiationInterval == 1 && lambda >= 1 && !isSerialized(timing) {
      // Pipelined with global stall: track each stage's occupant (accept edge) or nil.
      var stages = [Int?](repeating: nil, count: lambda)
      while result.count < beats {
        let ready = sinkReady[e - start]
        let outValid = stages[lambda - 1] != nil
        let enable = !outValid || ready
        if outValid && ready {
          result.append(Beat(accept: stages[lambda - 1]!, leave: e))
        }
        if enable {
          for s in stride(from: lambda - 1, to: 0, by: -1) { stages[s] = stages[s - 1] }
          if nextBeat < beats && sourceValid[e - start] {
            stages[0] = e
            nextBeat += 1
          } else {
            stages[0] = nil
          }
        }
        e += 1
      }
      return result
    }
    // Serialized: one beat in flight.
    var inFlight: Int? = nil  // accept edge
    while result.count < beats {
      var idle = inFlight == nil
      if let a = inFlight, e >= a + lambda, sinkReady[e - start] {
        result.append(Beat(accept: a, leave: e))
        inFlight = nil
        idle = true
      }
      if idle, nextBeat < beats, sourceValid[e - start] {
        inFlight = e
        nextBeat += 1
      }
      e += 1
    }
    return result
  }

  /// A timing is serialized when its initiation interval equals its latency and exceeds one.
  private static func isSerialized(_ t: UnitTiming) -> Bool { t.initiationInterval > 1 }

  /// Cycles of a layer with no stalls: `C + (beats − 1) · II + λ`, the edge at which the last beat leaves when
  /// streaming starts at edge `C` (the reconfiguration cycles).
  static func idealCycles(beats: Int, timing: UnitTiming, reconfiguration: Int) -> Int {
    beats == 0 ? reconfiguration : reconfiguration + (beats - 1) * timing.initiationInterval + timing.latency
  }
}
