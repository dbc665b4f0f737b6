import Testing

@testable import GRAUSim

@Suite struct FitReportTests {
  static func report(_ mode: SlopeMode) -> FitReport {
    let a = GRAUArchitecture(inputBits: 12, segments: 4, preShift: 5, stages: 10, slopeMode: mode, saturate: true)
    let segments: [GRAUSegment] =
      mode == .pot
      ? [
        .pot(shift: nil, bias: -8), .pot(shift: 3, negative: true, bias: 17), .pot(shift: 10, bias: -2000),
        .pot(shift: 1, bias: 7),
      ]
      : [
        .apot(shifts: [], bias: -8), .apot(shifts: [2, 5], negative: true, bias: 3), .apot(shifts: [10], bias: 0),
        .apot(shifts: [1, 2, 3], bias: 1),
      ]
    let output = IntegerFormat(bits: 4, signed: true)
    let p = GRAUParameters(architecture: a, thresholds: [-100, 0, 250], segments: segments, output: output)
    let q = QuantizedActivation(
      input: a.input, inputScale: 0.0123, gamma: 0.75, beta: -0.125, function: .leakyReLU(alpha: 0.1), outputScale: 0.3,
      zeroPoint: -2, output: output)
    let mt = MTParameters(inputBits: 12, thresholds: (0..<15).map { $0 * 10 - 70 }, output: output)
    return FitReport(
      activation: q, parameters: p, range: -1000...900, objective: .maxabs, apotMaxTerms: 3,
      error: ErrorMetrics(maxAbs: 2, meanAbs: 0.25, mse: 0.4375, exactFraction: 0.8125, weight: 1901),
      mt: mt, mtError: ErrorMetrics(maxAbs: 0, meanAbs: 0, mse: 0, exactFraction: 1, weight: 1901))
  }

  @Test(arguments: SlopeMode.allCases)
  func roundTripThroughText(mode: SlopeMode) throws {
    let r = Self.report(mode)
    try r.parameters.validate()
    let text = try r.formatted()
    let back = try FitReport(json: try JSONValue(parsing: text))
    #expect(back == r)
    #expect(try back.formatted() == text)
  }

  @Test func segmentEncoding() throws {
    let pot = Self.report(.pot).json
    #expect(
      pot["segments"] == [
        ["sign": 1, "bias": -8, "shift": nil], ["sign": -1, "bias": 17, "shift": 3],
        ["sign": 1, "bias": -2000, "shift": 10], ["sign": 1, "bias": 7, "shift": 1],
      ])
    let apot = Self.report(.apot).json
    #expect(apot["segments"]?.arrayElement(1) == ["sign": -1, "bias": 3, "shifts": [2, 5]])
    #expect(
      apot["function"] == [
        "name": "leaky_relu", "alpha": 0.1, "in_scale": 0.0123, "out_scale": 0.3, "gamma": 0.75, "beta": -0.125,
        "zero_point": -2,
      ])
    #expect(apot["qmin"] == -8 && apot["qmax"] == 7)
  }

  static func edited(_ edit: (inout JSONObject) -> Void) -> JSONValue {
    guard case .object(var o) = report(.pot).json else { return .null }
    edit(&o)
    return .object(o)
  }

  static let broken: [(JSONValue, JSONDecodingError)] = [
    (edited { $0["thresholds"] = nil }, .missingKey(path: "thresholds")),
    (edited { $0["segmnets"] = $0["segments"] }, .unknownKey(path: "", key: "segmnets", suggestion: "segments")),
    (edited { $0["qmax"] = 15 }, .invalidValue(path: "qmax", expected: "7 (from out_bits and signed)", got: "15")),
    (
      edited { $0["thresholds"] = [5, 0, 250] },
      .invalidValue(path: "thresholds[1]", expected: "strictly increasing thresholds", got: "0 after 5")
    ),
    (edited { $0["thresholds"] = [0, 250] }, .invalidValue(path: "thresholds", expected: "3 thresholds", got: "2")),
    (edited { $0["stages"] = 2 }, .invalidValue(path: "segments[1].shift", expected: "an integer in 1...2", got: "3")),
    (edited { $0["slope_mode"] = "apot" }, .unknownKey(path: "segments[0]", key: "shift", suggestion: "shifts")),
    (
      edited { $0["slope_mode"] = "pt" },
      .invalidValue(path: "slope_mode", expected: #"one of "pot", "apot" (did you mean "pot"?)"#, got: #""pt""#)
    ),
    (edited { $0["in_bits"] = 12.0 }, .invalidValue(path: "in_bits", expected: "an integer in 2...32", got: "12.0")),
    (edited { $0["range"] = [5, 1] }, .invalidValue(path: "range[1]", expected: "an integer in 5...2047", got: "1")),
    (
      edited { $0["mt_thresholds"] = [1, 2] }, .invalidValue(path: "mt_thresholds", expected: "15 thresholds", got: "2")
    ),
    (edited { $0["version"] = 2 }, .invalidValue(path: "version", expected: "an integer in 1...1", got: "2")),
    (.array([]), .invalidValue(path: "(root)", expected: "an object", got: "an array of 0")),
  ]

  @Test(arguments: broken)
  func decodingErrorsNameThePath(json: JSONValue, expected: JSONDecodingError) {
    #expect(throws: expected) { try FitReport(json: json) }
  }

  @Test func signMustBePlusOrMinusOne() {
    let json = Self.edited { o in
      guard case .array(var s) = o["segments"], case .object(var first) = s[0] else { return }
      first["sign"] = 0
      s[0] = .object(first)
      o["segments"] = .array(s)
    }
    #expect(throws: JSONDecodingError.invalidValue(path: "segments[0].sign", expected: "1 or -1", got: "0")) {
      try FitReport(json: json)
    }
  }
}

extension JSONValue {
  fileprivate func arrayElement(_ i: Int) -> JSONValue? {
    guard case .array(let a) = self, a.indices.contains(i) else { return nil }
    return a[i]
  }
}
