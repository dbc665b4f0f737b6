/// `grausim fit`: fits one channel's activation with GRAU and MT and compares their errors.
enum FitCommand: GRAUSimCommand {
  /// The largest number of inputs fitted over (2^21): a wider `--range` is refused rather than left to run for
  /// minutes.
  static let maxRangeCount = 1 << 21

  static let spec = CommandSpec(
    name: "fit",
    abstract: "Fit GRAU parameters to one quantized activation and compare with a multi-threshold unit.",
    discussion:
      "The target is q = clamp(round(f(gamma * x * in-scale + beta) / out-scale) + zero-point, qmin, qmax) for every "
      + "integer x of the range. Errors are in output LSBs against that exact function.",
    options: [
      .value("function", help: "The activation function.", choices: ActivationFunction.names, required: true),
      .value("alpha", help: "The parameter of leaky_relu (default 0.1) and pact (default 6)."),
      .value("in-bits", help: "Input (MAC result) width W, signed.", default: "16"),
      .value("in-scale", help: "Real value of one input LSB.", required: true),
      .value("gamma", help: "Folded batch-norm scale.", default: "1"),
      .value("beta", help: "Folded batch-norm offset.", default: "0"),
      .value("out-bits", help: "Output width n.", default: "8"),
      .value("out-scale", help: "Real value of one output LSB.", required: true),
      .value("zero-point", help: "Output zero point.", default: "0"),
      .flag("signed", help: "Signed (two's-complement) output codes."),
      .value(
        "range", valueName: "lo:hi",
        help: "Inputs to fit over, inclusive. Default: the whole W-bit range (required when W > 20)."),
      .value("segments", help: "Number of segments K.", default: "6"),
      .value(
        "slopes", help: "Slope encoding: one power of two, or a sum of powers of two.", default: "pot",
        choices: ["pot", "apot"]),
      .value(
        "pre-shift", help: "Pre-shift P (x << P before the shifter), 0...16, or auto (the smallest that follows f).",
        default: "6"),
      .value(
        "stages", help: "Shifter stages R (slopes 2^(P-1) ... 2^(P-R)), 1...24, or auto (the fewest that follow f).",
        default: "16"),
      .flag("saturate", help: "The offset adder clamps to qmin...qmax (frees two segments from clamping)."),
      .value(
        "objective", help: "What the fitter minimises.", default: "mse", choices: FitObjective.allCases.map(\.rawValue)),
      .value("apot-terms", help: "APoT: most powers of two per slope.", default: "2"),
      .value(
        "fitter",
        help:
          "optimal: grausim's integer-domain fitter; float_round: the published flow (float least-squares fit, then "
          + "breakpoints and slopes rounded; objective mse only).", default: "optimal",
        choices: GRAUFitter.allCases.map(\.rawValue)),
      .value(
        "fit-range",
        help:
          "full: the fit also covers every input outside --range (no input wraps the output); calibration: only "
          + "--range (inputs outside it may wrap).", default: "full", choices: FitRange.allCases.map(\.rawValue)),
      .value("json", valueName: "path", help: "Also write the parameters and errors as JSON (docs/formats.md)."),
    ])

  /// Everything `fit` needs, decoded and validated from the options.
  struct Request {
    var activation: QuantizedActivation
    var architecture: GRAUArchitecture
    /// Whether P and R were chosen by "auto".
    var autoPreShift: Bool
    var autoStages: Bool
    var range: ClosedRange<Int>
    var fitRange: FitRange
    var options: FitOptions
    var jsonPath: String?
  }

