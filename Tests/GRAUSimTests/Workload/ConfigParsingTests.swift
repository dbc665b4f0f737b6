import Testing

@testable import GRAUSim

@Suite struct ConfigParsingTests {
  @Test func keepsBooleansIntegersAndRealsApart() throws {
    let v = try JSONValue.parseConfig(#"{"a": true, "b": 1, "c": 1.0, "d": -2e3, "e": null, "f": "x\u00e9\n"}"#)
    #expect(v["a"] == .bool(true))
    #expect(v["b"] == .int(1))
    #expect(v["c"] == .double(1.0))
    #expect(v["d"] == .double(-2000))
    #expect(v["e"] == .null)
    #expect(v["f"] == .string("xé\n"))
  }

  @Test(arguments: ["{", "[1,]", "{\"a\" 1}", "01", "tru", "\"abc", "{\"a\":1} x", "1.", "-", "{\"a\":1,\"a\":2}"])
  func rejectsMalformedTextAsSyntaxErrors(_ text: String) {
    #expect {
      try JSONValue.parseConfig(text)
    } throws: { error in
      (error as? ConfigError)?.kind == .syntax
    }
  }

  @Test func syntaxErrorsNameLineAndColumn() {
    do {
      _ = try JSONValue.parseConfig("{\n  \"a\": 1,\n  \"b\": ?\n}")
      Issue.record("expected an error")
    } catch {
      #expect(error.kind == .syntax)
      #expect(error.path == "line 3, column 8")
      #expect(error.description == "line 3, column 8: invalid JSON: expected a JSON value, found '?'")
    }
  }

  @Test func summariesNameTypeAndShortValues() {
    #expect(JSONValue.bool(true).summary == "true")
    #expect(JSONValue.int(-3).summary == "-3")
    #expect(JSONValue.double(0.5).summary == "0.5")
    #expect(JSONValue.string("abc").summary == "\"abc\"")
    #expect(JSONValue.string(String(repeating: "x", count: 41)).summary == "a string")
    #expect(JSONValue.array([1]).summary == "an array")
    #expect(JSONValue.object([:]).summary == "an object")
  }

  @Test func nonFiniteReportNumbersBecomeNull() {
    #expect(JSONValue.finite(.nan) == .null)
    #expect(JSONValue.finite(-.infinity) == .null)
    #expect(JSONValue.finite(2.5) == .double(2.5))
  }
}
