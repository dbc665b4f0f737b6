/// A block of stream elements in stream order: each element's input `x`, its channel and the exact `Q_c(x)`.
package struct ElementBlock: Sendable {
  package var x: [Int] = []
  package var channel: [Int] = []
  package var expected: [Int] = []
  init() {}
  var count: Int { x.count }
  package mutating func removeAll() {
    x.removeAll(keepingCapacity: true)
    channel.removeAll(keepingCapacity: true)
    expected.removeAll(keepingCapacity: true)
  }
}

/// Produces a layer's elements in stream order, block by block, so memory does not grow with the layer.
package protocol ElementStream: Sendable {
  /// Number of elements in the layer.
  var count: Int { get }
  /// Replaces `block`'s contents with elements `start ..< start + length` (in stream order).
  func fill(_ block: inout ElementBlock, start: Int, length: Int)
}

/// One layer's work for one unit variant: everything the cycle-accurate model needs, already validated.
package struct LayerJob: Sendable {
  var layerName: String
  var kind: UnitKind
  var lanes: Int
  var grau: GRAUArchitecture
  /// The largest output precision the MT hardware is sized for.
  var mtMaxBits: Int
  /// The layer's output format.
  var output: IntegerFormat
  var parameters: UnitParameterSet
  var stream: any ElementStream
  /// Configuration-port width in bits.
  var busBits: Int
  var sourceValid: EdgePattern
  var sinkReady: EdgePattern

  package init(
    layerName: String, kind: UnitKind, lanes: Int, grau: GRAUArchitecture, mtMaxBits: Int, output: IntegerFormat,
    parameters: UnitParameterSet, stream: any ElementStream, busBits: Int, sourceValid: EdgePattern = .always,
    sinkReady: EdgePattern = .always
  ) {
    self.layerName = layerName
    self.kind = kind
    self.lanes = lanes
    self.grau = grau
    self.mtMaxBits = mtMaxBits
    self.output = output
    self.parameters = parameters
    self.stream = stream
    self.busBits = busBits
    self.sourceValid = sourceValid
    self.sinkReady = sinkReady
  }

  package var timing: UnitTiming { UnitTiming.of(kind, outputBits: output.bits, grau: grau, mtMaxBits: mtMaxBits) }
  var reconfigurationCycles: Int {
    ReconfigurationCost.cycles(
      kind, outputBits: output.bits, channels: parameters.channels, grau: grau, busBits: busBits)
  }
  var beats: Int { (stream.count + lanes - 1) / lanes }

  /// The smallest design that runs the job: its kind, architecture, lanes and bus, an output port of the layer's
  /// width and a parameter memory as deep as its channels.
  var design: UnitDesign {
    UnitDesign(
      kind: kind, grau: grau, mtMaxBits: mtMaxBits, maxOutputBits: output.bits, lanes: lanes,
      channelCapacity: Swift.max(1, parameters.channels), busBits: busBits)
  }
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
  /// Error of the *simulated* outputs against `Q_c`.
  var error: ErrorAccumulator
  /// Elements whose simulated output differed from the bit-exact reference (must be 0).
  package var referenceMismatches: Int

  init(
    kind: UnitKind, elements: Int, cycles: CycleBreakdown, latency: Int, toggles: [SignalToggles],
    error: ErrorAccumulator, referenceMismatches: Int
  ) {
    self.kind = kind
    self.elements = elements
    self.cycles = cycles
    self.latency = latency
    self.toggles = toggles
    self.error = error
    self.referenceMismatches = referenceMismatches
  }

  package var totalToggles: Int { toggles.reduce(0) { $0 + $1.toggles } }
}