  static func request(_ args: ParsedArguments) throws(CLIError) -> Request {
    let inBits = try args.int("in-bits", in: 2...32)!
    let outBits = try args.int("out-bits", in: 1...16)!
    let signed = args.flag("signed")
    let positive = "a finite number > 0"
    let inScale = try args.double("in-scale", expected: positive, where: { $0 > 0 })!
    let outScale = try args.double("out-scale", expected: positive, where: { $0 > 0 })!
    let gamma = try args.double("gamma")!
    let beta = try args.double("beta")!
    let zeroPoint = try args.int("zero-point", in: -(1 << 20)...(1 << 20))!
    let alpha = try args.double("alpha")
    let function: ActivationFunction
    do { function = try ActivationFunction(name: args.string("function")!, alpha: alpha) } catch {
      switch error {
      case .unexpectedAlpha(let name, _):
        throw .usage("The option '--alpha' does not apply to --function \(name) (only leaky_relu and pact take one)")
      case .invalidAlpha(let name, _):
        throw args.invalid("alpha", expected: name == "pact" ? "a finite number > 0" : "a finite number")
      case .unknownFunction:
        throw args.invalid("function", expected: "one of \(ActivationFunction.names.joined(separator: ", "))")
      }
    }
    let input = IntegerFormat(bits: inBits, signed: true)
    let output = IntegerFormat(bits: outBits, signed: signed)
    let activation = QuantizedActivation(
      input: input, inputScale: inScale, gamma: gamma, beta: beta, function: function, outputScale: outScale,
      zeroPoint: zeroPoint, output: output)
    do { try activation.validate() } catch { throw optionError(error, args) }

    let segments = try args.int("segments", in: 2...32)!
    let autoPreShift = args.string("pre-shift") == "auto"
    let autoStages = args.string("stages") == "auto"
    let preShift = autoPreShift ? 6 : try args.int("pre-shift", in: GRAUArchitecture.preShiftRange)!
    let stages = autoStages ? 16 : try args.int("stages", in: GRAUArchitecture.stagesRange)!
    let apotTerms = try args.int(
      "apot-terms", in: 1...(autoStages ? GRAUArchitecture.stagesRange.upperBound : stages))!
    let architecture = GRAUArchitecture(
      inputBits: inBits, segments: segments, preShift: preShift, stages: stages,
      slopeMode: SlopeMode(rawValue: args.string("slopes")!)!, saturate: args.flag("saturate"))
    do { try architecture.validate(path: "") } catch { throw optionError(error, args) }

    let range: ClosedRange<Int>
    if let text = args.string("range") {
      range = try parseRange(text, input: input, args: args)
    } else {
      guard inBits <= 20 else {
        throw .usage(
          "--range is required when --in-bits is above 20 (the whole \(inBits)-bit input range is too wide to fit)")
      }
      range = input.min...input.max
    }
    let fitter = GRAUFitter(rawValue: args.string("fitter")!)!
    let objective = FitObjective(rawValue: args.string("objective")!)!
    if fitter == .floatRound && objective != .mse {
      throw .usage(
        "--objective \(objective.rawValue) does not apply to --fitter float_round (the published flow is a "
          + "least-squares fit; use --objective mse)")
    }
    let options = FitOptions(objective: objective, apotMaxTerms: apotTerms, fitter: fitter)
    return Request(
      activation: activation, architecture: architecture, autoPreShift: autoPreShift, autoStages: autoStages,
      range: range, fitRange: FitRange(rawValue: args.string("fit-range")!)!, options: options,
      jsonPath: args.string("json"))
  }

  /// `lo:hi` with `lo <= hi`, both inside the input format, at most ``maxRangeCount`` values.
  static func parseRange(_ text: String, input: IntegerFormat, args: ParsedArguments) throws(CLIError) -> ClosedRange<
    Int
  > {
    // Split at the colon that is not a sign: "-100:100", "-100:-50".
    let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
    guard parts.count == 2, let lo = Int(parts[0]), let hi = Int(parts[1]) else {
      throw args.invalid("range", expected: "lo:hi with integers lo <= hi")
    }
    guard lo <= hi else { throw args.invalid("range", expected: "lo:hi with lo <= hi") }
    guard input.contains(lo), input.contains(hi) else {
      throw args.invalid(
        "range", expected: "bounds inside the \(input.bits)-bit input range \(input.min)...\(input.max)")
    }
    guard hi - lo < maxRangeCount else {
      throw args.invalid("range", expected: "at most \(maxRangeCount) values")
    }
    return lo...hi
  }

