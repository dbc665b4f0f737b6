import Testing

@testable import GRAUSim

/// The configuration interface of Units/ConfigurationInterface.swift: the control word, the field numbering and
/// the words a layer writes (docs/datapath.md "Configuration words").
@Suite struct ConfigurationInterfaceTests {
  /// Reassembles each field from its parts (LS first), keyed by (channel, field), in write order.
  static func fields(_ words: [ConfigurationWord], busBits b: Int) -> [(channel: Int, field: Int, value: UInt64)] {
    var result: [(channel: Int, field: Int, value: UInt64)] = []
    for w in words {
      if w.part == 0 {
        result.append((w.channel, w.field, w.data))
      } else {
        #expect(result.last?.channel == w.channel && result.last?.field == w.field)
        result[result.count - 1].value |= w.data << UInt64(w.part * b)
      }
    }
    return result
  }

  @Test(arguments: UnitKind.allCases, [7, 8, 16, 32, 64])
  func wordCountIsTheDocumentedCostAndFieldsRoundTrip(kind: UnitKind, busBits: Int) throws {
    var rng = CosimRandom(seed: UInt64(busBits))
    for (k, n) in [(2, 1), (6, 1), (6, 2), (8, 4), (16, 8)] {
      let arch = GRAUArchitecture(inputBits: 16, segments: k, slopeMode: n == 4 ? .apot : .pot)
      let d = RTLDesign(kind: kind, grau: arch, mtMaxBits: 8, channelCapacity: 4, busBits: busBits)
      let layer = CosimVectors.layer(
        d, outputBits: n, signed: n % 2 == 0, channels: 3, elements: 5, pattern: (.always, .always), rng: &rng)
      let words = Array(d.unit.configurationWords(layer.parameters))
      // docs/cycle-model.md: one control word, then per channel every field in ceil(bits / B) words.
      func parts(_ bits: Int) -> Int { (bits + busBits - 1) / busBits }
      let perChannel =
        !kind.isGRAU
        ? ((1 << n) - 1) * parts(17)
        : arch.usesBypass(outputBits: n)
          ? (k - 1) * parts(17) : (k - 1) * parts(17) + k * parts(1 + 16) + k * parts(16 + 6 + 1)
      #expect(words.count == 1 + 3 * perChannel)
      #expect(words.count == d.unit.reconfigurationCycles(outputBits: n, channels: 3))
      #expect(words.allSatisfy { busBits == 64 || $0.data < UInt64(1) << UInt64(busBits) })
      let fields = Self.fields(words, busBits: busBits)
      // Control word first: {n, signed, bypass}.
      let bypass = kind.isGRAU && arch.usesBypass(outputBits: n)
      #expect(fields[0].field == 0 && fields[0].value == UInt64(n << 2 | (n % 2 == 0 ? 2 : 0) | (bypass ? 1 : 0)))
      // Then channels ascending, thresholds first, in the W+1-bit format.
      let tf = IntegerFormat(bits: 17, signed: true)
      var i = 1
      for c in 0..<3 {
        let thresholds: [Int]
        switch layer.parameters {
        case .grau(let p): thresholds = p[c].thresholds
        case .mt(let p): thresholds = p[c].thresholds
        }
        for (j, t) in thresholds.enumerated() {
          #expect(fields[i].channel == c && fields[i].field == d.thresholdField(j + 1))
          #expect(tf.wrap(Int(fields[i].value)) == t)
          i += 1
        }
        if case .grau(let p) = layer.parameters, !bypass {
          for (s, seg) in p[c].segments.enumerated() {
            #expect(fields[i].field == d.settingField(s))
            #expect(fields[i].value == UInt64(seg.setting) | (seg.negative ? UInt64(1) << 16 : 0))
            #expect(fields[i + 1].field == d.biasField(s))
            #expect(arch.bias.wrap(Int(fields[i + 1].value)) == seg.bias)
            i += 2
          }
        }
      }
      #expect(i == fields.count)
    }
  }

  @Test(arguments: 1...16, [false, true])
  func controlWordRoundTrips(outputBits: Int, signed: Bool) {
    for bypass in [false, true] {
      let word = ControlWord(outputBits: outputBits, signed: signed, bypass: bypass)
      #expect(word.encoded < 1 << ControlWord.bits)
      #expect(ControlWord(word.encoded) == word)
      #expect(ControlWord.outputBits(word.encoded) == outputBits)
    }
    // {n[4:0], signed, bypass}: bit 0 bypass, bit 1 signed, bits 6:2 n.
    #expect(ControlWord(outputBits: 8, signed: true, bypass: false).encoded == 0b010_0010)
    #expect(ControlWord(outputBits: 2, signed: false, bypass: true).encoded == 0b000_1001)
  }

  /// Fields are numbered 0 (control), thresholds 1…K−1, settings K…2K−1, biases 2K…3K−1 (MT: thresholds 1…M).
  @Test func fieldNumberingIsContiguous() {
    let d = UnitDesign(kind: .grau, grau: GRAUArchitecture(segments: 6))
    let all = d.layerFields(outputBits: 8).map { d.index(of: $0) }
    #expect(all.sorted() == Array(1..<18))
    #expect(d.fieldCount == 18 && d.fieldBits == 5)
    #expect(d.layerFields(outputBits: 2).map { d.index(of: $0) } == Array(1...5))  // bypass: thresholds only
    let mt = UnitDesign(kind: .mtBinarySearch, mtMaxBits: 8)
    #expect(mt.layerFields(outputBits: 4).map { mt.index(of: $0) } == Array(1...15))
    #expect(mt.fieldBits == 8)
  }
}
