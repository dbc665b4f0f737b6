/// The control word a layer writes first (configuration field 0): `{n[4:0], signed, bypass}`, bit 0 = bypass.
///
/// The one layout of the control register: the model decodes it, the RTL emitter wires `cfg_data` bits to
/// `ctl_bypass`, `ctl_signed` and `ctl_n` with these positions, and the testbench writes the same word.
struct ControlWord: Sendable, Hashable {
  /// Bits of the word.
  static let bits = 7
  /// Bit of the GRAU comparator bypass (1/2-bit layers).
  static let bypassBit = 0
  /// Bit of the output signedness.
  static let signedBit = 1
  /// Lowest bit of the output precision n.
  static let precisionShift = 2
  /// Bits of the output precision n (1...16).
  static let precisionBits = 5

  var outputBits: Int
  var signed: Bool
  var bypass: Bool

  init(outputBits: Int, signed: Bool, bypass: Bool) {
    self.outputBits = outputBits
    self.signed = signed
    self.bypass = bypass
  }

  /// Decodes a control register's value.
  init(_ word: UInt64) {
    bypass = (word >> UInt64(Self.bypassBit)) & 1 != 0
    signed = (word >> UInt64(Self.signedBit)) & 1 != 0
    outputBits = Self.outputBits(word)
  }

  /// The output precision n held in a control register (what the datapath reads every cycle).
  @inline(__always)
  static func outputBits(_ word: UInt64) -> Int {
    Int((word >> UInt64(precisionShift)) & ((1 << UInt64(precisionBits)) - 1))
  }

  /// The word as written on the bus.
  var encoded: UInt64 {
    UInt64(bypass ? 1 : 0) << UInt64(Self.bypassBit) | UInt64(signed ? 1 : 0) << UInt64(Self.signedBit)
      | UInt64(outputBits) << UInt64(Self.precisionShift)
  }
}

/// One register field of a channel's parameter set, as the configuration port numbers it.
enum ConfigurationField: Sendable, Hashable {
  /// Threshold `t_j` / `T_j`, j = 1 … K − 1 (GRAU) or 1 … m (MT).
  case threshold(Int)
  /// Segment k's setting word `{neg, set}` (GRAU; `set` per ``GRAUArchitecture/settingCode(_:)``).
  case setting(Int)
  /// Segment k's bias (GRAU).
  case bias(Int)
}

/// One word on the configuration port: `cfg_chan`, `cfg_field`, `cfg_part`, `cfg_data`.
struct ConfigurationWord: Sendable, Hashable {
  /// The channel whose parameter is written (0 for the control word).
  var channel: Int
  /// 0 for the control word, else the field's index (``UnitDesign/index(of:)``).
  var field: Int
  /// Which bus-wide part of the field, least significant first.
  var part: Int
  /// The bus word.
  var data: UInt64
}

// MARK: The configuration interface of a design (docs/datapath.md "Configuration words")

extension UnitDesign {
  /// Input width W.
  var inputBits: Int { grau.inputBits }
  /// Threshold register width W + 1 ("never" = xmax + 1 is representable).
  var thresholdBits: Int { grau.inputBits + 1 }
  /// Parameter-memory address bits A.
  var channelBits: Int { Swift.max(1, bitsFor(channelCapacity - 1)) }
  /// Thresholds per channel the hardware stores: K − 1 (GRAU) or 2^N_max − 1 (MT).
  var thresholdCount: Int { kind.isGRAU ? grau.segments - 1 : (1 << mtMaxBits) - 1 }
  /// Number of configuration field indices (control field 0 included).
  var fieldCount: Int { kind.isGRAU ? 3 * grau.segments : thresholdCount + 1 }
  /// Width of `cfg_field`.
  var fieldBits: Int { Swift.max(1, bitsFor(fieldCount - 1)) }
  /// Width of a GRAU setting word `{neg, set}`: `set` is R bits (chain) or bitsFor(R) (barrel shift amount).
  var settingWordBits: Int { 1 + grau.settingBits }
  /// Bus words a field of `bits` bits takes.
  func parts(_ bits: Int) -> Int { (bits + busBits - 1) / busBits }
  /// The most words any field of this design takes.
  var maxParts: Int {
    var p = Swift.max(parts(ControlWord.bits), parts(thresholdBits))
    if kind.isGRAU { p = Swift.max(p, parts(settingWordBits), parts(grau.bias.bits)) }
    return p
  }
  /// Width of `cfg_part`.
  var partBits: Int { Swift.max(1, bitsFor(maxParts - 1)) }

  /// Bits of `cfg_data`: the bus width, but at least the control word (which must fit one word) and at most 64.
  var dataBits: Int { Swift.min(64, Swift.max(busBits, ControlWord.bits)) }

  /// Configuration field index of threshold `j` (1-based).
  func thresholdField(_ j: Int) -> Int { j }
  /// Configuration field index of segment `k`'s setting word (GRAU).
  func settingField(_ k: Int) -> Int { grau.segments + k }
  /// Configuration field index of segment `k`'s bias (GRAU).
  func biasField(_ k: Int) -> Int { 2 * grau.segments + k }

