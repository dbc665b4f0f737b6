import Dispatch
import Foundation
import GRAUSim

/// `grausim-bench calibrate [--out CSV] [--work DIR] [--jobs N] [--reuse] [--only SUBSTRING] [--emit-only] [--fit]`
///
/// Exports the Verilog of every design of ``CalibrationSweep``, synthesizes each with
/// `yosys synth_xilinx -family xcup -flatten` (N processes in parallel, longest designs first), parses `stat`, and
/// writes the calibration CSV: design parameters, yosys counts, the resource model's estimates and the relative
/// errors (docs/resources.md). With `--reuse`, designs whose `<work>/<id>.stat` already exists are not
/// synthesized again, so the model can be refitted without re-running yosys.
func runCalibrate(arguments: [String]) {
  var out = "data/calibration/yosys.csv"
  var work = ".build/calibration"
  var jobs = 2
  var reuse = false
  var only: String?
  var emitOnly = false
  var fit = false
  var i = 0
  func value() -> String {
    i += 1
    guard i < arguments.count else { fail("\(arguments[i - 1]) needs a value") }
    return arguments[i]
  }
  while i < arguments.count {
    switch arguments[i] {
    case "--out": out = value()
    case "--work": work = value()
    case "--jobs":
      guard let j = Int(value()), j >= 1 else { fail("--jobs expects a positive integer") }
      jobs = j
    case "--reuse": reuse = true
    case "--only": only = value()
    case "--emit-only": emitOnly = true
    case "--fit": fit = true
    case "-h", "--help":
      print("USAGE: grausim-bench calibrate [--out CSV] [--work DIR] [--jobs N] [--reuse] [--only SUBSTRING]")
      return
    default: fail("unknown option '\(arguments[i])'")
    }
    i += 1
  }
  guard let yosys = findExecutable("yosys") else { fail("yosys not found on PATH: apt-get install -y yosys") }
  do {
    try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
  } catch { fail("cannot create \(work): \(error)") }

  let designs = CalibrationSweep.designs().filter { only == nil || CalibrationSweep.identifier($0).contains(only!) }
  if emitOnly {
    for d in designs {
      let id = CalibrationSweep.identifier(d)
      do {
        try RTLEmitter.verilog(d).write(toFile: "\(work)/\(id).v", atomically: true, encoding: .utf8)
      } catch { fail("\(id): \(error)") }
    }
    print("wrote \(designs.count) designs to \(work)")
    return
  }
  // Longest first: pipelined MT cost grows with 2^n stages, everything else with K, R and lanes.
  let order = designs.indices.sorted { a, b in
    func cost(_ d: RTLDesign) -> Int {
      d.kind.isGRAU
        ? d.lanes * (d.grau.segments + d.grau.stages) : d.lanes * (1 << d.mtMaxBits) * (d.kind == .mtSerial ? 1 : 4)
    }
    return (cost(designs[a]), b) > (cost(designs[b]), a)
  }
  let queue = CalibrationQueue(order)
  let workDir = work
  let reuseStats = reuse
  let start = ContinuousClock.now
  // --fit works on the cached results only.
  DispatchQueue.concurrentPerform(iterations: fit ? 0 : jobs) { _ in
    while let index = queue.next() {
      let d = designs[index]
      let id = CalibrationSweep.identifier(d)
      let stat = "\(workDir)/\(id).stat"
      if reuseStats && FileManager.default.fileExists(atPath: stat) {
        queue.report("\(id): cached")
        continue
      }
      let t0 = ContinuousClock.now
      do {
        try RTLEmitter.verilog(d).write(toFile: "\(workDir)/\(id).v", atomically: true, encoding: .utf8)
        let script =
          "read_verilog \(id).v; synth_xilinx -family xcup -flatten -noiopad -noclkbuf -top \(d.moduleName); "
          + "tee -q -o \(id).stat.tmp stat"
        try runProcess(yosys, ["-q", "-p", script], in: workDir)
        try FileManager.default.moveItem(atPath: "\(workDir)/\(id).stat.tmp", toPath: stat)
        let counts = try SynthesisCounts.parse(yosysStat: String(contentsOfFile: stat, encoding: .utf8))
        let seconds = (ContinuousClock.now - t0).components.seconds
        queue.report("\(id): \(seconds) s, LUT \(counts.lut) FF \(counts.ff) LUTRAM \(counts.lutram)")
      } catch {
        queue.report("\(id): FAILED \(error)")
      }
    }
  }
  var rows: [CalibrationRow] = []
  for d in designs {
    let id = CalibrationSweep.identifier(d)
    guard let text = try? String(contentsOfFile: "\(work)/\(id).stat", encoding: .utf8),
      let counts = try? SynthesisCounts.parse(yosysStat: text)
    else {
      if fit { continue }
      print("warning: no synthesis result for \(id); left out of the CSV")
      continue
    }
    rows.append(CalibrationRow(design: d, yosys: counts))
  }
  if fit {
    print(fitCoefficients(rows))
    return
  }
  do {
    try AtomicFile.write(Array(CalibrationRow.csv(rows).utf8), to: out)
  } catch { fail("\(error)") }
  print("wrote \(rows.count) designs to \(out) in \((ContinuousClock.now - start).components.seconds) s")
  print(CalibrationRow.summary(rows))
}

