/// A value outside its allowed range, named by its path (`layers[3].out_bits`).
package struct ValueError: Error, Sendable, Equatable, CustomStringConvertible {
  var path: String
  var expected: String
  var got: String

  init(path: String, expected: String, got: String) {
    self.path = path
    self.expected = expected
    self.got = got
  }

  package var description: String { "\(path): expected \(expected), got \(got)" }
}
