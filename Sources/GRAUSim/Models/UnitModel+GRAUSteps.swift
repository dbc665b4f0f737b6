/// Register offsets of the serialized GRAU core (docs/datapath.md, `grau_serial`): field `f` of lane `l` is signal
/// `first + f·L + l`. Fields a layer does not have (the shifter of a bypass layer, `acc` under PoT) are −1.
struct SerialGRAUFields: Sendable {
  var x = -1
  var big = -1
  var ch = -1
  var seg = -1
  var step = -1
  var busy = -1
  var outValid = -1
  var v = -1
  var acc = -1
  var set = -1
  var neg = -1
  var bias = -1
  var s = -1
  var y = -1

  /// The offsets of the fields named in `names` (the core's register names in declaration order).
  init(names: [String]) {
    func at(_ name: String) -> Int { names.firstIndex(of: name) ?? -1 }
    x = at("x")
    big = at("big")
    ch = at("ch")
    seg = at("seg")
    step = at("step")
    busy = at("busy")
    outValid = at("out_valid")
    v = at("v")
    acc = at("acc")
    set = at("set")
    neg = at("neg")
    bias = at("bias")
    s = at("s")
    y = at("y")
  }

  init() {}
}

/// Register offsets of the serialized MT core (docs/datapath.md, `mt_serial`), in declaration order.
enum SerialMTFields {
  static let x = 0
  static let ch = 1
  static let cnt = 2
  static let idx = 3
  static let busy = 4
  static let outValid = 5
}

/// The GRAU datapath steps that the pipelined stages and the serialized core share: each is what one register
/// stage computes, so the two variants compute with one description.
extension UnitModel {
  /// The segment mux: setting, sign and bias of segment `seg` in the parameter-memory row starting at `row`.
  @inline(__always)
  func segmentSettings(_ words: UnsafeMutableBufferPointer<UInt64>, row: Int, segment seg: Int) -> (
    set: UInt64, neg: UInt64, bias: UInt64
  ) {
    let settingWord = words[row + settingOffset + seg]
    return (settingWord & settingMask, (settingWord >> UInt64(grau.settingBits)) & 1, words[row + biasOffset + seg])
  }

  /// Shifter stage `i` (1...R) on the value `v` and the APoT running sum `acc`. PoT: the stage shifts by one iff
  /// setting bit i is set (thermometer code); APoT: every stage shifts by one and adds its output iff its bit is
  /// set; barrel (PoT only): stage i shifts by 2^(i−1) iff bit i − 1 of the binary shift amount is set.
  /// Arithmetic shifts floor, as `>>>` does on a signed register.
  @inline(__always)
  static func shifterStep(
    _ v: Int, _ acc: Int, set: UInt64, stage i: Int, apot: Bool, barrel: Bool = false
  ) -> (v: Int, acc: Int) {
    let take = set & (UInt64(1) << UInt64(i - 1)) != 0
    if barrel { return (take ? v.floorShift(GRAUArchitecture.barrelShift(stage: i)) : v, acc) }
    guard apot else { return (take ? v >> 1 : v, acc) }
    let shifted = v >> 1
    return (shifted, take ? acc + shifted : acc)
  }

  /// The sign stage: `S = PoT ? (set == 0 ? 0 : v) : acc`, then `s = neg ? −S : S`.
  @inline(__always)
  static func signStep(v: Int, acc: Int, set: UInt64, negative: Bool, apot: Bool) -> Int {
    let magnitude = apot ? acc : (set == 0 ? 0 : v)
    return negative ? -magnitude : magnitude
  }

  /// The offset adder's output code for `sign · S + bias`: saturated or wrapped to n bits (the sum in the adder's
  /// width).
  @inline(__always)
  func biasOutput(_ sum: Int) -> Int {
    let t = grau.sum.wrap(sum)
    return grau.saturate ? output.clamp(t) : output.wrap(t)
  }
}
