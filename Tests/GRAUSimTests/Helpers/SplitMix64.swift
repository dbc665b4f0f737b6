/// Deterministic pseudo-random numbers (SplitMix64) for the tests: the same seed gives the same vectors on every
/// machine. One generator for fitting channels, synthetic traces and co-simulation vectors.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// The fitting tests' generator.
typealias FitTestRandom = SplitMix64

/// The co-simulation vectors' generator.
typealias CosimRandom = SplitMix64
