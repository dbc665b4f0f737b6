import Foundation
import GRAUSim

/// `grausim-bench wave [cycles] [samples]`: the cost of `grausim run --vcd` on one GRAU lane.
///
/// Simulates one lane of the default GRAU pipeline (24 stages) for about `cycles` clock edges (default 100 000)
/// untraced and traced into a VCD (every register of lane 0, whole run, no size cap), `samples` times each after a
/// warm-up (default 3), and prints the VCD's bytes per cycle and the slowdown: min traced / min untraced wall time.
func runWaveBench(arguments: [String]) {
  let cycles = arguments.count > 0 ? Int(arguments[0]) ?? 100_000 : 100_000
  let samples = max(1, arguments.count > 1 ? Int(arguments[1]) ?? 3 : 3)
  let channels = 4
  let a = GRAUArchitecture()
  let output = IntegerFormat(bits: 8, signed: true)
  let parameters = (0..<channels).map { c in
    let k = a.segments
    let thresholds = (1..<k).map { j in a.input.min + j * (a.input.count / k) + c }
    let segments = (0..<k).map { s in
      GRAUSegment.pot(shift: 1 + (s * 3 + c) % a.stages, negative: s % 3 == 0, bias: s * 5 - 7)
    }
    return GRAUParameters(architecture: a, thresholds: thresholds, segments: segments, output: output)
  }
  func job(beats: Int) -> LayerJob {
    LayerJob(
      layerName: "bench", kind: .grau, lanes: 1, grau: a, mtMaxBits: 8, output: output,
      parameters: .grau(parameters),
      stream: SyntheticStream(count: beats, channels: channels, input: a.input, output: output), busBits: 32)
  }
  // One lane, no stalls: one beat per edge after the configuration writes and the pipeline fill.
  let probe = UnitSimulator.simulate(job(beats: 1))
  let beats = max(1, cycles - probe.cycles.total + 1)
  let traced = job(beats: beats)

  let directory = NSTemporaryDirectory() + "grausim-wave-bench-\(getpid())"
  try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(atPath: directory) }
  let path = directory + "/bench.vcd"

  let clock = ContinuousClock()
  func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
  var plain: [Double] = []
  var simulated = 0
  for _ in 0...samples {
    let t0 = clock.now
    let r = UnitSimulator.simulate(traced)
    plain.append(seconds(clock.now - t0))
    simulated = r.cycles.total
  }
  var withTrace: [Double] = []
  var bytes = 0
  var failure: String?
  for _ in 0...samples {
    let t0 = clock.now
    do {
      let s = try WaveformTracer.write(
        WaveformRequest(jobs: [traced], lanes: [0], window: nil, clockMHz: 250, maxBytes: nil), vcdPath: path,
        savePath: nil)
      bytes = s.trace.bytes
    } catch {
      failure = "\(error)"
    }
    withTrace.append(seconds(clock.now - t0))
  }
  if let failure {
    print("wave bench: tracing failed: \(failure)")
    return
  }
  plain.removeFirst()
  withTrace.removeFirst()
  let untracedMin = plain.min()!
  let tracedMin = withTrace.min()!
  print("wave bench: 1 GRAU lane (\(probe.latency) stages), \(simulated) cycles, \(samples) samples (+1 warm-up)")
  print(
    "  untraced  min \(format(untracedMin * 1e3)) ms   (\(format(Double(simulated) / untracedMin / 1e6)) M cycles/s)")
  print("  traced    min \(format(tracedMin * 1e3)) ms   (\(format(Double(simulated) / tracedMin / 1e6)) M cycles/s)")
  print("  VCD       \(bytes) bytes = \(format(Double(bytes) / Double(max(1, simulated)))) bytes/cycle")
  print("  slowdown  \(format(tracedMin / untracedMin))x (traced / untraced, min of \(samples))")
}

private func format(_ x: Double) -> String { String(format: "%.2f", x) }
