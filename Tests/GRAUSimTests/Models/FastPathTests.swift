import Testing

@testable import GRAUSim

/// The fast path (Models/FastPath.swift) reports exactly what the event kernel reports: errors, mismatches,
/// cycles and every signal's toggles, on random designs, parameters, streams and handshake patterns.
@Suite struct FastPathTests {
  /// Where two results differ, one line per field (empty: equal).
  static func differences(_ a: UnitLayerResult, _ b: UnitLayerResult) -> [String] {
    var d: [String] = []
    if a.kind != b.kind { d.append("kind \(a.kind) vs \(b.kind)") }
    if a.elements != b.elements { d.append("elements \(a.elements) vs \(b.elements)") }
    if a.cycles != b.cycles { d.append("cycles \(a.cycles) vs \(b.cycles)") }
    if a.latency != b.latency { d.append("latency \(a.latency) vs \(b.latency)") }
    if a.error != b.error { d.append("error \(a.error) vs \(b.error)") }
    if a.channelErrors != b.channelErrors { d.append("channel errors differ") }
    if a.referenceMismatches != b.referenceMismatches {
      d.append("mismatches \(a.referenceMismatches) vs \(b.referenceMismatches)")
    }
    if a.outputDigest != b.outputDigest { d.append("output digest \(a.outputDigest) vs \(b.outputDigest)") }
    if a.toggles.map(\.name) != b.toggles.map(\.name) { d.append("toggle signals differ") }
    for (x, y) in zip(a.toggles, b.toggles) where x != y { d.append("\(x.name): \(x.toggles) vs \(y.toggles)") }
    return d
  }

  static let kinds: [UnitKind] = [.grau, .grau, .mt, .mtBinarySearch, .grauSerial, .mtSerial]

