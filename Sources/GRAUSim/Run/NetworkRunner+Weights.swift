/// A network with weights, read and evaluated through the exact network: what every unit's forward pass needs.
struct NetworkData: Sendable {
  /// Per activated layer, in network order; then the logits layer.
  let weights: [LayerWeights]
  let logits: LayerWeights
  /// The test images' input codes, (image, C, H, W), and their labels.
  let testInput: [Int64]
  let labels: [Int]
  var images: Int { labels.count }
  var classes: Int { logits.compute.weightShape[0] }
  let calibrationImages: Int
  /// Top-1 per test image of the exact network (every layer Q_c) and of the float network.
  let exactTop1: [Int]
  let floatTop1: [Int]
}

/// A unit's top-1 on a network's test images, and its differences (fractions) to the exact and float networks.
struct UnitNetworkAccuracy: Sendable, Hashable {
  var correct: Int
  var images: Int
  var top1: Double
  var vsExact: Double
  var vsFloat: Double
}

/// How many test images a network classifies right: the float network, the exact one (Q_c), and each unit's.
struct NetworkAccuracy: Sendable, Hashable {
  struct Unit: Sendable, Hashable {
    var kind: UnitKind
    var correct: Int
    /// Accumulators outside the W-bit input that the unit's outputs produced, saturated as the MAC register would.
    var saturated: Int
  }

  var images: Int
  var calibrationImages: Int
  var floatCorrect: Int
  var exactCorrect: Int
  var units: [Unit]

  func top1(_ correct: Int) -> Double { Double(correct) / Double(Swift.max(1, images)) }
}

extension NetworkRunner {
  /// The layers of a network with weights, prepared on the exact network: each layer's evaluation stream is the
  /// test images' accumulators when every earlier layer applies Q_c, its calibration the calibration images'.
  ///
  /// A run (`forward`) classifies whole images, so it takes every layer and no element limit; otherwise (a waveform,
  /// an RTL export) the `selected` layers are kept, their streams cut to `limit`, and no data is returned.
  static func prepareWeighted(
    config: SimulationConfig, options: Options, selected: [Int], limit: Int?, forward: Bool
  ) throws(RunError) -> ([PreparedLayer], NetworkData?) {
    let network = config.network
    let dataset = network.dataset!
    if forward, let names = options.layers ?? config.run.layers, selected.count != network.layers.count {
      throw .invalidOption(
        name: "layers", expected: "every layer (a network with weights runs whole: each layer reads the one before)",
        got: names.joined(separator: ", "))
    }
    if forward, let limit {
      throw .invalidOption(
        name: "max elements per layer", expected: "none (a network with weights classifies whole images)",
        got: "\(limit)")
    }
    func read(_ file: String) throws(RunError) -> [Int64] {
      do { return try NpyReader.readIntegers(path: file).values } catch { throw .trace(layer: "dataset", error) }
    }
    let calibration = try read(dataset.calibration)
    let test = try read(dataset.test)
    let weights = try network.layers.map { l throws(RunError) in try LayerWeights(l.compute!, layer: l.name) }
    let logits = try LayerWeights(network.logits!.compute, layer: network.logits!.name)
    let classes = logits.compute.weightShape[0]
    var labels: [Int] = []
    for (i, v) in try read(dataset.testLabels).enumerated() {
      guard (0..<Int64(classes)).contains(v) else {
        throw .network(
          layer: "dataset",
          "test label \(v) of image \(i) is outside 0...\(classes - 1) (the logits layer has \(classes) outputs)")
      }
      labels.append(Int(v))
    }
    let input = IntegerFormat(bits: config.accelerator.inputBits, signed: true)
    let (nc, n) = (dataset.calibrationCount, dataset.testCount)
    var cal = calibration
    var exact = test
    var real = test.map(Double.init)
    var prepared: [PreparedLayer] = []
    for (i, layer) in network.layers.enumerated() {
      let w = weights[i]
      let q = layer.activations(layerIndex: i, inputBits: input.bits, stimulus: config.stimulus)
      let accC = w.accumulate(cal, images: nc) { $0 }
      let accT = w.accumulate(exact, images: n) { $0 }
      let stimulus = LayerStimulus.trace(
        try streamValues(accT, w, images: n, input: input, layer: layer.name), channels: layer.channels,
        pixels: layer.pixels, input: input)
      let calStimulus = LayerStimulus.trace(
        try streamValues(accC, w, images: nc, input: input, layer: layer.name),
        channels: layer.channels, pixels: nc * w.compute.outputShape[1] * w.compute.outputShape[2], input: input)
      let stream = LayerStream(
        stimulus: stimulus, order: config.accelerator.streamOrder, activations: q, count: nil, measuredFrom: 0)
      prepared.append(
        PreparedLayer(
          index: i, config: layer, stream: stream,
          calibration: .stimulus(calStimulus, source: .calibrationImages, seed: nil)))
      cal = w.pool(codes(accC, w, q), images: nc)
      exact = w.pool(codes(accT, w, q), images: n)
      real = w.pool(reals(w.accumulate(real, images: n, Double.init), w, q), images: n)
    }
    guard forward else {
      return (
        selected.map { i in
          var l = prepared[i]
          if let limit {
            l.stream = LayerStream(
              stimulus: l.stream.stimulus, order: l.stream.order, activations: l.stream.activations, count: limit,
              measuredFrom: 0)
          }
          return l
        }, nil
      )
    }
    let data = NetworkData(
      weights: weights, logits: logits, testInput: test, labels: labels, calibrationImages: nc,
      exactTop1: topOne(logits.accumulate(exact, images: n) { $0 }, classes: classes),
      floatTop1: topOne(logits.accumulate(real, images: n, Double.init), classes: classes))
    return (prepared, data)
  }

