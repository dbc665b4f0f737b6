import Foundation
import Testing

@testable import GRAUSim

#if canImport(Glibc)
  import Glibc
#endif

/// The bad-input corpus (``BadInputCorpus``): configs, traces, command lines, output targets and signals, each
/// checked for its exit code, one `Error:` line with the expected words, no temporary file left and the previous
/// outputs untouched. Full and read-only file systems are small tmpfs mounts inside the case's directory, which
/// needs root (CI runs as root; elsewhere that test is reported as skipped, by name).
@Suite struct BadInputCorpusTests {
  static let old = Array("OLD\n".utf8)

  /// The built `grausim` executable next to the test bundle (`swift build` builds it with the tests).
  static var binary: String {
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for candidate in [bundle, bundle.deletingLastPathComponent()] {
      let path = candidate.appendingPathComponent("grausim").path
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return Fixtures.root + "/.build/debug/grausim"
  }

  /// A fresh directory with the inputs and previous outputs every case starts from.
  static func prepare() throws -> String {
    let dir = try makeTemporaryDirectory()
    let fm = FileManager.default
    try fm.copyItem(atPath: Fixtures.path("tiny.json"), toPath: dir + "/tiny.json")
    try fm.copyItem(atPath: Fixtures.path("trace_i4_flat.npy"), toPath: dir + "/t.npy")
    try BadInputCorpus.traceConfig("t.npy")(dir)
    for name in BadInputCorpus.previousOutputs { try Data(old).write(to: URL(fileURLWithPath: dir + "/" + name)) }
    return dir
  }

  /// Every file below `dir` whose name marks a temporary output (`.<name>.tmp-XXXXXX`).
  static func temporaries(_ dir: String) -> [String] {
    let e = FileManager.default.enumerator(atPath: dir)
    var found: [String] = []
    while let p = e?.nextObject() as? String {
      if p.contains(".tmp-") { found.append(p) }
    }
    return found
  }

  struct Outcome {
    var code: Int32
    var stderr: String
    var signalled = false
  }

  static func execute(_ c: BadInputCase, in dir: String) throws -> Outcome {
    switch c.mode {
    case .inProcess:
      let r = runCLI(c.arguments, in: dir)
      return Outcome(code: r.code, stderr: r.stderr)
    case .process(let full):
      return try spawn(c.arguments, in: dir, stdoutPath: full ? "/dev/full" : "/dev/null", signal: nil)
    case .signal(let s, let after):
      return try spawn(c.arguments, in: dir, stdoutPath: "/dev/null", signal: (s, after), limit: 20)
    }
  }

  /// Runs the binary in `dir` with a clean signal state (default dispositions, nothing blocked — as a shell's
  /// foreground job starts), sends `signal` after its delay, and waits at most `limit` seconds before killing it.
  static func spawn(
    _ arguments: [String], in dir: String, stdoutPath: String, signal: (Int32, Double)?, limit: Double = 120
  ) throws -> Outcome {
    let errPath = dir + ".stderr"
    defer { unlink(errPath) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for s in TemporaryFiles.handledSignals { sigaddset(&defaults, s) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    // env(1) changes to the case's directory and execs the binary with the signal state set here.
    let argv = (["/usr/bin/env", "-C", dir, binary] + arguments).map { strdup($0) } + [nil]
    defer { for a in argv { free(a) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, "/usr/bin/env", &actions, &attributes, argv, environ)
    guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
    let start = Date()
    var sent = signal == nil
    var status: Int32 = 0
    var timedOut = false
    while waitpid(pid, &status, WNOHANG) == 0 {
      let elapsed = Date().timeIntervalSince(start)
      if let (s, after) = signal, !sent, elapsed >= after {
        kill(pid, s)
        sent = true
      }
      if elapsed > limit + (signal?.1 ?? 0) {
        kill(pid, SIGKILL)
        timedOut = true
      }
      usleep(5_000)
    }
    let text = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
    let signalled = status & 0x7f != 0
    let code = signalled ? status & 0x7f : (status >> 8) & 0xff
    return Outcome(
      code: code, stderr: timedOut ? "timed out after \(limit) s; " + text : text, signalled: signalled || timedOut)
  }

  /// What every case must show, whatever its input.
  static func check(_ c: BadInputCase, _ o: Outcome, dir: String, previous: [String] = BadInputCorpus.previousOutputs)
    throws
  {
    #expect(!o.signalled, "\(c.name): died of signal \(o.code)")
    #expect(o.code == c.code, "\(c.name): exit \(o.code), expected \(c.code); stderr: \(o.stderr)")
    let errors = o.stderr.split(separator: "\n").filter { $0.hasPrefix("Error:") }
    if c.message.isEmpty {
      #expect(errors.isEmpty, "\(c.name): \(o.stderr)")
    } else {
      #expect(errors.count == 1, "\(c.name): \(errors.count) Error: lines in \(o.stderr)")
      #expect(errors.first?.contains(c.message) == true, "\(c.name): '\(errors.first ?? "")' lacks '\(c.message)'")
    }
    #expect(!o.stderr.contains("Fatal error") && !o.stderr.contains("Backtrace"), "\(c.name): \(o.stderr)")
    #expect(temporaries(dir).isEmpty, "\(c.name): left \(temporaries(dir))")
    for name in previous {
      let now = FileManager.default.contents(atPath: dir + "/" + name).map { [UInt8]($0) }
      let unchanged = now == old
      #expect(unchanged, "\(c.name): \(name) changed (\(now?.count ?? -1) bytes)")
    }
  }

  @Test(arguments: BadInputCorpus.all)
  func badInputIsRefusedCleanly(_ c: BadInputCase) throws {
    let dir = try Self.prepare()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try c.setup?(dir)
    let o = try Self.execute(c, in: dir)
    try Self.check(c, o, dir: dir)
  }

  @Test func theCorpusIsLargeAndCoversEveryClass() {
    #expect(BadInputCorpus.all.count + FileSystemCases.all.count >= 80)
    #expect(!BadInputCorpus.signalCases.isEmpty && !BadInputCorpus.outputCases.isEmpty)
    // /dev/full is still the device after the cases that wrote to it.
    var info = stat()
    #expect(stat("/dev/full", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
  }

  /// The control: the same directory and command without the fault succeed and replace the outputs.
  @Test func theCleanRunReplacesTheOutputs() throws {
    let dir = try Self.prepare()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let r = runCLI(["run", "tiny.json", "--json", "out.json", "--csv", "out.csv", "--quiet"], in: dir)
    #expect(r.code == 0, "\(r.stderr)")
    #expect(FileManager.default.contents(atPath: dir + "/out.json").map { [UInt8]($0) } != Self.old)
    #expect(Self.temporaries(dir).isEmpty)
  }

  static var isRoot: Bool { getuid() == 0 }

  @Test(.enabled(if: isRoot, "mounting a small tmpfs needs root"), arguments: FileSystemCases.all)
  func fullAndReadOnlyFileSystems(_ c: FileSystemCases.Case) throws {
    let dir = try Self.prepare()
    defer {
      _ = umount2(dir + "/fs", Int32(MNT_DETACH))
      try? FileManager.default.removeItem(atPath: dir)
    }
    try FileManager.default.createDirectory(atPath: dir + "/fs", withIntermediateDirectories: false)
    // A mount that fails as root is a broken test machine, not a pass.
    let mounted = mount("tmpfs", dir + "/fs", "tmpfs", 0, "size=64k")
    try #require(mounted == 0, "mount tmpfs failed: \(String(cString: strerror(errno)))")
    try Data(Self.old).write(to: URL(fileURLWithPath: dir + "/fs/out.json"))
    switch c.state {
    case .full:
      // Fill every free block.
      let fd = open(dir + "/fs/filler", O_WRONLY | O_CREAT, 0o644)
      var block = [UInt8](repeating: 0, count: 4096)
      while write(fd, &block, block.count) > 0 {}
      close(fd)
    case .readOnly:
      let remounted = mount("tmpfs", dir + "/fs", "tmpfs", UInt(MS_REMOUNT | MS_RDONLY), "size=64k")
      try #require(remounted == 0, "remount read-only failed: \(String(cString: strerror(errno)))")
    }
    let before = try FileManager.default.contentsOfDirectory(atPath: dir + "/fs").sorted()
    let r = runCLI(c.arguments, in: dir)
    try Self.check(
      BadInputCase(name: c.name, arguments: c.arguments, code: 74, message: c.message),
      Outcome(code: r.code, stderr: r.stderr),
      dir: dir, previous: BadInputCorpus.previousOutputs + ["fs/out.json"])
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/fs").sorted() == before, "\(c.name)")
  }
}

/// Outputs on a full or read-only file system (a 64 KiB tmpfs at `fs/`).
enum FileSystemCases {
  struct Case: Sendable, CustomTestStringConvertible {
    enum State: Sendable { case full, readOnly }
    var name: String
    var state: State
    var arguments: [String]
    var message: String
    var testDescription: String { name }
  }

  static let all: [Case] = [
    Case(
      name: "json on a full disk", state: .full, arguments: ["run", "tiny.json", "--json", "fs/out.json"],
      message: "cannot write 'fs/out.json': no space left on the device"),
    Case(
      name: "csv on a full disk", state: .full,
      arguments: ["run", "tiny.json", "--json", "out.json", "--csv", "fs/out.csv"], message: "cannot write 'fs/out.csv'"
    ),
    Case(
      name: "vcd on a full disk", state: .full, arguments: ["run", "tiny.json", "--vcd", "fs/w.vcd"],
      message: "cannot write 'fs/w.vcd'"),
    Case(
      name: "rtl on a full disk", state: .full, arguments: ["rtl", "tiny.json", "--out", "fs/rtl"],
      message: "cannot write 'fs/rtl/"),
    Case(
      name: "fit json on a full disk", state: .full,
      arguments: [
        "fit", "--function", "silu", "--in-bits", "8", "--in-scale", "0.05", "--out-scale", "0.1", "--json",
        "fs/out.json",
      ], message: "cannot write 'fs/out.json'"),
    Case(
      name: "json on a read-only disk", state: .readOnly, arguments: ["run", "tiny.json", "--json", "fs/out.json"],
      message: "cannot write 'fs/out.json': 'fs' is on a read-only file system"),
    Case(
      name: "rtl on a read-only disk", state: .readOnly, arguments: ["rtl", "tiny.json", "--out", "fs/rtl"],
      message: "read-only file system"),
    Case(
      name: "sweep csv on a read-only disk", state: .readOnly,
      arguments: ["sweep", "tiny.json", "--vary", "accelerator.lanes=2,4", "--csv", "fs/s.csv"],
      message: "cannot write 'fs/s.csv'"),
  ]
}
