import Testing

@testable import GRAUSim

/// The binary-search MT count equals the reference's literal count on every input, for random threshold sets
/// (duplicates, "never reached" and wrapping outputs included) and for unordered thresholds (the fallback).
@Suite struct MTLookupTests {
  @Test func equalsTheReferenceOnEveryInput() {
    var rng = SeededGenerator(seed: 91)
    for trial in 0..<60 {
      let output = IntegerFormat(bits: 1 + trial % 6, signed: trial % 2 == 0)
      let p = ModelFixtures.mtParameters(inputBits: 9, output: output, rng: &rng)
      let lookup = MTLookup(p)
      for x in (p.input.min - 3)...(p.input.max + 3) {
        #expect(lookup.output(x) == MTReference.output(x, p), "trial \(trial), x = \(x)")
      }
    }
  }

  @Test func unorderedThresholdsFallBackToTheCount() {
    let p = MTParameters(inputBits: 6, thresholds: [10, -5, 3], output: IntegerFormat(bits: 2, signed: false))
    let lookup = MTLookup(p)
    for x in -32...31 { #expect(lookup.output(x) == MTReference.output(x, p), "x = \(x)") }
  }
}
