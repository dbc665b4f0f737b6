/// A value outside its allowed range, named by its path (`layers[3].out_bits`).
public struct ValueError: Error, Sendable, Equatable, CustomStringConvertible {
  public var path: String
  public var expected: String
  public var got: String

  public init(path: String, expected: String, got: String) {
    self.path = path
    self.expected = expected
    self.got = got
  }

  public var description: String { "\(path): expected \(expected), got \(got)" }
}
