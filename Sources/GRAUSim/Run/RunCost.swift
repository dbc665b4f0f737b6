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

  /// Measured constants (release build, x86-64, `scripts/calibrate_run_cost.sh`). An unobserved run streams its
  /// elements on the fast path (docs/performance.md), whose cost is per element — ``elementNanoseconds`` for its
  /// stimulus, its stages, its reference output and check, whatever the kind and the lanes — while the
  /// configuration words and the pipeline's settling run on a one-lane event kernel: ``kernelNanoseconds`` per
  /// stage and cycle, which is what makes a 14-bit pipelined MT take half a minute. Fitting a GRAU channel costs
  /// ``grauFitNanoseconds``.
  static let elementNanoseconds = 350.0
  static let kernelNanoseconds = 26.0
  static let grauFitNanoseconds = 1_000_000.0
  /// Process start, config and the calibration draws of a small run.
  static let baseSeconds = 0.03
  /// Memory of the configuration kernel per stage (its registers, next values, toggle counters, declarations and
  /// the parameter memory), and of the fast path per lane and stage (the lane's current values).
  static let bytesPerStage = 1950.0
  static let bytesPerLaneStage = 16.0
  /// The process, its code and the stimulus generators (resident before any layer runs).
  static let baseBytes = 20_000_000

  /// The registers updated per cycle: a pipelined unit's every stage, a serialized unit's few.
  static func stages(_ kind: UnitKind, timing: UnitTiming) -> Int {
    switch kind {
    case .grau, .mt, .mtBinarySearch: timing.latency + 2
    case .grauSerial, .mtSerial: 6
    }
  }

  /// The wall time of one job: its elements on the fast path, and its configuration and settling on the kernel.
  static func seconds(elements: Int, configurationCycles: Int, stages: Int) -> Double {
    (elementNanoseconds * Double(elements) + kernelNanoseconds * Double(configurationCycles) * Double(stages)) * 1e-9
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
      // The units of a layer share its stream, drawn once (``StreamShare``).
      let codeBytes = MaterializedStream.bytesPerElement(
        input: IntegerFormat(bits: acc.inputBits, signed: true), outputs: [layer.output])
      let streamBytes = acc.units.count > 1 && elements * codeBytes <= StreamShare.layerLimit ? elements * codeBytes : 0
      for kind in acc.units {
        let design = UnitDesign(
          kind: kind, grau: acc.grau, mtMaxBits: acc.mtMaxBits, maxOutputBits: layer.outputBits, lanes: acc.lanes,
          channelCapacity: layer.channels, busBits: acc.paramBusBits, mtStorage: acc.mtStorage)
        let timing = design.timing(outputBits: layer.outputBits)
        let beats = (elements + acc.lanes - 1) / acc.lanes
        let reconfiguration = design.reconfigurationCycles(outputBits: layer.outputBits, channels: layer.channels)
        let cycles = reconfiguration + beats * timing.initiationInterval + timing.latency
        let depth = stages(kind, timing: timing)
        let laneStages = depth * acc.lanes
        var time = seconds(elements: elements, configurationCycles: reconfiguration + timing.latency, stages: depth)
        // The layer's GRAU channels are fitted once, whichever GRAU variants run.
        if kind == acc.units.first(where: \.isGRAU) {
          time += grauFitNanoseconds * Double(layer.channels) * 1e-9
        }
        jobs.append(
          Job(
            layer: layer.name, unit: kind, elements: elements, cycles: cycles, laneStages: laneStages, seconds: time,
            bytes: Int(Double(depth) * bytesPerStage + Double(laneStages) * bytesPerLaneStage) + streamBytes))
      }
    }
    let workers = max(1, min(threads ?? config.run.threads ?? ProcessInfo.processInfo.activeProcessorCount, jobs.count))
    // Jobs run `workers` at a time: the time is at least the total over the workers and at least the longest job;
    // the peak holds the `workers` largest jobs at once.
    let total = jobs.reduce(0) { $0 + $1.seconds }
    let longest = jobs.map(\.seconds).max() ?? 0
    let largest = jobs.map(\.bytes).sorted(by: >).prefix(workers).reduce(0, +)
    return RunCost(
      jobs: jobs, seconds: baseSeconds + max(total / Double(workers), longest),
      bytes: baseBytes + parameterBytes + largest,
      threads: workers)
  }
}
