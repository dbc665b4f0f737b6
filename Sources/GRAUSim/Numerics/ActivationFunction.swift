import Foundation

/// A scalar activation function evaluated in double precision.
///
/// The functions are total: every finite or infinite `Double` maps to a value (possibly ±infinity), never NaN
/// for a non-NaN argument. Poles are resolved explicitly: `reciprocal(0) = +inf`, `rsqrt(z ≤ 0) = +inf`, so the
/// exact quantized activation saturates there instead of producing an undefined value.
package enum ActivationFunction: Sendable, Hashable {
  case identity
  case relu
  /// `z` for `z ≥ 0`, `alpha · z` otherwise.
  case leakyReLU(alpha: Double)
  /// `clip(z, 0, 6)`.
  case relu6
  /// PACT: `clip(z, 0, alpha)`.
  case pact(alpha: Double)
  case sigmoid
  case tanh
  /// `z · sigmoid(z)` (also called swish-1).
  case silu
  /// `z · relu6(z + 3) / 6`.
  case hswish
  /// `relu6(z + 3) / 6`.
  case hsigmoid
  /// The exact (erf) form: `z · (1 + erf(z / √2)) / 2`.
  case gelu
  case exp
  case reciprocal
  case rsqrt

  /// Every function name accepted by ``init(name:alpha:)``, in documentation order.
  static let names = [
    "identity", "relu", "leaky_relu", "relu6", "pact", "sigmoid", "tanh", "silu", "hswish", "hsigmoid", "gelu",
    "exp", "reciprocal", "rsqrt",
  ]

  /// Builds a function from its configuration name.
  ///
  /// - Parameters:
  ///   - name: One of ``names``.
  ///   - alpha: The parameter of `leaky_relu` (default 0.1) and `pact` (default 6); must be nil for the others.
  /// - Throws: ``ActivationError`` for an unknown name or a parameter the function does not take.
  init(name: String, alpha: Double? = nil) throws(ActivationError) {
    switch name {
    case "leaky_relu":
      let a = alpha ?? 0.1
      guard a.isFinite else { throw .invalidAlpha(name: name, alpha: a) }
      self = .leakyReLU(alpha: a)
      return
    case "pact":
      let a = alpha ?? 6
      guard a.isFinite, a > 0 else { throw .invalidAlpha(name: name, alpha: a) }
      self = .pact(alpha: a)
      return
    default:
      break
    }
    if let alpha { throw .unexpectedAlpha(name: name, alpha: alpha) }
    switch name {
    case "identity": self = .identity
    case "relu": self = .relu
    case "relu6": self = .relu6
    case "sigmoid": self = .sigmoid
    case "tanh": self = .tanh
    case "silu": self = .silu
    case "hswish": self = .hswish
    case "hsigmoid": self = .hsigmoid
    case "gelu": self = .gelu
    case "exp": self = .exp
    case "reciprocal": self = .reciprocal
    case "rsqrt": self = .rsqrt
    default: throw .unknownFunction(name)
    }
  }

  /// The configuration name of the function.
  package var name: String {
    switch self {
    case .identity: "identity"
    case .relu: "relu"
    case .leakyReLU: "leaky_relu"
    case .relu6: "relu6"
    case .pact: "pact"
    case .sigmoid: "sigmoid"
    case .tanh: "tanh"
    case .silu: "silu"
    case .hswish: "hswish"
    case .hsigmoid: "hsigmoid"
    case .gelu: "gelu"
    case .exp: "exp"
    case .reciprocal: "reciprocal"
    case .rsqrt: "rsqrt"
    }
  }

  /// The function's parameter, if it has one.
  package var alpha: Double? {
    switch self {
    case .leakyReLU(let a), .pact(let a): a
    default: nil
    }
  }

  /// Whether the function is non-decreasing on the whole real line (a multi-threshold unit is then exact).
  var isMonotone: Bool {
    switch self {
    case .identity, .relu, .relu6, .pact, .sigmoid, .tanh, .hsigmoid, .exp: true
    case .leakyReLU(let a): a >= 0
    case .silu, .hswish, .gelu, .reciprocal, .rsqrt: false
    }
  }

  /// Evaluates the function at `z`.
  package func callAsFunction(_ z: Double) -> Double {
    switch self {
    case .identity: return z
    case .relu: return z > 0 ? z : 0
    case .leakyReLU(let a): return z >= 0 ? z : a * z
    case .relu6: return Swift.min(Swift.max(z, 0), 6)
    case .pact(let a): return Swift.min(Swift.max(z, 0), a)
    case .sigmoid: return Self._sigmoid(z)
    case .tanh: return Foundation.tanh(z)
    case .silu: return z.isInfinite ? (z > 0 ? z : 0) : z * Self._sigmoid(z)
    case .hswish: return z * Swift.min(Swift.max(z + 3, 0), 6) / 6
    case .hsigmoid: return Swift.min(Swift.max(z + 3, 0), 6) / 6
    case .gelu: return z.isInfinite ? (z > 0 ? z : 0) : 0.5 * z * (1 + erf(z / 2.0.squareRoot()))
    case .exp: return Foundation.exp(z)
    case .reciprocal: return z == 0 ? .infinity : 1 / z
    case .rsqrt: return z <= 0 ? .infinity : 1 / z.squareRoot()
    }
  }

  // Numerically stable for large |z|: never forms exp of a large positive number.
  static func _sigmoid(_ z: Double) -> Double {
    if z >= 0 { return 1 / (1 + Foundation.exp(-z)) }
    let e = Foundation.exp(z)
    return e / (1 + e)
  }
}

/// Why an activation function could not be built from its name and parameter.
enum ActivationError: Error, Sendable, Equatable, CustomStringConvertible {
  case unknownFunction(String)
  case unexpectedAlpha(name: String, alpha: Double)
  case invalidAlpha(name: String, alpha: Double)

  var description: String {
    switch self {
    case .unknownFunction(let name):
      let hint = Suggestion.closest(to: name, in: ActivationFunction.names).map { " (did you mean '\($0)'?)" } ?? ""
      let names = ActivationFunction.names.joined(separator: ", ")
      return "unknown activation function '\(name)'\(hint); expected one of \(names)"
    case .unexpectedAlpha(let name, let alpha):
      return "activation '\(name)' takes no alpha parameter (got \(alpha))"
    case .invalidAlpha(let name, let alpha):
      return "activation '\(name)' needs a finite alpha\(name == "pact" ? " > 0" : ""), got \(alpha)"
    }
  }
}
