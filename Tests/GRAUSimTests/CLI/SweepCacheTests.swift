import Foundation
import Testing

@testable import GRAUSim

/// `grausim sweep --cache DIR`: points computed once are taken from the directory by a later sweep, whose outputs
/// are byte for byte those of a sweep without a cache; files of other keys, broken files and bad directories are
/// handled as documented.
@Suite struct SweepCacheTests {
  static let grid = [
    "--vary", "accelerator.grau.segments=4,6", "--set", "accelerator.units=[\"grau\",\"mt_bs\"]",
  ]

  func sweep(_ extra: [String], in dir: String) -> (code: Int32, stdout: String, stderr: String) {
    let r = runCLI(["sweep", Fixtures.path("tiny.json")] + Self.grid + extra, in: dir)
    return (r.code, r.stdout, r.stderr)
  }

  func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

  func cacheFiles(_ dir: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") }.sorted()
  }

  @Test func aSecondSweepTakesEveryPointFromTheCacheAndWritesTheSameBytes() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let plain = sweep(["--json", "plain.json", "--csv", "plain.csv"], in: dir)
    #expect(plain.code == 0, "\(plain.stderr)")
    let first = sweep(["--cache", "c", "--json", "a.json", "--csv", "a.csv"], in: dir)
    #expect(first.code == 0, "\(first.stderr)")
    #expect(first.stderr.contains("took 0 of 2 points from the cache c"), "\(first.stderr)")
    #expect(try cacheFiles(dir + "/c").count == 2)
    let second = sweep(["--cache", "c", "--json", "b.json", "--csv", "b.csv"], in: dir)
    #expect(second.code == 0, "\(second.stderr)")
    #expect(second.stderr.contains("took 2 of 2 points from the cache c"), "\(second.stderr)")
    for name in ["a", "b"] {
      #expect(try read("\(dir)/\(name).json") == read("\(dir)/plain.json"))
      #expect(try read("\(dir)/\(name).csv") == read("\(dir)/plain.csv"))
    }
    #expect(second.stdout == plain.stdout)
  }

  @Test func anExtendedGridComputesOnlyTheNewPoints() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    #expect(sweep(["--cache", "c", "--quiet"], in: dir).code == 0)
    let more = runCLI(
      [
        "sweep", Fixtures.path("tiny.json"), "--vary", "accelerator.grau.segments=4,6,8", "--set",
        "accelerator.units=[\"grau\",\"mt_bs\"]", "--cache", "c", "--csv", "more.csv",
      ], in: dir)
    #expect(more.code == 0 && more.stderr.contains("took 2 of 3 points"), "\(more.stderr)")
    let plain = runCLI(
      [
        "sweep", Fixtures.path("tiny.json"), "--vary", "accelerator.grau.segments=4,6,8", "--set",
        "accelerator.units=[\"grau\",\"mt_bs\"]", "--csv", "plain.csv", "--quiet",
      ], in: dir)
    #expect(plain.code == 0)
    #expect(try read(dir + "/more.csv") == read(dir + "/plain.csv"))
    // Another element limit is another key: nothing is taken.
    let limited = sweep(["--cache", "c", "--max-elements", "20"], in: dir)
    #expect(limited.code == 0 && limited.stderr.contains("took 0 of 2 points"), "\(limited.stderr)")
  }

  @Test func filesOfAnotherKeyOrBrokenFilesAreMissesAndRewritten() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    #expect(sweep(["--cache", "c", "--csv", "a.csv", "--quiet"], in: dir).code == 0)
    let files = try cacheFiles(dir + "/c")
    #expect(files.count == 2)
    // One file is cut short, the other holds another point's key: both must be computed again.
    let first = dir + "/c/" + files[0]
    let second = dir + "/c/" + files[1]
    let text = try read(first)
    try String(text.prefix(text.count / 2)).write(toFile: first, atomically: true, encoding: .utf8)
    var other = try JSONValue(parsing: read(second))
    guard case .object(var o) = other, case .object(var key)? = o["key"] else {
      Issue.record("the cache file is not a key and units")
      return
    }
    key["max_elements_per_layer"] = .int(7)
    o["key"] = .object(key)
    other = .object(o)
    try other.formatted().write(toFile: second, atomically: true, encoding: .utf8)
    let again = sweep(["--cache", "c", "--csv", "b.csv"], in: dir)
    #expect(again.code == 0 && again.stderr.contains("took 0 of 2 points"), "\(again.stderr)")
    #expect(try read(dir + "/b.csv") == read(dir + "/a.csv"))
    let third = sweep(["--cache", "c", "--quiet"], in: dir)
    #expect(third.code == 0)
    #expect(try cacheFiles(dir + "/c").count == 2)
    let fourth = sweep(["--cache", "c"], in: dir)
    #expect(fourth.stderr.contains("took 2 of 2 points"), "\(fourth.stderr)")
  }

  @Test func aCachePathThatIsAFileIsAnError() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try "x".write(toFile: dir + "/plain", atomically: true, encoding: .utf8)
    let r = sweep(["--cache", "plain"], in: dir)
    #expect(r.code == 74, "\(r.code) \(r.stderr)")
    #expect(r.stderr.contains("plain") && r.stderr.contains("not a directory"), "\(r.stderr)")
    let empty = sweep(["--cache", ""], in: dir)
    #expect(empty.code == 64, "\(empty.stderr)")
  }

  /// A key changes with the configuration and with the content of a trace the configuration reads.
  @Test func keysFollowTheConfigurationAndTheTracesContent() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let store = try SweepStore(directory: dir + "/c") { _ in .null }
    var config = try SimulationConfig.load(path: Fixtures.path("tiny.json"))
    let before = store.key(config: config, options: NetworkRunner.Options())
    config.accelerator.grau.segments += 1
    #expect(store.key(config: config, options: NetworkRunner.Options()) != before)
    // The same trace config over a copied trace directory, then with one trace's bytes changed.
    for name in ["tiny-trace.json", "trace_i2.npy", "trace_f4.npy"] {
      try FileManager.default.copyItem(atPath: Fixtures.path(name), toPath: dir + "/" + name)
    }
    let traced = try SimulationConfig.load(path: dir + "/tiny-trace.json")
    let original = store.key(config: traced, options: NetworkRunner.Options())
    #expect(original == store.key(config: traced, options: NetworkRunner.Options()))
    var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: dir + "/trace_i2.npy")))
    bytes[bytes.count - 1] ^= 1
    try Data(bytes).write(to: URL(fileURLWithPath: dir + "/trace_i2.npy"))
    #expect(store.key(config: traced, options: NetworkRunner.Options()) != original)
    #expect(SweepStore.digest(Array("a".utf8)) != SweepStore.digest(Array("b".utf8)))
    #expect(SweepStore.digest([]).count == 32)
  }
}
