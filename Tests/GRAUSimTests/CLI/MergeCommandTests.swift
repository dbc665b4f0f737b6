import Foundation
import Testing

@testable import GRAUSim

/// `sweep --shard I/N` and `merge`: shards are disjoint and cover the grid, and their merge is byte for byte the
/// unsharded sweep; a missing, doubled or foreign shard is an error that says which.
@Suite struct MergeCommandTests {
  static let sweep = [
    "sweep", Fixtures.path("tiny.json"), "--vary", "accelerator.grau.segments=4,6,8", "--vary",
    "accelerator.lanes=1,2", "--max-elements", "200",
  ]

  static func bytes(_ path: String) -> [UInt8]? { FileManager.default.contents(atPath: path).map { [UInt8]($0) } }

  @Test(arguments: [1, 2, 4, 7])
  func shardsMergeToTheUnshardedSweep(count: Int) throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let full = runCLI(Self.sweep + ["--json", "full.json", "--csv", "full.csv"], in: dir)
    #expect(full.code == 0, "\(full.stderr)")
    var files: [String] = []
    var seen = 0
    for i in 1...count {
      let r = runCLI(Self.sweep + ["--shard", "\(i)/\(count)", "--json", "s\(i).json", "--quiet"], in: dir)
      #expect(r.code == 0, "\(r.stderr)")
      let j = try JSONValue(parsing: Self.bytes(dir + "/s\(i).json") ?? [])
      if case .array(let p)? = j["points"] { seen += p.count }
      files.append("s\(i).json")
    }
    #expect(seen == 6)
    // Any order of the files gives the same result.
    let m = runCLI(["merge"] + files.reversed() + ["--json", "m.json", "--csv", "m.csv"], in: dir)
    #expect(m.code == 0, "\(m.stderr)")
    #expect(Self.bytes(dir + "/m.json") == Self.bytes(dir + "/full.json"))
    #expect(Self.bytes(dir + "/m.csv") == Self.bytes(dir + "/full.csv"))
    #expect(m.stdout == full.stdout)
  }

  @Test func missingDoubledAndForeignShardsAreRefused() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    for i in 1...3 {
      #expect(runCLI(Self.sweep + ["--shard", "\(i)/3", "--json", "s\(i).json", "--quiet"], in: dir).code == 0)
    }
    let other = runCLI(
      ["sweep", Fixtures.path("tiny.json"), "--vary", "accelerator.lanes=1,2", "--shard", "1/3", "--json", "o.json"],
      in: dir)
    #expect(other.code == 0)
    let missing = runCLI(["merge", "s1.json", "s3.json", "--json", "m.json"], in: dir)
    #expect(missing.code == ExitCode.dataError)
    #expect(missing.stderr.contains("missing 2 of 6 points (index 1, 4)"), "\(missing.stderr)")
    let doubled = runCLI(["merge", "s1.json", "s2.json", "s3.json", "s2.json"], in: dir)
    #expect(doubled.stderr.contains("point 1 is in both s2.json and s2.json"), "\(doubled.stderr)")
    let foreign = runCLI(["merge", "s1.json", "o.json"], in: dir)
    #expect(foreign.stderr.contains("o.json is a shard of another sweep than s1.json"), "\(foreign.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir + "/m.json"))
  }
}
