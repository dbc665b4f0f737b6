import Foundation
import Testing

@testable import GRAUSim

/// Seeded fuzzing of every input grausim reads, for a bounded time (`GRAUSIM_FUZZ_SECONDS`, default 12, spread over
/// the targets; `GRAUSIM_FUZZ_SEED`, default 1). A trap ends the test process after printing the case that caused
/// it (`fuzz: crash in <target> seed <s> case <i>`; replay it with `GRAUSIM_FUZZ_REPLAY=<target>:<seed>:<i>`). The
/// test also checks that the mutations reach past the parsers: some inputs of every target must be accepted.
@Suite(.serialized) struct FuzzTests {
  static var environment: [String: String] { ProcessInfo.processInfo.environment }

  @Test func nothingTrapsWithinTheBudget() throws {
    FuzzCrashReport.install()
    let seed = UInt64(Self.environment["GRAUSIM_FUZZ_SEED"] ?? "") ?? 1
    let fuzzer = try Fuzzer(seed: seed, root: Fixtures.root)
    if let replay = Self.environment["GRAUSIM_FUZZ_REPLAY"] {
      let parts = replay.split(separator: ":")
      let target = try #require(Fuzzer.Target(rawValue: String(parts[0])))
      let replayer = try Fuzzer(seed: UInt64(parts[1])!, root: Fixtures.root)
      replayer.run(target, index: Int(parts[2])!)
      return
    }
    let budget = Double(Self.environment["GRAUSIM_FUZZ_SECONDS"] ?? "") ?? 12
    let clock = ContinuousClock()
    var executions: [Fuzzer.Target: Int] = [:]
    var accepted: [Fuzzer.Target: Int] = [:]
    var slowest: [Fuzzer.Target: (Duration, Int)] = [:]
    for target in Fuzzer.Target.allCases {
      let end = clock.now + .milliseconds(Int(budget * 1000) / Fuzzer.Target.allCases.count)
      var i = 0
      while clock.now < end {
        let t0 = clock.now
        if fuzzer.run(target, index: i) { accepted[target, default: 0] += 1 }
        let d = clock.now - t0
        if d > (slowest[target]?.0 ?? .zero) { slowest[target] = (d, i) }
        i += 1
      }
      executions[target] = i
    }
    print(
      "fuzz: slowest cases: "
        + slowest.map { "\($0.key.rawValue) #\($0.value.1) \($0.value.0)" }.joined(separator: ", "))
    let total = executions.values.reduce(0, +)
    print(
      "fuzz: seed \(seed), \(total) executions in \(budget) s, no trap: "
        + Fuzzer.Target.allCases.map { "\($0.rawValue) \(executions[$0]!) (\(accepted[$0] ?? 0) accepted)" }
        .joined(separator: ", "))
    for target in Fuzzer.Target.allCases {
      #expect(executions[target]! >= 20, "\(target): only \(executions[target]!) executions")
      #expect(
        (accepted[target] ?? 0) > 0, "\(target): every mutated input was rejected; the fuzzer only tests the parser")
    }
  }
}