  /// The index `cfg_field` carries for `field`.
  func index(of field: ConfigurationField) -> Int {
    switch field {
    case .threshold(let j): thresholdField(j)
    case .setting(let k): settingField(k)
    case .bias(let k): biasField(k)
    }
  }

  /// The register width of `field`.
  func width(of field: ConfigurationField) -> Int {
    switch field {
    case .threshold: thresholdBits
    case .setting: settingWordBits
    case .bias: grau.bias.bits
    }
  }

  /// Whether a layer of `outputBits`-bit outputs runs through the GRAU comparator bypass.
  func usesBypass(outputBits n: Int) -> Bool { kind.isGRAU && grau.usesBypass(outputBits: n) }

  /// The control word of a layer with output format `output`.
  func controlWord(_ output: IntegerFormat) -> ControlWord {
    ControlWord(outputBits: output.bits, signed: output.signed, bypass: usesBypass(outputBits: output.bits))
  }

  /// The fields a layer of `outputBits`-bit outputs writes per channel, in word order: the thresholds, then (GRAU
  /// PWL) each segment's setting word and bias. A bypass layer writes the thresholds only; an MT layer the
  /// 2^n − 1 thresholds of its own precision.
  func layerFields(outputBits n: Int) -> [ConfigurationField] {
    guard kind.isGRAU else { return (1..<(1 << n)).map { .threshold($0) } }
    let thresholds = (1..<grau.segments).map { ConfigurationField.threshold($0) }
    if usesBypass(outputBits: n) { return thresholds }
    return thresholds + (0..<grau.segments).flatMap { [ConfigurationField.setting($0), .bias($0)] }
  }

  /// Bus words of one channel's parameter set for a layer of `outputBits`-bit outputs.
  func wordsPerChannel(outputBits n: Int) -> Int { layerFields(outputBits: n).reduce(0) { $0 + parts(width(of: $1)) } }

  /// Cycles to reconfigure the unit for a layer: one control word, then every channel's parameter set, one word
  /// per cycle (docs/cycle-model.md).
  func reconfigurationCycles(outputBits n: Int, channels: Int) -> Int {
    1 + channels * wordsPerChannel(outputBits: n)
  }

  /// The configuration words of a layer loaded with `parameters` (every channel shares one output format).
  func configurationWords(_ parameters: UnitParameterSet) -> ConfigurationWords {
    ConfigurationWords(design: self, parameters: parameters)
  }
}

/// The configuration words of one layer in docs/datapath.md order, generated on demand (O(1) per word).
///
/// Word 0 is the control word; then channels ascending and, within a channel, ``UnitDesign/layerFields(outputBits:)``
/// in order, each field split into `ceil(bits / B)` parts, least significant part first. Its count is
/// ``UnitDesign/reconfigurationCycles(outputBits:channels:)``.
struct ConfigurationWords: Sendable, RandomAccessCollection {
  let design: UnitDesign
  let parameters: UnitParameterSet
  let control: ControlWord
  /// Per channel: the field and part of each word.
  let template: [(field: ConfigurationField, index: Int, part: Int)]

  init(design: UnitDesign, parameters: UnitParameterSet) {
    self.design = design
    self.parameters = parameters
    let output = parameters.output
    control = design.controlWord(output)
    var t: [(ConfigurationField, Int, Int)] = []
    for f in design.layerFields(outputBits: output.bits) {
      for p in 0..<design.parts(design.width(of: f)) { t.append((f, design.index(of: f), p)) }
    }
    template = t
  }

  var startIndex: Int { 0 }
  var endIndex: Int { 1 + parameters.channels * template.count }
  /// The most parts any field of the layer takes.
  var maxParts: Int { template.map { $0.part + 1 }.max() ?? 1 }

  subscript(_ w: Int) -> ConfigurationWord {
    if w == 0 { return ConfigurationWord(channel: 0, field: 0, part: 0, data: control.encoded) }
    let channel = (w - 1) / template.count
    let (field, index, part) = template[(w - 1) % template.count]
    let b = design.busBits
    let shift = UInt64(part * b)
    let busMask: UInt64 = b >= 64 ? .max : (UInt64(1) << UInt64(b)) &- 1
    let data = shift >= 64 ? 0 : (value(channel: channel, field) >> shift) & busMask
    return ConfigurationWord(channel: channel, field: index, part: part, data: data)
  }

  /// The bit pattern of `field` of `channel`: a threshold in W + 1 bits, a setting word `{neg, set}`, a bias.
  func value(channel c: Int, _ field: ConfigurationField) -> UInt64 {
    let thresholdFormat = IntegerFormat(bits: design.thresholdBits, signed: true)
    switch (parameters, field) {
    case (.mt(let p), .threshold(let j)): return thresholdFormat.pattern(p[c].thresholds[j - 1])
    case (.grau(let p), .threshold(let j)): return thresholdFormat.pattern(p[c].thresholds[j - 1])
    case (.grau(let p), .setting(let k)):
      let s = p[c].segments[k]
      return design.grau.settingCode(s.setting) | (s.negative ? UInt64(1) << UInt64(design.grau.settingBits) : 0)
    case (.grau(let p), .bias(let k)): return design.grau.bias.pattern(p[c].segments[k].bias)
    case (.mt, .setting), (.mt, .bias): return 0  // MT has no segments: not among its layer fields
    }
  }
}
