import Foundation
import Testing

@testable import GRAUSim

@Suite struct AtomicFileTests {
  @Test func writesAndReplacesLeavingOnlyTheTarget() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/report.json"
    try AtomicFile.write("first\n", to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "first\n")
    try AtomicFile.write(Array("second, longer\n".utf8), to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "second, longer\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["report.json"])
    let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    #expect(mode == 0o644)
  }

  @Test func missingDirectoryFailsAndCreatesNothing() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/no/such/dir/report.json"
    #expect(throws: AtomicFileError.self) { try AtomicFile.write("x", to: path) }
    do {
      try AtomicFile.write("x", to: path)
    } catch {
      #expect(error.path == path)
      #expect(
        error.description.hasPrefix("cannot write '\(path)': create a temporary file in '\(dir)/no/such/dir' failed: "))
      #expect(error.reason == "No such file or directory")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
  }

  @Test func directoryAsTargetFailsAndKeepsIt() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try FileManager.default.createDirectory(atPath: dir + "/out", withIntermediateDirectories: false)
    #expect(throws: AtomicFileError(path: dir + "/out", operation: "replace the target", reason: "it is a directory")) {
      try AtomicFile.write("x", to: dir + "/out")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out"])
  }

  @Test func parentIsAFileFailsAndLeavesTheFile() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try AtomicFile.write("plain", to: dir + "/file")
    #expect(throws: AtomicFileError.self) { try AtomicFile.write("x", to: dir + "/file/child") }
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["file"])
  }
}
