import Dispatch
import Foundation
import GRAUSim

/// `grausim-bench calibrate [--out CSV] [--work DIR] [--jobs N] [--reuse] [--only SUBSTRING] [--emit-only] [--fit]
/// [--shifters] [--features PATH]` (`--shifters`: the chain-versus-barrel designs, printed as a table, no CSV;
/// `--features`: every calibration row's primitive counts beside yosys's LUTs, as CSV, no synthesis)
///
/// Exports the Verilog of every design of ``CalibrationSweep``, synthesizes each with
/// `yosys synth_xilinx -family xcup -flatten` (N processes in parallel, longest designs first), parses `stat`, and
/// writes the calibration CSV: design parameters, yosys counts, the resource model's estimates and the relative
/// errors (docs/resources.md). With `--reuse`, designs whose `<work>/<id>.stat` already exists are not
/// synthesized again, so the model can be refitted without re-running yosys.
func runCalibrate(arguments: [String]) {
  var outOption: String?
  var work = ".build/calibration"
  var jobs = 2
  var reuse = false
  var only: String?
  var emitOnly = false
  var fit = false
  var shifters = false
  var grid = false
  var reportOnly = false
  var i = 0
  func value() -> String {
    i += 1
    guard i < arguments.count else { fail("\(arguments[i - 1]) needs a value") }
    return arguments[i]
  }
  while i < arguments.count {
    switch arguments[i] {
    case "--out": outOption = value()
    case "--work": work = value()
    case "--jobs":
      guard let j = Int(value()), j >= 1 else { fail("--jobs expects a positive integer") }
      jobs = j
    case "--reuse": reuse = true
    case "--only": only = value()
    case "--emit-only": emitOnly = true
    case "--fit": fit = true
    case "--shifters": shifters = true
    case "--grid": grid = true
    case "--report": reportOnly = true
    case "--features":
      writeFeatures(to: value(), sweep: "data/calibration/yosys.csv", grid: "data/calibration/grid.csv")
      return
    case "--stats", "--stats-fit":
      reportStats(work: work, refit: arguments[i] == "--stats-fit")
      return
    case "-h", "--help":
      print(
        "USAGE: grausim-bench calibrate [--out CSV] [--work DIR] [--jobs N] [--reuse] [--only SUBSTRING] [--shifters]")
      return
    default: fail("unknown option '\(arguments[i])'")
    }
    i += 1
  }
  let out = outOption ?? (grid ? "data/calibration/grid.csv" : "data/calibration/yosys.csv")
  if fit {
    fitFromCSVs(sweep: "data/calibration/yosys.csv", grid: "data/calibration/grid.csv")
    return
  }
  guard let yosys = findExecutable("yosys") else { fail("yosys not found on PATH: apt-get install -y yosys") }
  do {
    try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
  } catch { fail("cannot create \(work): \(error)") }

  // --shifters: the chain-versus-barrel table instead of the fitted sweep.
  let gridPoints = grid ? CalibrationSweep.grid() : []
  let all =
    shifters ? CalibrationSweep.shifterDesigns() : grid ? gridPoints.map(\.design) : CalibrationSweep.designs()
  let designs = all.filter {
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
  DispatchQueue.concurrentPerform(iterations: reportOnly ? 0 : jobs) { _ in
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
  // Designs without a `stat` file keep the counts the CSV already holds (a clone has the CSV, not the cache).
  var committed: [String: SynthesisCounts] = [:]
  if let text = try? String(contentsOfFile: out, encoding: .utf8), let old = try? CalibrationRow.parse(csv: text) {
    for (row, fields) in old { committed[fields[0]] = row.yosys }
  }
  var rows: [CalibrationRow] = []
  for d in designs {
    let id = CalibrationSweep.identifier(d)
    let text = try? String(contentsOfFile: "\(work)/\(id).stat", encoding: .utf8)
    guard let counts = text.flatMap({ try? SynthesisCounts.parse(yosysStat: $0) }) ?? committed[id] else {
      print("warning: no synthesis result for \(id); left out of the CSV")
      continue
    }
    rows.append(CalibrationRow(design: d, yosys: counts, heldOut: gridPoints.first { $0.design == d }?.heldOut))
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
  if grid {
    print("held out:\n" + CalibrationGrid.report(rows.filter { $0.heldOut == true }))
    print("fitted:\n" + CalibrationGrid.report(rows.filter { $0.heldOut == false }))
    print("CalibrationGrid.heldOutWorst:\n" + CalibrationGrid.heldOutSource(rows))
  }
}

/// `--fit`: the coefficients refitted on the committed results, the sweep's rows and the grid's training rows
/// (no synthesis), printed as Swift source, then how the refitted model does on the held-out rows.
private func fitFromCSVs(sweep: String, grid: String) {
  func rows(_ path: String) -> [CalibrationRow] {
    do {
      return try CalibrationRow.parse(csv: String(contentsOfFile: path, encoding: .utf8)).map(\.row)
    } catch { fail("\(path): \(error)") }
  }
  let gridRows = FileManager.default.fileExists(atPath: grid) ? rows(grid) : []
  let sweepRows = rows(sweep)
  let training = sweepRows + gridRows.filter { $0.heldOut == false }
  let (text, fitted) = fitMemoryCoefficients(sweep: sweepRows, grid: gridRows.filter { $0.heldOut == false })
  print(text)
  func refit(_ r: CalibrationRow) -> CalibrationRow {
    CalibrationRow(design: r.design, yosys: r.yosys, coefficients: fitted, heldOut: r.heldOut)
  }
  for r in training.map(refit) where !CalibrationGrid.misses(r).isEmpty {
    print("fitted, missing:", CalibrationSweep.identifier(r.design), CalibrationGrid.misses(r).joined(separator: "; "))
  }
  let heldOut = gridRows.filter { $0.heldOut == true }.map(refit)
  for r in heldOut where !CalibrationGrid.misses(r).isEmpty {
    print(
      "held out, missing:", CalibrationSweep.identifier(r.design), CalibrationGrid.misses(r).joined(separator: "; "))
  }
  print("held out, refitted model:\n" + CalibrationGrid.report(heldOut))
  print("fitted, refitted model:\n" + CalibrationGrid.report(training.map(refit)))
}

/// `--features PATH`: per row of both CSVs, the model's primitive counts (the features its LUT coefficients
/// multiply), its fixed LUTs (register-file reads, structural) and yosys's LUTs, as CSV — for exploring the fit.
private func writeFeatures(to path: String, sweep: String, grid: String) {
  var lines = [
    "source,id,kind,split,yosys_lut,register_read,structural,"
      + "comparatorBit,adderBit,muxInput,selectBit,memory,outputBit,clampBit,control,muxTree,bankMux,bypass,"
      + "barrelSelect"
  ]
  for (source, file) in [("sweep", sweep), ("grid", grid)] {
    guard let text = try? String(contentsOfFile: file, encoding: .utf8),
      let parsed = try? CalibrationRow.parse(csv: text)
    else { fail("\(file): cannot read") }
    for r in parsed.map(\.row) {
      let terms = ResourceEstimator.terms(r.design)
      var f: [Double] = []
      var registerRead = 0.0
      var structural = 0.0
      for (_, t) in terms {
        let g = LUTCoefficients.features(t)
        f = f.isEmpty ? g : zip(f, g).map(+)
        registerRead += t.registerReadLUTs
        structural += t.structuralLUTs
      }
      let split = r.heldOut.map { $0 ? "holdout" : "train" } ?? "sweep"
      let id = CalibrationSweep.identifier(r.design)
      lines.append(
        "\(source),\(id),\(r.design.kind.rawValue),\(split),\(r.yosys.lut),\(registerRead),\(structural),"
          + f.map { "\($0)" }.joined(separator: ","))
    }
  }
  do {
    try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
  } catch { fail("\(path): \(error)") }
  print("wrote \(lines.count - 1) rows to \(path)")
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
      let total = ResourceEstimator.terms(row.design).reduce(into: [Double](repeating: 0, count: 12)) { acc, s in
        for (i, f) in LUTCoefficients.features(s.1).enumerated() { acc[i] += f }
      }
      return total.map { $0 / Double(row.yosys.lut) }
    }
    let n = 12
    // comparatorBit, adderBit, muxInput, selectBit, memory, outputBit, clampBit, control, muxTree, bankMux, bypass,
    // barrelSelect
    let upper: [Double] = [4, 8, 4, 4, 12, 8, 16, 80, 4, 4, 4, 4]
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

/// `--stats`: the current model against every `stat` file in `work` (whatever designs were synthesized there).
func reportStats(work: String, refit: Bool) {
  let files = ((try? FileManager.default.contentsOfDirectory(atPath: work)) ?? []).filter { $0.hasSuffix(".stat") }
  var rows: [CalibrationRow] = []
  for f in files.sorted() {
    let id = String(f.dropLast(5))
    guard let d = CalibrationSweep.design(identifier: id), CalibrationSweep.identifier(d) == id,
      let text = try? String(contentsOfFile: "\(work)/\(f)", encoding: .utf8),
      let counts = try? SynthesisCounts.parse(yosysStat: text)
    else { continue }
    rows.append(CalibrationRow(design: d, yosys: counts, heldOut: true))
  }
  if refit {
    let (text, fitted) = fitCoefficients(rows)
    print(text)
    rows = rows.map { CalibrationRow(design: $0.design, yosys: $0.yosys, coefficients: fitted, heldOut: true) }
  }
  for row in rows where !CalibrationGrid.misses(row).isEmpty {
    print(CalibrationSweep.identifier(row.design), CalibrationGrid.misses(row).joined(separator: "; "))
  }
  print(CalibrationGrid.report(rows))
}

/// The root mean square of `errors` (0 for none).
private func rms(_ errors: [Double]) -> Double {
  errors.isEmpty ? 0 : (errors.reduce(0) { $0 + $1 * $1 } / Double(errors.count)).squareRoot()
}

/// The coefficients of the memory fabric (`bankMux`, `bypass`) per variant, the others kept: those primitives only
/// occur outside the fitted sweep (banked or block RAM memories), so they are chosen on the grid's training rows —
/// the pair on a 0.05 lattice in 0 … 4 with the smallest root-mean-square relative LUT error on the rows that have
/// such memories (a minimax over a few designs per variant follows its smallest one) — among the pairs that keep
/// every row of the fitted sweep within ±15 %. Then GRAU's `barrelSelect` the same way on the training barrels.
private func fitMemoryCoefficients(sweep: [CalibrationRow], grid: [CalibrationRow]) -> (String, ResourceCoefficients) {
  var fitted = ResourceCoefficients.default
  var text = ""
  for kind in UnitKind.allCases {
    // LUT = base + bankMux · f_bank + bypass · f_bypass for each row.
    func parts(_ r: CalibrationRow) -> (base: Double, bank: Double, bypass: Double, yosys: Double) {
      var c = ResourceCoefficients.default
      c[kind].bankMux = 0
      c[kind].bypass = 0
      let base = ResourceEstimator.estimate(r.design, coefficients: c).total.lut
      let terms = ResourceEstimator.terms(r.design).reduce(into: (0.0, 0.0)) {
        $0 = ($0.0 + $1.1.bankMuxLUTs, $0.1 + $1.1.bypassBits)
      }
      return (base, terms.0, terms.1, Double(r.yosys.lut))
    }
    let s = sweep.filter { $0.design.kind == kind }.map(parts)
    // Only the rows with a memory fabric depend on the pair; the others would only dilute the error.
    let g = grid.filter { $0.design.kind == kind }.map(parts).filter { $0.bank > 0 || $0.bypass > 0 }
    guard !g.isEmpty else { continue }
    var best = (worst: Double.infinity, bank: 0.0, bypass: 0.0)
    for i in 0...80 {
      for j in 0...80 {
        let (a, b) = (0.05 * Double(i), 0.05 * Double(j))
        func err(_ p: (base: Double, bank: Double, bypass: Double, yosys: Double)) -> Double {
          abs((p.base + a * p.bank + b * p.bypass - p.yosys) / p.yosys)
        }
        guard s.allSatisfy({ err($0) <= 0.15 }) else { continue }
        let worst = rms(g.map(err))
        if worst < best.worst { best = (worst, a, b) }
      }
    }
    fitted[kind].bankMux = best.bank
    fitted[kind].bypass = best.bypass
    text += String(
      format: "%@: bankMux %.2f, bypass %.2f, RMS LUT error on the grid's training rows with such memories %.1f %%\n",
      kind.rawValue as NSString, best.bank, best.bypass, 100 * best.worst)
  }
  // The barrel's selects (GRAU only): on the grid's training barrels, keeping the barrels of the shifter
  // comparison (docs/resources.md, "Shifter") within ±15 %.
  func barrelError(_ d: UnitDesign, _ yosys: Int, _ coefficient: Double) -> Double {
    var c = fitted
    c[.grau].barrelSelect = coefficient
    return abs(CalibrationRow.relativeError(ResourceEstimator.estimate(d, coefficients: c).total.lut, Double(yosys)))
  }
  let barrels = grid.filter { $0.design.kind == .grau && $0.design.grau.shifter == .barrel }
  var bestBarrel = (worst: Double.infinity, coefficient: fitted[.grau].barrelSelect)
  for i in 0...80 {
    let a = 0.05 * Double(i)
    let kept = CalibrationSweep.shifterYosys.allSatisfy { p in
      barrelError(CalibrationSweep.shifterDesign(n: p.n, k: p.k, shifter: .barrel), p.barrelLUT, a) <= 0.15
    }
    guard kept else { continue }
    let worst = rms(barrels.map { barrelError($0.design, $0.yosys.lut, a) })
    if worst < bestBarrel.worst { bestBarrel = (worst, a) }
  }
  fitted[.grau].barrelSelect = bestBarrel.coefficient
  text += String(
    format: "grau: barrelSelect %.2f, RMS LUT error on the grid's training barrels %.1f %%\n",
    bestBarrel.coefficient, 100 * bestBarrel.worst)
  return (text, fitted)
}
