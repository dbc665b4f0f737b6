import Testing

@testable import GRAUSim

@Suite struct ConfigJSONTests {
  @Test func keepsBooleansIntegersAndRealsApart() throws {
    let v = try ConfigJSON.parse(#"{"a": true, "b": 1, "c": 1.0, "d": -2e3, "e": null, "f": "x\u00e9\n"}"#)
    #expect(v["a"] == .bool(true))
    #expect(v["b"] == .integer(1))
    #expect(v["c"] == .number(1.0))
    #expect(v["d"] == .number(-2000))
    #expect(v["e"] == .null)
    #expect(v["f"] == .string("xé\n"))
  }

  @Test(arguments: ["{", "[1,]", "{\"a\" 1}", "01", "tru", "\"abc", "{\"a\":1} x", "1.", "-"])
  func rejectsMalformedText(_ text: String) {
    #expect(throws: ConfigError.self) { try ConfigJSON.parse(text) }
  }

  @Test func syntaxErrorsNameLineAndColumn() {
    do {
      _ = try ConfigJSON.parse("{\n  \"a\": 1,\n  \"b\": ?\n}")
      Issue.record("expected an error")
    } catch {
      #expect(error.kind == .syntax)
      #expect(error.path == "line 3, column 8")
    }
  }

  @Test func rendersSortedAndRoundTrips() throws {
    let text = #"{"z": [1, 2.5, "q\"x"], "a": {"y": false, "b": null}, "m": -0.001}"#
    let v = try ConfigJSON.parse(text)
    let out = v.rendered(indent: nil)
    #expect(out == #"{"a":{"b":null,"y":false},"m":-0.001,"z":[1,2.5,"q\"x"]}"#)
    #expect(try ConfigJSON.parse(v.rendered()) == ConfigJSON.parse(out))
  }

  @Test(arguments: [0.1, 1e-05, 123456.789, 1e300, -3.0, 0.030_25])
  func realsRoundTripExactly(_ d: Double) throws {
    let text = ConfigJSON.number(d).rendered()
    #expect(try ConfigJSON.parse(text) == .number(d) || (try ConfigJSON.parse(text)) == .integer(Int(d)))
    guard case .number(let back) = try ConfigJSON.parse(text) else { return }
    #expect(back == d)
  }
}
