import Foundation
import Testing

@testable import GRAUSim

#if canImport(Glibc)
  import Glibc
#endif

/// The one rule every output follows (``OutputFile``): files are replaced atomically, links are followed, devices
/// and FIFOs are written directly, everything else is refused with the user's path; nothing is left behind.
@Suite struct OutputFileTests {
  static func entries(_ dir: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
  }

  @Test func writesAndReplacesLeavingOnlyTheTarget() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/report.json"
    try OutputFile.write("first\n", to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "first\n")
    try OutputFile.write(Array("second, longer\n".utf8), to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "second, longer\n")
    #expect(try Self.entries(dir) == ["report.json"])
    let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    #expect(mode == 0o644)
  }

  @Test func anUncommittedFileLeavesThePreviousOneAndNoTemporary() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/out.json"
    try OutputFile.write("old", to: path)
    do {
      let f = try OutputFile(path: path)
      try f.write(Array("new".utf8))
      #expect(TemporaryFiles.registeredFiles.contains(f.temporary!))
      #expect(try Self.entries(dir).count == 2)
    }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
    #expect(try Self.entries(dir) == ["out.json"])
  }

  @Test func refusalsNameThePathAndTheReason() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: false)
    try OutputFile.write("plain", to: dir + "/file")
    let cases: [(String, String)] = [
      ("", "the path is empty"),
      (dir + "/sub", "it is a directory"),
      (dir + "/sub/", "the path names a directory"),
      (dir + "/no/such/x.json", "the directory '\(dir)/no/such' does not exist"),
      (dir + "/file/child", "'\(dir)/file' is not a directory"),
    ]
    for (path, reason) in cases {
      #expect(throws: OutputError(path: path, reason: reason)) { try OutputFile.write("x", to: path) }
    }
    // The user's spelling of the path is what errors say.
    #expect(throws: OutputError(path: "no/x.json", reason: "the directory 'no' does not exist")) {
      try OutputFile.write("x", to: dir + "/no/x.json", displayPath: "no/x.json")
    }
    #expect(try Self.entries(dir) == ["file", "sub"])
  }

  @Test func aLinkIsFollowedAndKept() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try OutputFile.write("old", to: dir + "/real.json")
    try FileManager.default.createSymbolicLink(atPath: dir + "/link.json", withDestinationPath: "real.json")
    try OutputFile.write("new", to: dir + "/link.json")
    #expect(try String(contentsOfFile: dir + "/real.json", encoding: .utf8) == "new")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/link.json") == "real.json")
    // A dangling link creates the file it names.
    try FileManager.default.createSymbolicLink(atPath: dir + "/dangling.json", withDestinationPath: "made.json")
    try OutputFile.write("made", to: dir + "/dangling.json")
    #expect(try String(contentsOfFile: dir + "/made.json", encoding: .utf8) == "made")
    #expect(try Self.entries(dir) == ["dangling.json", "link.json", "made.json", "real.json"])
  }

  @Test func devicesAreWrittenDirectlyAndTheirErrorsReported() throws {
    try OutputFile.write("discarded", to: "/dev/null")
    #expect(throws: OutputError(path: "/dev/full", reason: "no space left on the device")) {
      try OutputFile.write("x", to: "/dev/full")
    }
    // /dev/full is still the device.
    var info = stat()
    #expect(stat("/dev/full", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
  }

  @Test func aFIFOIsWrittenToItsReaderAndRefusedWithoutOne() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let fifo = dir + "/pipe"
    #expect(mkfifo(fifo, 0o600) == 0)
    #expect(throws: OutputError(path: fifo, reason: "the FIFO has no reader")) { try OutputFile.write("x", to: fifo) }
    let reader = open(fifo, O_RDONLY | O_NONBLOCK)
    #expect(reader >= 0)
    defer { close(reader) }
    try OutputFile.write("through the pipe", to: fifo)
    var bytes = [UInt8](repeating: 0, count: 64)
    let n = read(reader, &bytes, 64)
    #expect(String(decoding: bytes.prefix(max(n, 0)), as: UTF8.self) == "through the pipe")
    #expect(try Self.entries(dir) == ["pipe"])
  }

  @Test func aSocketIsRefused() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/sock"
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      for (i, b) in path.utf8.enumerated() where i < raw.count - 1 { raw[i] = b }
    }
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    #expect(bound == 0)
    #expect(
      throws: OutputError(path: path, reason: "it is a socket (grausim writes files, character devices and FIFOs)")
    ) {
      try OutputFile.write("x", to: path)
    }
  }

  /// Several outputs commit together; a failure before the commit leaves every previous file and no directory.
  @Test func anOutputSetIsAllOrNothing() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try OutputFile.write("old a", to: dir + "/a")
    do {
      let set = OutputSet()
      try set.createDirectory(dir + "/new/deeper")
      try set.stage("new a", to: dir + "/a")
      try set.stage("b", to: dir + "/new/deeper/b")
      #expect(throws: OutputError.self) { try set.stage("c", to: dir + "/missing/c") }
      set.discard()
    }
    #expect(try String(contentsOfFile: dir + "/a", encoding: .utf8) == "old a")
    #expect(try Self.entries(dir) == ["a"])
    let set = OutputSet()
    try set.createDirectory(dir + "/new/deeper")
    try set.stage("new a", to: dir + "/a")
    try set.stage("b", to: dir + "/new/deeper/b")
    try set.commit()
    #expect(try String(contentsOfFile: dir + "/a", encoding: .utf8) == "new a")
    #expect(try String(contentsOfFile: dir + "/new/deeper/b", encoding: .utf8) == "b")
    #expect(try Self.entries(dir) == ["a", "new"])
  }
}
