import Foundation

/// One design point of a sweep: the values it set and the whole-network totals of every unit.
struct SweepPoint: Sendable {
  /// The point's position in the grid (0-based, the first axis varying slowest).
  var index: Int
  /// `(key, value as written on the command line)`, in `--vary` order.
  var assignments: [(key: String, value: String)]
  var totals: [UnitRunSummary]
  /// The units' records when the point was taken from a cache directory (``SweepStore``); `totals` is then empty.
  var records: [JSONValue]? = nil
  /// Why the point could not run (its configuration is invalid, or a channel cannot be fitted); nil: it ran.
  var failure: String?

  init(index: Int, assignments: [(key: String, value: String)], totals: [UnitRunSummary], failure: String? = nil) {
    self.index = index
    self.assignments = assignments
    self.totals = totals
    self.failure = failure
  }
}

/// Which part of a grid a run computes: shard `index` of `count` (1-based) holds the points whose 0-based index
/// `i` has `i % count == index - 1` — disjoint, together the whole grid, and balanced along every axis.
struct SweepShard: Sendable, Hashable {
  var index: Int
  var count: Int

  func contains(point i: Int) -> Bool { i % count == index - 1 }
}

/// The result of `grausim sweep`: one row per design point and unit.
struct SweepResult: Sendable {
  var keys: [String]
  /// The points run, in grid order (all of them, or a shard's).
  var points: [SweepPoint]
  /// The number of points of the whole grid.
  var pointCount: Int
  /// Identifies the grid (configuration, fixed settings, axes, options), so shards of different sweeps are not
  /// merged; empty when not known.
  var fingerprint: String
  /// The part of the grid this result holds; nil: all of it.
  var shard: SweepShard?

  init(keys: [String], points: [SweepPoint], pointCount: Int? = nil, fingerprint: String = "", shard: SweepShard? = nil)
  {
    self.keys = keys
    self.points = points
    self.pointCount = pointCount ?? points.count
    self.fingerprint = fingerprint
    self.shard = shard
  }
}

/// Runs a configuration over the cross product of values of some config keys.
enum SweepRunner {
  /// One swept key and its values, each the JSON text of a `--set` override value.
  struct Axis: Sendable, Hashable {
    var key: String
    var values: [String]

    init(key: String, values: [String]) {
      self.key = key
      self.values = values
    }
  }

  /// The number of points of the grid (saturating at `Int.max`); zipped axes advance together, so their grid has
  /// as many points as the first axis has values.
  static func pointCount(_ axes: [Axis], zipped: Bool = false) -> Int {
    if zipped { return axes.first?.values.count ?? 1 }
    var n = 1
    for a in axes {
      let (p, overflow) = n.multipliedReportingOverflow(by: a.values.count)
      if overflow { return .max }
      n = p
    }
    return n
  }

  /// The assignments of point `index`: the first axis varying slowest, or with zipped axes the `index`-th value of
  /// every axis.
  static func assignments(_ axes: [Axis], point index: Int, zipped: Bool = false) -> [(key: String, value: String)] {
    if zipped { return axes.map { ($0.key, $0.values[index]) } }
    var rest = index
    var assignments: [(key: String, value: String)] = []
    for axis in axes.reversed() {
      assignments.insert((axis.key, axis.values[rest % axis.values.count]), at: 0)
      rest /= axis.values.count
    }
    return assignments
  }

