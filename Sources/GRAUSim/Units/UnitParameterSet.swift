/// The per-channel parameters a unit is loaded with for one layer.
package enum UnitParameterSet: Sendable, Hashable {
  case grau([GRAUParameters])
  case mt([MTParameters])

  var channels: Int {
    switch self {
    case .grau(let p): p.count
    case .mt(let p): p.count
    }
  }

  /// The layer's n-bit output format (channel 0's; every channel of a layer shares it).
  var output: IntegerFormat {
    switch self {
    case .grau(let p): p.first?.output ?? IntegerFormat(bits: 1, signed: false)
    case .mt(let p): p.first?.output ?? IntegerFormat(bits: 1, signed: false)
    }
  }

  /// The bit-exact reference output of channel `c` for input `x`.
  func reference(_ x: Int, channel c: Int) -> Int {
    switch self {
    case .grau(let p): GRAUReference.output(x, p[c])
    case .mt(let p): MTReference.output(x, p[c])
    }
  }
}
