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

  /// `produces` (the bracket check) answers as comparing with the reference does, for every input and every
  /// candidate output: right, wrong and out of range; ordered and unordered thresholds.
  @Test func producesAnswersAsTheReferenceForEveryOutput() {
    var rng = SeededGenerator(seed: 47)
    var sets = (0..<40).map { trial in
      ModelFixtures.mtParameters(
        inputBits: 7, output: IntegerFormat(bits: 1 + trial % 5, signed: trial % 2 == 0), rng: &rng)
    }
    sets.append(MTParameters(inputBits: 6, thresholds: [10, -5, 3], output: IntegerFormat(bits: 2, signed: false)))
    for (trial, p) in sets.enumerated() {
      let lookup = MTLookup(p)
      for x in (p.input.min - 3)...(p.input.max + 3) {
        let reference = MTReference.output(x, p)
        for y in (p.output.min - 2)...(p.output.max + 2) {
          #expect(lookup.produces(y, for: x) == (y == reference), "set \(trial), x = \(x), y = \(y)")
        }
      }
    }
  }
}
