/// Which part of a network run goes into a waveform (`grausim run --vcd-*`): a whole network is billions of
/// changes, so a trace shows one layer, some units, some lanes and a window of edges.
struct WaveformSelection: Sendable, Hashable {
  /// Units to trace, in display order (nil: every configured unit, in configuration order).
  var units: [UnitKind]?
  /// Lanes whose stage registers are traced.
  var lanes: [Int]
  /// The layer to trace (nil: the first layer of the run).
  var layer: String?
  /// First edge of the window (nil: ``WaveformTracer/defaultWindow(jobs:edges:)``).
  var windowStart: Int?
  /// Edge after the window's last, `windowStart ..< windowEnd` (nil: to the layer's end; ignored without a start).
  var windowEnd: Int?
  /// Elements `A ..< B` of the layer (stream order) to trace instead of an edge window: the window then runs from
  /// the edge before the first of them is accepted to the edge the last of them leaves (earliest / latest over
  /// the traced units). Exclusive with ``windowStart``.
  var elements: Range<Int>?
  /// Size cap of the VCD in bytes (nil: none).
  var maxBytes: Int?

  /// The default size cap, 256 MiB.
  static let defaultMaxBytes = 256 << 20

  init(
    units: [UnitKind]? = nil, lanes: [Int] = [0], layer: String? = nil, windowStart: Int? = nil,
    windowEnd: Int? = nil, elements: Range<Int>? = nil, maxBytes: Int? = WaveformSelection.defaultMaxBytes
  ) {
    self.elements = elements
    self.units = units
    self.lanes = lanes
    self.layer = layer
    self.maxBytes = maxBytes
    self.windowStart = windowStart
    self.windowEnd = windowEnd
  }

  /// The selection checked against a configuration: the unit list and the layer's name.
  ///
  /// - Parameter runLayers: The layers the run simulates (nil: `run.layers` of the config, else all).
  /// - Throws: ``WaveformError/invalidOption(name:expected:got:)`` for a unit the accelerator does not have, a
  ///   layer the run does not simulate, a lane outside the accelerator, or an empty window.
  func resolve(config: SimulationConfig, runLayers: [String]?) throws(WaveformError) -> (
    units: [UnitKind], layer: String
  ) {
    let configured = config.accelerator.units
    let units = self.units ?? configured
    for u in units where !configured.contains(u) {
      throw .invalidOption(
        name: "--vcd-units",
        expected: "units of the accelerator (\(configured.map(\.rawValue).joined(separator: ",")))",
        got: u.rawValue)
    }
    if units.isEmpty { throw .invalidOption(name: "--vcd-units", expected: "at least one unit", got: "none") }
    if Set(units).count != units.count {
      throw .invalidOption(
        name: "--vcd-units", expected: "each unit once", got: units.map(\.rawValue).joined(separator: ","))
    }
    let lanes = config.accelerator.lanes
    if lanes == 0 || self.lanes.isEmpty {
      throw .invalidOption(name: "--vcd-lanes", expected: "at least one lane", got: "none")
    }
    for l in self.lanes where l < 0 || l >= lanes {
      throw .invalidOption(name: "--vcd-lanes", expected: "lanes in 0...\(lanes - 1)", got: "\(l)")
    }
    if Set(self.lanes).count != self.lanes.count {
      throw .invalidOption(
        name: "--vcd-lanes", expected: "each lane once", got: self.lanes.map(String.init).joined(separator: ","))
    }
    if let start = windowStart {
      if start < 0 { throw .invalidOption(name: "--vcd-window", expected: "START ≥ 0", got: "\(start)") }
      if let end = windowEnd, end <= start {
        throw .invalidOption(name: "--vcd-window", expected: "START < END", got: "\(start):\(end)")
      }
    }
    if let e = elements {
      if windowStart != nil {
        throw .invalidOption(
          name: "--vcd-elements", expected: "either --vcd-window or --vcd-elements, not both",
          got: "\(e.lowerBound):\(e.upperBound)")
      }
      if e.lowerBound < 0 || e.isEmpty {
        throw .invalidOption(name: "--vcd-elements", expected: "0 <= A < B", got: "\(e.lowerBound):\(e.upperBound)")
      }
    }
    if let m = maxBytes, m < 1 {
      throw .invalidOption(name: "--vcd-max-bytes", expected: "a positive number of bytes", got: "\(m)")
    }
    let all = config.network.layers.map(\.name)
    let selected: [String]
    if let names = runLayers ?? config.run.layers {
      selected = all.filter { names.contains($0) }
    } else {
      selected = all
    }
    guard let layer = self.layer else {
      guard let first = selected.first else {
        throw .invalidOption(name: "--vcd-layer", expected: "a layer to trace", got: "a run without layers")
      }
      return (units, first)
    }
    guard selected.contains(layer) else {
      let hint = Suggestion.closest(to: layer, in: selected).map { " (did you mean '\($0)'?)" } ?? ""
      throw .invalidOption(
        name: "--vcd-layer", expected: "one of the layers run (\(selected.joined(separator: ",")))",
        got: "'\(layer)'\(hint)")
    }
    return (units, layer)
  }

