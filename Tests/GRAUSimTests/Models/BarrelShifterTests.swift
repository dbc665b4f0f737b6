import Testing

@testable import GRAUSim

/// The barrel shifter (`accelerator.grau.shifter: "barrel"`) computes the chain's function: its reference equals
/// the chain's on every shift, the event-driven model's outputs and errors equal the chain's bit for bit, only the
/// shifter's stages (latency, registers, toggles) differ; the fast paths leave it to the event kernel.
@Suite struct BarrelShifterTests {
  /// ``GRAUReference/barrelShifter(_:code:stages:)`` equals the PoT chain for every R, every shift 0 … R and
  /// values across the range (negative ones floor).
  @Test func referenceEqualsChain() {
    var rng = SeededGenerator(seed: 7)
    for stages in GRAUArchitecture.stagesRange {
      let a = GRAUArchitecture(stages: stages, shifter: .barrel)
      for shift in 0...stages {
        let setting = UInt32((1 << shift) - 1)
        #expect(a.settingCode(setting) == UInt64(shift))
        for _ in 0..<40 {
          let big = Int.random(in: -(1 << 40)...(1 << 40), using: &rng)
          #expect(
            GRAUReference.barrelShifter(big, code: a.settingCode(setting), stages: stages)
              == GRAUReference.shifterChain(big, setting: setting, mode: .pot, stages: stages),
            "R \(stages) shift \(shift) X \(big)")
        }
      }
    }
  }

  /// The shifter's depth: ⌈log2(R + 1)⌉ stages, a `set` of as many bits, and λ shorter by R − ⌈log2(R + 1)⌉.
  @Test(arguments: [(1, 1), (2, 2), (3, 2), (4, 3), (7, 3), (8, 4), (15, 4), (16, 5), (24, 5)])
  func depth(stages: Int, barrelStages: Int) {
    let chain = GRAUArchitecture(stages: stages)
    let barrel = GRAUArchitecture(stages: stages, shifter: .barrel)
    #expect(barrel.shifterStages == barrelStages && barrel.settingBits == barrelStages)
    #expect(chain.shifterStages == stages && chain.settingBits == stages)
    let t = UnitTiming.of(.grau, outputBits: 8, grau: barrel, mtMaxBits: 8)
    #expect(t.latency == UnitTiming.of(.grau, outputBits: 8, grau: chain, mtMaxBits: 8).latency - stages + barrelStages)
    // The serialized unit has no chain to replace: its design keeps the chain.
    #expect(UnitDesign(kind: .grauSerial, grau: barrel).grau.shifter == .chain)
  }

  /// APoT with a barrel is refused, naming the key.
  @Test func apotNeedsTheChain() {
    let a = GRAUArchitecture(slopeMode: .apot, shifter: .barrel)
    #expect(throws: ValueError.self) { try a.validate(path: "accelerator.grau") }
    do { try a.validate(path: "accelerator.grau") } catch { #expect(error.path == "accelerator.grau.shifter") }
  }

  /// On random PoT jobs, the barrel's outputs, errors and reference mismatches equal the chain's; the automatic path
  /// equals the event kernel (the fast paths decline the barrel); a stall-free layer is shorter by exactly the
  /// stages saved.
  @Test(arguments: 0..<4)
  func kernelEqualsChain(batch: Int) {
    var compared = 0
    for i in 0..<100 {
      let seed = UInt64(batch * 1000 + i)
      let chainJob = FastPathTests.randomJob(seed: seed)
      guard chainJob.kind == .grau, chainJob.grau.slopeMode == .pot else { continue }
      let barrelJob = FastPathTests.randomJob(seed: seed, shifter: .barrel)
      #expect(barrelJob.grau.shifter == .barrel)
      let chain = UnitSimulator.simulateOnKernel(chainJob)
      let barrel = UnitSimulator.simulateOnKernel(barrelJob)
      #expect(FastPath.simulate(barrelJob) == nil && !FastTrace.covers(barrelJob))
      #expect(FastPathTests.differences(UnitSimulator.simulate(barrelJob), barrel).isEmpty, "seed \(seed)")
      #expect(barrel.outputDigest == chain.outputDigest, "seed \(seed)")
      #expect(barrel.error == chain.error && barrel.channelErrors == chain.channelErrors, "seed \(seed)")
      // Out-of-range channels (drawn now and then) have no reference and count as mismatches in both.
      #expect(barrel.referenceMismatches == chain.referenceMismatches, "seed \(seed)")
      #expect(barrel.cycles.reconfiguration == barrelJob.reconfigurationCycles)
      if !chainJob.grau.usesBypass(outputBits: chainJob.output.bits) {
        let saved = chainJob.grau.stages - barrelJob.grau.shifterStages
        #expect(barrel.latency == chain.latency - saved, "seed \(seed)")
        let names = Set(barrel.toggles.map(\.name))
        #expect(names.contains("barrel1.v") && !names.contains("shift1.v"), "\(names.sorted().prefix(40))")
      }
      compared += 1
    }
    #expect(compared >= 8)
  }

  /// Accept and leave edges equal ``ScheduleReference`` with stalls, and the closed form without.
  @Test(arguments: [4, 8, 2])
  func scheduleMatchesReference(n: Int) {
    for (i, (source, sink)) in UnitCycleTests.patterns.enumerated() {
      for lanes in [1, 3] {
        let job = ModelFixtures.job(
          kind: .grau, outputBits: n, segments: 6, stages: 12, lanes: lanes, elements: 17, channels: 2,
          sourceValid: EdgePattern(source)!, sinkReady: EdgePattern(sink)!, seed: UInt64(i), shifter: .barrel)
        let run = UnitCycleTests.run(job)
        let c = job.reconfigurationCycles
        let expected = ScheduleReference.schedule(
          beats: job.beats, timing: job.timing, start: c, sourceValid: job.sourceValid, sinkReady: job.sinkReady)
        #expect(run.schedule == expected, "n=\(n) source=\(source) sink=\(sink) lanes=\(lanes)")
        #expect(run.result.cycles.total == expected.last!.leave)
        #expect(run.result.referenceMismatches == 0)
        if n > 2 { #expect(job.timing.latency == 1 + 5 + 4 + 2) }
      }
    }
  }

  /// The stored setting word is `{neg, shift amount}` in 1 + ⌈log2(R + 1)⌉ bits.
  @Test func settingWordCarriesTheShiftAmount() {
    let job = ModelFixtures.job(kind: .grau, outputBits: 8, stages: 12, channels: 2, shifter: .barrel)
    guard case .grau(let p) = job.parameters else { Issue.record("not GRAU"); return }
    let words = job.design.configurationWords(job.parameters)
    #expect(job.design.settingWordBits == 5)
    for c in 0..<p.count {
      for (k, s) in p[c].segments.enumerated() {
        let expected = UInt64(s.potShift ?? 0) | (s.negative ? 1 << 4 : 0)
        #expect(words.value(channel: c, .setting(k)) == expected, "channel \(c) segment \(k)")
      }
    }
  }
}
