import Foundation

/// What a layer of a network with weights computes before its activation (docs/networks.md): integer MACs over the
/// previous layer's output codes (or the dataset's input codes), exactly.
struct LayerCompute: Sendable, Hashable {
  enum Kind: String, Sendable, Hashable, CaseIterable {
    /// `acc[o] = Σ_i W[o, i] · a[i] + b[o]` over the previous output flattened C-major.
    case dense
    /// `acc[o, y, x] = Σ_{i,u,v} W[o, i, u, v] · a_pad[i, y·s + u, x·s + v] + b[o]`, zero codes padded.
    case conv2d
  }

  var kind: Kind
  /// The weight file (resolved against the config's directory) and its shape: (out, in) or (out, in, k, k).
  var weights: String
  var weightShape: [Int]
  /// The bias file (shape (out,), accumulator LSBs), if any.
  var bias: String?
  /// The weight and bias files as the config names them (relative to its directory), for the report's echo.
  var written: [String]
  var stride: Int
  var padding: Int
  /// 2: a 2×2 max-pool (stride 2) over the output codes after the activation; 1: none.
  var pool: Int
  /// The layer's input shape per image: (C, H, W), a dense input as (F, 1, 1).
  var inputShape: [Int]
  /// The activated output per image before the pool: (C, H, W).
  var outputShape: [Int]

  /// The shape the next layer reads per image (after the pool).
  var nextShape: [Int] {
    pool == 1 ? outputShape : [outputShape[0], outputShape[1] / pool, outputShape[2] / pool]
  }
}

/// The data a network with weights runs on: integer input codes, (N, F) or (N, C, H, W), and the test labels.
struct DatasetConfig: Sendable, Hashable {
  /// Resolved paths.
  var calibration: String
  var test: String
  var testLabels: String
  /// The three files as the config names them: calibration, test, test labels.
  var written: [String]
  /// Images in each split.
  var calibrationCount: Int
  var testCount: Int
  /// One image's shape: (C, H, W), a flat input as (F, 1, 1).
  var inputShape: [Int]
}

/// The last layer of a network with weights: a dense layer without activation whose accumulators are the logits.
struct LogitsLayer: Sendable, Hashable {
  var name: String
  var compute: LayerCompute
}

extension SimulationConfig {
  static let networkKeys = ["name", "layers", "dataset"]
  static let computeKeys = ["kind", "weights", "bias", "stride", "padding", "pool"]