  /// A validation failure of a value built from options, as a usage error naming the option.
  static func optionError(_ e: ValueError, _ args: ParsedArguments) -> CLIError {
    var key = e.path
    if key.hasPrefix(".") { key.removeFirst() }
    let name = String(key.map { $0 == "_" ? "-" : $0 })
    guard args.spec.option(named: name) != nil else { return .usage(e.description) }
    return args.invalid(name, value: e.got, expected: e.expected)
  }

  static func run(_ args: ParsedArguments, environment env: CommandEnvironment) throws {
    let r = try request(args)
    let target = r.activation
    let range = FitDomain.range(r.range)
    let runs = target.constantRuns()
    // What the target asks of the shifter over the range: "auto" picks P and R from it, warnings name the rest.
    let needs = SlopeNeeds(target: target, calibration: range, runs: runs)
    var architecture = r.architecture
    if r.autoPreShift {
      architecture.preShift = needs.neededPreShift
      while architecture.preShift < GRAUArchitecture.preShiftRange.upperBound,
        (try? architecture.validate(output: target.output, path: "")) == nil
      {
        architecture.preShift += 1
      }
    }
    if r.autoStages { architecture.stages = needs.neededStages(preShift: architecture.preShift) }
    let warnings = FitWarning.check(needs, architecture).map {
      $0.description.replacingOccurrences(of: "pre_shift ", with: "--pre-shift ").replacingOccurrences(
        of: "and stages ", with: "and --stages ")
    }
    do { try architecture.validate(output: target.output, path: "out-bits") } catch {
      // The slopes may ask for more than the bias register does: say so in the same message.
      throw CLIError.usage(
        ([
          "--out-bits \(target.output.bits) needs "
            + error.expected.replacingOccurrences(of: "pre_shift", with: "--pre-shift")
        ]
          + warnings).joined(separator: "; and "))
    }
    let domain = r.fitRange == .full ? range.covering(runs: runs) : range
    let clock = ContinuousClock()
    let start = clock.now
    let fit = try PWLFitter.fit(target, domain: domain, architecture: architecture, options: r.options)
    let fitTime = clock.now - start
    let mtStart = clock.now
    let mt = MTFitter.thresholds(target, domain: domain)
    let mtTime = clock.now - mtStart
    // Errors over --range (the fit domain's extra points only steer the fit), and over every input.
    let error = ErrorMetrics.measure(domain: range, target: { target($0) }) { GRAUReference.output($0, fit.parameters) }
    let mtError = ErrorMetrics.measure(
      domain: range, target: { target($0) }, unit: { [lookup = MTLookup(mt)] in lookup.output($0) })
    let report = FitReport(
      activation: target, parameters: fit.parameters, range: r.range, objective: r.options.objective,
      apotMaxTerms: r.options.apotMaxTerms, error: error, mt: mt, mtError: mtError, fitRange: r.fitRange,
      fullRange: FullRange.error(fit.parameters, target: target, runs: runs),
      mtFullRange: FullRange.error(mt, target: target, runs: runs), warnings: warnings,
      autoPreShift: r.autoPreShift, autoStages: r.autoStages, fitter: r.options.fitter)

    env.stdout.write(FitTable.render(report, fitTime: fitTime, mtTime: mtTime, exhaustive: fit.exhaustiveCandidates))
    for w in warnings { env.stderr.write("warning: \(w)\n") }
    if let path = r.jsonPath {
      try OutputFile.write(try report.formatted(), to: env.resolve(path), displayPath: path)
      env.stdout.write("wrote \(path)\n")
    }
  }
}