  /// Runs every point of the grid, `jobs` at a time, reusing every fit and simulation that an earlier point
  /// already computed with the same inputs (``RunCache``): the points equal separate runs, in grid order, whatever
  /// `jobs` is. A point whose configuration or run fails becomes a row that says why, and the sweep goes on.
  ///
  /// - Parameters:
  ///   - configuration: Loads the configuration with the given `key=value` overrides (the sweep's fixed ones
  ///     first, then the point's assignments); called from worker threads.
  ///   - progress: Called after each point with the number of points done, the point count and the point's
  ///     assignments; never concurrently.
  /// - Returns: The result and the cache's statistics.
  /// - Throws: The first point's error when no point runs (a bad key or value fails every point alike).
  static func run(
    axes: [Axis], zipped: Bool = false, fixed: [String], options: NetworkRunner.Options, jobs: Int = 1,
    shard: SweepShard? = nil, store: SweepStore? = nil,
    configuration: @escaping @Sendable (_ overrides: [String]) throws -> SimulationConfig,
    progress: (@Sendable (_ done: Int, _ count: Int, _ assignments: [(key: String, value: String)]) -> Void)? = nil
  ) throws -> (result: SweepResult, reuse: RunCache.Statistics) {
    let count = pointCount(axes, zipped: zipped)
    let selected = (0..<count).filter { shard?.contains(point: $0) ?? true }
    let cache = RunCache()
    var options = options
    options.cache = cache
    var split = options
    if jobs > 1, options.threads == nil {
      // The points share the machine: each runs on its part of the processors (results do not depend on it).
      split.threads = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount / jobs)
    }
    let shared = split
    let lone = options
    let overrides: @Sendable (Int) -> [String] = { index in
      fixed + Self.assignments(axes, point: index, zipped: zipped).map { "\($0.key)=\($0.value)" }
    }
    // Every point's configuration is loaded once (a point whose configuration fails to load is retried below for
    // its error). Points a cache directory holds are taken from it; the others share their GRAU fits across
    // segment counts.
    let loaded = Parallel.map(count: selected.count, threads: jobs) {
      n -> (config: SimulationConfig?, key: JSONValue?, records: [JSONValue]?) in
      let config = try? configuration(overrides(selected[n]))
      guard let store, let config else { return (config, nil, nil) }
      let key = store.key(config: config, options: shared)
      return (config, key, store.load(key))
    }
    let families = segmentFamilies(loaded.map { $0.records == nil ? $0.config : nil })
    let finished = _PointCounter()
    let runPoint: @Sendable (Int, NetworkRunner.Options) -> Result<SweepPoint, SweepFailure> = { n, pointOptions in
      let index = selected[n]
      let assignments = Self.assignments(axes, point: index, zipped: zipped)
      let outcome: Result<SweepPoint, SweepFailure>
      do {
        let config = try loaded[n].config ?? configuration(overrides(index))
        if let records = loaded[n].records {
          var point = SweepPoint(index: index, assignments: assignments, totals: [])
          point.records = records
          outcome = .success(point)
        } else {
          var options = pointOptions
          options.segmentFamily = families[n]
          let result = try NetworkRunner.run(config: config, options: options)
          if let store, let key = loaded[n].key { store.save(key, records: result.totals.map(store.record)) }
          outcome = .success(SweepPoint(index: index, assignments: assignments, totals: result.totals))
        }
      } catch {
        outcome = .failure(
          SweepFailure(
            error: error, point: SweepPoint(index: index, assignments: assignments, totals: [], failure: "\(error)")))
      }
      finished.increment { progress?($0, selected.count, assignments) }
      return outcome
    }
    // With several jobs, the first point to compute runs alone on every processor: what the points share (MT fits
    // and simulations, a family's GRAU fits, streams, domains) is computed by it once, where concurrent first points
    // would each wait for or repeat it on a part of the machine; the rest then run `jobs` at a time.
    let lead = jobs > 1 ? loaded.indices.first { loaded[$0].config != nil && loaded[$0].records == nil } : nil
    let leadOutcome = lead.map { runPoint($0, lone) }
    let rest = (0..<selected.count).filter { $0 != lead }
    let restOutcomes = Parallel.map(count: rest.count, threads: jobs) { runPoint(rest[$0], shared) }
    var outcomes = restOutcomes
    if let lead, let leadOutcome { outcomes.insert(leadOutcome, at: lead) }
    var points: [SweepPoint] = []
    for o in outcomes {
      switch o {
      case .success(let p): points.append(p)
      case .failure(let f): points.append(f.point)
      }
    }
    if !points.contains(where: { $0.failure == nil }), case .failure(let first)? = outcomes.first {
      throw first.error
    }
    return (SweepResult(keys: axes.map(\.key), points: points, pointCount: count, shard: shard), cache.statistics)
  }
}

extension SweepRunner {
  /// Per point, the segment counts of the points whose configurations equal its own but for
  /// `accelerator.grau.segments` (ascending), when they are several (``NetworkRunner/Options/segmentFamily``);
  /// nil for a point whose configuration does not load. Read from the loaded configurations, so whichever keys,
  /// wildcards or zipped axes set the segment count, points that differ in it alone share their GRAU fits.
  static func segmentFamilies(_ configs: [SimulationConfig?]) -> [[Int]?] {
    func normalised(_ c: SimulationConfig) -> SimulationConfig {
      var c = c
      c.accelerator.grau.segments = 0
      return c
    }
    var groups: [SimulationConfig: Set<Int>] = [:]
    for case let c? in configs { groups[normalised(c), default: []].insert(c.accelerator.grau.segments) }
    return configs.map { c in
      guard let c, let counts = groups[normalised(c)], counts.count > 1 else { return nil }
      return counts.sorted()
    }
  }
}

/// A point that failed: the error itself (rethrown when every point fails) and its row.
struct SweepFailure: Error, @unchecked Sendable {
  var error: any Error
  var point: SweepPoint
}

/// Counts finished points and reports each under one lock, so progress lines never interleave.
final class _PointCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var done = 0

  func increment(_ report: (Int) -> Void) {
    lock.lock()
    defer { lock.unlock() }
    done += 1
    report(done)
  }
}
