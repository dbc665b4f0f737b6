/// A block of stream elements in stream order: each element's input `x`, its channel and the exact `Q_c(x)`.
package struct ElementBlock: Sendable {
  package var x: [Int] = []
  package var channel: [Int] = []
  package var expected: [Int] = []
  /// Whether each element's output counts in the errors (it is held out from calibration); empty: all count.
  package var measured: [Bool] = []
  init() {}
  var count: Int { x.count }
  package mutating func removeAll() {
    x.removeAll(keepingCapacity: true)
    channel.removeAll(keepingCapacity: true)
    expected.removeAll(keepingCapacity: true)
    measured.removeAll(keepingCapacity: true)
  }
}

/// Produces a layer's elements in stream order, block by block, so memory does not grow with the layer.
package protocol ElementStream: Sendable {
  /// Number of elements in the layer.
  var count: Int { get }
  /// Replaces `block`'s contents with elements `start ..< start + length` (in stream order).
  func fill(_ block: inout ElementBlock, start: Int, length: Int)
}

/// One layer's work for one unit: everything the cycle-accurate model needs, already validated.
package struct LayerJob: Sendable {
  var layerName: String
  /// The unit the layer runs on: its variant, widths, lanes, parameter-memory depth and configuration port.
  var design: UnitDesign
  /// The layer's output format.
  var output: IntegerFormat
  var parameters: UnitParameterSet
  var stream: any ElementStream
  var sourceValid: EdgePattern
  var sinkReady: EdgePattern
  /// Whether the result keeps every output code in stream order (``UnitLayerResult/outputs``): a network with
  /// weights feeds them to its next layer.
  var captureOutputs = false

  /// A job on `design`.
  init(
    layerName: String, design: UnitDesign, output: IntegerFormat, parameters: UnitParameterSet,
    stream: any ElementStream, sourceValid: EdgePattern = .always, sinkReady: EdgePattern = .always
  ) {
    self.layerName = layerName
    self.design = design
    self.output = output
    self.parameters = parameters
    self.stream = stream
    self.sourceValid = sourceValid
    self.sinkReady = sinkReady
  }

  /// A job on the smallest design that runs it: the variant, architecture, lanes and bus given, an output port of
  /// the layer's width and a parameter memory as deep as its channels.
  package init(
    layerName: String, kind: UnitKind, lanes: Int, grau: GRAUArchitecture, mtMaxBits: Int, output: IntegerFormat,
    parameters: UnitParameterSet, stream: any ElementStream, busBits: Int, sourceValid: EdgePattern = .always,
    sinkReady: EdgePattern = .always, mtStorage: MTStorage = .ram
  ) {
    let design = UnitDesign(
      kind: kind, grau: grau, mtMaxBits: mtMaxBits, maxOutputBits: output.bits, lanes: lanes,
      channelCapacity: Swift.max(1, parameters.channels), busBits: busBits, mtStorage: mtStorage)
    self.init(
      layerName: layerName, design: design, output: output, parameters: parameters, stream: stream,
      sourceValid: sourceValid, sinkReady: sinkReady)
  }

  var kind: UnitKind { design.kind }
  var lanes: Int { design.lanes }
  var grau: GRAUArchitecture { design.grau }
  /// The largest output precision the MT hardware is sized for.
  var mtMaxBits: Int { design.mtMaxBits }
  /// Configuration-port width in bits.
  var busBits: Int { design.busBits }

  package var timing: UnitTiming { design.timing(outputBits: output.bits) }
  /// Edges spent writing the layer's configuration words before streaming starts.
  var reconfigurationCycles: Int {
    design.reconfigurationCycles(outputBits: output.bits, channels: parameters.channels)
  }
  var beats: Int { (stream.count + lanes - 1) / lanes }
}

/// Where a layer's cycles went. `total = reconfiguration + compute + fillDrain + stall`.
package struct CycleBreakdown: Sendable, Hashable, Codable {
  package var total: Int
  /// Beats × initiation interval.
  var compute: Int
  /// Latency − initiation interval: filling and draining the pipeline once.
  var fillDrain: Int
  package var reconfiguration: Int
  /// Cycles lost to sink back-pressure and source starvation.
  var stall: Int

  init(total: Int, compute: Int, fillDrain: Int, reconfiguration: Int, stall: Int) {
    self.total = total
    self.compute = compute
    self.fillDrain = fillDrain
    self.reconfiguration = reconfiguration
    self.stall = stall
  }

  enum CodingKeys: String, CodingKey {
    case total, compute, fillDrain = "fill_drain", reconfiguration, stall
  }
}

/// What simulating one layer on one unit variant produced.
package struct UnitLayerResult: Sendable {
  var kind: UnitKind
  var elements: Int
  package var cycles: CycleBreakdown
  package var latency: Int
  /// Per signal group, in datapath order.
  var toggles: [SignalToggles]
  /// Error of the *simulated* outputs against `Q_c`, over the measured (held-out) elements.
  var error: ErrorAccumulator
  /// The same per channel.
  var channelErrors: [ErrorAccumulator]
  /// Elements whose simulated output differed from the bit-exact reference (must be 0).
  package var referenceMismatches: Int
  /// Every simulated output code in stream order, folded into one word (``OutputDigest``): what a benchmark
  /// compares with another simulator's outputs.
  package var outputDigest: UInt64
  /// Every simulated output code in stream order, when the job asked for them (``LayerJob/captureOutputs``).
  var outputs: [Int32]?

  init(
    kind: UnitKind, elements: Int, cycles: CycleBreakdown, latency: Int, toggles: [SignalToggles],
    error: ErrorAccumulator, channelErrors: [ErrorAccumulator] = [], referenceMismatches: Int,
    outputDigest: UInt64 = OutputDigest().value, outputs: [Int32]? = nil
  ) {
    self.kind = kind
    self.elements = elements
    self.cycles = cycles
    self.latency = latency
    self.toggles = toggles
    self.error = error
    self.channelErrors = channelErrors
    self.referenceMismatches = referenceMismatches
    self.outputDigest = outputDigest
    self.outputs = outputs
  }

  package var totalToggles: Int { toggles.reduce(0) { $0 + $1.toggles } }
}

/// A 64-bit FNV-1a-style fold of output codes: `h = (h ^ y) · 0x100000001b3` per code, from
/// `0xcbf29ce484222325`, with `y` the code as a two's-complement 64-bit integer (signed GRAU codes sign-extended,
/// MT codes as they are). scripts/bench_vs_verilator.sh computes the same over the RTL's outputs.
package struct OutputDigest: Sendable {
  package private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

  package init() {}

  @inline(__always)
  package mutating func add(_ y: Int) { value = (value ^ UInt64(bitPattern: Int64(y))) &* 0x100_0000_01b3 }
}