  /// The edge range of the window for `jobs` (the default when neither edges nor elements were given).
  ///
  /// - Throws: ``WaveformError/invalidOption(name:expected:got:)`` when the element range goes beyond the layer.
  /// - Complexity: With ``elements``, one untraced simulation of the first `B` elements per unit.
  func edges(jobs: [LayerJob]) throws(WaveformError) -> ClosedRange<Int> {
    if let elements { return try WaveformTracer.window(elements: elements, jobs: jobs) }
    guard let start = windowStart else { return WaveformTracer.defaultWindow(jobs: jobs) }
    return start...(windowEnd.map { $0 - 1 } ?? Int.max)
  }
}

extension WaveformTracer {
  /// The request that traces `selection` of a prepared network (prepared with the selected layer among its layers).
  ///
  /// - Throws: ``WaveformError`` when the layer was not prepared or the selection does not fit the config.
  static func request(network: NetworkRunner.PreparedNetwork, selection: WaveformSelection) throws(WaveformError)
    -> WaveformRequest
  {
    let (units, layer) = try selection.resolve(config: network.config, runLayers: network.layerNames)
    guard let l = network.layerNames.firstIndex(of: layer) else {
      throw .invalidOption(name: "--vcd-layer", expected: "a prepared layer", got: "'\(layer)'")
    }
    let jobs = units.map { network.job(layer: l, kind: $0) }
    return WaveformRequest(
      jobs: jobs, lanes: selection.lanes, window: try selection.edges(jobs: jobs),
      clockMHz: network.config.accelerator.clockMHz, maxBytes: selection.maxBytes)
  }

  /// The edges that show elements `elements` of every job pass through: from the edge before the first of them is
  /// accepted (so its input port value is visible) to the edge the last of them leaves, earliest and latest over
  /// `jobs`. Stalls are taken into account: each unit's schedule is simulated (untraced) up to the last element.
  ///
  /// - Throws: ``WaveformError/invalidOption(name:expected:got:)`` for an empty range or one beyond the layer.
  static func window(elements: Range<Int>, jobs: [LayerJob]) throws(WaveformError) -> ClosedRange<Int> {
    var first = Int.max
    var last = 0
    for job in jobs {
      let count = job.stream.count
      guard elements.lowerBound >= 0, !elements.isEmpty, elements.upperBound <= count else {
        throw .invalidOption(
          name: "--vcd-elements", expected: "0 <= A < B <= \(count) (elements of layer \(job.layerName))",
          got: "\(elements.lowerBound):\(elements.upperBound)")
      }
      var cut = job
      cut.stream = PrefixStream(base: job.stream, count: elements.upperBound)
      var none = NoObserver()
      let run = UnitSimulator.run(cut, observer: &none, scope: nil, recordSchedule: true)
      let firstBeat = elements.lowerBound / job.lanes
      let lastBeat = (elements.upperBound - 1) / job.lanes
      guard lastBeat < run.schedule.count else { continue }  // unreachable: every cut beat leaves
      first = Swift.min(first, run.schedule[firstBeat].accept)
      last = Swift.max(last, run.schedule[lastBeat].leave)
    }
    guard first <= last else { return 0...0 }
    return Swift.max(0, first - 1)...last
  }
}
