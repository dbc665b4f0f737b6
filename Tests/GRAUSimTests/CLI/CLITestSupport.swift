import Foundation

@testable import GRAUSim

/// The outcome of one in-process CLI run.
struct CLIRun {
  var code: Int32
  var stdout: String
  var stderr: String

  var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
}

/// Runs `grausim <arguments>` in-process with `directory` as the current directory.
func runCLI(_ arguments: [String], in directory: String = NSTemporaryDirectory()) -> CLIRun {
  let out = TextBuffer()
  let err = TextBuffer()
  let env = CommandEnvironment(stdout: out.sink, stderr: err.sink, stderrIsTerminal: false, currentDirectory: directory)
  let code = GRAUSimCLI.run(arguments: arguments, environment: env)
  return CLIRun(code: code, stdout: out.text, stderr: err.text)
}

/// A fresh, empty directory under the system's temporary directory, removed by `body`'s caller via `defer`.
func makeTemporaryDirectory() throws -> String {
  let path = NSTemporaryDirectory() + "grausim-test-" + UUID().uuidString
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
  return path
}
