/// One design point of a sweep: the values it set and the whole-network totals of every unit.
struct SweepPoint: Sendable {
  /// `(key, value as written on the command line)`, in `--vary` order.
  var assignments: [(key: String, value: String)]
  var totals: [UnitRunSummary]

  init(assignments: [(key: String, value: String)], totals: [UnitRunSummary]) {
    self.assignments = assignments
    self.totals = totals
  }
}

/// The result of `grausim sweep`: one row per design point and unit.
struct SweepResult: Sendable {
  var keys: [String]
  var points: [SweepPoint]

  init(keys: [String], points: [SweepPoint]) {
    self.keys = keys
    self.points = points
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

  /// The number of points of the grid.
  static func pointCount(_ axes: [Axis]) -> Int { axes.reduce(1) { $0 * $1.values.count } }

  /// The assignments of point `index`, the first axis varying slowest.
  static func assignments(_ axes: [Axis], point index: Int) -> [(key: String, value: String)] {
    var rest = index
    var assignments: [(key: String, value: String)] = []
    for axis in axes.reversed() {
      assignments.insert((axis.key, axis.values[rest % axis.values.count]), at: 0)
      rest /= axis.values.count
    }
    return assignments
  }

  /// Runs every point of the grid in order.
  ///
  /// - Parameters:
  ///   - configuration: Loads the configuration with the given `key=value` overrides (the sweep's fixed ones
  ///     first, then the point's assignments).
  ///   - progress: Called after each point with its index, the point count and its assignments.
  /// - Throws: The first error of `configuration` or of ``NetworkRunner/run(config:options:)``.
  static func run(
    axes: [Axis], fixed: [String], options: NetworkRunner.Options,
    configuration: (_ overrides: [String]) throws -> SimulationConfig,
    progress: ((_ index: Int, _ count: Int, _ assignments: [(key: String, value: String)]) -> Void)? = nil
  ) throws -> SweepResult {
    let count = pointCount(axes)
    var points: [SweepPoint] = []
    for index in 0..<count {
      let assignments = Self.assignments(axes, point: index)
      let config = try configuration(fixed + assignments.map { "\($0.key)=\($0.value)" })
      let result = try NetworkRunner.run(config: config, options: options)
      points.append(SweepPoint(assignments: assignments, totals: result.totals))
      progress?(index, count, assignments)
    }
    return SweepResult(keys: axes.map(\.key), points: points)
  }
}
