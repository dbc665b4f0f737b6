/// The result of fitting one channel, as written by `grausim fit --json` and read back by later commands.
///
/// The JSON schema (docs/formats.md, format `grausim-fit`, version 1) holds the target function, the GRAU
/// architecture and fitted parameters, the MT thresholds for the same target, and both error measurements.
/// ``json`` and ``init(json:)`` are exact inverses: `FitReport(json: r.json) == r`.
struct FitReport: Sendable, Hashable {
  /// The `format` tag of the document.
  static let format = "grausim-fit"
  /// The schema version written; documents of a later version are rejected.
  static let schemaVersion = 1

  /// The exact quantized activation that was fitted (its input format is the architecture's).
  var activation: QuantizedActivation
  /// The fitted GRAU parameters, with the architecture they were fitted for.
  var parameters: GRAUParameters
  /// The input range fitted over and measured on (every integer, weight 1).
  var range: ClosedRange<Int>
  var objective: FitObjective
  /// The fitter that made ``parameters`` (written only when it is not the default `optimal`).
  var fitter: GRAUFitter
  /// APoT: the largest number of powers of two per slope the fitter considered.
  var apotMaxTerms: Int
  /// The GRAU unit's error against the exact function over ``range``.
  var error: ErrorMetrics
  /// The MT unit for the same function.
  var mt: MTParameters
  /// The MT unit's error over ``range``.
  var mtError: ErrorMetrics
  /// Whether the fit also covered the inputs outside ``range``.
  var fitRange: FitRange
  /// Both units' errors over every input the W-bit port can carry.
  var fullRange: FullRangeError?
  var mtFullRange: FullRangeError?
  /// What the architecture cannot follow of the target (``FitWarning``), in words.
  var warnings: [String]
  /// Whether P and R were chosen by "auto".
  var autoPreShift: Bool
  var autoStages: Bool

  init(
    activation: QuantizedActivation, parameters: GRAUParameters, range: ClosedRange<Int>, objective: FitObjective,
    apotMaxTerms: Int, error: ErrorMetrics, mt: MTParameters, mtError: ErrorMetrics, fitRange: FitRange = .full,
    fullRange: FullRangeError? = nil, mtFullRange: FullRangeError? = nil, warnings: [String] = [],
    autoPreShift: Bool = false, autoStages: Bool = false, fitter: GRAUFitter = .optimal
  ) {
    self.fitter = fitter
    self.activation = activation
    self.parameters = parameters
    self.range = range
    self.objective = objective
    self.apotMaxTerms = apotMaxTerms
    self.error = error
    self.mt = mt
    self.mtError = mtError
    self.fitRange = fitRange
    self.fullRange = fullRange
    self.mtFullRange = mtFullRange
    self.warnings = warnings
    self.autoPreShift = autoPreShift
    self.autoStages = autoStages
  }

  static let topKeys = [
    "apot_terms", "auto", "bypass", "comparator", "error", "fit_range", "fitter", "format", "full_range", "function",
    "in_bits",
    "mode", "mt_error", "mt_thresholds", "objective", "out_bits", "pre_shift", "qmax", "qmin", "range", "saturate",
    "segments", "signed", "slope_mode", "stages", "thresholds", "version", "warnings",
  ]
  static let functionKeys = ["alpha", "beta", "gamma", "in_scale", "name", "out_scale", "zero_point"]
  static let errorKeys = ["exact_fraction", "max_abs", "mean_abs", "mse", "off_by_2_fraction", "weight"]
  static let fullRangeKeys = ["max_abs", "worst_input", "wrap_input"]

  /// The document.
  var json: JSONValue {
    let a = parameters.architecture
    let q = activation
    var root = JSONObject()
    root["format"] = .string(Self.format)
    root["version"] = .int(Self.schemaVersion)
    root["function"] = [
      "name": .string(q.function.name), "alpha": q.function.alpha.map(JSONValue.double) ?? .null,
      "in_scale": .double(q.inputScale), "out_scale": .double(q.outputScale), "gamma": .double(q.gamma),
      "beta": .double(q.beta), "zero_point": .int(q.zeroPoint),
    ]
    root["in_bits"] = .int(a.inputBits)
    root["out_bits"] = .int(parameters.output.bits)
    root["signed"] = .bool(parameters.output.signed)
    root["qmin"] = .int(parameters.output.min)
    root["qmax"] = .int(parameters.output.max)
    root["range"] = [.int(range.lowerBound), .int(range.upperBound)]
    root["objective"] = .string(objective.rawValue)
    root["apot_terms"] = .int(apotMaxTerms)
    // Absent for the default fitter, so documents of default fits stay as they were.
    if fitter != .optimal { root["fitter"] = .string(fitter.rawValue) }
    root["slope_mode"] = .string(a.slopeMode.rawValue)
    root["pre_shift"] = .int(a.preShift)
    root["stages"] = .int(a.stages)
    root["saturate"] = .bool(a.saturate)
    root["comparator"] = .string(a.comparator.rawValue)
    root["bypass"] = .bool(a.bypass)
    root["mode"] = .string(parameters.mode.rawValue)
    root["thresholds"] = .array(parameters.thresholds.map(JSONValue.int))
    root["segments"] = .array(
      parameters.segments.map { s in
        var o = JSONObject()
        o["sign"] = .int(s.negative ? -1 : 1)
        o["bias"] = .int(s.bias)
        switch a.slopeMode {
        case .pot: o["shift"] = s.potShift.map(JSONValue.int) ?? .null
        case .apot: o["shifts"] = .array(s.apotShifts.map(JSONValue.int))
        }
        return .object(o)
      })
    root["error"] = Self.json(error)
    root["mt_thresholds"] = .array(mt.thresholds.map(JSONValue.int))
    root["mt_error"] = Self.json(mtError)
    root["fit_range"] = .string(fitRange.rawValue)
    if let fullRange, let mtFullRange {
      root["full_range"] = ["grau": Self.json(fullRange), "mt": Self.json(mtFullRange)]
    }
    root["warnings"] = .array(warnings.map(JSONValue.string))
    root["auto"] = .array(
      (autoPreShift ? [JSONValue.string("pre_shift")] : []) + (autoStages ? [JSONValue.string("stages")] : []))
    return .object(root)
  }

