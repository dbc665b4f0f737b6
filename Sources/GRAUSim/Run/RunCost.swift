import Foundation

/// What a run will cost before it starts: per (layer, unit) the cycles it simulates and the registers it keeps,
/// and from them the wall time and the peak memory, with constants measured on this code base
/// (`scripts/calibrate_run_cost.sh`; docs/performance.md). An estimate, good to a factor of about two: enough to
/// say that a 16-bit pipelined MT takes minutes, or that 4096 lanes need gigabytes, before spending them.
struct RunCost: Sendable, Hashable {
  /// One (layer, unit) job.
  struct Job: Sendable, Hashable {
    var layer: String
    var unit: UnitKind
    /// Elements streamed through the unit (and, as many, calibration samples fitted).
    var elements: Int
    /// Cycles simulated: reconfiguration, one initiation interval per beat, the pipeline's fill and drain.
    var cycles: Int
    /// Pipeline stages times lanes: the registers the kernel updates every cycle.
    var laneStages: Int
    var seconds: Double
    var bytes: Int
  }

  var jobs: [Job]
  /// Wall time of the whole run with `threads` workers, in seconds.
  var seconds: Double
  /// Peak resident memory, in bytes.
  var bytes: Int
  var threads: Int

  /// Measured constants (release build, x86-64, `scripts/calibrate_run_cost.sh`), in nanoseconds: a lane-stage
  /// that holds no element costs ``idleNanoseconds`` a cycle; one an element passes through costs the kind's busy
  /// time (a per-lane part and a per-stage part shared by the lanes); every element costs ``elementNanoseconds``
  /// for its stimulus, its reference output, its check and its share of the calibration fit.
  static let idleNanoseconds = 3.3
  static let elementNanoseconds = 350.0
  static func busyNanoseconds(_ kind: UnitKind, lanes: Int) -> Double {
    switch kind {
    case .mt: 11 + 24 / Double(lanes)
    case .grau, .mtBinarySearch: 7 + 24 / Double(lanes)
    case .grauSerial, .mtSerial: 6
    }
  }
  /// Memory per lane-stage (the kernel's registers, their next values, toggle counters and declarations).
  static let bytesPerLaneStage = 640.0
  /// The process, its code and the stimulus generators (resident before any layer runs).
  static let baseBytes = 20_000_000

  /// The registers updated per cycle: a pipelined unit's every stage, a serialized unit's few.
  static func stages(_ kind: UnitKind, timing: UnitTiming) -> Int {
    switch kind {
    case .grau, .mt, .mtBinarySearch: timing.latency + 2
    case .grauSerial, .mtSerial: 6
    }
  }

  /// The wall time of one job: idle and busy lane-stage cycles, and the per-element work.
  static func seconds(_ kind: UnitKind, elements: Int, cycles: Int, stages: Int, lanes: Int) -> Double {
    let laneStageCycles = Double(cycles) * Double(stages) * Double(lanes)
    // An element visits every stage of a pipeline once; a serialized unit's few stages are busy every cycle.
    let busy = kind.isSerialized ? laneStageCycles : min(laneStageCycles, Double(elements) * Double(stages))
    let ns =
      idleNanoseconds * (laneStageCycles - busy) + busyNanoseconds(kind, lanes: lanes) * busy
      + elementNanoseconds * Double(elements)
    return ns * 1e-9
  }

  /// The cost of running `config` with `options` (its layers, element limit and threads).
  static func estimate(config: SimulationConfig, layers: [String]?, maxElementsPerLayer: Int?, threads: Int?) -> RunCost
  {
    let acc = config.accelerator
    let selected = Set(layers ?? config.run.layers ?? config.network.layers.map(\.name))
    let limit = maxElementsPerLayer ?? config.stimulus.maxElementsPerLayer
    var jobs: [Job] = []
    var parameterBytes = 0
    for layer in config.network.layers where selected.contains(layer.name) {
      let elements = min(limit ?? Int.max, layer.elements)
      // Fitted parameters stay for the whole run: MT thresholds (2^n − 1 per channel) dominate.
      parameterBytes += layer.channels * (8 * ((1 << layer.outputBits) - 1) + 256)
      for kind in acc.units {
        let design = UnitDesign(
          kind: kind, grau: acc.grau, mtMaxBits: acc.mtMaxBits, maxOutputBits: layer.outputBits, lanes: acc.lanes,
          channelCapacity: layer.channels, busBits: acc.paramBusBits)
        let timing = design.timing(outputBits: layer.outputBits)
        let beats = (elements + acc.lanes - 1) / acc.lanes
        let reconfiguration = design.reconfigurationCycles(outputBits: layer.outputBits, channels: layer.channels)
        let cycles = reconfiguration + beats * timing.initiationInterval + timing.latency
        let depth = stages(kind, timing: timing)
        let laneStages = depth * acc.lanes
        jobs.append(
          Job(
            layer: layer.name, unit: kind, elements: elements, cycles: cycles, laneStages: laneStages,
            seconds: seconds(kind, elements: elements, cycles: cycles, stages: depth, lanes: acc.lanes),
            bytes: Int(Double(laneStages) * bytesPerLaneStage)))
      }
    }
    let workers = max(1, min(threads ?? config.run.threads ?? ProcessInfo.processInfo.activeProcessorCount, jobs.count))
    // Jobs run `workers` at a time: the time is at least the total over the workers and at least the longest job;
    // the peak holds the `workers` largest jobs at once.
    let total = jobs.reduce(0) { $0 + $1.seconds }
    let longest = jobs.map(\.seconds).max() ?? 0
    let largest = jobs.map(\.bytes).sorted(by: >).prefix(workers).reduce(0, +)
    return RunCost(
      jobs: jobs, seconds: max(total / Double(workers), longest), bytes: baseBytes + parameterBytes + largest,
      threads: workers)
  }
}
