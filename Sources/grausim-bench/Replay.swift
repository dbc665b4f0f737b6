import Foundation
import GRAUSim

/// `grausim-bench replay CONFIG --unit U [--layer NAME] [--set key=value]... [--samples S] [--threads N]
/// [--vcd PATH [--vcd-cycles N] [--traced-only]]`: one layer of a configuration on one unit, prepared exactly as
/// `grausim run` prepares it (the configuration loaded with its overrides, streams built, every channel fitted), then
/// timed on the simulation alone. What scripts/bench_vs_verilator.sh compares with Verilator.
///
/// - untraced: `UnitSimulator.simulate(job)`, the production path (fast path: outputs checked against the bit-exact
///   reference, every signal's toggles counted), one warm-up and S timed runs;
/// - traced (`--vcd`): the same layer prepared with its stream cut to the first E elements (as `grausim run
///   --max-elements E` cuts it; E chosen so the run takes about N cycles, default 100 000) and traced into a VCD of
///   every signal of every lane, as `grausim run --vcd` traces (`WaveformTracer`; no size cap, no `.gtkw`), one
///   warm-up and S timed runs. The tracer reports no digest: the traced job's cycles and digest are those of the same
///   job untraced (checked against the tracer's last edge).
///
/// Prints a header and one machine-readable line per mode:
/// `untraced cycles=… elements=… samples=… min_s=… median_s=… cycles_per_s=… digest=0x… mismatches=…`
/// (`traced` adds `vcd_bytes` and `signals`).
func runReplay(arguments: [String]) throws(BenchError) {
  let options = try ReplayOptions(arguments)
  let clock = ContinuousClock()
  let t0 = clock.now
  let network = try options.prepare(maxElements: nil)
  let prepareSeconds = seconds(clock.now - t0)
  guard network.units.contains(options.unit) else {
    throw BenchError(
      description: "\(options.configPath): unit \(options.unit.rawValue) is not among the configured units "
        + "(\(network.units.map(\.rawValue).joined(separator: ",")))", exitCode: 64)
  }
  let l = try options.layerIndex(network)
  let job = network.job(layer: l, kind: options.unit)
  let elements = network.elements(layer: l)
  print(
    "replay \(options.configPath): layer \(network.layerNames[l]), unit \(options.unit.rawValue), "
      + "\(network.lanes) lanes, \(elements) elements (prepared in \(fixed(prepareSeconds, 3)) s)")

  // Untraced: the production path.
  var result = UnitSimulator.simulate(job)  // the warm-up
  if !options.tracedOnly {
    var times: [Double] = []
    for _ in 0..<options.samples {
      let start = clock.now
      let r = UnitSimulator.simulate(job)
      times.append(seconds(clock.now - start))
      guard r.outputDigest == result.outputDigest, r.cycles.total == result.cycles.total else {
        throw BenchError(description: "untraced runs disagree", exitCode: 70)
      }
      result = r
    }
    print(line("untraced", result, elements: elements, times: times))
  }
  guard result.referenceMismatches == 0 else {
    throw BenchError(description: "\(result.referenceMismatches) outputs differ from the reference", exitCode: 70)
  }
  guard let vcd = options.vcdPath else { return }

  // Traced: the first E elements, E chosen so the run takes about `vcdCycles` cycles.
  let lanes = network.lanes
  let beats = (elements + lanes - 1) / lanes
  let overhead = result.cycles.total - beats
  let cut = Swift.min(elements, Swift.max(1, options.vcdCycles - overhead) * lanes)
  let short = try options.prepare(maxElements: cut)
  guard short.parameters(layer: l, kind: options.unit) == network.parameters(layer: l, kind: options.unit) else {
    throw BenchError(
      description: "the layer cut to \(cut) elements was fitted differently from the whole layer (in-sample "
        + "calibration?); the traced run would not replay the same job", exitCode: 70)
  }
  let traced = short.job(layer: l, kind: options.unit)
  let reference = UnitSimulator.simulate(traced)
  let request = WaveformRequest(
    jobs: [traced], lanes: Array(0..<lanes), window: nil, clockMHz: short.clockMHz, maxBytes: nil)
  var summary: WaveformSummary?
  var times: [Double] = []
  for sample in 0...options.samples {
    let start = clock.now
    do {
      summary = try WaveformTracer.write(request, vcdPath: vcd, savePath: nil)
    } catch {
      throw BenchError(description: "tracing failed: \(error)", exitCode: 74)
    }
    if sample > 0 { times.append(seconds(clock.now - start)) }
  }
  guard let summary, summary.lastEdges.max() ?? -1 >= reference.cycles.total else {
    throw BenchError(description: "the traced run ended before the untraced run's last cycle", exitCode: 70)
  }
  print(
    line("traced", reference, elements: cut, times: times)
      + " vcd_bytes=\(summary.trace.bytes) signals=\(summary.signals) last_edge=\(summary.lastEdges.max() ?? -1)")
}

