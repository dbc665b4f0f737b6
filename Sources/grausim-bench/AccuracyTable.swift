import Foundation
import GRAUSim

/// `grausim-bench table`: GRAU (PoT and APoT, K = 4, 6, 8, wrapping and saturating) and MT against `Q_c`, fitted on
/// a calibration draw and measured on a separate evaluation draw of the same distribution, plus the exact error
/// over every input of the 16-bit port; then what the safety rule costs against a calibration-only fit.
enum AccuracyTable {
  /// Standard deviation of the MAC results in input LSBs (z = x · 2^−12 has σ = 2).
  static let std = 8192.0
  static let calibrationSamples = 4096
  static let evaluationSamples = 65536

  static func run(_ arguments: [String]) throws(BenchError) {
    if let a = arguments.first { throw BenchError(description: "unexpected argument '\(a)'", exitCode: 64) }
    let functions: [ActivationFunction] = [.relu, .leakyReLU(alpha: 0.1), .sigmoid, .silu, .gelu, .hswish]
    let input = IntegerFormat(bits: 16, signed: true)
    let calibration = draw(.calibration, samples: calibrationSamples, input)
    let evaluation = draw(.input, samples: evaluationSamples, input)
    print("accuracy vs Q_c: W = 16 (z = x * 2^-12 in [-8, 8)), MAC results x ~ N(0, 8192) clamped (z ~ N(0, 2)),")
    print(
      "signed n-bit output, scale = (max f - min f) / (2^n - 1) over the input range, zero point puts min f at qmin;")
    print("fitted on a calibration draw (\(calibrationSamples) samples, seed 1), measured on an evaluation draw")
    print("(\(evaluationSamples) samples, other random numbers); full_max = exact max |err| over all 65536 inputs;")
    print("GRAU: P = 6, R = 16, MSE objective, fit range full (share 1/32), APoT <= 2 terms; sat = saturating adder")
    print(
      "function        n  unit  K  sat   cal_mse   max|err|  mean|err|       MSE   exact%  >=2LSB%  full_max")
    for f in functions {
      for n in [4, 8] {
        let q = benchmarkChannel(f, bits: n)
        let runs = q.constantRuns()
        let fitDomain = calibration.covering(runs: runs)
        let mt = MTFitter.thresholds(q, domain: fitDomain)
        print(
          row(
            f, n, "MT", "-", "-", calibration: measure(q, calibration) { [lookup = MTLookup(mt)] in lookup.output($0) },
            evaluation: measure(q, evaluation) { [lookup = MTLookup(mt)] in lookup.output($0) },
            full: FullRange.error(mt, target: q, runs: runs)))
        for mode in SlopeMode.allCases {
          for k in [4, 6, 8] {
            for saturate in [false, true] {
              let a = GRAUArchitecture(inputBits: 16, segments: k, slopeMode: mode, saturate: saturate)
              let p = try fitOrThrow(q, fitDomain, a, FitOptions()).parameters
              print(
                row(
                  f, n, mode.rawValue, "\(k)", saturate ? "yes" : "no",
                  calibration: measure(q, calibration) { GRAUReference.output($0, p) },
                  evaluation: measure(q, evaluation) { GRAUReference.output($0, p) },
                  full: FullRange.error(p, target: q, runs: runs)))
            }
          }
        }
      }
    }
    try printSafetyCost(functions, calibration: calibration, evaluation: evaluation)
  }

  /// The published unit (PoT, K = 6, non-saturating) fitted over the whole range against a fit on the calibration
  /// inputs only: the held-out cost of the safety rule and the wraps it prevents.
  static func printSafetyCost(
    _ functions: [ActivationFunction], calibration: FitDomain, evaluation: FitDomain
  ) throws(BenchError) {
    print()
    print("what the safety rule costs: PoT, K = 6, non-saturating; fit range full (default) against calibration only")
    print("function        n  range        max|err|  mean|err|       MSE  full_max  wraps at")
    let a = GRAUArchitecture(inputBits: 16, segments: 6, slopeMode: .pot, saturate: false)
    for f in functions {
      for n in [4, 8] {
        let q = benchmarkChannel(f, bits: n)
        let runs = q.constantRuns()
        for (label, domain) in [("full", calibration.covering(runs: runs)), ("calibration", calibration)] {
          let p = try fitOrThrow(q, domain, a, FitOptions()).parameters
          let e = measure(q, evaluation) { GRAUReference.output($0, p) }
          let full = FullRange.error(p, target: q, runs: runs)
          print(
            pad(name(f), 16) + pad("\(n)", 3) + pad(label, 11)
              + String(format: "%10d  %9.4f  %8.4f  %8d  ", e.maxAbs, e.meanAbs, e.mse, full.maxAbs)
              + (full.wrapInput.map { "x = \($0)" } ?? "-"))
        }
      }
    }
  }

  /// `samples` MAC results of the benchmark distribution on random stream `tag`, as a weighted histogram.
  static func draw(_ tag: StimulusTag, samples: Int, _ input: IntegerFormat) -> FitDomain {
    let s = LayerStimulus.gaussian(
      seed: 1, tag: tag, layerIndex: 0, channels: 1, pixels: samples, input: input, mean: 0, std: std)
    return FitDomain.histogram((0..<samples).lazy.map { s.value(channel: 0, pixel: $0) })
  }

  static func measure(_ q: QuantizedActivation, _ d: FitDomain, unit: (Int) -> Int) -> ErrorMetrics {
    ErrorMetrics.measure(domain: d, target: { q($0) }, unit: unit)
  }

  static func name(_ f: ActivationFunction) -> String { f.alpha.map { "\(f.name)(\($0))" } ?? f.name }
  static func pad(_ s: String, _ width: Int) -> String { s.padding(toLength: width, withPad: " ", startingAt: 0) }

  static func row(
    _ f: ActivationFunction, _ n: Int, _ unit: String, _ k: String, _ sat: String, calibration c: ErrorMetrics,
    evaluation e: ErrorMetrics, full: FullRangeError
  ) -> String {
    pad(name(f), 16) + pad("\(n)", 3) + pad(unit, 6) + pad(k, 3) + pad(sat, 4)
      + String(
        format: "%8.4f  %9d  %9.4f  %8.4f  %7.3f  %7.3f  %8d", c.mse, e.maxAbs, e.meanAbs, e.mse,
        100 * e.exactFraction, 100 * e.offByTwoFraction, full.maxAbs)
      + (full.wraps ? " wraps" : "")
  }
}
