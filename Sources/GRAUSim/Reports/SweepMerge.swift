/// Why sweep files cannot be joined: the file and what is wrong, in words.
struct SweepMergeError: Error, Sendable, Hashable, CustomStringConvertible {
  var message: String
  var description: String { message }
}

/// Joins the JSON of sweep shards (`grausim sweep … --shard I/N --json`) into the JSON of the whole sweep:
/// every point of the grid exactly once, in grid order, byte for byte what the unsharded sweep writes.
enum SweepMerge {
  /// One input: its name as the user gave it, and its parsed JSON.
  struct Input: Sendable {
    var name: String
    var json: JSONValue
  }

  /// The merged sweep's JSON and its rows.
  static func merge(_ inputs: [Input]) throws(SweepMergeError) -> (json: JSONValue, report: SweepReport) {
    func fail(_ s: String) -> SweepMergeError { SweepMergeError(message: s) }
    guard let first = inputs.first else { throw fail("no sweep files to merge") }
    struct Header: Equatable {
      var version: String
      var keys: [JSONValue]
      var points: Int
      var fingerprint: String
    }
    func header(_ input: Input) throws(SweepMergeError) -> Header {
      let j = input.json
      guard case .object = j, case .string(let version)? = j["version"], case .array(let keys)? = j["keys"],
        case .int(let points)? = j["grid"]?["points"], points >= 0,
        case .string(let fingerprint)? = j["grid"]?["fingerprint"],
        case .array? = j["points"]
      else {
        throw fail("\(input.name): not the JSON of a grausim sweep (it needs version, keys, grid and points)")
      }
      return Header(version: version, keys: keys, points: points, fingerprint: fingerprint)
    }
    let reference = try header(first)
    var byIndex = [JSONValue?](repeating: nil, count: reference.points)
    var owner = [String](repeating: "", count: reference.points)
    for input in inputs {
      let h = try header(input)
      guard h.version == reference.version else {
        throw fail(
          "\(input.name) was written by grausim \(h.version) and \(first.name) by \(reference.version); "
            + "rerun the shards with one version")
      }
      guard h.keys == reference.keys, h.points == reference.points, h.fingerprint == reference.fingerprint else {
        throw fail(
          "\(input.name) is a shard of another sweep than \(first.name) (its configuration, --set, --vary, "
            + "--layers or --max-elements differ)")
      }
      guard case .array(let points)? = input.json["points"] else { continue }
      for (n, p) in points.enumerated() {
        guard case .int(let i)? = p["index"], (0..<reference.points).contains(i) else {
          throw fail("\(input.name): points[\(n)].index: expected an integer in 0..<\(reference.points)")
        }
        guard byIndex[i] == nil else {
          throw fail("point \(i) is in both \(owner[i]) and \(input.name); each point must come from one shard")
        }
        byIndex[i] = p
        owner[i] = input.name
      }
    }
    let missing = byIndex.indices.filter { byIndex[$0] == nil }
    if !missing.isEmpty {
      let shown = missing.prefix(10).map(String.init).joined(separator: ", ") + (missing.count > 10 ? ", …" : "")
      throw fail(
        "missing \(missing.count) of \(reference.points) points (index \(shown)): merge every shard of the sweep")
    }
    let points = byIndex.map { $0! }
    let json: JSONValue = [
      "version": .string(reference.version), "keys": .array(reference.keys),
      "grid": ["points": .int(reference.points), "fingerprint": .string(reference.fingerprint)],
      "points": .array(points),
    ]
    let keys = reference.keys.map { k -> String in
      if case .string(let s) = k { return s }
      return ""
    }
    return (json, SweepReport(keys: keys, points: points))
  }
}
