import Foundation
import GRAUSim

/// `grausim-bench fit`: fit time per channel on a 16-bit range domain (65 536 points), K = 8.
enum FitBenchmark {
  static func run(_ arguments: [String]) throws(BenchError) {
    let options = try BenchOptions(arguments)
    let samples = options.samples
    let domain = FitDomain.range(-32768...32767)
    print("fit time per channel: W = 16, domain = 65536 points, K = 8, n = 8, \(samples) samples (min / median ms)")
    print("mode  sat  objective  function      min ms  median ms  maxabs  mse")
    let functions: [ActivationFunction] = [.leakyReLU(alpha: 0.1), .silu, .gelu]
    for (mode, saturate, objective) in [
      (SlopeMode.pot, false, FitObjective.mse), (.pot, true, .mse), (.pot, false, .maxabs),
      (.apot, false, .mse), (.apot, true, .mse), (.apot, false, .maxabs),
    ] {
      for f in functions {
        let label = "mode=\(mode.rawValue) sat=\(saturate ? "yes" : "no") obj=\(objective.rawValue) fn=\(f.name)"
        guard options.includes(label) else { continue }
        let q = benchmarkChannel(f, bits: 8)
        let a = GRAUArchitecture(inputBits: 16, segments: 8, slopeMode: mode, saturate: saturate)
        let o = FitOptions(objective: objective)
        var last: FitResult?
        let t = try Timing.measure(samples: samples) { () throws(BenchError) -> FitResult in
          let r = try fitOrThrow(q, domain, a, o)
          last = r
          return r
        }
        let e = last!.error
        print(
          "\(mode.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0))"
            + "\((saturate ? "yes" : "no").padding(toLength: 5, withPad: " ", startingAt: 0))"
            + "\(objective.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0))"
            + "\(f.name.padding(toLength: 12, withPad: " ", startingAt: 0))"
            + String(format: "%8.2f  %9.2f  %6d  %.4f", t.min.milliseconds, t.median.milliseconds, e.maxAbs, e.mse))
      }
    }
  }
}
