import Dispatch
import Foundation
import Testing

/// What an external program did.
struct ToolResult: Sendable {
  var exitCode: Int32
  var stdout: String
  var stderr: String
  var timedOut: Bool

  /// Both streams, for failure messages.
  var transcript: String { "exit \(exitCode)\(timedOut ? " (timed out)" : "")\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
}

/// Finds and runs external judges (gtkwave, python3 + pyvcd, iverilog, …) from tests.
///
/// A test that needs a tool calls ``requireTool(_:install:sourceLocation:)``: when the tool is missing it records
/// a failure saying what to install (never a silent skip) and returns `nil`.
enum ExternalTool {
  /// The package root, found from this file's path (Tests/GRAUSimTests/Helpers/ExternalTool.swift).
  static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// A script under `scripts/`.
  static func script(_ name: String) -> String {
    repositoryRoot.appendingPathComponent("scripts").appendingPathComponent(name).path
  }

  /// The absolute path of executable `name` on `PATH`, or `nil`.
  static func find(_ name: String) -> String? {
    if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for directory in path.split(separator: ":") where !directory.isEmpty {
      let candidate = String(directory) + "/" + name
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  /// Runs `executable` with `arguments`, capturing both streams, and kills it after `timeout` seconds.
  ///
  /// - Throws: When the program cannot be started.
  static func run(
    _ executable: String, _ arguments: [String], timeout: Double = 120, currentDirectory: String? = nil
  ) throws -> ToolResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: find(executable) ?? executable)
    process.arguments = arguments
    if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
    // Files, not pipes: a chatty program cannot block on a full pipe while we wait for it.
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("grausim-tool-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("stdout")
    let errURL = scratch.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let outHandle = try FileHandle(forWritingTo: outURL)
    let errHandle = try FileHandle(forWritingTo: errURL)
    process.standardOutput = outHandle
    process.standardError = errHandle
    process.standardInput = FileHandle.nullDevice
    let done = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in done.signal() }
    try process.run()
    var timedOut = false
    if done.wait(timeout: .now() + timeout) == .timedOut {
      timedOut = true
      process.terminate()
      if done.wait(timeout: .now() + 5) == .timedOut { kill(process.processIdentifier, SIGKILL) }
      process.waitUntilExit()
    }
    try? outHandle.close()
    try? errHandle.close()
    let stdout = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
    let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
    return ToolResult(
      exitCode: timedOut ? -1 : process.terminationStatus, stdout: stdout, stderr: stderr, timedOut: timedOut)
  }
}

/// The path of `name` on `PATH`; records a test failure saying how to install it when it is missing.
@discardableResult
func requireTool(_ name: String, install: String, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
  if let path = ExternalTool.find(name) { return path }
  Issue.record(
    "required tool '\(name)' not found on PATH: install it (\(install)); this test does not skip without it",
    sourceLocation: sourceLocation)
  return nil
}

/// `python3` with pyvcd importable; records a failure saying what to install otherwise.
func requirePyVCD(sourceLocation: SourceLocation = #_sourceLocation) -> String? {
  guard let python = requireTool("python3", install: "apt-get install -y python3", sourceLocation: sourceLocation)
  else { return nil }
  let probe = try? ExternalTool.run(python, ["-c", "import vcd.reader"], timeout: 60)
  guard probe?.exitCode == 0 else {
    Issue.record(
      "python3 cannot import pyvcd: install it (pip install pyvcd); this test does not skip without it",
      sourceLocation: sourceLocation)
    return nil
  }
  return python
}
