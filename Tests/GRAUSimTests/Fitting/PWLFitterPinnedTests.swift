import Testing

@testable import GRAUSim

/// Wide-domain fits pinned to the results the fitter gave before its speed-ups (recorded from that code): any
/// change of thresholds, slopes, biases or measured error is a behavioural change and fails here.
@Suite struct PWLFitterPinnedTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var function: ActivationFunction
    var inputBits: Int
    var segments: Int
    var mode: SlopeMode
    var saturate: Bool
    var objective: FitObjective
    var maxCandidates: Int = 256
    /// Random weights in 1...maxWeight (seeded) instead of a plain range.
    var maxWeight: Int = 1
    var expected: String
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(
      name: "W16 pot mse silu", function: .silu, inputBits: 16, segments: 8, mode: .pot, saturate: false,
      objective: .mse,
      expected:
        "t=-24133,-15705,-9364,-1891,2553,10883,28672 s=+0/-119,+0/-120,-65535/-136,+0/-127,+16383/-118,+8191/-128,+8191/-126,+8191/-128 max=3 mse=0.4765472412109375 mean=0.4276580810546875 exact=0.5966796875 w=65536 exh=false opt=false"
    ),
    Case(
      name: "W16 pot mse leaky", function: .leakyReLU(alpha: 0.1), inputBits: 16, segments: 8, mode: .pot,
      saturate: false, objective: .mse,
      expected:
        "t=-26150,-13428,636,8128,14912,21697,28482 s=+65535/-96,+65535/-99,+65535/-103,+8191/-108,+8191/-113,+8191/-118,+8191/-123,+8191/-128 max=4 mse=1.7619476318359375 mean=1.0541229248046875 exact=0.2641448974609375 w=65536 exh=false opt=false"
    ),
    Case(
      name: "W16 pot sat mse gelu", function: .gelu, inputBits: 16, segments: 8, mode: .pot, saturate: true,
      objective: .mse,
      expected:
        "t=-10187,-4698,-1191,1525,6588,15552,23425 s=+0/-123,-65535/-133,+32767/-124,+16383/-122,+8191/-128,+8191/-125,+8191/-126,+8191/-128 max=2 mse=0.258575439453125 mean=0.24871826171875 exact=0.7562103271484375 w=65536 exh=false opt=false"
    ),
    Case(
      name: "W14 pot mse sigmoid weighted 1024", function: .sigmoid, inputBits: 14, segments: 6, mode: .pot,
      saturate: false, objective: .mse, maxCandidates: 1024, maxWeight: 9,
      expected:
        "t=-2930,-966,1011,2503,4240 s=+65535/-119,+2047/-30,+1023/0,+2047/32,+8191/91,+65535/120 max=8 mse=4.0886690560371965 mean=1.4720903763258584 exact=0.21218578970310456 w=82588 exh=false opt=false"
    ),
    Case(
      name: "W12 pot mse tanh int128", function: .tanh, inputBits: 12, segments: 5, mode: .pot, saturate: false,
      objective: .mse, maxWeight: 1 << 16,
      expected:
        "t=-374,-117,174,501 s=+32767/-124,+255/-31,+127/-2,+511/64,+65535/125 max=11 mse=4.134040213147723 mean=1.1967666058050457 exact=0.427002163584366 w=134898368 exh=false opt=false"
    ),
    Case(
      name: "W12 apot mse gelu 512", function: .gelu, inputBits: 12, segments: 8, mode: .apot, saturate: false,
      objective: .mse, maxCandidates: 512,
      expected:
        "t=-637,-360,-81,95,361,976,1456 s=+0/-123,-36864/-130,-40960/-130,+512/-122,+16640/-128,+16640/-126,+256/-126,+33024/-129 max=2 mse=0.21533203125 mean=0.21484375 exact=0.785400390625 w=4096 exh=false opt=false"
    ),
    Case(
      name: "W12 apot sat mse silu", function: .silu, inputBits: 12, segments: 6, mode: .apot, saturate: true,
      objective: .mse,
      expected:
        "t=-981,-289,-46,200,1536 s=-16384/-123,-20480/-132,+1024/-120,+2560/-118,+16640/-128,+256/-127 max=2 mse=0.43310546875 mean=0.40087890625 exact=0.615234375 w=4096 exh=false opt=false"
    ),
    Case(
      name: "W14 pot maxabs hswish", function: .hswish, inputBits: 14, segments: 8, mode: .pot, saturate: false,
      objective: .maxabs,
      expected:
        "t=-2731,-759,950,2553,2939,5632,8160 s=+0/-119,-32767/-130,+4095/-115,+2047/-129,+2047/-125,+2047/-123,+2047/-127,+0/126 max=2 mse=2.29254150390625 mean=1.32794189453125 exact=0.15435791015625 w=16384 exh=true opt=true"
    ),
  ]

  /// Everything a fit decides, as text: thresholds, segments (sign, setting, bias) and the measured error.
  static func signature(_ r: FitResult) -> String {
    let t = r.parameters.thresholds.map(String.init).joined(separator: ",")
    let s = r.parameters.segments.map { "\($0.negative ? "-" : "+")\($0.setting)/\($0.bias)" }
      .joined(separator: ",")
    let e = r.error
    return "t=\(t) s=\(s) max=\(e.maxAbs) mse=\(e.mse) mean=\(e.meanAbs) exact=\(e.exactFraction) w=\(e.weight)"
      + " exh=\(r.exhaustiveCandidates) opt=\(r.optimal)"
  }

  @Test(arguments: cases)
  func fitMatchesPinnedResult(_ c: Case) throws {
    let input = IntegerFormat(bits: c.inputBits, signed: true)
    let q = fitTestChannel(c.function, inputBits: c.inputBits, lo: input.min, hi: input.max, span: 16, bits: 8)
    var rng = FitTestRandom(seed: UInt64(c.inputBits * 1000 + c.maxWeight))
    let points = Array(input.min...input.max)
    let domain =
      c.maxWeight == 1
      ? FitDomain.range(input.min...input.max)
      : FitDomain(points: points, weights: points.map { _ in Int.random(in: 1...c.maxWeight, using: &rng) })
    let a = GRAUArchitecture(
      inputBits: c.inputBits, segments: c.segments, slopeMode: c.mode, saturate: c.saturate)
    let fit = try PWLFitter.fit(
      q, domain: domain, architecture: a, options: FitOptions(objective: c.objective, maxCandidates: c.maxCandidates))
    #expect(Self.signature(fit) == c.expected)
  }
}
