import Testing

@testable import GRAUSim

/// The O(1) output check of ``MTReferenceTable`` gives the same answer as comparing with ``MTReference`` for every
/// input and every candidate output (right, wrong, out of range), on random channel sets, with an unordered
/// channel among ordered ones and on sets whose channels differ in format (both compared with the lookup).
@Suite struct MTReferenceTableTests {
  private func expectAgrees(_ p: [MTParameters], _ label: String) {
    let table = MTReferenceTable(p, slots: ToggleSlots(stages: []))
    for (c, q) in p.enumerated() {
      for x in (q.input.min - 3)...(q.input.max + 3) {
        let reference = MTReference.output(x, q)
        #expect(table.output(x, channel: c) == reference, "\(label), channel \(c), x = \(x)")
        for y in (q.output.min - 2)...(q.output.max + 2) {
          #expect(
            table.matches(y, x, channel: c) == (y == reference), "\(label), channel \(c), x = \(x), y = \(y)")
        }
      }
    }
  }

  @Test func agreesWithTheReferenceOnEveryInputAndOutput() {
    var rng = SeededGenerator(seed: 47)
    for trial in 0..<24 {
      let output = IntegerFormat(bits: 1 + trial % 5, signed: trial % 2 == 0)
      let p = (0..<3).map { _ in ModelFixtures.mtParameters(inputBits: 7, output: output, rng: &rng) }
      expectAgrees(p, "trial \(trial)")
    }
  }

  @Test func unorderedAndMixedChannelsFallBackToTheLookup() {
    var rng = SeededGenerator(seed: 48)
    let two = IntegerFormat(bits: 2, signed: false)
    let ordered = ModelFixtures.mtParameters(inputBits: 6, output: two, rng: &rng)
    let unordered = MTParameters(inputBits: 6, thresholds: [10, -5, 3], output: two)
    expectAgrees([ordered, unordered, ordered], "unordered")
    let other = ModelFixtures.mtParameters(inputBits: 6, output: IntegerFormat(bits: 3, signed: true), rng: &rng)
    expectAgrees([ordered, other], "mixed formats")
    expectAgrees([], "no channel")
  }
}