  static func decodeNetwork(
    _ top: ConfigReader, inputBits: Int, stimulus: StimulusConfig, traceDirectory: String, directory: String
  ) throws(ConfigError) -> NetworkConfig {
    let n = try ConfigReader(top.required("network", "a network object"), path: "network", known: networkKeys)
    let name = try n.string("name", default: "network")!
    let list = try ConfigReader.array(
      try n.required("layers", "an array of layers"), path: "network.layers", expected: "an array of layers")
    guard !list.isEmpty else {
      throw ConfigError(.invalidValue, path: "network.layers", expected: "at least one layer", got: "[]")
    }
    let dataset = try n.raw("dataset").map { v throws(ConfigError) in try decodeDataset(v, directory: directory) }
    var layers: [LayerConfig] = []
    var logits: LogitsLayer?
    var shape = dataset?.inputShape ?? []
    for (index, (value, path)) in list.enumerated() {
      var value = value
      var compute: LayerCompute?
      if let dataset {
        guard case .object(var members) = value else {
          throw ConfigError(.wrongType, path: path, expected: "a layer object", got: value.summary)
        }
        let c = try decodeCompute(members, path: path, input: shape, directory: directory)
        for key in computeKeys { members[key] = nil }
        let isNone: Bool
        if case .string("none")? = members["activation"] { isNone = true } else { isNone = false }
        if index == list.count - 1, !isNone {
          throw ConfigError(
            .invalidValue, path: "\(path).activation",
            expected:
              "\"none\" on the last layer of a network with weights (a dense layer whose accumulators are the class scores)",
            got: members["activation"]?.summary ?? "nothing")
        }
        if isNone {
          guard index == list.count - 1, c.kind == .dense else {
            throw ConfigError(
              .invalidValue, path: "\(path).activation",
              expected: "an activation (only the last layer, a dense one, may have \"none\": the logits)",
              got: "\"none\"")
          }
          let known = ["name", "activation"]
          let r = try ConfigReader(.object(members), path: path, known: known)
          logits = LogitsLayer(name: try r.string("name", default: "layer\(index)")!, compute: c)
          continue
        }
        for key in ["channels", "height", "width", "trace", "calibration_trace"] where members[key] != nil {
          throw ConfigError(
            .invalidValue, path: "\(path).\(key)",
            expected: "no \(key) in a network with weights (the shape comes from the weights and the dataset)",
            got: members[key]!.summary)
        }
        for key in ["in_scale", "out_scale"] where members[key] == nil {
          throw ConfigError(
            .missingKey, path: "\(path).\(key)", expected: "the layer's \(key) (a network with weights needs it)",
            got: "nothing")
        }
        // The stream of a layer is every test image's output: H counts the images, W the pixels of one.
        members["channels"] = .int(c.outputShape[0])
        members["height"] = .int(dataset.testCount)
        members["width"] = .int(c.outputShape[1] * c.outputShape[2])
        if members["gamma"] == nil { members["gamma"] = .int(1) }
        if members["beta"] == nil { members["beta"] = .int(0) }
        value = .object(members)
        compute = c
        shape = c.nextShape
      } else if case .object(let members) = value, let key = computeKeys.first(where: { members[$0] != nil }) {
        throw ConfigError(
          .invalidValue, path: "\(path).\(key)",
          expected: "no \(key) without network.dataset (a layer computes MACs only in a network with weights)",
          got: members[key]!.summary)
      }
      var layer = try decodeLayer(
        value, path: path, index: index, inputBits: inputBits, stimulus: stimulus, traceDirectory: traceDirectory)
      layer.compute = compute
      if let j = layers.firstIndex(where: { $0.name == layer.name }) {
        throw ConfigError(
          .invalidValue, path: "\(path).name", expected: "a unique layer name",
          got: "\"\(layer.name)\" (also network.layers[\(j)])")
      }
      layers.append(layer)
    }
    if dataset != nil {
      guard let logits else {
        throw ConfigError(
          .invalidValue, path: "network.layers[\(list.count - 1)].activation",
          expected: "\"none\" on the last layer (a dense layer whose accumulators are the class scores)",
          got: "an activated layer")
      }
      guard !layers.isEmpty else {
        throw ConfigError(.invalidValue, path: "network.layers", expected: "at least one activated layer", got: "none")
      }
      guard logits.compute.weightShape[0] >= 2 else {
        throw ConfigError(
          .invalidValue, path: "network.layers[\(list.count - 1)].weights", expected: "at least 2 classes",
          got: "\(logits.compute.weightShape[0])")
      }
    }
    return NetworkConfig(name: name, layers: layers, dataset: dataset, logits: logits)
  }

