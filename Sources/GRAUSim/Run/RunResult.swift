/// Everything `grausim run` measured: per layer and in total, per unit variant.
///
/// Rendered by ``renderTable()``, ``jsonText()`` and ``csvText()``; all
/// three are deterministic (same config and seed → identical bytes) and carry no wall-clock times.
struct RunResult: Sendable {
  /// The version string written into JSON reports.
  static let toolVersion = GRAUSimVersion.current

  var version: String
  /// The resolved configuration the run used (defaults filled in, overrides applied).
  var config: SimulationConfig
  /// The simulated unit variants, in ``UnitKind`` order.
  var units: [UnitKind]
  /// The simulated layers in network order.
  var layers: [LayerRunResult]
  /// Per unit (same order as ``units``), the sum over ``layers``.
  var totals: [UnitRunSummary]
  /// A network with weights: top-1 on its test images per unit, and of the exact and float networks.
  var networkAccuracy: NetworkAccuracy?

  init(
    version: String = RunResult.toolVersion, config: SimulationConfig, units: [UnitKind], layers: [LayerRunResult]
  ) {
    self.version = version
    self.config = config
    self.units = units
    self.layers = layers
    totals = units.map { kind in
      var t = UnitRunSummary(kind: kind, clockMHz: config.accelerator.clockMHz)
      var ranges: [(String, FullRangeSummary)] = []
      for layer in layers {
        guard let u = layer.unit(kind) else { continue }
        t.accumulate(u)
        if let f = u.fullRange { ranges.append((layer.name, f)) }
        if var w = u.worstChannel,
          t.worstChannel.map({ ($0.error.mse, $0.error.maxAbs) < (w.error.mse, w.error.maxAbs) }) ?? true
        {
          w.layer = layer.name
          t.worstChannel = w
        }
      }
      if !ranges.isEmpty { t.fullRange = FullRangeSummary(layers: ranges) }
      return t
    }
  }

  /// The total of `kind`, if it was simulated.
  func total(_ kind: UnitKind) -> UnitRunSummary? { totals.first { $0.kind == kind } }
}

/// One simulated layer.
struct LayerRunResult: Sendable {
  var name: String
  /// Position of the layer in `network.layers`.
  var index: Int
  var channels: Int
  var height: Int
  var width: Int
  var activation: String
  var output: IntegerFormat
  /// Elements simulated (C·H·W, or fewer with `max_elements_per_layer`).
  var elements: Int
  /// What the parameters were fitted on.
  var calibration: CalibrationSummary
  /// Slopes GRAU's shifter cannot make over some channels' calibration.
  var grauWarnings: [LayerWarning] = []
  /// One entry per simulated unit, in ``UnitKind`` order.
  var units: [UnitRunSummary]

  init(
    name: String, index: Int, channels: Int, height: Int, width: Int, activation: String, output: IntegerFormat,
    elements: Int, calibration: CalibrationSummary, units: [UnitRunSummary]
  ) {
    self.name = name
    self.index = index
    self.channels = channels
    self.height = height
    self.width = width
    self.activation = activation
    self.output = output
    self.elements = elements
    self.calibration = calibration
    self.units = units
  }

  func unit(_ kind: UnitKind) -> UnitRunSummary? { units.first { $0.kind == kind } }
}

/// Switching activity of one signal group with the bit-cycles it had available (for rates).
struct SignalActivity: Sendable, Hashable {
  var name: String
  var signalClass: String
  /// Register width per lane.
  var bits: Int
  var toggles: Int
  /// `bits × lanes × cycles`: how many bit flips were possible.
  var bitCycles: Int

  init(name: String, signalClass: String, bits: Int, toggles: Int, bitCycles: Int) {
    self.name = name
    self.signalClass = signalClass
    self.bits = bits
    self.toggles = toggles
    self.bitCycles = bitCycles
  }

  /// Toggles per bit per cycle (0 when nothing could toggle).
  var rate: Double { bitCycles > 0 ? Double(toggles) / Double(bitCycles) : 0 }
}

