import GRAUSim

/// A benchmark failure: a bad argument (exit 64) or a fit that could not be made (exit 65).
struct BenchError: Error, CustomStringConvertible {
  var description: String
  var exitCode: Int32
}

/// Timing of one case: one warm-up, then `samples` timed runs.
struct Timing {
  var min: Duration
  var median: Duration

  static func measure<T>(samples: Int, _ body: () throws(BenchError) -> T) throws(BenchError) -> Timing {
    let clock = ContinuousClock()
    blackHole(try body())
    var times: [Duration] = []
    for _ in 0..<samples {
      var result: T?
      let start = clock.now
      result = try body()
      times.append(clock.now - start)
      blackHole(result)
    }
    times.sort()
    return Timing(min: times[0], median: times[times.count / 2])
  }
}

extension Duration {
  var milliseconds: Double {
    Double(components.seconds) * 1e3 + Double(components.attoseconds) * 1e-15
  }
}

/// Options of a benchmark subcommand: `--samples N` and `--filter TEXT` (run only cases whose label contains it).
struct BenchOptions {
  var samples = 20
  var filter: String?

  init(_ arguments: [String], defaultSamples: Int = 20) throws(BenchError) {
    samples = defaultSamples
    var i = 0
    while i < arguments.count {
      let name = arguments[i]
      guard i + 1 < arguments.count else {
        throw BenchError(description: "missing value for '\(name)'", exitCode: 64)
      }
      let value = arguments[i + 1]
      switch name {
      case "--samples":
        guard let v = Int(value), v > 0 else {
          throw BenchError(description: "--samples: expected an integer > 0, got '\(value)'", exitCode: 64)
        }
        samples = v
      case "--filter":
        filter = value
      default:
        throw BenchError(description: "unexpected argument '\(name)'", exitCode: 64)
      }
      i += 2
    }
  }

  func includes(_ label: String) -> Bool { filter.map { label.contains($0) } ?? true }
}

/// The benchmark channel: W = 16 input covering z in [−8, 8), `f`'s range over that domain filling the signed
/// n-bit code (scale = range / (2^n − 1), zero point placing the minimum at qmin).
func benchmarkChannel(_ f: ActivationFunction, bits n: Int) -> QuantizedActivation {
  let input = IntegerFormat(bits: 16, signed: true)
  let output = IntegerFormat(bits: n, signed: true)
  let inputScale = 8.0 / 32768
  var lo = Double.infinity
  var hi = -Double.infinity
  for x in input.min...input.max {
    let v = f(Double(x) * inputScale)
    lo = min(lo, v)
    hi = max(hi, v)
  }
  let scale = (hi - lo) / Double(output.count - 1)
  let zeroPoint = output.min - Int((lo / scale).rounded())
  return QuantizedActivation(
    input: input, inputScale: inputScale, function: f, outputScale: scale, zeroPoint: zeroPoint, output: output)
}

func fitOrThrow(
  _ q: QuantizedActivation, _ domain: FitDomain, _ a: GRAUArchitecture, _ o: FitOptions
) throws(BenchError) -> FitResult {
  do { return try PWLFitter.fit(q, domain: domain, architecture: a, options: o) } catch {
    throw BenchError(description: error.description, exitCode: 65)
  }
}
