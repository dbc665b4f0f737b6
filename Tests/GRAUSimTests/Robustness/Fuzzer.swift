import Foundation

@testable import GRAUSim

#if canImport(Glibc)
  import Glibc
#endif

/// A seeded mutation fuzzer over grausim's inputs: config text (structured and byte-level mutations, then the run
/// itself when the result is small), `--set` overrides, `.npy` traces and `fit` command lines. Every case is a pure
/// function of (seed, target, index), so a crash reported as `fuzz: crash in <target> seed <s> case <i>` replays
/// with ``replay(target:seed:index:)``. A trap ends the process; a handler first prints that line.
struct Fuzzer {
  enum Target: String, CaseIterable, Sendable {
    case config, overrides, npy, fit
  }

  let seed: UInt64
  let root: String
  let configs: [(text: String, directory: String)]
  let traces: [[UInt8]]

  init(seed: UInt64, root: String) throws {
    self.seed = seed
    self.root = root
    var configs: [(String, String)] = []
    for dir in ["configs", "Tests/Fixtures"] {
      for name in try FileManager.default.contentsOfDirectory(atPath: root + "/" + dir).sorted()
      where name.hasSuffix(".json") {
        configs.append((try String(contentsOfFile: "\(root)/\(dir)/\(name)", encoding: .utf8), "\(root)/\(dir)"))
      }
    }
    self.configs = configs
    var traces: [[UInt8]] = []
    for dir in ["traces", "Tests/Fixtures"] {
      for name in try FileManager.default.contentsOfDirectory(atPath: root + "/" + dir).sorted()
      where name.hasSuffix(".npy") {
        traces.append([UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(root)/\(dir)/\(name)"))))
      }
    }
    self.traces = traces
  }

  /// Runs case `index` of `target`; returns whether the input was accepted (every other outcome is an error value).
  @discardableResult
  func run(_ target: Target, index: Int) -> Bool {
    FuzzCrashReport.set("fuzz: crash in \(target.rawValue) seed \(seed) case \(index)\n")
    var rng = SplitMix64(seed: seed ^ (UInt64(index) &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(target.hashValueStable))
    switch target {
    case .config: return fuzzConfig(&rng)
    case .overrides: return fuzzOverrides(&rng)
    case .npy: return fuzzNpy(&rng)
    case .fit: return fuzzFit(&rng)
    }
  }

  // MARK: Configs

  func fuzzConfig(_ rng: inout SplitMix64) -> Bool {
    let base = configs[Int.random(in: 0..<configs.count, using: &rng)]
    let text: String
    if Bool.random(using: &rng), var json = try? JSONValue.parseConfig(base.text) {
      for _ in 0..<Int.random(in: 1...4, using: &rng) { Self.mutate(&json, &rng) }
      text = (try? json.formatted()) ?? base.text
    } else {
      text = Self.mutateBytes(base.text, &rng)
    }
    return decodeAndMaybeRun(text, directory: base.directory, overrides: [])
  }

  func fuzzOverrides(_ rng: inout SplitMix64) -> Bool {
    let base = configs[Int.random(in: 0..<configs.count, using: &rng)]
    var paths: [String] = []
    if let json = try? JSONValue.parseConfig(base.text) { Self.paths(json, "", into: &paths) }
    var overrides: [String] = []
    for _ in 0..<Int.random(in: 1...3, using: &rng) {
      var key = paths.isEmpty ? "x" : paths[Int.random(in: 0..<paths.count, using: &rng)]
      if Int.random(in: 0..<8, using: &rng) == 0 { key = Self.mutateBytes(key, &rng) }
      if Int.random(in: 0..<8, using: &rng) == 0 { key += "[\(Self.interestingInts.randomElement(using: &rng)!)]" }
      let value =
        Bool.random(using: &rng)
        ? ((try? Self.interestingValue(&rng).formatted()) ?? "0") : Self.mutateBytes("[1, \"pot\", {\"a\": 2}]", &rng)
      overrides.append(
        Int.random(in: 0..<16, using: &rng) == 0 ? Self.mutateBytes("\(key)=\(value)", &rng) : "\(key)=\(value)")
    }
    return decodeAndMaybeRun(base.text, directory: base.directory, overrides: overrides)
  }

  /// Decodes; a small valid config is also run (fitting and simulation, a few elements per layer).
  func decodeAndMaybeRun(_ text: String, directory: String, overrides: [String]) -> Bool {
    guard let config = try? SimulationConfig.decode(text, file: "fuzz.json", directory: directory, overrides: overrides)
    else { return false }
    let cost = RunCost.estimate(config: config, layers: nil, maxElementsPerLayer: 16, threads: 1)
    let calibration = config.network.layers.reduce(0) { $0 + $1.elements }
    guard cost.seconds < 0.02, cost.bytes < 200_000_000, calibration <= 20_000,
      config.network.layers.allSatisfy({ $0.outputBits <= 10 }), config.accelerator.mtMaxBits <= 10
    else { return true }
    _ = try? NetworkRunner.run(config: config, options: .init(maxElementsPerLayer: 16, threads: 1))
    return true
  }

  // MARK: .npy

  func fuzzNpy(_ rng: inout SplitMix64) -> Bool {
    var bytes = traces[Int.random(in: 0..<traces.count, using: &rng)]
    switch Int.random(in: 0..<4, using: &rng) {
    case 0:
      // Rewrite the header dictionary with a mutated shape, dtype or order.
      let dims = (0..<Int.random(in: 0...4, using: &rng)).map { _ in
        Self.interestingInts.randomElement(using: &rng)!.description
      }
      let shape =
        Int.random(in: 0..<6, using: &rng) == 0
        ? Self.mutateBytes("(3, 4)", &rng) : "(\(dims.joined(separator: ", ")),)"
      let descr = ["<i2", "<i4", "<f4", "<f8", ">i4", "|u1", "<i8", ""].randomElement(using: &rng)!
      let order = ["False", "True", "0", ""].randomElement(using: &rng)!
      var header = "{'descr': '\(descr)', 'fortran_order': \(order), 'shape': \(shape), }"
      header += String(repeating: " ", count: (64 - (header.count + 11) % 64) % 64) + "\n"
      let length = header.utf8.count
      bytes =
        [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(header.utf8)
        + bytes.suffix(Int.random(in: 0...min(bytes.count, 4096), using: &rng))
    case 1:
      for _ in 0..<Int.random(in: 1...8, using: &rng) where !bytes.isEmpty {
        bytes[Int.random(in: 0..<min(bytes.count, 160), using: &rng)] = UInt8.random(in: 0...255, using: &rng)
      }
    case 2:
      bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng)))
    default:
      for _ in 0..<Int.random(in: 1...32, using: &rng) where !bytes.isEmpty {
        bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
      }
    }
    guard
      let (header, _) = try? NpyReader.decodeInputs(
        bytes, file: "fuzz.npy", inputBits: Int.random(in: 2...32, using: &rng))
    else { return false }
    let c = Self.interestingInts.randomElement(using: &rng)!
    _ = try? header.checkShape(channels: max(1, c), height: max(1, c), width: 3)
    _ = try? header.checkChannels(max(1, c))
    return true
  }

  // MARK: fit

  func fuzzFit(_ rng: inout SplitMix64) -> Bool {
    let numbers = ["0", "-1", "1", "2", "7", "12", "16", "17", "33", "1e-9", "1e9", "0.5", "nan", "inf", "-0", "x", ""]
    let options: [(String, [String])] = [
      ("--function", ActivationFunction.names + ["nope"]), ("--alpha", numbers),
      ("--in-bits", ["2", "4", "8", "12", "0", "33"]),
      ("--in-scale", numbers), ("--gamma", numbers), ("--beta", numbers),
      ("--out-bits", ["1", "2", "4", "8", "16", "0", "17"]),
      ("--out-scale", numbers), ("--zero-point", numbers + ["1000", "-1000"]),
      ("--range", ["-8:7", "0:0", "5:3", "-100000:100000", "a:b", ":", "-2048:2047"]),
      ("--segments", ["1", "2", "4", "6", "9", "64", "0"]),
      ("--slopes", ["pot", "apot", "x"]), ("--pre-shift", ["0", "6", "16", "17", "auto", "-1"]),
      ("--stages", ["1", "12", "16", "25", "auto", "0"]), ("--objective", ["mse", "maxabs", "x"]),
      ("--apot-terms", ["1", "2", "0", "25"]), ("--fit-range", ["full", "calibration", "x"]),
    ]
    var args = ["fit"]
    for (name, values) in options where Int.random(in: 0..<3, using: &rng) > 0 || name == "--function" {
      args += [name, values.randomElement(using: &rng)!]
    }
    if Bool.random(using: &rng) { args.append("--signed") }
    if Int.random(in: 0..<4, using: &rng) == 0 { args.append("--saturate") }
    // Wide inputs only with a small range: an in-process fit cannot be interrupted.
    if let i = args.firstIndex(of: "--in-bits"), Int(args[i + 1]).map({ $0 > 12 }) ?? false {
      args[i + 1] = "12"
    }
    if ProcessInfo.processInfo.environment["GRAUSIM_FUZZ_PRINT"] != nil {
      FileHandle.standardError.write(Data("fit case: \(args)\n".utf8))
    }
    var out = ""
    var err = ""
    return GRAUSimCLI.run(arguments: args, stdout: &out, stderr: &err) == 0
  }

  // MARK: Mutations

  static let interestingInts: [Int] = [
    0, 1, -1, 2, 3, 7, 8, 16, 17, 31, 32, 33, 63, 64, 255, 256, 4096, 65535, 65536, 1 << 20, (1 << 20) + 1, 1 << 31,
    (1 << 31) - 1, 1 << 32, 1 << 40, 1 << 53, Int.max, Int.min, -65536,
  ]

  static func interestingValue(_ rng: inout SplitMix64) -> JSONValue {
    switch Int.random(in: 0..<9, using: &rng) {
    case 0: return .int(interestingInts.randomElement(using: &rng)!)
    case 1:
      return .double(
        [0.0, -0.0, 0.5, Double.leastNonzeroMagnitude, 1e-9, 3.5, 1e300, -1e300, 1e15].randomElement(using: &rng)!)
    case 2:
      return .string(
        ["", "pot", "apot", "auto", "full", "trace", "gaussian", "nope", "silu", "../x.npy"].randomElement(using: &rng)!
      )
    case 3: return .bool(Bool.random(using: &rng))
    case 4: return .null
    case 5: return .array([])
    case 6:
      return .array(
        (0..<Int.random(in: 1...5, using: &rng)).map { _ in .int(interestingInts.randomElement(using: &rng)!) })
    case 7: return .object(JSONObject())
    default: return .string(String(repeating: "x", count: Int.random(in: 0...300, using: &rng)))
    }
  }

  /// Replaces, removes or adds one node somewhere in `json`.
  static func mutate(_ json: inout JSONValue, _ rng: inout SplitMix64, depth: Int = 0) {
    switch json {
    case .object(var o) where !o.isEmpty && (depth < 4 || Bool.random(using: &rng)):
      let keys = o.map(\.key)
      let key = keys[Int.random(in: 0..<keys.count, using: &rng)]
      switch Int.random(in: 0..<10, using: &rng) {
      case 0: o[key] = nil
      case 1: o["fuzz_\(Int.random(in: 0..<3, using: &rng))"] = interestingValue(&rng)
      case 2: o[key] = interestingValue(&rng)
      default:
        var child = o[key]!
        mutate(&child, &rng, depth: depth + 1)
        o[key] = child
      }
      json = .object(o)
    case .array(var a) where !a.isEmpty && (depth < 4 || Bool.random(using: &rng)):
      let i = Int.random(in: 0..<a.count, using: &rng)
      switch Int.random(in: 0..<8, using: &rng) {
      case 0: a.remove(at: i)
      case 1: a.append(a[i])
      case 2: a[i] = interestingValue(&rng)
      default: mutate(&a[i], &rng, depth: depth + 1)
      }
      json = .array(a)
    default:
      json = interestingValue(&rng)
    }
  }

  /// A few byte-level edits of `text` (flips, deletions, insertions of JSON punctuation and digits, splices).
  static func mutateBytes(_ text: String, _ rng: inout SplitMix64) -> String {
    var b = Array(text.utf8)
    let tokens: [[UInt8]] = [
      "{", "}", "[", "]", ",", ":", "\"", "-", "e", "9", "0", ".", "\\", "null", "1e999", "\u{0}",
    ].map {
      Array($0.utf8)
    }
    for _ in 0..<Int.random(in: 1...6, using: &rng) {
      let i = b.isEmpty ? 0 : Int.random(in: 0..<b.count, using: &rng)
      switch Int.random(in: 0..<4, using: &rng) {
      case 0 where !b.isEmpty: b[i] = UInt8.random(in: 0...255, using: &rng)
      case 1 where !b.isEmpty: b.removeSubrange(i..<min(b.count, i + Int.random(in: 1...16, using: &rng)))
      case 2: b.insert(contentsOf: tokens.randomElement(using: &rng)!, at: i)
      default:
        if !b.isEmpty {
          let j = Int.random(in: 0..<b.count, using: &rng)
          b.insert(contentsOf: b[j..<min(b.count, j + Int.random(in: 1...32, using: &rng))], at: i)
        }
      }
    }
    return String(decoding: b, as: UTF8.self)
  }

  /// Every key path of `json` in `--set` syntax (`a.b`, `a.layers[2].c`).
  static func paths(_ json: JSONValue, _ prefix: String, into out: inout [String]) {
    switch json {
    case .object(let o):
      for (k, v) in o {
        let p = prefix.isEmpty ? k : "\(prefix).\(k)"
        out.append(p)
        paths(v, p, into: &out)
      }
    case .array(let a):
      for (i, v) in a.enumerated() {
        let p = "\(prefix)[\(i)]"
        out.append(p)
        paths(v, p, into: &out)
      }
    default: break
    }
  }
}

extension Fuzzer.Target {
  /// A hash that is the same on every run (`hashValue` is seeded per process).
  var hashValueStable: Int { Fuzzer.Target.allCases.firstIndex(of: self)! &* 0x5851_F42D }
}

/// The line a crash handler prints: which case was running. Preformatted before every case, written with
/// `write(2)` from the handler (async-signal-safe), then the signal takes its default action.
enum FuzzCrashReport {
  nonisolated(unsafe) static var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
  nonisolated(unsafe) static var length = 0

  static func set(_ line: String) {
    let bytes = Array(line.utf8.prefix(255))
    for (i, b) in bytes.enumerated() { buffer[i] = b }
    length = bytes.count
  }

  static func install() {
    for s in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT] {
      signal(s) { sig in
        _ = write(2, FuzzCrashReport.buffer, FuzzCrashReport.length)
        signal(sig, SIG_DFL)
        raise(sig)
      }
    }
  }
}
