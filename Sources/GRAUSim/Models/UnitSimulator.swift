/// Runs one layer through one unit variant on the event-driven kernel.
package enum UnitSimulator {
  /// Simulates `job` cycle by cycle and reports cycles, toggles and the error of the produced outputs.
  ///
  /// Builds the unit (docs/datapath.md) on the kernel, writes the configuration words at edges 0 … C−1, streams
  /// every element from edge C on, and checks every output leaving the sink against `Q_c` (`error`) and against
  /// the bit-exact reference (`referenceMismatches`, 0 for a correct model). Memory does not grow with the
  /// number of elements.
  ///
  /// - Complexity: O(edges × active stages × lanes).
  /// Pipelined units run on the fast path (Models/FastPath.swift), which computes the same result without the
  /// event kernel's per-register work; everything else runs on the kernel.
  package static func simulate(_ job: LayerJob) -> UnitLayerResult {
    FastPath.simulate(job) ?? simulateOnKernel(job)
  }

  /// ``simulate(_:)`` on the event kernel, whatever the unit: the reference the fast path is tested against.
  package static func simulateOnKernel(_ job: LayerJob) -> UnitLayerResult {
    var observer = NoObserver()
    return run(job, observer: &observer, scope: nil).result
  }

  /// Simulates `job` and reports committed changes of the signals `scope` selects to `observer`
  /// (see ``SimulationObserver`` for the call protocol and signal names).
  /// Pipelined units without stalls stream on the traced fast path (Models/FastTrace.swift).
  static func simulate<O: SimulationObserver>(
    _ job: LayerJob, observer: inout O, scope: ObservationScope = ObservationScope()
  ) -> UnitLayerResult {
    FastTrace.simulate(job, observer: &observer, scope: scope)
      ?? simulateOnKernel(job, observer: &observer, scope: scope)
  }

  /// The observer calls of ``simulate(_:observer:scope:)`` without its result (what a waveform needs).
  static func trace<O: SimulationObserver>(
    _ job: LayerJob, observer: inout O, scope: ObservationScope = ObservationScope()
  ) {
    if !FastTrace.trace(job, observer: &observer, scope: scope) {
      _ = simulateOnKernel(job, observer: &observer, scope: scope)
    }
  }

  /// ``simulate(_:observer:scope:)`` on the event kernel: the reference the traced fast path is tested against.
  static func simulateOnKernel<O: SimulationObserver>(
    _ job: LayerJob, observer: inout O, scope: ObservationScope = ObservationScope()
  ) -> UnitLayerResult {
    run(job, observer: &observer, scope: scope).result
  }

  /// A run's result plus what tests inspect: per-beat accept/leave edges and the kernel.
  struct Run {
    var result: UnitLayerResult
    var schedule: [ScheduleReference.Beat]
    var kernel: Kernel
    var model: UnitModel
  }

  static func run<O: SimulationObserver>(
    _ job: LayerJob, observer: inout O, scope: ObservationScope?, recordSchedule: Bool = false
  ) -> Run {
    var elaboration = Elaboration()
    var model = UnitModel(job: job, elaboration: &elaboration)
    model.recordSchedule = recordSchedule
    if job.captureOutputs { model.outputs = [] }
    let kernel = Kernel(elaboration)
    model.initialize(kernel)
    do {
      if let scope {
        let (signals, ids) = model.observation(scope, kernel: kernel)
        _ = try kernel.run(&model, observer: &observer, observed: signals, observedSignals: ids, window: scope.edges)
      } else {
        _ = try kernel.run(&model, observer: &observer)
      }
    } catch {
      // The unit models have no combinational loops; reaching this is a bug in grausim, not bad input.
      fatalError("internal error: \(error)")
    }
    let timing = job.timing
    let c = model.reconfiguration
    let beats = model.beats
    let total = beats == 0 ? c : model.lastLeave
    let ideal = ScheduleReference.idealCycles(beats: beats, timing: timing, reconfiguration: c)
    let cycles = CycleBreakdown(
      total: total, compute: beats * timing.initiationInterval,
      fillDrain: beats == 0 ? 0 : timing.latency - timing.initiationInterval, reconfiguration: c, stall: total - ideal)
    let result = UnitLayerResult(
      kind: job.kind, elements: model.elementCount, cycles: cycles, latency: timing.latency,
      toggles: model.toggleReport(kernel), error: model.error, channelErrors: model.channelErrors,
      referenceMismatches: model.referenceMismatches, outputDigest: model.outputDigest.value, outputs: model.outputs)
    let schedule = zip(model.acceptEdges, model.leaveEdges).map { ScheduleReference.Beat(accept: $0, leave: $1) }
    return Run(result: result, schedule: schedule, kernel: kernel, model: model)
  }
}

extension UnitModel {
  /// Toggles per `<stage>.<field>` summed over lanes, in datapath order; then the handshakes; then the
  /// parameter memory (`param.control`, `param.threshold`, `param.setting`, `param.bias`).
  func toggleReport(_ k: Kernel) -> [SignalToggles] {
    toggleReport(
      k,
      stageField: { s, f in
        let first = stages[s].first + f * lanes
        var sum: UInt64 = 0
        for l in 0..<lanes { sum &+= k.toggles[first + l] }
        return Int(sum)
      },
      handshakes: [inValid, inReady, outValid, outReady].map { Int(k.toggles[$0.signal]) })
  }

  /// The report with the toggles of stage `s`'s field `f` (summed over lanes) and of the four handshakes
  /// (in_valid, in_ready, out_valid, out_ready) given; the parameter memory's from `k`.
  func toggleReport(_ k: Kernel, stageField: (Int, Int) -> Int, handshakes: [Int]) -> [SignalToggles] {
    var report: [SignalToggles] = []
    for (s, layout) in stages.enumerated() {
      for (f, field) in layout.fields.enumerated() {
        report.append(
          SignalToggles(
            name: "\(field.stage).\(field.name)", signalClass: field.signalClass.rawValue, bits: field.width,
            toggles: stageField(s, f)))
      }
    }
    for (name, t) in zip(["in_valid", "in_ready", "out_valid", "out_ready"], handshakes) {
      report.append(SignalToggles(name: name, signalClass: SignalClass.valid.rawValue, bits: 1, toggles: t))
    }
    report.append(
      SignalToggles(
        name: "param.control", signalClass: SignalClass.parameter.rawValue, bits: 7,
        toggles: Int(k.toggles[control.signal])))
    let mem = k.memories[memory]
    for (g, name) in mem.groups.enumerated() {
      let width = mem.fields.first { $0.group == g }?.width ?? 0
      report.append(
        SignalToggles(
          name: name, signalClass: SignalClass.parameter.rawValue, bits: width, toggles: Int(mem.groupToggles[g])))
    }
    return report
  }
}
