/// A complete, validated simulation configuration: the accelerator, the network, the stimulus and run settings.
///
/// Decoded once from JSON (see docs/config.md for every key and default); nothing downstream reads JSON again.
struct SimulationConfig: Sendable, Hashable {
  /// Free text describing the configuration (`description` key).
  var description: String?
  var accelerator: AcceleratorConfig
  var network: NetworkConfig
  var stimulus: StimulusConfig
  var run: RunSettings
  /// Published figures to set grausim's estimates beside (`comparison` key), if any.
  var comparison: ComparisonConfig?
  /// The file name errors are attributed to (as the user named it), if the config came from a file.
  var file: String?
  /// The directory relative trace paths are resolved against: the config file's directory joined with
  /// `stimulus.trace_dir`.
  var traceDirectory: String

  init(
    description: String? = nil, accelerator: AcceleratorConfig, network: NetworkConfig, stimulus: StimulusConfig,
    run: RunSettings = RunSettings(), file: String? = nil, traceDirectory: String = "."
  ) {
    self.description = description
    self.accelerator = accelerator
    self.network = network
    self.stimulus = stimulus
    self.run = run
    self.file = file
    self.traceDirectory = traceDirectory
  }
}

/// In which order a layer's elements reach the unit (decides how often per-channel parameters switch).
enum StreamOrder: String, Sendable, Hashable, CaseIterable {
  /// For each pixel, all channels (the parameter set changes every element).
  case channelInterleaved = "channel_interleaved"
  /// For each channel, all its pixels.
  case channelMajor = "channel_major"
}

/// The hardware side: lanes, widths, which unit variants to compare and how they are built.
struct AcceleratorConfig: Sendable, Hashable {
  /// Parallel lanes L (1...4096).
  var lanes: Int
  /// Input (MAC result) width W, signed (2...32).
  var inputBits: Int
  /// Clock frequency used to turn cycles into time.
  var clockMHz: Double
  /// The unit variants to simulate, in ``UnitKind`` order, without duplicates.
  var units: [UnitKind]
  /// The GRAU design (its `inputBits` equals ``inputBits``).
  var grau: GRAUArchitecture
  /// How GRAU channels are fitted.
  var fit: FitOptions
  /// Which inputs a GRAU fit covers: the whole W-bit input range (safe) or only the calibration's.
  var fitRange: FitRange
  /// With ``fitRange`` `.full`: the share of the fit's weight the inputs outside the calibration get together.
  var fullRangeShare: Double
  /// `pre_shift` / `stages` "auto": the run picks the smallest that cover every channel's slopes (the values in
  /// ``grau`` are then placeholders until ``NetworkRunner`` resolves them).
  var autoPreShift: Bool
  var autoStages: Bool
  /// The largest output precision the MT hardware is sized for.
  var mtMaxBits: Int
  /// Where the MT variants keep their thresholds (`accelerator.mt.storage`).
  var mtStorage: MTStorage
  var streamOrder: StreamOrder
  var sourceValid: EdgePattern
  var sinkReady: EdgePattern
  /// Configuration-port width B in bits.
  var paramBusBits: Int
  /// The FPGA the reports compare every unit's resources with (`accelerator.device`); nil: none.
  var device: FPGADevice?

  init(
    lanes: Int = 16, inputBits: Int = 16, clockMHz: Double = 200, units: [UnitKind] = [.grau, .mt, .mtBinarySearch],
    grau: GRAUArchitecture = GRAUArchitecture(), fit: FitOptions = FitOptions(), fitRange: FitRange = .full,
    fullRangeShare: Double = FitDomain.defaultCoverageShare, autoPreShift: Bool = false, autoStages: Bool = false,
    mtMaxBits: Int = 8, mtStorage: MTStorage = .ram, streamOrder: StreamOrder = .channelInterleaved,
    sourceValid: EdgePattern = .always, sinkReady: EdgePattern = .always, paramBusBits: Int = 32,
    device: FPGADevice? = nil
  ) {
    self.lanes = lanes
    self.inputBits = inputBits
    self.clockMHz = clockMHz
    self.units = units
    self.grau = grau
    self.fit = fit
    self.fitRange = fitRange
    self.fullRangeShare = fullRangeShare
    self.autoPreShift = autoPreShift
    self.autoStages = autoStages
    self.mtMaxBits = mtMaxBits
    self.mtStorage = mtStorage
    self.streamOrder = streamOrder
    self.sourceValid = sourceValid
    self.sinkReady = sinkReady
    self.paramBusBits = paramBusBits
    self.device = device
  }
}

/// A per-channel batch-norm parameter: synthetic (seeded), one value for all channels, or one per channel.
enum ChannelValues: Sendable, Hashable {
  case synthetic
  case scalar(Double)
  case perChannel([Double])
}

/// One activated layer: its output shape, its function and its quantization.
struct LayerConfig: Sendable, Hashable {
  var name: String
  var channels: Int
  var height: Int
  var width: Int
  var function: ActivationFunction
  /// Output bits n (1...16).
  var outputBits: Int
  var signed: Bool
  var inputScale: Double
  var outputScale: Double
  var zeroPoint: Int
  var gamma: ChannelValues
  var beta: ChannelValues
  /// The trace file as written in the config (relative to the trace directory), if the layer has one.
  var trace: String?
  /// A trace of calibration inputs for this layer (same channels, any number of pixels), if given.
  var calibrationTrace: String?
  /// In a network with weights: the MACs that make the layer's inputs from the previous layer's codes.
  var compute: LayerCompute?

