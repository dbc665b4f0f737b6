import Foundation
import GRAUSim

/// `grausim-bench table`: GRAU (PoT and APoT, K = 4, 6, 8, wrapping and saturating) and MT error against `Q_c`.
enum AccuracyTable {
  static func run(_ arguments: [String]) throws(BenchError) {
    if let a = arguments.first { throw BenchError(description: "unexpected argument '\(a)'", exitCode: 64) }
    let domain = FitDomain.range(-32768...32767)
    print("accuracy vs Q_c: W = 16, domain = every input (z = x * 2^-12 in [-8, 8)), uniform weights,")
    print("signed n-bit output, scale = (max f - min f) / (2^n - 1) over the domain, zero point puts min f at qmin;")
    print("GRAU: P = 6, R = 16, MSE objective, <= 256 breakpoint candidates, APoT <= 2 terms; sat = saturating adder")
    print("function        n  unit  K  sat   max|err|  mean|err|       MSE   exact%")
    let functions: [ActivationFunction] = [.relu, .leakyReLU(alpha: 0.1), .sigmoid, .silu, .gelu, .hswish]
    for f in functions {
      for n in [4, 8] {
        let q = benchmarkChannel(f, bits: n)
        let mt = MTFitter.thresholds(q, domain: domain)
        let e = ErrorMetrics.measure(domain: domain, target: { q($0) }, unit: { MTReference.output($0, mt) })
        print(row(f, n, "MT", "-", "-", e))
        for mode in SlopeMode.allCases {
          for k in [4, 6, 8] {
            for saturate in [false, true] {
              let a = GRAUArchitecture(inputBits: 16, segments: k, slopeMode: mode, saturate: saturate)
              let r = try fitOrThrow(q, domain, a, FitOptions())
              print(row(f, n, mode.rawValue, "\(k)", saturate ? "yes" : "no", r.error))
            }
          }
        }
      }
    }
  }

  static func row(_ f: ActivationFunction, _ n: Int, _ unit: String, _ k: String, _ sat: String, _ e: ErrorMetrics)
    -> String
  {
    func pad(_ s: String, _ width: Int) -> String { s.padding(toLength: width, withPad: " ", startingAt: 0) }
    let name = f.alpha.map { "\(f.name)(\($0))" } ?? f.name
    return pad(name, 16) + pad("\(n)", 3) + pad(unit, 6) + pad(k, 3) + pad(sat, 4)
      + String(format: "%9d  %9.4f  %8.4f  %7.3f", e.maxAbs, e.meanAbs, e.mse, 100 * e.exactFraction)
  }
}
