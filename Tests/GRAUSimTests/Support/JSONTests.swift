import Testing

@testable import GRAUSim

@Suite struct JSONWriterTests {
  @Test func prettyLayoutSortedKeysAndTypes() throws {
    let v: JSONValue = [
      "b": [1, 2.5, "x\"y\\z\n\t\u{01}é", nil, true], "a": [:], "c": [], "d": [[1], [:]],
      "A": ["z": -0.0, "y": 1e-5, "x": 1e300],
    ]
    #expect(
      try v.formatted() == """
        {
          "A": {
            "x": 1e+300,
            "y": 1e-05,
            "z": -0.0
          },
          "a": {},
          "b": [1, 2.5, "x\\"y\\\\z\\n\\t\\u0001é", null, true],
          "c": [],
          "d": [
            [1],
            {}
          ]
        }

        """)
    #expect(
      try v.compact()
        == #"{"A":{"x":1e+300,"y":1e-05,"z":-0.0},"a":{},"b":[1,2.5,"x\"y\\z\n\t\u0001é",null,true],"c":[],"d":[[1],{}]}"#
    )
  }

  @Test func insertionOrderDoesNotChangeOutput() throws {
    var a = JSONObject()
    var b = JSONObject()
    let keys = (0..<40).map { "k\($0 * 7919 % 97)" }
    for (i, k) in keys.enumerated() { a[k] = .int(i) }
    for (i, k) in keys.enumerated().reversed() { b[k] = .int(i) }
    #expect(a == b)
    #expect(try JSONValue.object(a).formatted() == JSONValue.object(b).formatted())
    #expect(a.keys == keys)  // insertion order is kept for lookups and error messages
  }

  @Test(arguments: [Double.nan, .infinity, -.infinity])
  func nonFiniteIsRejectedWithItsPath(d: Double) {
    let v: JSONValue = ["error": ["list": [1, .double(d)]]]
    #expect(throws: JSONWriteError.self) { try v.formatted() }
    do {
      _ = try v.formatted()
    } catch {
      #expect(error.path == "error.list[1]")
      #expect(error.description.hasPrefix("cannot write \(d) as JSON at error.list[1]"))
    }
  }

  @Test func doublesRoundTripBitForBit() throws {
    var rng = SplitMix64(seed: 0x4A53_4F4E)
    var values: [Double] = [
      0.1, 1.0 / 3, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -2.5e-7, 123456789.0, 1e16, 0.0005,
    ]
    for _ in 0..<2000 {
      values.append(Double(bitPattern: rng.next() & ~(0x7FF << 52) | (UInt64.random(in: 1...2046, using: &rng) << 52)))
    }
    for d in values {
      let text = try JSONValue.double(d).compact()
      #expect(text.contains(".") || text.contains("e"), "\(text) reads back as a double")
      let back = try JSONValue(parsing: text)
      #expect(back == .double(d), "\(d) -> \(text)")
    }
  }

  @Test func integersHaveNoFraction() throws {
    for i in [0, -1, 42, Int.max, Int.min] {
      #expect(try JSONValue.int(i).compact() == String(i))
      #expect(try JSONValue(parsing: String(i)) == .int(i))
    }
  }
}

@Suite struct JSONParserTests {
  @Test func parsesEverythingAndRoundTrips() throws {
    let text = """
      { "name": "gr\\u00e4u \\ud83d\\ude00", "n": [0, -0, 12, -3.5, 1E3, 2e-2, 1.5e+2, 99999999999999999999],
        "t": true, "f": false, "z": null, "nested": {"a": [[], {}], "b": "\\/\\b\\f\\r"} }
      """
    let v = try JSONValue(parsing: text)
    #expect(v["name"] == .string("gräu 😀"))
    #expect(v["n"] == [0, 0, 12, -3.5, 1000.0, 0.02, 150.0, 1e20])
    #expect(v["nested"]?["b"] == .string("/\u{08}\u{0C}\r"))
    guard case .object(let o) = v else {
      Issue.record("not an object")
      return
    }
    #expect(o.keys == ["name", "n", "t", "f", "z", "nested"])  // file order kept
    let written = try v.formatted()
    #expect(try JSONValue(parsing: written) == v)
    #expect(try JSONValue(parsing: written).formatted() == written)  // writer is a fixed point
  }