  /// `(16, 64)`, `(30,)`: a shape as NumPy writes it.
  static func shapeText(_ shape: [Int]) -> String {
    "(" + shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? ",)" : ")")
  }

  /// The header of an integer `.npy` file named at `path` in the config.
  static func integerHeader(_ file: String, path: String, what: String) throws(ConfigError) -> NpyHeader {
    do throws(NpyError) {
      let h = try NpyReader.header(path: file)
      guard h.dtype.isInteger else {
        throw NpyError(
          file: file, message: "expected an integer array (|i1, <i2, <i4, <i8), got dtype \(h.dtype.rawValue)")
      }
      return h
    } catch {
      throw ConfigError(
        error.isMissingFile ? .missingFile : .invalidTrace, path: path, expected: what, got: error.description)
    }
  }

  private static func decodeDataset(_ value: JSONValue, directory: String) throws(ConfigError) -> DatasetConfig {
    let d = try ConfigReader(value, path: "network.dataset", known: ["calibration", "test", "test_labels"])
    var written: [String] = []
    func file(_ key: String) throws(ConfigError) -> String {
      let v = try d.required(key, "a .npy file")
      let name = try ConfigReader.string(v, path: d.child(key), expected: "a .npy file name")
      written.append(name)
      return (directory as NSString).appendingPathComponent(name)
    }
    let calibration = try file("calibration")
    let test = try file("test")
    let labels = try file("test_labels")
    let t = try integerHeader(
      test, path: d.child("test"), what: "the test inputs: integer codes (N, F) or (N, C, H, W)")
    guard (t.shape.count == 2 || t.shape.count == 4), t.shape[0] >= 1, t.shape.dropFirst().allSatisfy({ $0 >= 1 })
    else {
      throw ConfigError(
        .invalidTrace, path: d.child("test"), expected: "shape (N, F) or (N, C, H, W) with N ≥ 1",
        got: "shape \(shapeText(t.shape))")
    }
    let c = try integerHeader(calibration, path: d.child("calibration"), what: "the calibration inputs")
    guard c.shape.count == t.shape.count, c.shape.dropFirst().elementsEqual(t.shape.dropFirst()), c.shape[0] >= 1
    else {
      throw ConfigError(
        .invalidTrace, path: d.child("calibration"),
        expected:
          "shape (M, \(t.shape.dropFirst().map(String.init).joined(separator: ", "))) with M ≥ 1, as the test inputs",
        got: "shape \(shapeText(c.shape))")
    }
    let l = try integerHeader(labels, path: d.child("test_labels"), what: "the test labels")
    guard l.shape == [t.shape[0]] else {
      throw ConfigError(
        .invalidTrace, path: d.child("test_labels"), expected: "shape (\(t.shape[0]),): one label per test image",
        got: "shape \(shapeText(l.shape))")
    }
    let shape = t.shape.count == 2 ? [t.shape[1], 1, 1] : Array(t.shape.dropFirst())
    return DatasetConfig(
      calibration: calibration, test: test, testLabels: labels, written: written, calibrationCount: c.shape[0],
      testCount: t.shape[0],
      inputShape: shape)
  }

  private static func decodeCompute(_ members: JSONObject, path: String, input: [Int], directory: String)
    throws(ConfigError) -> LayerCompute
  {
    let r = try ConfigReader(
      .object(JSONObject(members.filter { computeKeys.contains($0.key) }.map { ($0.key, $0.value) })), path: path,
      known: computeKeys)
    let kind = LayerCompute.Kind(
      rawValue: try ConfigReader.choice(
        try r.required("kind", "the layer's computation (a network with weights)"), path: r.child("kind"),
        LayerCompute.Kind.allCases.map(\.rawValue)))!
    let weightName = try ConfigReader.string(
      try r.required("weights", "the weight .npy file"), path: r.child("weights"), expected: "a .npy file name")
    let weights = (directory as NSString).appendingPathComponent(weightName)
    let w = try integerHeader(weights, path: r.child("weights"), what: "the weights (integers)")
    let biasName = try r.string("bias", default: nil)
    let bias = biasName.map { (directory as NSString).appendingPathComponent($0) }
    let stride = try r.int("stride", default: 1, 1...16)
    let padding = try r.int("padding", default: 0, 0...16)
    let pool = try r.int("pool", default: 1, 1...2)
    let (c, h, wd) = (input[0], input[1], input[2])
    let output: [Int]
    switch kind {
    case .dense:
      for key in ["stride", "padding", "pool"] where r.has(key) {
        throw ConfigError(
          .invalidValue, path: r.child(key), expected: "no \(key) on a dense layer", got: "\(r.raw(key)!.summary)")
      }
      let fan = c * h * wd
      guard w.shape.count == 2, w.shape[1] == fan, w.shape[0] >= 1 else {
        throw ConfigError(
          .invalidTrace, path: r.child("weights"),
          expected: "shape (out, \(fan)) (the input has \(c)×\(h)×\(wd) codes)",
          got: "shape \(shapeText(w.shape))")
      }
      output = [w.shape[0], 1, 1]
    case .conv2d:
      guard w.shape.count == 4, w.shape[1] == c, w.shape[2] == w.shape[3], w.shape[0] >= 1, w.shape[2] >= 1 else {
        throw ConfigError(
          .invalidTrace, path: r.child("weights"), expected: "shape (out, \(c), k, k) (the input has \(c) channels)",
          got: "shape \(shapeText(w.shape))")
      }
      let k = w.shape[2]
      guard h + 2 * padding >= k, wd + 2 * padding >= k else {
        throw ConfigError(
          .invalidValue, path: r.child("weights"),
          expected: "a kernel no larger than the padded input \(h + 2 * padding)×\(wd + 2 * padding)",
          got: "\(k)×\(k)")
      }
      output = [w.shape[0], (h + 2 * padding - k) / stride + 1, (wd + 2 * padding - k) / stride + 1]
      if pool == 2, output[1] < 2 || output[2] < 2 {
        throw ConfigError(
          .invalidValue, path: r.child("pool"), expected: "an output of at least 2×2 to pool",
          got: "\(output[1])×\(output[2])")
      }
    }
    if let bias {
      let b = try integerHeader(bias, path: r.child("bias"), what: "the bias (integers, accumulator LSBs)")
      guard b.shape == [w.shape[0]] else {
        throw ConfigError(
          .invalidTrace, path: r.child("bias"), expected: "shape (\(w.shape[0]),): one per output channel",
          got: "shape \(shapeText(b.shape))")
      }
    }
    return LayerCompute(
      kind: kind, weights: weights, weightShape: w.shape, bias: bias,
      written: [weightName] + [biasName].compactMap { $0 },
      stride: stride, padding: padding, pool: pool,
      inputShape: input, outputShape: output)
  }
}
