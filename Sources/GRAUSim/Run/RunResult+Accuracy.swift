/// What a layer's parameters were fitted on.
struct CalibrationSummary: Sendable, Hashable {
  enum Source: String, Sendable, Hashable {
    /// A second draw of a synthetic layer's distributions.
    case freshDraw = "fresh_draw"
    /// The layer's `calibration_trace`.
    case calibrationTrace = "calibration_trace"
    /// The leading pixels of each channel of the layer's trace (left out of the errors).
    case tracePrefix = "trace_prefix"
    /// The evaluation elements themselves: the errors are in-sample.
    case inSample = "in_sample"
    /// A network with weights: the calibration images through the exact network.
    case calibrationImages = "calibration_images"

    /// Words for the report.
    var phrase: String {
      switch self {
      case .freshDraw: "a fresh draw"
      case .calibrationTrace: "the calibration trace"
      case .tracePrefix: "the trace's leading pixels"
      case .inSample: "the evaluation itself (in-sample)"
      case .calibrationImages: "the calibration images through the exact network"
      }
    }
  }

  var source: Source
  /// Samples fitted on, over all channels.
  var samples: Int
  /// Samples per channel (a fresh draw, a calibration trace, a trace prefix).
  var pixelsPerChannel: Int?
  /// The seed of a fresh draw.
  var seed: UInt64?

  init(source: Source, samples: Int, pixelsPerChannel: Int? = nil, seed: UInt64? = nil) {
    self.source = source
    self.samples = samples
    self.pixelsPerChannel = pixelsPerChannel
    self.seed = seed
  }
}

/// One unit's error over every input the W-bit port can carry, over the channels of a layer (or of all layers).
struct FullRangeSummary: Sendable, Hashable {
  /// Per channel, the largest |error| over every input (one layer; empty in totals).
  var channelMaxAbs: [Int]
  /// The largest of them.
  var maxAbs: Int
  /// Where: the layer (totals only), the channel and the input.
  var worstLayer: String?
  var worstChannel: Int
  var worstInput: Int
  /// Channels whose output wraps for some input (a non-saturating GRAU fitted on the calibration range only).
  var wrappingChannels: Int
  var channels: Int

  /// The summary of one layer's channels.
  init(_ errors: [FullRangeError]) {
    channelMaxAbs = errors.map(\.maxAbs)
    let worst = errors.indices.max { (errors[$0].maxAbs, -$0) < (errors[$1].maxAbs, -$1) } ?? 0
    maxAbs = errors.isEmpty ? 0 : errors[worst].maxAbs
    worstChannel = worst
    worstInput = errors.isEmpty ? 0 : errors[worst].worstInput
    wrappingChannels = errors.filter(\.wraps).count
    channels = errors.count
  }

  /// The totals over layers: the worst layer's worst channel, wrapping channels summed.
  init(layers: [(String, FullRangeSummary)]) {
    channelMaxAbs = []
    let worst = layers.max { $0.1.maxAbs < $1.1.maxAbs }
    maxAbs = worst?.1.maxAbs ?? 0
    worstLayer = worst?.0
    worstChannel = worst?.1.worstChannel ?? 0
    worstInput = worst?.1.worstInput ?? 0
    wrappingChannels = layers.reduce(0) { $0 + $1.1.wrappingChannels }
    channels = layers.reduce(0) { $0 + $1.1.channels }
  }
}

/// The channel of a layer (or of all layers) whose held-out outputs are worst: largest MSE, then largest |error|.
struct WorstChannel: Sendable, Hashable {
  var layer: String?
  var channel: Int
  var error: ErrorMetrics

  /// The worst of `errors` (channels with no measured outputs are skipped); nil when none was measured.
  static func of(_ errors: [ErrorAccumulator]) -> WorstChannel? {
    var best: WorstChannel?
    for (c, e) in errors.enumerated() where e.weight > 0 {
      let m = e.metrics
      if let b = best, (b.error.mse, b.error.maxAbs) >= (m.mse, m.maxAbs) { continue }
      best = WorstChannel(layer: nil, channel: c, error: m)
    }
    return best
  }
}

/// A fit warning that channels of one layer share (``FitWarning``), with the worst channel's words.
struct LayerWarning: Sendable, Hashable {
  enum Kind: String, Sendable, Hashable {
    case tooSteep = "too_steep"
    case tooShallow = "too_shallow"
    /// The target is one code over the calibration (a scale or zero-point mistake, most likely).
    case constant = "constant_target"
  }

  var kind: Kind
  var channels: Int
  var totalChannels: Int
  var worstChannel: Int
  /// The worst channel's warning, in words (cause, numbers, fix).
  var message: String
  /// The pre-shift and stages that would follow every warned channel.
  var preShift: Int
  var stages: Int

  /// The warnings of a layer's channels, grouped by cause.
  static func summarize(_ perChannel: [[FitWarning]]) -> [LayerWarning] {
    var result: [LayerWarning] = []
    for kind in [Kind.tooSteep, .tooShallow, .constant] {
      var worst: (channel: Int, fraction: Double, warning: FitWarning)?
      var channels = 0
      var p = 0
      var r = 0
      for (c, warnings) in perChannel.enumerated() {
        for w in warnings {
          let fraction: Double
          switch (w.cause, kind) {
          case (.tooSteep(let f, _, _), .tooSteep), (.tooShallow(let f, _, _), .tooShallow): fraction = f
          case (.constant, .constant): fraction = 1
          default: continue
          }
          channels += 1
          p = Swift.max(p, w.preShift)
          r = Swift.max(r, w.stages)
          if worst.map({ fraction > $0.fraction }) ?? true { worst = (c, fraction, w) }
        }
      }
      if let worst {
        result.append(
          LayerWarning(
            kind: kind, channels: channels, totalChannels: perChannel.count, worstChannel: worst.channel,
            message: worst.warning.description, preShift: p, stages: r))
      }
    }
    return result
  }
}
