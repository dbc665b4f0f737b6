/// The configuration words of a layer in docs/datapath.md order, generated on demand (O(1) per word).
///
/// Word 0 is the control word; words 1 … C−1 walk channels ascending and, within a channel, the parameter
/// memory's fields in order, each field split into `ceil(bits / B)` parts, least significant part first.
struct ConfigurationWords: Sendable {
  /// One configuration word as it appears on the bus.
  struct Word: Sendable, Hashable {
    /// Channel (0 for the control word).
    var channel: Int
    /// 0 = control register; f + 1 = parameter-memory field f.
    var field: Int
    var part: Int
    var data: UInt64
  }

  let busBits: Int
  let fieldWidths: [Int]
  /// Per channel: (field, part) of each word.
  let template: [(field: Int, part: Int)]
  let channels: Int
  let control: UInt64
  /// Field value patterns of a channel, computed from the parameters.
  let value: @Sendable (_ channel: Int, _ field: Int) -> UInt64

  init(
    busBits: Int, fieldWidths: [Int], channels: Int, control: UInt64,
    value: @escaping @Sendable (_ channel: Int, _ field: Int) -> UInt64
  ) {
    self.busBits = Swift.max(1, busBits)
    self.fieldWidths = fieldWidths
    self.channels = channels
    self.control = control
    self.value = value
    var t: [(Int, Int)] = []
    for (f, w) in fieldWidths.enumerated() {
      for p in 0..<((w + self.busBits - 1) / self.busBits) { t.append((f, p)) }
    }
    template = t
  }

  /// Total words: `ReconfigurationCost.cycles`.
  var count: Int { 1 + channels * template.count }
  var maxParts: Int { template.map { $0.part + 1 }.max() ?? 1 }

  subscript(_ w: Int) -> Word {
    if w == 0 { return Word(channel: 0, field: 0, part: 0, data: control) }
    let ch = (w - 1) / template.count
    let (f, p) = template[(w - 1) % template.count]
    let shift = UInt64(p * busBits)
    let busMask: UInt64 = busBits >= 64 ? .max : (UInt64(1) << UInt64(busBits)) &- 1
    let data = shift >= 64 ? 0 : (value(ch, f) >> shift) & busMask
    return Word(channel: ch, field: f + 1, part: p, data: data)
  }
}
