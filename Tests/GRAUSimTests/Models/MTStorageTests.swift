import Testing

@testable import GRAUSim

/// `accelerator.mt.storage`: thresholds in registers give every MT variant the same values, cycles and toggles
/// as thresholds in RAM, on the fast path and on the kernel, with the threshold writes reported as
/// `regs.threshold` (docs/datapath.md, "Threshold storage").
@Suite struct MTStorageTests {
  static func job(_ kind: UnitKind, storage: MTStorage, n: Int, lanes: Int, sinkReady: EdgePattern) -> LayerJob {
    var job = ModelFixtures.job(
      kind: kind, outputBits: n, lanes: lanes, elements: 23, channels: 3, mtMaxBits: 4,
      sinkReady: sinkReady, seed: UInt64(17 + n))
    job.design.mtStorage = storage
    return job
  }

  static let cases: [(UnitKind, Int, Int)] = [UnitKind.mt, .mtSerial, .mtBinarySearch].flatMap { kind in
    [(kind, 1, 1), (kind, 2, 2), (kind, 4, 3)]
  }

  @Test(arguments: cases.indices)
  func registersMatchRAMExceptTheWriteGroup(_ i: Int) throws {
    let (kind, n, lanes) = Self.cases[i]
    for sink in [EdgePattern.always, EdgePattern("1101")!] {
      let ram = Self.job(kind, storage: .ram, n: n, lanes: lanes, sinkReady: sink)
      let regs = Self.job(kind, storage: .registers, n: n, lanes: lanes, sinkReady: sink)
      #expect(regs.design.mtStorage == .registers)
      for simulate in [UnitSimulator.simulate, UnitSimulator.simulateOnKernel] {
        let a = simulate(ram)
        let b = simulate(regs)
        #expect(b.referenceMismatches == 0)
        #expect(a.outputDigest == b.outputDigest)
        #expect(a.cycles == b.cycles)
        #expect(a.latency == b.latency)
        let renamed = a.toggles.map { t in
          var t = t
          if t.name == "param.threshold" { t.name = "regs.threshold" }
          return t
        }
        #expect(renamed == b.toggles)
        #expect(b.toggles.contains { $0.name == "regs.threshold" && $0.toggles > 0 })
        #expect(!b.toggles.contains { $0.name == "param.threshold" })
      }
    }
  }

  @Test func grauDesignsIgnoreTheStorage() {
    let d = UnitDesign(kind: .grau, mtStorage: .registers)
    #expect(d.mtStorage == .ram)
    #expect(UnitDesign(kind: .mtSerial, mtStorage: .registers).mtStorage == .registers)
  }
}