  init(
    name: String, channels: Int, height: Int, width: Int, function: ActivationFunction, outputBits: Int,
    signed: Bool, inputScale: Double, outputScale: Double, zeroPoint: Int = 0, gamma: ChannelValues = .synthetic,
    beta: ChannelValues = .synthetic, trace: String? = nil, calibrationTrace: String? = nil
  ) {
    self.name = name
    self.channels = channels
    self.height = height
    self.width = width
    self.function = function
    self.outputBits = outputBits
    self.signed = signed
    self.inputScale = inputScale
    self.outputScale = outputScale
    self.zeroPoint = zeroPoint
    self.gamma = gamma
    self.beta = beta
    self.trace = trace
    self.calibrationTrace = calibrationTrace
  }

  /// Pixels per channel, H·W.
  var pixels: Int { height * width }
  /// Activations of the layer, C·H·W.
  var elements: Int { channels * pixels }
  /// The output code format.
  var output: IntegerFormat { IntegerFormat(bits: outputBits, signed: signed) }
}

/// The network: a name and its activated layers, in order; with weights, also its dataset and its logits layer.
struct NetworkConfig: Sendable, Hashable {
  var name: String
  var layers: [LayerConfig]
  /// A network with weights (docs/networks.md): the data it runs on, and the last layer whose accumulators are the
  /// class scores.
  var dataset: DatasetConfig?
  var logits: LogitsLayer?

  init(name: String, layers: [LayerConfig], dataset: DatasetConfig? = nil, logits: LogitsLayer? = nil) {
    self.name = name
    self.layers = layers
    self.dataset = dataset
    self.logits = logits
  }

  /// Whether the layers compute their inputs from a dataset through weights.
  var hasWeights: Bool { dataset != nil }
}

/// Where the pre-activation values come from.
enum StimulusKind: String, Sendable, Hashable, CaseIterable {
  /// Seeded per-channel Gaussian over the integer MAC result.
  case gaussian
  /// Every layer reads its `trace` file.
  case trace
}

/// How pre-activation values (and synthetic batch-norm parameters) are generated.
struct StimulusConfig: Sendable, Hashable {
  var seed: UInt64
  var kind: StimulusKind
  /// Mean of the synthetic input in units of `1 / in_scale` LSB (i.e. of `x · in_scale`).
  var mean: Double
  /// Standard deviation of the synthetic input in units of `1 / in_scale` LSB.
  var std: Double
  /// Spread of synthetic gamma: `gamma_c = 1 + gamma_std · N(0, 1)` (the normal clipped to ±3).
  var gammaStd: Double
  /// Spread of synthetic beta: `beta_c = beta_std · N(0, 1)` (clipped to ±3).
  var betaStd: Double
  /// Simulate only the first N elements (in stream order) of each layer.
  var maxElementsPerLayer: Int?
  /// Directory of trace files as written (relative to the config file).
  var traceDir: String
  /// What the parameters are fitted on.
  var calibration: CalibrationConfig

  init(
    seed: UInt64 = 1, kind: StimulusKind = .gaussian, mean: Double = 0, std: Double = 1, gammaStd: Double = 0.1,
    betaStd: Double = 0.1, maxElementsPerLayer: Int? = nil, traceDir: String = ".",
    calibration: CalibrationConfig = CalibrationConfig()
  ) {
    self.seed = seed
    self.kind = kind
    self.mean = mean
    self.std = std
    self.gammaStd = gammaStd
    self.betaStd = betaStd
    self.maxElementsPerLayer = maxElementsPerLayer
    self.traceDir = traceDir
    self.calibration = calibration
  }
}

/// Where a layer's fitting data comes from (`stimulus.calibration`). Every reported error is measured on the
/// evaluation stream, the layer's elements that the units simulate (docs/config.md).
package struct CalibrationConfig: Sendable, Hashable {
  /// Whether calibration is held out from evaluation.
  enum Source: String, Sendable, Hashable, CaseIterable {
    /// Fit on data the evaluation does not contain: a synthetic layer's calibration is another draw of the same
    /// distributions; a trace layer's is its `calibration_trace`, or else the leading ``traceFraction`` of each
    /// channel's pixels, whose outputs are then left out of the errors.
    case heldOut = "held_out"
    /// Fit on exactly the elements that are then measured (optimistic: the errors are in-sample).
    case inSample = "in_sample"
  }

  var source: Source
  /// Synthetic layers: the seed of the calibration draw (nil: `stimulus.seed`; the draw uses its own random stream,
  /// so it never repeats the evaluation's values either way).
  var seed: UInt64?
  /// Synthetic layers: calibration samples per channel (nil: as many as the layer has pixels).
  var pixels: Int?
  /// Trace layers without a `calibration_trace`: the leading fraction of each channel's pixels that calibrates.
  var traceFraction: Double

  init(source: Source = .heldOut, seed: UInt64? = nil, pixels: Int? = nil, traceFraction: Double = 0.5) {
    self.source = source
    self.seed = seed
    self.pixels = pixels
    self.traceFraction = traceFraction
  }
}

/// Settings of the run itself; they never change the results.
struct RunSettings: Sendable, Hashable {
  /// Worker threads (nil: one per active processor).
  var threads: Int?
  /// Names of the layers to run (nil: all).
  var layers: [String]?

  /// The worker counts accepted, by `run.threads` and `--threads` alike.
  static let threadRange = 1...1024

  init(threads: Int? = nil, layers: [String]? = nil) {
    self.threads = threads
    self.layers = layers
  }
}