  /// A layer's accumulators, (image, C, H, W), as its stream's values, (C, image·H·W). Without `saturate`, a value
  /// outside the W-bit input is an error (the exact network must fit the port); with it, such values are clamped
  /// (what the MAC's output register does) and counted.
  static func streamValues(
    _ acc: [Int64], _ w: LayerWeights, images: Int, input: IntegerFormat, layer: String,
    saturated: UnsafeMutablePointer<Int>? = nil
  ) throws(RunError) -> [Int32] {
    let (c, hw) = (w.compute.outputShape[0], w.compute.outputShape[1] * w.compute.outputShape[2])
    var values = [Int32](repeating: 0, count: acc.count)
    var clamped = 0
    for (i, a) in acc.enumerated() {
      let (image, rest) = i.quotientAndRemainder(dividingBy: c * hw)
      let (channel, pixel) = rest.quotientAndRemainder(dividingBy: hw)
      var v = a
      if v < Int64(input.min) || v > Int64(input.max) {
        guard saturated != nil else {
          throw .network(
            layer: layer,
            "MAC result \(a) (image \(image), channel \(channel)) does not fit the \(input.bits)-bit input \(input.min)...\(input.max): raise accelerator.in_bits"
          )
        }
        v = Swift.min(Swift.max(v, Int64(input.min)), Int64(input.max))
        clamped += 1
      }
      values[channel * images * hw + image * hw + pixel] = Int32(v)
    }
    saturated?.pointee += clamped
    return values
  }

  /// Q_c of every accumulator, (image, C, H, W).
  static func codes(_ acc: [Int64], _ w: LayerWeights, _ q: [QuantizedActivation]) -> [Int64] {
    let hw = w.compute.outputShape[1] * w.compute.outputShape[2]
    let c = w.compute.outputShape[0]
    return acc.enumerated().map { i, a in Int64(q[(i / hw) % c](Int(a))) }
  }

  /// The float network's activation: f(γ·(x·s_in) + β) / s_out, unrounded.
  static func reals(_ acc: [Double], _ w: LayerWeights, _ q: [QuantizedActivation]) -> [Double] {
    let hw = w.compute.outputShape[1] * w.compute.outputShape[2]
    let c = w.compute.outputShape[0]
    return acc.enumerated().map { i, a in
      let p = q[(i / hw) % c]
      return p.function(p.gamma * (a * p.inputScale) + p.beta) / p.outputScale
    }
  }

  /// Unit `kind`'s forward pass over the test images: every layer simulated on the accumulators of the unit's own
  /// outputs of the layer before. Returns each layer's result (outputs dropped) and the images it classifies right.
  static func forward(_ network: PreparedNetwork, data: NetworkData, kind: UnitKind, cache: RunCache?) -> (
    [UnitLayerResult], NetworkAccuracy.Unit
  ) {
    let n = data.images
    let input = IntegerFormat(bits: network.config.accelerator.inputBits, signed: true)
    var codes = data.testInput
    var results: [UnitLayerResult] = []
    var saturated = 0
    for (l, layer) in network.layers.enumerated() {
      let w = data.weights[l]
      var stream = layer.stream
      if l > 0 {
        let acc = w.accumulate(codes, images: n) { $0 }
        // Saturating never throws.
        let values = withUnsafeMutablePointer(to: &saturated) { p in
          (try? streamValues(acc, w, images: n, input: input, layer: layer.config.name, saturated: p)) ?? []
        }
        stream = LayerStream(
          stimulus: .trace(values, channels: layer.config.channels, pixels: layer.config.pixels, input: input),
          order: stream.order, activations: stream.activations, count: nil, measuredFrom: 0)
      }
      var job = network.job(layer: l, kind: kind)
      job.stream = stream
      job.captureOutputs = true
      var result: UnitLayerResult
      if let cache {
        result = cache.simulation(RunCache.SimulationKey(job, stream: stream)) { UnitSimulator.simulate(job) }
      } else {
        result = UnitSimulator.simulate(job)
      }
      network.progress.add(stream.count)
      let outputs = result.outputs ?? []
      result.outputs = nil
      results.append(result)
      let (c, hw) = (w.compute.outputShape[0], w.compute.outputShape[1] * w.compute.outputShape[2])
      var next = [Int64](repeating: 0, count: n * c * hw)
      for (i, y) in outputs.enumerated() {
        let (channel, pixel) = stream.position(i)
        let (image, r) = pixel.quotientAndRemainder(dividingBy: hw)
        next[(image * c + channel) * hw + r] = Int64(y)
      }
      codes = w.pool(next, images: n)
    }
    let top = topOne(data.logits.accumulate(codes, images: n) { $0 }, classes: data.classes)
    let correct = zip(top, data.labels).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) }
    return (results, NetworkAccuracy.Unit(kind: kind, correct: correct, saturated: saturated))
  }
}