  static let errors: [(String, String)] = [
    ("", "1:1: expected a JSON value, found the end of the input"),
    ("{\n  \"a\": 1,\n}", "3:1: expected a string key, found '}'"),
    ("[1, 2,]", "1:7: expected a JSON value, found ']'"),
    ("[01]", "1:2: invalid number: leading zeros are not allowed"),
    ("{\"a\": 1, \"a\": 2}", "1:10: duplicate key 'a'"),
    ("[1 2]", "1:4: expected ',' or ']', found '2'"),
    ("{\"é\": x}", "1:7: expected a JSON value, found 'x'"),
    ("\"abc", "1:1: unterminated string"),
    ("\"a\tb\"", "1:3: unescaped control character U+0009 in a string"),
    ("\"\\x\"", "1:2: invalid escape '\\x' in a string"),
    ("\"\\ud800\"", "1:2: unpaired surrogate \\uD800"),
    ("NaN", "1:1: expected a JSON value, found 'N'"),
    ("1.", "1:3: invalid number: expected a digit after '.'"),
    ("-", "1:2: invalid number: expected a digit after '-'"),
    ("1e400", "1:1: number 1e400 is out of the range of a double"),
    ("{} x", "1:4: unexpected 'x' after the JSON value"),
    ("// c\n{}", "1:1: expected a JSON value, found '/'"),
    ("tru", "1:1: expected a JSON value, found 't'"),
  ]

  @Test(arguments: errors)
  func errorsHaveLineAndColumn(text: String, message: String) {
    #expect(throws: (any Error).self) { try JSONValue(parsing: text) }
    do {
      _ = try JSONValue(parsing: text)
    } catch {
      #expect(error.description == message)
    }
  }

  @Test func invalidUTF8IsRejected() {
    #expect(throws: JSONSyntaxError(line: 1, column: 1, message: "invalid UTF-8 in a string")) {
      try JSONValue(parsing: [0x22, 0xFF, 0x22])
    }
  }

  @Test func deepNestingIsAnErrorNotACrash() {
    let deep = String(repeating: "[", count: 100_000)
    #expect(throws: JSONSyntaxError(line: 1, column: 257, message: "nesting deeper than 256 levels")) {
      try JSONValue(parsing: deep)
    }
    let ok = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
    #expect(throws: Never.self) { try JSONValue(parsing: ok) }
  }

  @Test func largeDocumentRoundTrips() throws {
    let rows: [JSONValue] = (0..<5000).map { i in
      [
        "id": .int(i), "x": .double(Double(i) * 0.1 - 7), "name": .string("row \(i)"),
        "tags": [.bool(i % 2 == 0), nil],
      ]
    }
    let doc: JSONValue = ["rows": .array(rows)]
    let text = try doc.formatted()
    #expect(try JSONValue(parsing: text) == doc)
    #expect(try JSONValue(parsing: Array(text.utf8)) == doc)
  }
}

@Suite struct JSONDecodingTests {
  @Test func cursorsNameThePath() throws {
    let v = try JSONValue(parsing: #"{"layers": [{"bits": 4}, {"bits": 0, "nmae": "x"}]}"#)
    let root = try JSONCursor(v).object(allowing: ["layers"])
    let layers = try root.required("layers").array()
    #expect(try layers[0].object(allowing: ["bits"]).required("bits").int(in: 1...16) == 4)
    #expect(throws: JSONDecodingError.invalidValue(path: "layers[1].bits", expected: "an integer in 1...16", got: "0"))
    {
      try layers[1].object(allowing: ["bits", "nmae"]).required("bits").int(in: 1...16)
    }
    #expect(throws: JSONDecodingError.unknownKey(path: "layers[1]", key: "nmae", suggestion: "name")) {
      try layers[1].object(allowing: ["bits", "name"])
    }
    #expect(throws: JSONDecodingError.missingKey(path: "layers[0].name")) {
      try layers[0].object(allowing: ["bits", "name"]).required("name")
    }
    #expect(
      JSONDecodingError.unknownKey(path: "layers[1]", key: "nmae", suggestion: "name").description
        == "layers[1]: unknown key 'nmae' (did you mean 'name'?)")
  }
}
