import Dispatch
import Foundation
import GRAUSim

/// `grausim-bench calibrate [--out CSV] [--work DIR] [--jobs N] [--reuse] [--only SUBSTRING] [--emit-only] [--fit]
/// [--shifters]` (`--shifters`: the chain-versus-barrel designs, printed as a table, no CSV)
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
  var shifters = false
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
    case "--shifters": shifters = true
    case "-h", "--help":
      print(
        "USAGE: grausim-bench calibrate [--out CSV] [--work DIR] [--jobs N] [--reuse] [--only SUBSTRING] [--shifters]")
      return
    default: fail("unknown option '\(arguments[i])'")
    }
    i += 1
  }
  guard let yosys = findExecutable("yosys") else { fail("yosys not found on PATH: apt-get install -y yosys") }
  do {
    try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
  } catch { fail("cannot create \(work): \(error)") }

  // --shifters: the chain-versus-barrel table instead of the fitted sweep.
  let designs = (shifters ? CalibrationSweep.shifterDesigns() : CalibrationSweep.designs()).filter {
    only == nil || CalibrationSweep.identifier($0).contains(only!)
  }
  if emitOnly {
    for d in designs {
      let id = CalibrationSweep.identifier(d)
      do {
        try RTLEmitter.verilog(RTLDesign(unit: d)).write(toFile: "\(work)/\(id).v", atomically: true, encoding: .utf8)
      } catch { fail("\(id): \(error)") }
    }
    print("wrote \(designs.count) designs to \(work)")
    return
  }
  // Longest first: pipelined MT cost grows with 2^n stages, everything else with K, R and lanes.
  let order = designs.indices.sorted { a, b in
    func cost(_ d: UnitDesign) -> Int {
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
        try RTLEmitter.verilog(RTLDesign(unit: d)).write(
          toFile: "\(workDir)/\(id).v", atomically: true, encoding: .utf8)
        let script =
          "read_verilog \(id).v; synth_xilinx -family xcup -flatten -noiopad -noclkbuf -top \(d.kind.rawValue); "
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
    let (text, fitted) = fitCoefficients(rows)
    print(text)
    for r in rows.map({ CalibrationRow(design: $0.design, yosys: $0.yosys, coefficients: fitted) }) {
      let l = CalibrationRow.relativeError(r.estimate.lut, Double(r.yosys.lut))
      let f = CalibrationRow.relativeError(r.estimate.ff, Double(r.yosys.ff))
      if abs(l) > 0.1 || abs(f) > 0.1 {
        print(
          CalibrationSweep.identifier(r.design), "LUT", r.yosys.lut, Int(r.estimate.lut), "FF", r.yosys.ff,
          Int(r.estimate.ff))
      }
    }
    return
  }
  if shifters {
    print("id,yosys_lut,est_lut,yosys_ff,est_ff")
    for r in rows {
      print("\(CalibrationSweep.identifier(r.design)),\(r.yosys.lut),\(r.estimate.lut),\(r.yosys.ff),\(r.estimate.ff)")
    }
    return
  }
  do {
    try OutputFile.write(Array(CalibrationRow.csv(rows).utf8), to: out)
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

func runProcess(_ executable: String, _ arguments: [String], in directory: String) throws {
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

func findExecutable(_ tool: String) -> String? {
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

/// Fits the LUT coefficients per variant on the relative error (estimate − yosys) / yosys — the model is linear
/// in them: non-negative least squares, then Lawson reweighting toward the smallest worst-case error. Prints them as Swift source for `ResourceCoefficients.default`.
private func fitCoefficients(_ rows: [CalibrationRow]) -> (String, ResourceCoefficients) {
  var fitted = ResourceCoefficients.default
  var text = ""
  for kind in UnitKind.allCases {
    let mine = rows.filter { $0.design.kind == kind && $0.yosys.lut > 0 }
    guard !mine.isEmpty else { continue }
    let x = mine.map { row -> [Double] in
      let total = ResourceEstimator.terms(row.design).reduce(into: [Double](repeating: 0, count: 9)) { acc, s in
        for (i, f) in LUTCoefficients.features(s.1).enumerated() { acc[i] += f }
      }
      return total.map { $0 / Double(row.yosys.lut) }
    }
    let n = 9
    // comparatorBit, adderBit, muxInput, selectBit, memory, outputBit, clampBit, control, muxTree
    let upper: [Double] = [4, 8, 4, 4, 12, 8, 16, 80, 4]
    // Weighted non-negative least squares by projected coordinate descent.
    func solve(_ w: [Double]) -> [Double] {
      var ata = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
      var atb = [Double](repeating: 0, count: n)
      for (f, wi) in zip(x, w) {
        for i in 0..<n {
          atb[i] += wi * f[i]
          for j in 0..<n { ata[i][j] += wi * f[i] * f[j] }
        }
      }
      var c = [Double](repeating: 0, count: n)
      for _ in 0..<5000 {
        for i in 0..<n where ata[i][i] > 1e-12 {
          var r = atb[i]
          for j in 0..<n where j != i { r -= ata[i][j] * c[j] }
          // Bounds keep every coefficient physical (a primitive costs at most a few LUTs per unit), so the
          // model extrapolates instead of trading one collinear primitive against another.
          c[i] = min(upper[i], max(0, r / ata[i][i]))
        }
      }
      return c
    }
    func worst(_ c: [Double]) -> Double {
      x.map { f in abs(zip(f, c).reduce(0) { $0 + $1.0 * $1.1 } - 1) }.max() ?? 0
    }
    // Lawson's iteration: reweight by the residual to push the least-squares fit toward the minimax fit
    // (the target is a bound on the worst relative error); keep the best iterate.
    var w = [Double](repeating: 1, count: x.count)
    var c = solve(w)
    var best = (worst(c), c)
    for _ in 0..<40 {
      let r = x.map { f in abs(zip(f, c).reduce(0) { $0 + $1.0 * $1.1 } - 1) }
      let total = zip(w, r).reduce(0) { $0 + $1.0 * $1.1 }
      guard total > 0 else { break }
      w = zip(w, r).map { max(1e-6, $0 * $1 / total * Double(x.count)) }
      c = solve(w)
      if worst(c) < best.0 { best = (worst(c), c) }
    }
    c = best.1
    fitted[kind] = LUTCoefficients(c)
    text += "    // \(kind.rawValue)\n    LUTCoefficients(["
    text += c.map { String(format: "%.3f", $0) }.joined(separator: ", ") + "]),\n"
  }
  let refit = rows.map { CalibrationRow(design: $0.design, yosys: $0.yosys, coefficients: fitted) }
  return (text + CalibrationRow.summary(refit), fitted)
}
