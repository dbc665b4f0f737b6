/// Runs one layer through one unit variant.
public enum UnitSimulator {
  /// Simulates `job` and reports cycles, toggles and the error of the produced outputs.
  ///
  /// PLACEHOLDER until the event-driven kernel lands: a transaction-level stand-in that takes cycles from
  /// ``ScheduleReference`` and values from the bit-exact references, and counts no toggles.
  public static func simulate(_ job: LayerJob) -> UnitLayerResult {
    let timing = job.timing
    let c = job.reconfigurationCycles
    let beats = job.beats
    let schedule = ScheduleReference.schedule(
      beats: beats, timing: timing, start: c, sourceValid: job.sourceValid, sinkReady: job.sinkReady)
    let total = schedule.last?.leave ?? c
    let ideal = ScheduleReference.idealCycles(beats: beats, timing: timing, reconfiguration: c)
    var error = ErrorAccumulator()
    var block = ElementBlock()
    var start = 0
    while start < job.stream.count {
      let n = min(4096, job.stream.count - start)
      job.stream.fill(&block, start: start, length: n)
      for i in 0..<n {
        let y = job.parameters.reference(block.x[i], channel: block.channel[i])
        error.add(error: y - block.expected[i])
      }
      start += n
    }
    let cycles = CycleBreakdown(
      total: total, compute: beats * timing.initiationInterval,
      fillDrain: beats == 0 ? 0 : timing.latency - timing.initiationInterval, reconfiguration: c, stall: total - ideal)
    return UnitLayerResult(
      kind: job.kind, elements: job.stream.count, cycles: cycles, latency: timing.latency, toggles: [], error: error,
      referenceMismatches: 0)
  }
}