  static func json(_ f: FullRangeError) -> JSONValue {
    [
      "max_abs": .int(f.maxAbs), "worst_input": .int(f.worstInput),
      "wrap_input": f.wrapInput.map(JSONValue.int) ?? .null,
    ]
  }

  static func json(_ e: ErrorMetrics) -> JSONValue {
    [
      "max_abs": .int(e.maxAbs), "mean_abs": .double(e.meanAbs), "mse": .double(e.mse),
      "exact_fraction": .double(e.exactFraction), "off_by_2_fraction": .double(e.offByTwoFraction),
      "weight": .int(e.weight),
    ]
  }

  /// The document as pretty, byte-stable JSON text (keys sorted).
  func formatted() throws(JSONWriteError) -> String { try json.formatted() }

  /// Reads a document written by ``json`` (or by hand), checking every value and the parameters' validity.
  ///
  /// - Throws: ``JSONDecodingError`` naming the path of the first bad value; unknown keys are errors with a
  ///   "did you mean" suggestion.
  init(json: JSONValue) throws(JSONDecodingError) {
    let root = try JSONCursor(json).object(allowing: Self.topKeys)
    if let f = root.optional("format") { _ = try f.string(oneOf: [Self.format]) }
    if let v = root.optional("version") { _ = try v.int(in: 1...Self.schemaVersion) }

    let inBits = try root.required("in_bits").int(in: 2...32)
    let output = IntegerFormat(
      bits: try root.required("out_bits").int(in: 1...16), signed: try root.required("signed").bool())
    for (key, expected) in [("qmin", output.min), ("qmax", output.max)] {
      let c = try root.required(key)
      guard try c.int() == expected else {
        throw .invalidValue(path: key, expected: "\(expected) (from out_bits and signed)", got: "\(try c.int())")
      }
    }

    let f = try root.required("function").object(allowing: Self.functionKeys)
    let name = try f.required("name").string(oneOf: ActivationFunction.names)
    let alpha = try f.optional("alpha")?.double()
    let function: ActivationFunction
    do { function = try ActivationFunction(name: name, alpha: alpha) } catch {
      throw .invalidValue(path: "function.alpha", expected: "a valid parameter", got: error.description)
    }
    activation = QuantizedActivation(
      input: IntegerFormat(bits: inBits, signed: true), inputScale: try f.required("in_scale").double(),
      gamma: try f.optional("gamma")?.double() ?? 1, beta: try f.optional("beta")?.double() ?? 0, function: function,
      outputScale: try f.required("out_scale").double(), zeroPoint: try f.optional("zero_point")?.int() ?? 0,
      output: output)
    do { try activation.validate(path: "function") } catch { throw JSONDecodingError(error) }

    let slopeMode = SlopeMode(
      rawValue: try root.required("slope_mode").string(oneOf: SlopeMode.allCases.map(\.rawValue)))!
    let comparator = try root.optional("comparator").map { c throws(JSONDecodingError) in
      ComparatorStyle(rawValue: try c.string(oneOf: ComparatorStyle.allCases.map(\.rawValue)))!
    }
    let stages = try root.required("stages").int(in: 1...24)
    let segmentCursors = try root.required("segments").array()
    guard (2...32).contains(segmentCursors.count) else {
      throw .invalidValue(path: "segments", expected: "2...32 segments", got: "\(segmentCursors.count)")
    }
    let architecture = GRAUArchitecture(
      inputBits: inBits, segments: segmentCursors.count,
      preShift: try root.required("pre_shift").int(in: GRAUArchitecture.preShiftRange),
      stages: stages, slopeMode: slopeMode, saturate: try root.required("saturate").bool(),
      comparator: comparator ?? .chain, bypass: try root.optional("bypass")?.bool() ?? true)

    var segments: [GRAUSegment] = []
    for c in segmentCursors {
      let s = try c.object(allowing: ["bias", "sign", slopeMode == .pot ? "shift" : "shifts"])
      let sign = try s.required("sign").int(in: -1...1)
      guard sign != 0 else { throw .invalidValue(path: "\(c.path).sign", expected: "1 or -1", got: "0") }
      let bias = try s.required("bias").int()
      switch slopeMode {
      case .pot:
        let shift = try s.required("shift")
        segments.append(.pot(shift: shift.isNull ? nil : try shift.int(in: 1...stages), negative: sign < 0, bias: bias))
      case .apot:
        var shifts: [Int] = []
        for e in try s.required("shifts").array() {
          let v = try e.int(in: 1...stages)
          guard !shifts.contains(v) else {
            throw .invalidValue(path: e.path, expected: "distinct shifts", got: "\(v) twice")
          }
          shifts.append(v)
        }
        segments.append(.apot(shifts: shifts, negative: sign < 0, bias: bias))
      }
    }
    let thresholds = try root.required("thresholds").array().map { c throws(JSONDecodingError) in try c.int() }
    let mode = GRAUMode(rawValue: try root.optional("mode")?.string(oneOf: ["pwl", "bypass"]) ?? "pwl")!
    parameters = GRAUParameters(
      architecture: architecture, mode: mode, thresholds: thresholds, segments: segments, output: output)
    do { try parameters.validate(path: "") } catch { throw JSONDecodingError(Self.stripRoot(error)) }

    let r = try root.required("range").array()
    guard r.count == 2 else { throw .invalidValue(path: "range", expected: "[lo, hi]", got: "an array of \(r.count)") }
    let lo = try r[0].int(in: architecture.input.min...architecture.input.max)
    let hi = try r[1].int(in: lo...architecture.input.max)
    range = lo...hi
    objective = FitObjective(
      rawValue: try root.optional("objective")?.string(oneOf: FitObjective.allCases.map(\.rawValue)) ?? "mse")!
    apotMaxTerms = try root.optional("apot_terms")?.int(in: 1...24) ?? 2
    fitter = GRAUFitter(
      rawValue: try root.optional("fitter")?.string(oneOf: GRAUFitter.allCases.map(\.rawValue)) ?? "optimal")!
    error = try Self.metrics(root.required("error"))
    mt = MTParameters(
      inputBits: inBits,
      thresholds: try root.required("mt_thresholds").array().map { c throws(JSONDecodingError) in try c.int() },
      output: output)
    do { try mt.validate(path: "mt") } catch {
      throw JSONDecodingError(Self.renamed(error, from: "mt.thresholds", to: "mt_thresholds"))
    }
    mtError = try Self.metrics(root.required("mt_error"))
    fitRange = FitRange(
      rawValue: try root.optional("fit_range")?.string(oneOf: FitRange.allCases.map(\.rawValue)) ?? "calibration")!
    if let f = root.optional("full_range") {
      let o = try f.object(allowing: ["grau", "mt"])
      fullRange = try Self.fullRange(o.required("grau"))
      mtFullRange = try Self.fullRange(o.required("mt"))
    } else {
      fullRange = nil
      mtFullRange = nil
    }
    warnings = try root.optional("warnings")?.array().map { c throws(JSONDecodingError) in try c.string() } ?? []
    let auto =
      try root.optional("auto")?.array().map { c throws(JSONDecodingError) in
        try c.string(oneOf: ["pre_shift", "stages"])
      } ?? []
    autoPreShift = auto.contains("pre_shift")
    autoStages = auto.contains("stages")
  }

