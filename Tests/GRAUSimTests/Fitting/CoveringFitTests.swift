import Testing

@testable import GRAUSim

/// Fits over a calibration extended to the whole input range (``FitDomain/covering(runs:share:)``): whatever part of
/// the range the calibration reaches, the fit succeeds, and no input of the W-bit port wraps the output.
@Suite struct CoveringFitTests {
  /// Calibrations that reach neither end, the minimum, the maximum, or both ends of the 12-bit range; more points
  /// than breakpoint candidates, so the calibration and the two sides share the candidates.
  @Test(arguments: [(-900, 700), (-2048, 300), (-500, 2047), (-2048, 2047)])
  func everyCalibrationSpanFitsWithoutWrapping(span: (Int, Int)) throws {
    let q = fitTestChannel(.silu, inputBits: 12, lo: -1200, hi: 1200, span: 12, bits: 8)
    let points = Array(stride(from: span.0, through: span.1, by: 3)) + [span.1]
    let calibration = FitDomain.histogram(points)
    let runs = q.constantRuns()
    let d = calibration.covering(runs: runs)
    #expect(d.points.first == q.input.min && d.points.last == q.input.max)
    for mode in SlopeMode.allCases {
      let a = GRAUArchitecture(inputBits: 12, segments: 6, preShift: 3, stages: 10, slopeMode: mode)
      let r = try PWLFitter.fit(q, domain: d, architecture: a, options: FitOptions(maxCandidates: 48))
      let full = FullRange.error(r.parameters, target: q, runs: runs)
      #expect(!full.wraps, "\(mode) \(span)")
      // Not only no wrap (which would cost about 2^(n−1) = 128 LSB): the clamps are fitted, so the whole range stays
      // within an eighth of the code range of Q_c (measured: 8 to 18 LSB with 48 candidates).
      #expect(full.maxAbs <= 32, "\(mode) \(span)")
    }
  }

  /// The added points weigh `share` of the calibration in total, and a calibration too light for that is scaled.
  @Test func coveringPointsWeighTheirShare() {
    let q = fitTestChannel(.sigmoid, inputBits: 12, lo: -1000, hi: 1000, span: 12, bits: 4)
    let runs = q.constantRuns()
    let heavy = FitDomain(points: [-10, 0, 10], weights: [4000, 8000, 4000])
    let d = heavy.covering(runs: runs, share: 1.0 / 32)
    let added = d.totalWeight - heavy.totalWeight
    #expect(abs(Double(added) - 16000.0 / 32) <= Double(runs.count * 2))
    let light = FitDomain(points: [0], weights: [1])
    let scaled = light.covering(runs: runs, share: 1.0 / 32)
    let w0 = scaled.weights[scaled.points.firstIndex(of: 0)!]
    #expect(w0 > 1)
    #expect(Double(scaled.totalWeight - w0) / Double(w0) <= 1.0 / 32 + 1e-9)
  }
}
