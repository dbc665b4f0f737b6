import Testing

@testable import GRAUSim

@Suite struct TextTableTests {
  @Test func namesAlignLeftAndFiguresRight() {
    var table = TextTable(header: ["layer", "unit", "cycles"], nameColumns: 2)
    table.rows = [["conv0", "grau", "7"], ["conv10", "mt", "12345"], ["TOTAL", "grau", "12352"]]
    table.rulesBefore = [2]
    #expect(
      table.render() == """
        layer   unit  cycles
        --------------------
        conv0   grau       7
        conv10  mt     12345
        --------------------
        TOTAL   grau   12352

        """)
  }

  @Test func withoutRulesOnlyTheHeaderAndRows() {
    var table = TextTable(header: ["a", "b"], nameColumns: 1, rows: [["xyz", "1"]])
    table.ruleAfterHeader = false
    #expect(table.render() == "a    b\nxyz  1\n")
  }

  @Test(arguments: [
    ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
    ("carriage\rreturn", "\"carriage\rreturn\""), ("crlf\r\n", "\"crlf\r\n\""), ("", ""),
  ])
  func csvQuotesOnlyWhatNeedsQuoting(field: String, expected: String) {
    #expect(CSV.field(field) == expected)
  }

  @Test func csvLineEndsInANewline() {
    #expect(CSV.line(["a", "b,c", "1.5"]) == "a,\"b,c\",1.5\n")
  }
}