private struct ReplayOptions {
  var configPath = ""
  var unit = UnitKind.grau
  var layer: String?
  var overrides: [String] = []
  var samples = 3
  var threads: Int?
  var vcdPath: String?
  var vcdCycles = 100_000
  var tracedOnly = false

  init(_ arguments: [String]) throws(BenchError) {
    var unitName: String?
    var i = 0
    func value() throws(BenchError) -> String {
      guard i + 1 < arguments.count else {
        throw BenchError(description: "missing value for '\(arguments[i])'", exitCode: 64)
      }
      i += 1
      return arguments[i]
    }
    func count(_ name: String, _ text: String) throws(BenchError) -> Int {
      guard let v = Int(text), v > 0 else {
        throw BenchError(description: "\(name): expected an integer > 0, got '\(text)'", exitCode: 64)
      }
      return v
    }
    var positionals: [String] = []
    while i < arguments.count {
      let a = arguments[i]
      switch a {
      case "--unit": unitName = try value()
      case "--layer": layer = try value()
      case "--set": overrides.append(try value())
      case "--samples": samples = try count(a, try value())
      case "--threads": threads = try count(a, try value())
      case "--vcd": vcdPath = try value()
      case "--vcd-cycles": vcdCycles = try count(a, try value())
      case "--traced-only": tracedOnly = true
      default:
        guard !a.hasPrefix("-") else { throw BenchError(description: "unexpected argument '\(a)'", exitCode: 64) }
        positionals.append(a)
      }
      i += 1
    }
    guard positionals.count == 1 else {
      throw BenchError(
        description: "usage: grausim-bench replay CONFIG --unit U [--layer NAME] [--set key=value]... "
          + "[--samples S] [--threads N] [--vcd PATH [--vcd-cycles N] [--traced-only]]", exitCode: 64)
    }
    configPath = positionals[0]
    guard let unitName, let kind = UnitKind(rawValue: unitName) else {
      throw BenchError(
        description: "--unit: expected one of \(UnitKind.allCases.map(\.rawValue).joined(separator: ", "))",
        exitCode: 64)
    }
    unit = kind
    if tracedOnly && vcdPath == nil {
      throw BenchError(description: "--traced-only needs --vcd", exitCode: 64)
    }
  }

  func prepare(maxElements: Int?) throws(BenchError) -> NetworkRunner.PreparedNetwork {
    do {
      return try NetworkRunner.prepare(
        configPath: configPath, overrides: overrides, layers: layer.map { [$0] }, maxElementsPerLayer: maxElements,
        threads: threads)
    } catch {
      throw BenchError(description: "\(configPath): \(error)", exitCode: 65)
    }
  }

  func layerIndex(_ network: NetworkRunner.PreparedNetwork) throws(BenchError) -> Int {
    guard let layer else { return 0 }
    guard let l = network.layerNames.firstIndex(of: layer) else {
      throw BenchError(description: "unknown layer '\(layer)'", exitCode: 64)
    }
    return l
  }
}

private func line(_ mode: String, _ r: UnitLayerResult, elements: Int, times: [Double]) -> String {
  let sorted = times.sorted()
  let median = sorted[sorted.count / 2]
  let digest = String(r.outputDigest, radix: 16)
  return "\(mode) cycles=\(r.cycles.total) elements=\(elements) samples=\(times.count) "
    + "min_s=\(fixed(sorted[0], 6)) median_s=\(fixed(median, 6)) "
    + "cycles_per_s=\(fixed(Double(r.cycles.total) / median, 1)) "
    + "digest=0x\(String(repeating: "0", count: 16 - digest.count) + digest) mismatches=\(r.referenceMismatches)"
}

private func seconds(_ d: Duration) -> Double {
  Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

private func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
