import Foundation
import GRAUSim

/// `grausim-bench paper CONFIG [--out PATH] [--cache DIR] [--synthesize] [--work DIR]`: writes
/// docs/paper-comparison.md from the configuration's comparison (published figures, grausim's estimate, yosys on
/// grausim's RTL). yosys results come from the cache directory (default data/paper-comparison), one file per
/// design keyed by its RTL's digest; `--synthesize` runs yosys for every design whose cached result is missing or
/// stale first (scripts/paper_comparison.sh).
func runPaper(arguments: [String]) throws(BenchError) {
  var config: String?
  var out = "docs/paper-comparison.md"
  var cache = "data/paper-comparison"
  var work = ".build/paper"
  var synthesize = false
  var i = 0
  func value() throws(BenchError) -> String {
    guard i + 1 < arguments.count else {
      throw BenchError(description: "\(arguments[i]) needs a value", exitCode: 64)
    }
    i += 1
    return arguments[i]
  }
  while i < arguments.count {
    switch arguments[i] {
    case "--out": out = try value()
    case "--cache": cache = try value()
    case "--work": work = try value()
    case "--synthesize": synthesize = true
    case let a where !a.hasPrefix("-") && config == nil: config = a
    default: throw BenchError(description: "unknown option '\(arguments[i])'", exitCode: 64)
    }
    i += 1
  }
  guard let config else {
    throw BenchError(
      description: "usage: grausim-bench paper CONFIG [--out PATH] [--cache DIR] [--synthesize] [--work DIR]",
      exitCode: 64)
  }
  do {
    let comparison = try PaperComparison.load(configPath: config)
    if synthesize { try synthesizeStale(comparison, cache: cache, work: work) }
    let counts = try PaperComparison.cachedCounts(comparison, directory: cache)
    let text = try PaperComparison.markdown(comparison, yosys: counts, command: "scripts/paper_comparison.sh")
    try OutputFile.write(Array(text.utf8), to: out)
    print("wrote \(out) (\(comparison.designs.count) designs)")
  } catch let e as BenchError {
    throw e
  } catch {
    throw BenchError(description: "\(error)", exitCode: 65)
  }
}

/// Runs yosys for every design without a current cached result, one at a time (the machine's
/// cores go to yosys's own passes), writing each result as soon as it is there.
private func synthesizeStale(_ c: PaperComparison.Comparison, cache: String, work: String) throws {
  guard let yosys = findExecutable("yosys") else {
    throw BenchError(description: "yosys not found on PATH: apt-get install -y yosys", exitCode: 66)
  }
  try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
  try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
  for d in c.designs {
    let path = (cache as NSString).appendingPathComponent(d.statName)
    let header = PaperComparison.cacheHeader(d)
    if let text = try? String(contentsOfFile: path, encoding: .utf8), text.hasPrefix(header) {
      print("\(d.label): cached")
      continue
    }
    let id = d.statName.replacingOccurrences(of: ".stat", with: "")
    try d.verilog.write(toFile: "\(work)/\(id).v", atomically: true, encoding: .utf8)
    let t0 = ContinuousClock.now
    let script =
      "read_verilog \(id).v; synth_xilinx -family xcup -flatten -noiopad -noclkbuf -top \(d.top); "
      + "tee -q -o \(id).stat stat"
    try runProcess(yosys, ["-q", "-p", script], in: work)
    let stat = try String(contentsOfFile: "\(work)/\(id).stat", encoding: .utf8)
    try OutputFile.write(Array((header + stat).utf8), to: path)
    print("\(d.label): synthesized in \((ContinuousClock.now - t0).components.seconds) s")
  }
}
