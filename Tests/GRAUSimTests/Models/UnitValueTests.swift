import Testing

@testable import GRAUSim

/// Every simulated output equals the bit-exact reference, element by element, for every variant.
@Suite struct UnitValueTests {
  static let grauCases: [(UnitKind, Int, Int, SlopeMode)] = {
    var cases: [(UnitKind, Int, Int, SlopeMode)] = []
    for kind in [UnitKind.grau, .grauSerial] {
      for n in [1, 2, 4, 8] {
        for k in [2, 4, 6, 8, 16] {
          for mode in SlopeMode.allCases { cases.append((kind, n, k, mode)) }
        }
      }
    }
    return cases
  }()

  static func check(_ job: LayerJob) {
    let r = UnitSimulator.simulate(job)
    #expect(r.referenceMismatches == 0)
    #expect(r.elements == job.stream.count)
    #expect(r.error == ModelFixtures.referenceError(job))
    #expect(r.outputDigest == ModelFixtures.referenceDigest(job))
    #expect(UnitSimulator.simulateOnKernel(job).outputDigest == r.outputDigest)
  }

  @Test(arguments: grauCases)
  func grauMatchesReference(kind: UnitKind, n: Int, k: Int, mode: SlopeMode) {
    for lanes in [1, 3] {
      let seed = UInt64(n * 1000 + k * 10 + lanes) &* (mode == .pot ? 1 : 7)
      Self.check(
        ModelFixtures.job(
          kind: kind, outputBits: n, segments: k, slopeMode: mode, lanes: lanes, elements: 23, seed: seed))
    }
  }

  @Test(arguments: [1, 2, 4, 8], [SlopeMode.pot, .apot])
  func grauParallelBankAndSaturationMatchReference(n: Int, mode: SlopeMode) {
    for (k, saturate) in [(4, true), (8, false), (16, true)] {
      Self.check(
        ModelFixtures.job(
          kind: .grau, outputBits: n, segments: k, slopeMode: mode, comparator: .parallel, stages: 16,
          saturate: saturate, lanes: 3, elements: 19, seed: UInt64(n * 31 + k)))
      Self.check(
        ModelFixtures.job(
          kind: .grauSerial, outputBits: n, segments: k, slopeMode: mode, stages: 16, saturate: saturate, lanes: 2,
          elements: 11, seed: UInt64(n * 37 + k)))
    }
  }

  @Test(arguments: [UnitKind.mt, .mtSerial, .mtBinarySearch], [1, 2, 4, 8])
  func mtMatchesReference(kind: UnitKind, n: Int) {
    for lanes in [1, 3] {
      // Hardware sized for more bits than the layer uses: the stages above m must be disabled.
      let maxBits = kind == .mtSerial ? n : Swift.min(8, n + (lanes == 3 ? 1 : 0))
      Self.check(
        ModelFixtures.job(
          kind: kind, outputBits: n, lanes: lanes, elements: 25, channels: 4, mtMaxBits: maxBits,
          seed: UInt64(n * 100 + lanes)))
    }
  }

  @Test func narrowBusSplitsFieldsIntoParts() {
    for kind in UnitKind.allCases {
      Self.check(
        ModelFixtures.job(kind: kind, outputBits: 4, slopeMode: .apot, lanes: 2, elements: 9, busBits: 5, seed: 9))
    }
  }
}
