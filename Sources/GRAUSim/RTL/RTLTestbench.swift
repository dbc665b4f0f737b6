/// One layer's stimulus for the exported RTL: per-channel parameters, the elements in stream order and the
/// handshake patterns.
struct RTLLayerVectors: Sendable {
  /// Per-channel parameters (GRAU for GRAU variants, MT for MT variants); all channels share one output format.
  var parameters: UnitParameterSet
  /// Element inputs in stream order (reduced to the W-bit port as the wires would).
  var x: [Int]
  /// Element channels, `0 ..< parameters.channels`.
  var channel: [Int]
  /// The source's valid pattern, indexed from the first streaming edge.
  var sourceValid: EdgePattern
  /// The sink's ready pattern, indexed from the first streaming edge.
  var sinkReady: EdgePattern

  /// Creates a layer's vectors; ``RTLTestbench/init(design:layers:)`` validates them against a design.
  init(
    parameters: UnitParameterSet, x: [Int], channel: [Int], sourceValid: EdgePattern = .always,
    sinkReady: EdgePattern = .always
  ) {
    self.parameters = parameters
    self.x = x
    self.channel = channel
    self.sourceValid = sourceValid
    self.sinkReady = sinkReady
  }

  /// The layer's n-bit output format (channel 0's; validation checks that every channel agrees).
  var output: IntegerFormat { parameters.output }
}

/// One element leaving the unit: the edge its beat leaves at, its lane and its output code.
struct RTLLeave: Sendable, Hashable, CustomStringConvertible {
  /// The edge at which the element's beat leaves (`out_valid && out_ready`), counted from the first configuration edge.
  var edge: Int
  /// The lane that carries the element.
  var lane: Int
  /// The n-bit output code as a signed or unsigned integer.
  var value: Int

  /// Creates a leave record.
  init(edge: Int, lane: Int, value: Int) {
    self.edge = edge
    self.lane = lane
    self.value = value
  }

  /// The testbench's output line, `<edge> <lane> <value>` (value in decimal, signed if the layer is).
  var description: String { "\(edge) \(lane) \(value)" }
}

/// Golden vectors and a Verilog testbench for one ``RTLDesign`` and one or more layers, run back to back.
///
/// For each layer the testbench resets the unit (reset is released before edge 0), drives one configuration
/// word per edge at edges 0 … C−1 (C = ``UnitDesign/reconfigurationCycles(outputBits:channels:)``), then streams the beats from edge C with
/// the source-valid pattern while applying the sink-ready pattern, and writes `layer <i>` followed by one line
/// `<edge> <lane> <value>` per element that leaves (bubble lanes are not written). Inputs change on the
/// falling edge and are sampled just before the rising edge, so edges are counted exactly as docs/datapath.md
/// counts them. See docs/rtl.md for the file formats.
struct RTLTestbench: Sendable {
  /// The design under test.
  let design: RTLDesign
  /// The layers, run back to back (with a reset before each).
  let layers: [RTLLayerVectors]

  /// Validates the layers against the design.
  ///
  /// - Throws: ``ValueError`` naming the first layer field that does not fit the design.
  init(design: RTLDesign, layers: [RTLLayerVectors]) throws(ValueError) {
    try design.validate()
    guard !layers.isEmpty else { throw ValueError(path: "rtl.layers", expected: "at least one layer", got: "0") }
    for (i, layer) in layers.enumerated() {
      try RTLTestbench.validate(layer, design, path: "rtl.layers[\(i)]")
    }
    self.design = design
    self.layers = layers
  }

  static func validate(_ layer: RTLLayerVectors, _ d: RTLDesign, path: String) throws(ValueError) {
    let channels = layer.parameters.channels
    guard (1...d.channelCapacity).contains(channels) else {
      throw ValueError(path: "\(path).channels", expected: "1...\(d.channelCapacity) channels", got: "\(channels)")
    }
    let out = layer.output
    switch layer.parameters {
    case .grau(let ps):
      guard d.kind.isGRAU else {
        throw ValueError(path: "\(path).parameters", expected: "MT parameters for \(d.kind.rawValue)", got: "GRAU")
      }
      for (c, p) in ps.enumerated() {
        try p.validate(path: "\(path).channels[\(c)]")
        guard p.architecture == d.grau else {
          throw ValueError(
            path: "\(path).channels[\(c)].architecture", expected: "the design's GRAU architecture", got: "another")
        }
        guard p.output == out else {
          throw ValueError(path: "\(path).channels[\(c)].out", expected: "\(out) like channel 0", got: "\(p.output)")
        }
        let mode: GRAUMode = d.grau.usesBypass(outputBits: out.bits) ? .bypass : .pwl
        guard p.mode == mode else {
          throw ValueError(
            path: "\(path).channels[\(c)].mode", expected: "\(mode.rawValue) for \(out.bits)-bit outputs",
            got: p.mode.rawValue)
        }
      }
      guard out.bits <= d.maxOutputBits else {
        throw ValueError(path: "\(path).out_bits", expected: "at most \(d.maxOutputBits)", got: "\(out.bits)")
      }
    case .mt(let ps):
      guard !d.kind.isGRAU else {
        throw ValueError(path: "\(path).parameters", expected: "GRAU parameters for \(d.kind.rawValue)", got: "MT")
      }
      for (c, p) in ps.enumerated() {
        try p.validate(path: "\(path).channels[\(c)]")
        guard p.inputBits == d.inputBits else {
          throw ValueError(path: "\(path).channels[\(c)].in_bits", expected: "\(d.inputBits)", got: "\(p.inputBits)")
        }
        guard p.output == out else {
          throw ValueError(path: "\(path).channels[\(c)].out", expected: "\(out) like channel 0", got: "\(p.output)")
        }
      }
      guard out.bits <= d.mtMaxBits else {
        throw ValueError(path: "\(path).out_bits", expected: "at most \(d.mtMaxBits) (mt_max_bits)", got: "\(out.bits)")
      }
    }
    guard !layer.x.isEmpty, layer.x.count == layer.channel.count else {
      throw ValueError(
        path: "\(path).elements", expected: "at least one element and one channel per element",
        got: "\(layer.x.count) inputs, \(layer.channel.count) channels")
    }
    if let bad = layer.channel.firstIndex(where: { !(0..<channels).contains($0) }) {
      throw ValueError(path: "\(path).channel[\(bad)]", expected: "0...\(channels - 1)", got: "\(layer.channel[bad])")
    }
  }

