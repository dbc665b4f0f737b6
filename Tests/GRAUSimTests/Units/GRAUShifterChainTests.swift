import Testing

@testable import GRAUSim

/// GRAUReference against a literal stage-by-stage model of the datapath (docs/semantics.md, docs/datapath.md).
@Suite struct GRAUShifterChainTests {
  /// One element through the pipeline, one register at a time.
  static func naive(_ xIn: Int, _ p: GRAUParameters) -> Int {
    let a = p.architecture
    let x = a.input.wrap(xIn)
    // Comparator chain: one threshold per stage.
    var seg = 0
    for t in p.thresholds { seg += x >= t ? 1 : 0 }
    if p.mode == .bypass { return p.output.wrap(p.output.min + seg) }
    let s = p.segments[seg]
    var v = a.shifted.wrap(x * (1 << a.preShift))
    var acc = 0
    for i in 1...a.stages {
      let bit = (s.setting >> UInt32(i - 1)) & 1 == 1
      switch a.slopeMode {
      case .pot:
        // Thermometer code: stage i shifts by one bit iff its bit is set.
        if bit { v = v >= 0 ? v / 2 : (v - 1) / 2 }
      case .apot:
        // Every stage shifts by one; its output joins the running sum iff its bit is set.
        v = v >= 0 ? v / 2 : (v - 1) / 2
        if bit { acc += v }
      }
    }
    let shifted = a.slopeMode == .pot ? (s.setting == 0 ? 0 : v) : acc
    let signed = s.negative ? -shifted : shifted
    let y = signed + s.bias
    return a.saturate ? min(max(y, p.output.min), p.output.max) : p.output.wrap(y)
  }

  @Test(arguments: 0..<40)
  func referenceEqualsNaiveChain(seed: Int) throws {
    var rng = FitTestRandom(seed: UInt64(seed) &+ 0xC0FFEE)
    let mode: SlopeMode = seed % 2 == 0 ? .pot : .apot
    let a = GRAUArchitecture(
      inputBits: Int.random(in: 2...24, using: &rng), segments: Int.random(in: 2...12, using: &rng),
      preShift: Int.random(in: 0...8, using: &rng), stages: Int.random(in: 1...24, using: &rng), slopeMode: mode,
      saturate: Bool.random(using: &rng))
    let output = IntegerFormat(bits: Int.random(in: 1...16, using: &rng), signed: Bool.random(using: &rng))
    var thresholds = Set<Int>()
    while thresholds.count < a.segments - 1 {
      thresholds.insert(Int.random(in: a.threshold.min...a.threshold.max, using: &rng))
    }
    let segments = (0..<a.segments).map { _ in
      let r = Int.random(in: 0...a.stages, using: &rng)
      let setting: UInt32 =
        mode == .pot
        ? UInt32((UInt64(1) << r) - 1) : UInt32.random(in: 0...UInt32((UInt64(1) << a.stages) - 1), using: &rng)
      return GRAUSegment(
        negative: Bool.random(using: &rng), setting: setting, bias: Int.random(in: a.bias.min...a.bias.max, using: &rng)
      )
    }
    let p = GRAUParameters(architecture: a, thresholds: thresholds.sorted(), segments: segments, output: output)
    try p.validate()
    for _ in 0..<300 {
      // Mostly in range, sometimes beyond it (the port wraps).
      let x = Int.random(in: (a.input.min * 2)...(a.input.max * 2), using: &rng)
      #expect(GRAUReference.output(x, p) == Self.naive(x, p), "x = \(x)")
    }
  }
}