/// Hands out design indices to the worker threads and serializes their progress lines.
private final class CalibrationQueue: @unchecked Sendable {
  private let lock = NSLock()
  private var pending: [Int]
  private var done = 0
  private let total: Int

  init(_ order: [Int]) {
    pending = order.reversed()
    total = order.count
  }

  func next() -> Int? {
    lock.lock()
    defer { lock.unlock() }
    return pending.popLast()
  }

  func report(_ line: String) {
    lock.lock()
    defer { lock.unlock() }
    done += 1
    FileHandle.standardOutput.write(Data("[\(done)/\(total)] \(line)\n".utf8))
  }
}

private struct ProcessFailed: Error, CustomStringConvertible {
  var status: Int32
  var output: String
  var description: String { "exit \(status): \(output.suffix(2000))" }
}

private func runProcess(_ executable: String, _ arguments: [String], in directory: String) throws {
  let p = Process()
  p.executableURL = URL(fileURLWithPath: executable)
  p.arguments = arguments
  p.currentDirectoryURL = URL(fileURLWithPath: directory)
  let pipe = Pipe()
  p.standardOutput = pipe
  p.standardError = pipe
  try p.run()
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  p.waitUntilExit()
  guard p.terminationStatus == 0 else {
    throw ProcessFailed(status: p.terminationStatus, output: String(decoding: data, as: UTF8.self))
  }
}

private func findExecutable(_ tool: String) -> String? {
  let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
  for dir in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(dir)/\(tool)") {
    return "\(dir)/\(tool)"
  }
  return nil
}

private func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("error: \(message)\n".utf8))
  exit(64)
}

/// Least squares on the relative LUT error: minimizes Σ ((estimate − yosys) / yosys)² over the LUT
/// coefficients (the model is linear in them), and prints them as Swift source for ResourceCoefficients.
private func fitCoefficients(_ rows: [CalibrationRow]) -> String {
  func features(_ d: RTLDesign) -> [Double] {
    let t = ResourceEstimator.terms(d).reduce(into: [Double](repeating: 0, count: 7)) { acc, stage in
      let s = stage.1
      let v = [s.comparatorBits, s.adderBits, s.muxLUTs, s.memories, s.outputBits, s.clampBits, s.control]
      for i in 0..<7 { acc[i] += v[i] }
    }
    return t
  }
  let n = 7
  var ata = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
  var atb = [Double](repeating: 0, count: n)
  for row in rows where row.yosys.lut > 0 {
    let y = Double(row.yosys.lut)
    let f = features(row.design).map { $0 / y }
    for i in 0..<n {
      atb[i] += f[i]
      for j in 0..<n { ata[i][j] += f[i] * f[j] }
    }
  }
  for i in 0..<n { ata[i][i] += 1e-9 }
  // Gaussian elimination with partial pivoting.
  var a = ata
  var b = atb
  for col in 0..<n {
    let pivot = (col..<n).max { abs(a[$0][col]) < abs(a[$1][col]) }!
    a.swapAt(col, pivot)
    b.swapAt(col, pivot)
    for r in 0..<n where r != col {
      let f = a[r][col] / a[col][col]
      for c in col..<n { a[r][c] -= f * a[col][c] }
      b[r] -= f * b[col]
    }
  }
  let x = (0..<n).map { b[$0] / a[$0][$0] }
  let names = ["comparatorBit", "adderBit", "muxLUT", "memory", "outputBit", "clampBit", "control"]
  let c = ResourceCoefficients(
    comparatorBit: x[0], adderBit: x[1], muxLUT: x[2], memory: x[3], outputBit: x[4], clampBit: x[5],
    control: x[6])
  let refit = rows.map { CalibrationRow(design: $0.design, yosys: $0.yosys, coefficients: c) }
  return zip(names, x).map { "\($0): \(String(format: "%.3f", $1))" }.joined(separator: ", ") + "\n"
    + CalibrationRow.summary(refit)
}