  /// A random job: unit kind, lanes, widths, segments, slopes, comparator, saturation, signedness, channels,
  /// element count (0, 1, partial beats), stream order, out-of-range inputs and channels, bus width, patterns.
  /// `shifter` applies to PoT architectures (APoT keeps the chain); it draws nothing, so a seed makes the same job
  /// with either shifter.
  static func randomJob(seed: UInt64, shifter: ShifterStyle = .chain) -> LayerJob {
    var rng = SeededGenerator(seed: seed &* 0x2545_F491_4F6C_DD1D)
    func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &rng)] }
    let kind = pick(kinds)
    let lanes = pick([1, 1, 2, 3, 16])
    let n = pick([1, 2, 3, 4, 8])
    let output = IntegerFormat(bits: n, signed: Bool.random(using: &rng))
    var a: GRAUArchitecture
    repeat {
      a = GRAUArchitecture(
        inputBits: Int.random(in: 4...16, using: &rng), segments: pick([2, 3, 4, 6, 8, 16]),
        preShift: Int.random(in: 0...8, using: &rng), stages: Int.random(in: 1...12, using: &rng),
        slopeMode: pick([.pot, .apot]), saturate: Bool.random(using: &rng), comparator: pick([.chain, .parallel]),
        bypass: Bool.random(using: &rng))
    } while (try? a.validate(output: output, path: "test")) == nil || (a.segments - 1 > (1 << a.inputBits))
    if a.slopeMode == .pot { a.shifter = shifter }
    let channels = Int.random(in: 1...5, using: &rng)
    let parameters: UnitParameterSet
    if kind.isGRAU {
      parameters = .grau((0..<channels).map { _ in ModelFixtures.grauParameters(a, output: output, rng: &rng) })
    } else {
      let unordered = Int.random(in: 0..<4, using: &rng) == 0
      parameters = .mt(
        (0..<channels).map { _ in
          var p = ModelFixtures.mtParameters(inputBits: a.inputBits, output: output, rng: &rng)
          // Unordered thresholds (refused by validation, still simulated): the stage-by-stage count.
          if unordered { p.thresholds.shuffle(using: &rng) }
          return p
        })
    }
    let count = pick([0, 1, lanes - 1, lanes, lanes + 1, Int.random(in: 2...70, using: &rng)])
    let order = Int.random(in: 0..<3, using: &rng)
    var x: [Int] = []
    var ch: [Int] = []
    var expected: [Int] = []
    for i in 0..<count {
      switch Int.random(in: 0..<10, using: &rng) {
      case 0: x.append(x.last ?? 0)
      case 1: x.append(pick([a.input.min, a.input.max, 0, a.input.max + 3, a.input.min - 5]))
      default: x.append(Int.random(in: a.input.min...a.input.max, using: &rng))
      }
      var c =
        order == 0
        ? i % channels : order == 1 ? i * channels / Swift.max(1, count) : Int.random(in: 0..<channels, using: &rng)
      if Int.random(in: 0..<40, using: &rng) == 0 { c = channels }
      ch.append(c)
      expected.append(Int.random(in: output.min...output.max, using: &rng))
    }
    let patterns = ["1", "1", "1", "10", "110", "0111", "1101", "0001111", "011"]
    return LayerJob(
      layerName: "fast", kind: kind, lanes: lanes, grau: a,
      mtMaxBits: kind == .mtSerial ? n : Swift.min(8, n + Int.random(in: 0...2, using: &rng)), output: output,
      parameters: parameters, stream: ModelArrayStream(x: x, channel: ch, expected: expected),
      busBits: pick([32, 32, 8, 5]), sourceValid: EdgePattern(pick(patterns))!, sinkReady: EdgePattern(pick(patterns))!)
  }

  @Test(arguments: 0..<10)
  func fastPathEqualsKernel(batch: Int) {
    var covered = 0
    for i in 0..<60 {
      let job = Self.randomJob(seed: UInt64(batch * 1000 + i))
      let kernel = UnitSimulator.simulateOnKernel(job)
      let automatic = UnitSimulator.simulate(job)
      let d = Self.differences(automatic, kernel)
      #expect(d.isEmpty, "seed \(batch * 1000 + i) \(job.kind) lanes \(job.lanes): \(d.prefix(6))")
      if let fast = FastPath.simulate(job) {
        covered += 1
        #expect(Self.differences(fast, kernel).isEmpty)
      }
    }
    #expect(covered >= 20)
  }

  /// Above 255 thresholds MT adds each item's middle stages at once (no pair table).
  @Test(arguments: [UnitKind.mt, .mtBinarySearch])
  func nineBitMT(kind: UnitKind) {
    for (lanes, seed) in [(1, UInt64(3)), (3, 4)] {
      let job = ModelFixtures.job(
        kind: kind, outputBits: 9, inputBits: 12, lanes: lanes, elements: 40, channels: 2, mtMaxBits: 9,
        sinkReady: EdgePattern("1101")!, seed: seed)
      #expect(Self.differences(FastPath.simulate(job)!, UnitSimulator.simulateOnKernel(job)).isEmpty)
    }
  }

  @Test func coversEveryUnitWithElements() {
    for kind in UnitKind.allCases {
      for elements in [0, 5] {
        let job = ModelFixtures.job(kind: kind, outputBits: 4, lanes: 2, elements: elements, mtMaxBits: 4)
        let covered = FastPath.simulate(job) != nil
        #expect(covered == (elements > 0), "\(kind) \(elements) elements")
      }
    }
  }

  /// The fast path's flat reference equals ``GRAUReference`` on every input of the range (and beyond it).
  @Test func referenceTableEqualsReference() {
    var checked = 0
    for seed in 0..<400 {
      let job = Self.randomJob(seed: UInt64(seed))
      guard case .grau(let p) = job.parameters else { continue }
      let table = GRAUReferenceTable(p, slots: ToggleSlots(stages: []))
      let input = job.grau.input
      for c in 0..<p.count {
        for x in stride(from: input.min - 3, through: input.max + 3, by: Swift.max(1, input.count / 512)) {
          #expect(table.output(x, channel: c) == GRAUReference.output(x, p[c]), "seed \(seed) channel \(c) x \(x)")
        }
      }
      checked += 1
    }
    #expect(checked >= 100)
  }

  /// The comparison can fail: one toggle more on any signal, or a cycle more, is a difference.
  @Test func comparisonSeesOnePerturbedToggle() {
    let job = ModelFixtures.job(kind: .grau, outputBits: 8, lanes: 3, elements: 20, seed: 5)
    let kernel = UnitSimulator.simulateOnKernel(job)
    let fast = FastPath.simulate(job)!
    #expect(Self.differences(fast, kernel).isEmpty)
    for s in [0, fast.toggles.count / 2, fast.toggles.count - 1] {
      var perturbed = fast
      perturbed.toggles[s].toggles += 1
      #expect(Self.differences(perturbed, kernel).count == 1)
    }
    var late = fast
    late.cycles.total += 1
    #expect(!Self.differences(late, kernel).isEmpty)
  }
}