  static func fullRange(_ c: JSONCursor) throws(JSONDecodingError) -> FullRangeError {
    let o = try c.object(allowing: fullRangeKeys)
    let wrap = try o.optional("wrap_input")?.int()
    return FullRangeError(
      maxAbs: try o.required("max_abs").int(in: 0...Int.max), worstInput: try o.required("worst_input").int(),
      wrapInput: wrap)
  }

  static func metrics(_ c: JSONCursor) throws(JSONDecodingError) -> ErrorMetrics {
    let o = try c.object(allowing: errorKeys)
    return ErrorMetrics(
      maxAbs: try o.required("max_abs").int(in: 0...Int.max), meanAbs: try o.required("mean_abs").double(),
      mse: try o.required("mse").double(), exactFraction: try o.required("exact_fraction").double(),
      offByTwoFraction: try o.optional("off_by_2_fraction")?.double() ?? 0,
      weight: try o.optional("weight")?.int(in: 0...Int.max) ?? 0)
  }

  // GRAUParameters.validate(path: "") yields ".thresholds[2]"; the document's path is "thresholds[2]".
  static func stripRoot(_ e: ValueError) -> ValueError {
    var e = e
    if e.path.hasPrefix(".") { e.path.removeFirst() }
    return e
  }

  static func renamed(_ e: ValueError, from: String, to: String) -> ValueError {
    var e = e
    if e.path.hasPrefix(from) { e.path = to + e.path.dropFirst(from.count) }
    return e
  }
}
