/// Why a configuration could not be loaded: what was wrong, and where (file and JSON path).
///
/// Rendered as `configs/x.json: network.layers[3].out_bits: expected an integer in 1...16, got 0`.
struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What kind of mistake it is; the CLI maps ``Kind/missingFile`` to "missing input" and the rest to "bad data".
  enum Kind: String, Sendable, Equatable {
    /// The text is not JSON.
    case syntax
    /// An object key the schema does not know (usually a typo).
    case unknownKey
    /// A required key is absent.
    case missingKey
    /// A value of the wrong JSON type (e.g. `true` where a number is expected).
    case wrongType
    /// A value of the right type outside its allowed range or set.
    case invalidValue
    /// The configuration file or a trace file it names does not exist or cannot be read (`expected` names which,
    /// `got` says why).
    case missingFile
    /// A trace file exists but is not a usable `.npy` array for its layer.
    case invalidTrace
    /// A `--set key=value` override that cannot be applied.
    case invalidOverride
  }

  var kind: Kind
  /// The file the error is in (as the user named it), if any.
  var file: String?
  /// The JSON path, e.g. `network.layers[3].out_bits` (empty for the document itself).
  var path: String
  /// What was expected there.
  var expected: String
  /// What was found.
  var got: String
  /// A suggestion, e.g. `did you mean 'segments'?`.
  var hint: String?

  init(_ kind: Kind, file: String? = nil, path: String, expected: String, got: String, hint: String? = nil) {
    self.kind = kind
    self.file = file
    self.path = path
    self.expected = expected
    self.got = got
    self.hint = hint
  }

  /// The same error attributed to `file` (unless it already names one).
  func inFile(_ file: String?) -> ConfigError {
    var e = self
    if e.file == nil { e.file = file }
    return e
  }

  var description: String {
    var s = file.map { "\($0): " } ?? ""
    if !path.isEmpty { s += "\(path): " }
    switch kind {
    case .unknownKey:
      s += "unknown key \(got)"
      if let hint { s += " (\(hint))" }
      s += "; expected \(expected)"
      return s
    case .syntax:
      s += "invalid \(expected): \(got)"
    case .missingFile:
      s += "cannot read \(expected): \(got)"
    default:
      s += "expected \(expected), got \(got)"
    }
    if let hint { s += " (\(hint))" }
    return s
  }
}