/// What one unit variant did on one layer, or on all layers (totals).
struct UnitRunSummary: Sendable {
  var kind: UnitKind
  var elements: Int
  var cycles: CycleBreakdown
  /// Pipeline latency in cycles (per layer; nil in totals, where it has no single value).
  var latency: Int?
  /// Per signal group, in datapath order.
  var signals: [SignalActivity]
  /// Error of the simulated outputs against `Q_c`, over the evaluation elements (held out from calibration unless
  /// the calibration is in-sample).
  var error: ErrorAccumulator
  /// Error of the same parameters over the calibration samples (what the fitter saw).
  var calibrationError: ErrorAccumulator
  /// Error over every input the W-bit port can carry (fitted units; nil for a unit without parameters).
  var fullRange: FullRangeSummary? = nil
  /// The channel with the worst evaluation error.
  var worstChannel: WorstChannel? = nil
  /// Outputs that differed from the bit-exact reference (0 unless a model is wrong).
  var referenceMismatches: Int
  var clockMHz: Double
  /// Estimated resources of the unit (``RunResult/estimate(energy:)``); nil until estimated.
  var resources: ResourceCounts? = nil
  /// Dynamic energy of the simulated toggles (``RunResult/estimate(energy:)``); nil until estimated.
  var energy: EnergyEstimate? = nil
  /// The design parameters outside the resource model's calibrated region (``CalibratedRegion``), filled in with
  /// ``resources``.
  var outsideCalibration: [RegionExcursion] = []
  /// How much of `accelerator.device` the unit takes; nil without a device or until estimated.
  var utilization: DeviceUtilization? = nil
  /// A network with weights, in the totals: the unit's top-1 on the test images.
  var network: UnitNetworkAccuracy? = nil

  /// An empty summary (the neutral element of ``accumulate(_:)``).
  init(kind: UnitKind, clockMHz: Double) {
    self.kind = kind
    elements = 0
    cycles = CycleBreakdown(total: 0, compute: 0, fillDrain: 0, reconfiguration: 0, stall: 0)
    latency = nil
    signals = []
    error = ErrorAccumulator()
    calibrationError = ErrorAccumulator()
    referenceMismatches = 0
    self.clockMHz = clockMHz
  }

  /// The summary of one simulated layer.
  init(
    result: UnitLayerResult, calibrationError: ErrorAccumulator, fullRange: FullRangeSummary?, lanes: Int,
    clockMHz: Double
  ) {
    kind = result.kind
    elements = result.elements
    cycles = result.cycles
    latency = result.latency
    signals = result.toggles.map {
      SignalActivity(
        name: $0.name, signalClass: $0.signalClass, bits: $0.bits, toggles: $0.toggles,
        bitCycles: $0.bits * lanes * result.cycles.total)
    }
    error = result.error
    self.calibrationError = calibrationError
    self.fullRange = fullRange
    worstChannel = WorstChannel.of(result.channelErrors)
    referenceMismatches = result.referenceMismatches
    self.clockMHz = clockMHz
  }

  /// Adds a layer's summary (signals merged by name, first-seen order).
  mutating func accumulate(_ o: UnitRunSummary) {
    elements += o.elements
    cycles.total += o.cycles.total
    cycles.compute += o.cycles.compute
    cycles.fillDrain += o.cycles.fillDrain
    cycles.reconfiguration += o.cycles.reconfiguration
    cycles.stall += o.cycles.stall
    for s in o.signals {
      if let i = signals.firstIndex(where: { $0.name == s.name }) {
        signals[i].toggles += s.toggles
        signals[i].bitCycles += s.bitCycles
      } else {
        signals.append(s)
      }
    }
    error.merge(o.error)
    calibrationError.merge(o.calibrationError)
    referenceMismatches += o.referenceMismatches
  }

  var totalToggles: Int { signals.reduce(0) { $0 + $1.toggles } }
  /// Toggles per bit per cycle over all signal groups.
  var toggleRate: Double {
    let possible = signals.reduce(0) { $0 + $1.bitCycles }
    return possible > 0 ? Double(totalToggles) / Double(possible) : 0
  }
  /// Throughput: elements per cycle (all cycles, reconfiguration included).
  var elementsPerCycle: Double { cycles.total > 0 ? Double(elements) / Double(cycles.total) : 0 }
  /// Wall time of the cycles at the configured clock, in microseconds.
  var timeMicroseconds: Double { Double(cycles.total) / clockMHz }
}
