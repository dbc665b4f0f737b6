/// The integer (and float) arithmetic of a network with weights (docs/networks.md): the MACs of `dense` and
/// `conv2d` layers over a batch of images, and the 2×2 max-pool. Activations are laid out (image, channel, y, x),
/// C order; accumulators are exact in Int64.
struct LayerWeights: Sendable {
  let compute: LayerCompute
  /// C order, the shape of ``LayerCompute/weightShape``.
  let weights: [Int64]
  /// One per output channel (zeros when the layer has no bias file).
  let bias: [Int64]

  init(compute: LayerCompute, weights: [Int64], bias: [Int64]) {
    self.compute = compute
    self.weights = weights
    self.bias = bias
  }

  /// Reads the layer's weight and bias files.
  init(_ compute: LayerCompute, layer: String) throws(RunError) {
    self.compute = compute
    do {
      weights = try NpyReader.readIntegers(path: compute.weights).values
      if let b = compute.bias {
        bias = try NpyReader.readIntegers(path: b).values
      } else {
        bias = Array(repeating: 0, count: compute.weightShape[0])
      }
    } catch {
      throw .trace(layer: layer, error)
    }
    // The config checked the headers; a file changed since then would not match them.
    guard weights.count == compute.weightShape.reduce(1, *), bias.count == compute.weightShape[0] else {
      throw .trace(
        layer: layer,
        NpyError(file: compute.weights, message: "the weights or the bias changed shape since the config was read"))
    }
    // |w·a| sums must stay exact: |w| < 2^31 keeps every product of a 32-bit code below 2^62.
    if let big = (weights + bias).first(where: { $0.magnitude >= 1 << 31 }) {
      throw .trace(
        layer: layer, NpyError(file: compute.weights, message: "weight or bias \(big) does not fit 32 bits"))
    }
  }

  /// The accumulators of `images` images of `input` (each of the layer's input shape): (image, out, y, x).
  func accumulate<T: Numeric>(_ input: [T], images: Int, _ convert: (Int64) -> T) -> [T] {
    let (c, h, w) = (compute.inputShape[0], compute.inputShape[1], compute.inputShape[2])
    let out = compute.outputShape
    let (o, oh, ow) = (out[0], out[1], out[2])
    let wt = weights.map(convert)
    let b = bias.map(convert)
    var result = [T](repeating: 0, count: images * o * oh * ow)
    let inSize = c * h * w
    switch compute.kind {
    case .dense:
      for n in 0..<images {
        let a = n * inSize
        for j in 0..<o {
          var acc = b[j]
          let row = j * inSize
          for i in 0..<inSize { acc += wt[row + i] * input[a + i] }
          result[n * o + j] = acc
        }
      }
    case .conv2d:
      let k = compute.weightShape[2]
      let (s, p) = (compute.stride, compute.padding)
      for n in 0..<images {
        let a = n * inSize
        for j in 0..<o {
          for y in 0..<oh {
            for x in 0..<ow {
              var acc = b[j]
              for i in 0..<c {
                for u in 0..<k {
                  let iy = y * s + u - p
                  guard iy >= 0 && iy < h else { continue }
                  for v in 0..<k {
                    let ix = x * s + v - p
                    guard ix >= 0 && ix < w else { continue }
                    acc += wt[((j * c + i) * k + u) * k + v] * input[a + (i * h + iy) * w + ix]
                  }
                }
              }
              result[((n * o + j) * oh + y) * ow + x] = acc
            }
          }
        }
      }
    }
    return result
  }

  /// The layer's outputs after its pool (none: unchanged): (image, out, y / 2, x / 2), each the largest of its 2×2.
  func pool<T: Comparable>(_ a: [T], images: Int) -> [T] {
    guard compute.pool == 2 else { return a }
    let (o, h, w) = (compute.outputShape[0], compute.outputShape[1], compute.outputShape[2])
    let (ph, pw) = (h / 2, w / 2)
    var result: [T] = []
    result.reserveCapacity(images * o * ph * pw)
    for n in 0..<images {
      for j in 0..<o {
        let base = (n * o + j) * h * w
        for y in 0..<ph {
          for x in 0..<pw {
            let t = base + 2 * y * w + 2 * x
            result.append(Swift.max(Swift.max(a[t], a[t + 1]), Swift.max(a[t + w], a[t + w + 1])))
          }
        }
      }
    }
    return result
  }
}

/// Top-1 of a batch of logits, (image, class): the first largest per image.
func topOne<T: Comparable>(_ logits: [T], classes: Int) -> [Int] {
  stride(from: 0, to: logits.count, by: classes).map { start in
    var best = start
    for i in start..<(start + classes) where logits[i] > logits[best] { best = i }
    return best - start
  }
}
