import Foundation

/// `grausim sweep --cache DIR`: every point's results on disk, so a sweep that is run again — interrupted, extended
/// by more values, or repeated — takes the points it already computed from the directory instead of simulating them.
///
/// A point is stored as one JSON file named by a digest of its **key**: everything its results depend on — the
/// resolved configuration (every default filled in, overrides applied), the content of every trace file it reads,
/// the layers and element limit of the run, and the identity of the grausim executable (its version and a digest
/// of its bytes, so a rebuilt grausim never reads results of another build). The file holds the key itself; a
/// point is taken from the cache only when the stored key equals its own, so a digest collision can never return
/// another point's numbers. Each file is written atomically when its point finishes (an interrupted sweep keeps
/// the points it completed); files that cannot be read or parsed count as misses and are written anew.
final class SweepStore: Sendable {
  let directory: String
  /// `{ "version", "executable" }`: which build wrote a file.
  let identity: JSONValue
  /// A unit's totals as the record a sweep's JSON holds (the reports' function; Run does not render).
  let record: @Sendable (UnitRunSummary) -> JSONValue
  private let state = _StoreState()

  /// Uses `directory` (created with its parents when missing; `displayPath` names it in errors).
  init(
    directory: String, displayPath: String? = nil, executable: String? = nil,
    record: @escaping @Sendable (UnitRunSummary) -> JSONValue
  ) throws(OutputError) {
    let outputs = OutputSet()
    try outputs.createDirectory(directory, displayPath: displayPath)
    try outputs.commit()
    self.directory = directory
    self.record = record
    let path = executable ?? Self.executablePath
    let digest = (try? InputFile.read(path)).map { Self.digest($0) } ?? "unknown"
    identity = ["version": .string(GRAUSimVersion.current), "executable": .string(digest)]
  }

  /// The running executable: `/proc/self/exe` on Linux, else the path it was started with.
  static var executablePath: String {
    FileManager.default.fileExists(atPath: "/proc/self/exe")
      ? "/proc/self/exe" : (Bundle.main.executablePath ?? CommandLine.arguments[0])
  }

  /// What a point's results depend on.
  func key(config: SimulationConfig, options: NetworkRunner.Options) -> JSONValue {
    var traces = JSONObject()
    for layer in config.network.layers {
      for file in [layer.trace, layer.calibrationTrace].compactMap({ $0 }) where traces[file] == nil {
        let path = (config.traceDirectory as NSString).appendingPathComponent(file)
        traces[file] = .string((try? InputFile.read(path)).map { Self.digest($0) } ?? "unreadable")
      }
    }
    // A network with weights: its data and weight files (resolved paths).
    if let d = config.network.dataset {
      let computes = config.network.layers.compactMap(\.compute) + [config.network.logits?.compute].compactMap { $0 }
      let files =
        [d.calibration, d.test, d.testLabels] + computes.flatMap { [$0.weights] + [$0.bias].compactMap { $0 } }
      for file in files where traces[file] == nil {
        traces[file] = .string((try? InputFile.read(file)).map { Self.digest($0) } ?? "unreadable")
      }
    }
    return [
      "grausim": identity, "config": config.resolvedJSON, "traces": .object(traces),
      "layers": options.layers.map { .array($0.map { .string($0) }) } ?? .null,
      "max_elements_per_layer": options.maxElementsPerLayer.map { .int($0) } ?? .null,
    ]
  }

  /// The records stored for `key`, nil when there are none (or they are of another key).
  func load(_ key: JSONValue) -> [JSONValue]? {
    guard let text = try? key.compact() else { return nil }
    let path = file(for: text)
    guard let bytes = try? InputFile.read(path), let stored = try? JSONValue(parsing: bytes),
      stored["key"] == key, case .array(let records)? = stored["units"]
    else { return nil }
    state.hit()
    return records
  }

  /// Stores `records` for `key`; a failure is remembered (``failures``), not thrown: the cache only saves time.
  func save(_ key: JSONValue, records: [JSONValue]) {
    do {
      let text = try key.compact()
      let document: JSONValue = ["key": key, "units": .array(records)]
      try OutputFile.write(try document.formatted(), to: file(for: text))
    } catch {
      state.fail("\(error)")
    }
  }

  /// Points taken from the directory, and why storing some failed (the first reason, and how many).
  var hits: Int { state.snapshot.hits }
  var failures: (count: Int, first: String?) { (state.snapshot.failures, state.snapshot.firstFailure) }

  private func file(for keyText: String) -> String {
    (directory as NSString).appendingPathComponent("point-" + Self.digest(Array(keyText.utf8)) + ".json")
  }

  /// 128 bits of two FNV-1a hashes with different offsets, as hex: names files, identifies builds and traces.
  static func digest(_ bytes: [UInt8]) -> String {
    var a: UInt64 = 0xcbf2_9ce4_8422_2325
    var b: UInt64 = 0x6c62_272e_07bb_0142
    bytes.withUnsafeBufferPointer { p in
      for byte in p {
        a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        b = b &+ (b >> 29)
      }
    }
    return String(a, radix: 16).leftPadded(16) + String(b, radix: 16).leftPadded(16)
  }
}

/// The counters of a ``SweepStore``, updated from worker threads.
final class _StoreState: @unchecked Sendable {
  struct Snapshot {
    var hits = 0
    var failures = 0
    var firstFailure: String?
  }

  private let lock = NSLock()
  private var value = Snapshot()

  var snapshot: Snapshot { lock.withLock { value } }
  func hit() { lock.withLock { value.hits += 1 } }
  func fail(_ reason: String) {
    lock.withLock {
      value.failures += 1
      if value.firstFailure == nil { value.firstFailure = reason }
    }
  }
}

extension String {
  fileprivate func leftPadded(_ width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}
