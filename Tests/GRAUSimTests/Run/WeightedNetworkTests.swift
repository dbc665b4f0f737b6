import Foundation
import Testing

@testable import GRAUSim

/// Networks with weights (docs/networks.md): the MACs and pools against naive loops, the exact network against an
/// independent evaluation, each unit's forward pass, the captured outputs, and bad weights and data.
@Suite struct WeightedNetworkTests {
  /// A `.npy` file of integers (`|i1`, `<i2`, `<i4` or `<i8` by `size`), C order.
  static func writeNpy(_ path: String, _ values: [Int64], shape: [Int], size: Int = 2, float: Bool = false) throws {
    let descr = float ? "<f8" : (size == 1 ? "|i1" : "<i\(size)")
    let shapeText = "(" + shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? ",)" : ")")
    var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }"
    header += String(repeating: " ", count: (64 - (header.utf8.count + 11) % 64) % 64) + "\n"
    var bytes: [UInt8] =
      [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)]
    bytes += Array(header.utf8)
    let width = float ? 8 : size
    for v in values {
      let bits = float ? Double(v).bitPattern : UInt64(bitPattern: v)
      for b in 0..<width { bytes.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(b)))) }
    }
    try Data(bytes).write(to: URL(fileURLWithPath: path))
  }

  static func directory() throws -> String {
    let dir = NSTemporaryDirectory() + "grausim-weights-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }

  struct Net {
    var dir: String
    var calibration: [Int64]
    var test: [Int64]
    var c1: [Int64]
    var c1Bias: [Int64]
    var fc: [Int64]
  }

  /// A conv (1 → 3 channels, 3×3, padding 1, pool 2) → dense (3·3·3 → 4 logits) network on 6×6 images.
  static func network(seed: UInt64, activation: String = "relu", labels: [Int64]? = nil, inBits: Int = 16) throws
    -> (Net, String)
  {
    var rng = FitTestRandom(seed: seed)
    let dir = try directory()
    func ints(_ n: Int, _ r: ClosedRange<Int64>) -> [Int64] { (0..<n).map { _ in Int64.random(in: r, using: &rng) } }
    let net = Net(
      dir: dir, calibration: ints(12 * 36, 0...16), test: ints(20 * 36, 0...16), c1: ints(3 * 9, -7...7),
      c1Bias: ints(3, -20...20), fc: ints(4 * 27, -7...7))
    try writeNpy(dir + "/cal.npy", net.calibration, shape: [12, 1, 6, 6])
    try writeNpy(dir + "/test.npy", net.test, shape: [20, 1, 6, 6])
    try writeNpy(dir + "/c1.w.npy", net.c1, shape: [3, 1, 3, 3], size: 1)
    try writeNpy(dir + "/c1.b.npy", net.c1Bias, shape: [3], size: 4)
    try writeNpy(dir + "/fc.w.npy", net.fc, shape: [4, 27], size: 1)
    let exact = Self.naive(net, activation: activation, real: false)
    try writeNpy(dir + "/y.npy", labels ?? exact.map(Int64.init), shape: [20])
    let signed = activation == "silu"
    let config = """
      {"accelerator": {"lanes": 2, "in_bits": \(inBits), "units": ["grau", "mt", "mt_bs"], "grau": {"segments": 4}},
       "network": {"name": "w", "dataset": {"calibration": "cal.npy", "test": "test.npy", "test_labels": "y.npy"},
         "layers": [
           {"name": "c1", "kind": "conv2d", "weights": "c1.w.npy", "bias": "c1.b.npy", "padding": 1, "pool": 2,
            "activation": "\(activation)", "out_bits": 4, "signed": \(signed), "in_scale": 0.02, "out_scale": 0.25,
            "gamma": [1.0, 0.8, 1.2], "beta": [0.0, 0.1, -0.1]},
           {"name": "fc", "kind": "dense", "weights": "fc.w.npy", "activation": "none"}]}}
      """
    try config.write(toFile: dir + "/net.json", atomically: true, encoding: .utf8)
    return (net, dir + "/net.json")
  }

  /// The network's top-1 per test image, by loops written apart from ``LayerWeights``: exact (Q_c) or float.
  static func naive(_ net: Net, activation: String, real: Bool) -> [Int] {
    let f = try! ActivationFunction(name: activation, alpha: nil)
    let gamma = [1.0, 0.8, 1.2]
    let beta = [0.0, 0.1, -0.1]
    let format = IntegerFormat(bits: 4, signed: activation == "silu")
    return (0..<20).map { n in
      var pooled = [Double](repeating: -.infinity, count: 27)
      for o in 0..<3 {
        let q = QuantizedActivation(
          input: IntegerFormat(bits: 16, signed: true), inputScale: 0.02, gamma: gamma[o], beta: beta[o], function: f,
          outputScale: 0.25, zeroPoint: 0, output: format)
        for y in 0..<6 {
          for x in 0..<6 {
            var acc = net.c1Bias[o]
            for u in -1...1 {
              for v in -1...1 where (0..<6).contains(y + u) && (0..<6).contains(x + v) {
                acc += net.c1[o * 9 + (u + 1) * 3 + (v + 1)] * net.test[n * 36 + (y + u) * 6 + (x + v)]
              }
            }
            let value = real ? f(gamma[o] * (Double(acc) * 0.02) + beta[o]) / 0.25 : Double(q(Int(acc)))
            let p = o * 9 + (y / 2) * 3 + x / 2
            pooled[p] = max(pooled[p], value)
          }
        }
      }
      let logits = (0..<4).map { k in (0..<27).reduce(0.0) { $0 + Double(net.fc[k * 27 + $1]) * pooled[$1] } }
      return logits.indices.max { logits[$0] < logits[$1] || (logits[$0] == logits[$1] && $0 > $1) }!
    }
  }

  @Test func accumulateAndPoolMatchNaiveLoops() throws {
    var rng = FitTestRandom(seed: 5)
    for stride in 1...2 {
      for padding in 0...2 {
        let (c, h, w, o, k) = (2, 7, 5, 3, 3)
        let weights = (0..<(o * c * k * k)).map { _ in Int64.random(in: -9...9, using: &rng) }
        let bias = (0..<o).map { _ in Int64.random(in: -9...9, using: &rng) }
        let input = (0..<(2 * c * h * w)).map { _ in Int64.random(in: -8...8, using: &rng) }
        let oh = (h + 2 * padding - k) / stride + 1
        let ow = (w + 2 * padding - k) / stride + 1
        let compute = LayerCompute(
          kind: .conv2d, weights: "", weightShape: [o, c, k, k], bias: nil, written: [""], stride: stride,
          padding: padding,
          pool: 2, inputShape: [c, h, w], outputShape: [o, oh, ow])
        let layer = LayerWeights(compute: compute, weights: weights, bias: bias)
        let acc = layer.accumulate(input, images: 2) { $0 }
        var expected: [Int64] = []
        for n in 0..<2 {
          for j in 0..<o {
            for y in 0..<oh {
              for x in 0..<ow {
                var s = bias[j]
                for i in 0..<c {
                  for u in 0..<k {
                    for v in 0..<k {
                      let (iy, ix) = (y * stride + u - padding, x * stride + v - padding)
                      if iy < 0 || iy >= h || ix < 0 || ix >= w { continue }
                      s += weights[((j * c + i) * k + u) * k + v] * input[((n * c + i) * h + iy) * w + ix]
                    }
                  }
                }
                expected.append(s)
              }
            }
          }
        }
        #expect(acc == expected, "stride \(stride) padding \(padding)")
        #expect(layer.accumulate(input.map(Double.init), images: 2, Double.init) == expected.map(Double.init))
        let pooled = layer.pool(acc, images: 2)
        var naive: [Int64] = []
        for n in 0..<2 {
          for j in 0..<o {
            for y in 0..<(oh / 2) {
              for x in 0..<(ow / 2) {
                let at = { (dy: Int, dx: Int) in acc[((n * o + j) * oh + 2 * y + dy) * ow + 2 * x + dx] }
                naive.append([at(0, 0), at(0, 1), at(1, 0), at(1, 1)].max()!)
              }
            }
          }
        }
        #expect(pooled == naive)
      }
    }
  }

  /// The labels are the naive exact network's answers, so the exact network must score every image, and MT (exact
  /// for a monotone function) too; the float network's count is the naive float one's.
  @Test(arguments: ["relu", "sigmoid", "silu"])
  func exactNetworkEqualsANaiveEvaluation(_ activation: String) throws {
    let (net, path) = try Self.network(seed: 11, activation: activation)
    defer { try? FileManager.default.removeItem(atPath: net.dir) }
    let config = try SimulationConfig.load(path: path)
    #expect(config.network.layers.map(\.channels) == [3])
    #expect(config.network.layers[0].pixels == 20 * 36)
    let result = try NetworkRunner.run(config: config)
    let a = try #require(result.networkAccuracy)
    #expect(a.images == 20)
    #expect(a.calibrationImages == 12)
    #expect(a.exactCorrect == 20)
    let exact = Self.naive(net, activation: activation, real: false)
    let float = Self.naive(net, activation: activation, real: true)
    #expect(a.floatCorrect == zip(exact, float).filter { $0 == $1 }.count)
    if activation != "silu" {
      #expect(a.units.first { $0.kind == .mt }?.correct == 20)
      #expect(a.units.first { $0.kind == .mtBinarySearch }?.correct == 20)
    }
    for layer in result.layers {
      for u in layer.units { #expect(u.referenceMismatches == 0, "\(layer.name) \(u.kind)") }
    }
    #expect(result.totals.allSatisfy { $0.network?.images == 20 })
    // The report says it.
    #expect(result.renderTable().contains("top-1 on 20 test images"))
    #expect(result.csvText().split(separator: "\n")[0].hasSuffix("top1_correct,top1,top1_vs_exact,top1_vs_float"))
  }

  /// Capturing a job's outputs changes nothing else, on the fast path and on the event kernel (barrel shifter),
  /// and the captured codes fold to the job's digest.
  @Test(arguments: [ShifterStyle.chain, .barrel])
  func capturedOutputsAreTheSimulatedOnes(_ shifter: ShifterStyle) throws {
    let (net, path) = try Self.network(seed: 3)
    defer { try? FileManager.default.removeItem(atPath: net.dir) }
    var config = try SimulationConfig.load(path: path)
    config.accelerator.grau.shifter = shifter
    let prepared = try NetworkRunner.prepare(config: config)
    for kind in [UnitKind.grau, .mt, .mtBinarySearch] {
      var job = prepared.job(layer: 0, kind: kind)
      let plain = UnitSimulator.simulate(job)
      job.captureOutputs = true
      let captured = UnitSimulator.simulate(job)
      #expect(plain.outputs == nil)
      let outputs = try #require(captured.outputs)
      #expect(outputs.count == job.stream.count)
      var digest = OutputDigest()
      for y in outputs { digest.add(Int(y)) }
      #expect(digest.value == plain.outputDigest)
      #expect(captured.cycles == plain.cycles && captured.totalToggles == plain.totalToggles)
      #expect(captured.referenceMismatches == 0)
    }
  }

  @Test func badDataIsRefusedWithAClearError() throws {
    let (net, path) = try Self.network(seed: 4, labels: [Int64](repeating: 4, count: 20))
    defer { try? FileManager.default.removeItem(atPath: net.dir) }
    let config = try SimulationConfig.load(path: path)
    #expect(throws: RunError.self) { _ = try NetworkRunner.run(config: config) }
    do {
      _ = try NetworkRunner.run(config: config)
    } catch {
      #expect(error.description.contains("test label 4 of image 0 is outside 0...3"))
    }
    // A MAC result the input port cannot hold.
    let (small, smallPath) = try Self.network(seed: 4, inBits: 6)
    defer { try? FileManager.default.removeItem(atPath: small.dir) }
    do {
      _ = try NetworkRunner.run(config: try SimulationConfig.load(path: smallPath))
      Issue.record("a 6-bit input holds the MACs")
    } catch {
      #expect("\(error)".contains("does not fit the 6-bit input"))
    }
    // Whole networks only.
    var options = NetworkRunner.Options()
    options.maxElementsPerLayer = 10
    #expect(throws: RunError.self) { _ = try NetworkRunner.run(config: config, options: options) }
  }

  @Test func badWeightFilesAndLayersAreRefusedWithTheirPath() throws {
    let (net, path) = try Self.network(seed: 6)
    defer { try? FileManager.default.removeItem(atPath: net.dir) }
    let text = try String(contentsOfFile: path, encoding: .utf8)
    try Self.writeNpy(net.dir + "/float.npy", net.c1, shape: [3, 1, 3, 3], float: true)
    try Self.writeNpy(net.dir + "/shape.npy", net.c1, shape: [3, 1, 9])
    try Self.writeNpy(net.dir + "/y2.npy", [1, 2], shape: [2])
    let cases: [(String, String, String)] = [
      ("c1.w.npy", "float.npy", "network.layers[0].weights: expected the weights (integers)"),
      ("c1.w.npy", "shape.npy", "expected shape (out, 1, k, k)"),
      ("\"y.npy\"", "\"y2.npy\"", "network.dataset.test_labels: expected shape (20,)"),
      ("\"activation\": \"none\"", "\"activation\": \"relu\"", "network.layers[1].activation: expected \"none\""),
      ("\"padding\": 1,", "\"padding\": 1, \"channels\": 3,", "network.layers[0].channels: expected no channels"),
      ("\"test.npy\"", "\"missing.npy\"", "network.dataset.test"),
    ]
    for (from, to, message) in cases {
      #expect(text.contains(from), "\(from)")
      let edited = text.replacingOccurrences(of: from, with: to)
      do {
        _ = try SimulationConfig.decode(edited, file: "net.json", directory: net.dir)
        Issue.record("accepted: \(to)")
      } catch {
        #expect(error.description.contains(message), "\(error)")
      }
    }
    // MAC layers need a dataset.
    let plain = """
      {"network": {"layers": [{"name": "a", "kind": "dense", "weights": "c1.w.npy", "activation": "relu"}]}}
      """
    do {
      _ = try SimulationConfig.decode(plain, directory: net.dir)
      Issue.record("a dense layer without dataset was accepted")
    } catch {
      #expect(error.description.contains("network.layers[0].kind: expected no kind without network.dataset"))
    }
  }
}
