import GRAUSim

private func mtParameters(channels: Int, n: Int, inputBits: Int) -> [MTParameters] {
  let input = IntegerFormat(bits: inputBits, signed: true)
  let output = IntegerFormat(bits: n, signed: false)
  return (0..<channels).map { c in
    let m = (1 << n) - 1
    let thresholds = (1...m).map { i in input.min + (i * (input.count - 1)) / (m + 1) + c }
    return MTParameters(inputBits: inputBits, thresholds: thresholds, output: output)
  }
}

private func grauParameters(channels: Int, a: GRAUArchitecture, n: Int) -> [GRAUParameters] {
  let output = IntegerFormat(bits: n, signed: true)
  return (0..<channels).map { c in
    let k = a.segments
    let thresholds = (1..<k).map { j in a.input.min + j * (a.input.count / k) + c }
    let segments = (0..<k).map { s in
      GRAUSegment.pot(shift: 1 + (s * 3 + c) % a.stages, negative: s % 3 == 0, bias: s * 5 - 7)
    }
    return GRAUParameters(architecture: a, thresholds: thresholds, segments: segments, output: output)
  }
}

/// `grausim-bench sim [beats] [samples] [--lanes N] [--kernel] [--only mt|mt_bs|grau]`: the unit models on the three units of
/// `run yolo-tiny` (16 lanes unless `--lanes`), as `UnitSimulator.simulate` runs them (the fast path), or with
/// `--kernel` on the event kernel.
///
/// Prints, per unit: min and median wall time over the samples (after one warm-up), simulated cycles per second
/// and stage-register updates per second (stages × lanes × edges streamed), and the toggle total as a black hole.
func runSimBench(arguments: [String]) {
  var arguments = arguments
  let kernel = arguments.contains("--kernel")
  arguments.removeAll { $0 == "--kernel" }
  var lanes = 16
  var only: String?
  if let i = arguments.firstIndex(of: "--only"), i + 1 < arguments.count {
    only = arguments[i + 1]
    arguments.removeSubrange(i...(i + 1))
  }
  if let i = arguments.firstIndex(of: "--lanes"), i + 1 < arguments.count {
    lanes = Swift.max(1, Int(arguments[i + 1]) ?? 16)
    arguments.removeSubrange(i...(i + 1))
  }
  let beats = arguments.count > 0 ? Int(arguments[0]) ?? 200_000 : 200_000
  let samples = arguments.count > 1 ? Int(arguments[1]) ?? 3 : 3
  let channels = 16
  let grau = GRAUArchitecture()
  let cases: [(String, UnitKind, Int, UnitParameterSet)] = [
    ("mt (255 stages)", .mt, 8, .mt(mtParameters(channels: channels, n: 8, inputBits: grau.inputBits))),
    ("mt_bs (10 stages)", .mtBinarySearch, 8, .mt(mtParameters(channels: channels, n: 8, inputBits: grau.inputBits))),
    ("grau (24 stages)", .grau, 8, .grau(grauParameters(channels: channels, a: grau, n: 8))),
  ]
  print(
    "sim bench (\(kernel ? "event kernel" : "fast path")): \(beats) beats x \(lanes) lanes, \(channels) channels, "
      + "\(samples) samples (+1 warm-up)")
  for (name, kind, n, parameters) in cases where only.map({ name.hasPrefix($0 + " ") }) ?? true {
    let output = IntegerFormat(bits: n, signed: kind.isGRAU)
    let stream = SyntheticStream(count: beats * lanes, channels: channels, input: grau.input, output: output)
    let job = LayerJob(
      layerName: "bench", kind: kind, lanes: lanes, grau: grau, mtMaxBits: 8, output: output, parameters: parameters,
      stream: stream, busBits: 32)
    var times: [Double] = []
    var result: UnitLayerResult?
    for _ in 0...samples {
      let clock = ContinuousClock()
      let t0 = clock.now
      result = kernel ? UnitSimulator.simulateOnKernel(job) : UnitSimulator.simulate(job)
      let d = clock.now - t0
      times.append(Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
    }
    times.removeFirst()
    times.sort()
    let r = result!
    let median = times[times.count / 2]
    let stages = job.timing.latency
    let streamed = r.cycles.total - r.cycles.reconfiguration
    let updates = Double(streamed) * Double(stages * lanes)
    print(
      "  \(name): min \(fmt(times[0])) s, median \(fmt(median)) s; \(r.cycles.total) cycles, "
        + "\(fmt(Double(r.cycles.total) / median / 1e6)) M cycles/s, \(fmt(updates / median / 1e6)) M stage updates/s "
        + "(\(fmt(median / updates * 1e9)) ns each), toggles \(r.totalToggles), mismatches \(r.referenceMismatches)")
  }
}

private func fmt(_ v: Double) -> String {
  let r = (v * 1000).rounded() / 1000
  return "\(r)"
}