  // MARK: Vectors

  /// The beats of `layer`: beat b carries elements b·L … b·L + L − 1; bubble lanes are nil.
  func beats(_ layer: RTLLayerVectors) -> [[(x: Int, channel: Int)?]] {
    let l = design.lanes
    let n = layer.x.count
    return (0..<((n + l - 1) / l)).map { b in
      (0..<l).map { lane in
        let i = b * l + lane
        return i < n ? (layer.x[i], layer.channel[i]) : nil
      }
    }
  }

  /// The edge at which each beat of layer `i` must be accepted and leave (`ScheduleReference`).
  func schedule(layer i: Int) -> [ScheduleReference.Beat] {
    let layer = layers[i]
    let c = design.unit.reconfigurationCycles(outputBits: layer.output.bits, channels: layer.parameters.channels)
    return ScheduleReference.schedule(
      beats: (layer.x.count + design.lanes - 1) / design.lanes, timing: design.timing(outputBits: layer.output.bits),
      start: c, sourceValid: layer.sourceValid, sinkReady: layer.sinkReady)
  }

  /// What the testbench must write for layer `i`: every element's leave edge, lane and reference output.
  func expectedLeaves(layer i: Int) -> [RTLLeave] { expectedElements(layer: i).map(\.leave) }

  /// The expected leaves of layer `i` with the stream index of each element.
  func expectedElements(layer i: Int) -> [(leave: RTLLeave, element: Int)] {
    let layer = layers[i]
    let l = design.lanes
    var result: [(leave: RTLLeave, element: Int)] = []
    result.reserveCapacity(layer.x.count)
    for (b, beat) in schedule(layer: i).enumerated() {
      for lane in 0..<l where b * l + lane < layer.x.count {
        let e = b * l + lane
        let y = layer.parameters.reference(layer.x[e], channel: layer.channel[e])
        result.append((RTLLeave(edge: beat.leave, lane: lane, value: y), e))
      }
    }
    return result
  }

  /// The exact text the testbench must write (`<module>.out`).
  func expectedOutput() -> String {
    var s = ""
    for i in layers.indices {
      s += "layer \(i)\n"
      for leave in expectedLeaves(layer: i) { s += "\(leave)\n" }
    }
    return s
  }

  // MARK: Comparison

  /// The differences between a testbench output and the expected one, one readable line each (at most `limit`);
  /// empty when they agree exactly.
  func compare(output: String, limit: Int = 20) -> [String] {
    let got = RTLTestbench.parse(output)
    var problems: [String] = []
    func report(_ s: String) { if problems.count < limit { problems.append(s) } }
    for i in layers.indices {
      let expected = expectedElements(layer: i)
      guard i < got.count else {
        report("layer \(i): no output (the testbench stopped early)")
        continue
      }
      let actual = got[i]
      if let t = actual.timeout {
        report("layer \(i): timed out at edge \(t) after \(actual.leaves.count) of \(expected.count) elements")
      }
      var e = 0
      var a = 0
      while e < expected.count || a < actual.leaves.count {
        let want = e < expected.count ? expected[e].leave : nil
        let have = a < actual.leaves.count ? actual.leaves[a] : nil
        if let want, let have, want == have {
          e += 1
          a += 1
          continue
        }
        let element = e < expected.count ? expected[e].element : nil
        report(
          "layer \(i)"
            + (element.map { ", element \($0) (x \(layers[i].x[$0]), channel \(layers[i].channel[$0]))" } ?? "")
            + ": expected \(want.map { "\($0)" } ?? "nothing"), got \(have.map { "\($0)" } ?? "nothing")")
        e += 1
        a += 1
      }
    }
    if got.count > layers.count { report("output has \(got.count) layers, expected \(layers.count)") }
    return problems
  }

  /// Parsed testbench output: per layer the leaves written and the edge of a timeout, if any.
  struct ParsedLayer {
    var leaves: [RTLLeave] = []
    var timeout: Int?
  }

  static func parse(_ text: String) -> [ParsedLayer] {
    var layers: [ParsedLayer] = []
    for line in text.split(whereSeparator: \.isNewline) {
      let f = line.split(separator: " ")
      if f.first == "layer" {
        layers.append(ParsedLayer())
      } else if f.first == "timeout", f.count == 2, !layers.isEmpty {
        layers[layers.count - 1].timeout = Int(f[1]) ?? -1
      } else if f.count == 3, let e = Int(f[0]), let l = Int(f[1]), let v = Int(f[2]), !layers.isEmpty {
        layers[layers.count - 1].leaves.append(RTLLeave(edge: e, lane: l, value: v))
      } else if !layers.isEmpty {
        // An unreadable line (e.g. `x` values) still counts as an element so the comparison reports it.
        layers[layers.count - 1].leaves.append(RTLLeave(edge: -1, lane: -1, value: Int.min))
      }
    }
    return layers
  }
}
