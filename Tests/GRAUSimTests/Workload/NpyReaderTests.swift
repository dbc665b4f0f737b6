import Foundation
import Testing

@testable import GRAUSim

@Suite struct NpyReaderTests {
  /// The formula scripts/make_traces.py writes: v[c,h,w] = (1000c + 10h + w)·(−1)^(c+h+w).
  static func pattern(_ c: Int, _ h: Int, _ w: Int) -> Int { (1000 * c + 10 * h + w) * ((c + h + w) % 2 == 0 ? 1 : -1) }
  static let expected: [Int] = (0..<4).flatMap { c in (0..<3).flatMap { h in (0..<3).map { w in pattern(c, h, w) } } }

  @Test(arguments: ["trace_i2.npy", "trace_v2.npy"])
  func readsNumpyIntegers(_ name: String) throws {
    let h = try NpyReader.header(path: Fixtures.path(name))
    #expect(h.dtype == .int16)
    #expect(h.shape == [4, 3, 3])
    try h.checkShape(channels: 4, height: 3, width: 3)
    let v = try NpyReader.readInputs(path: Fixtures.path(name), inputBits: 16)
    #expect(v.map(Int.init) == Self.expected)
  }

  @Test func roundsRealsHalfAwayFromZero() throws {
    let v = try NpyReader.readInputs(path: Fixtures.path("trace_f4.npy"), inputBits: 16)
    #expect(v.map(Int.init) == Self.expected.map { $0 >= 0 ? $0 + 1 : $0 - 1 })
  }

  @Test func clampsToTheInputWidth() throws {
    let h = try NpyReader.header(path: Fixtures.path("trace_i4_flat.npy"))
    #expect(h.dtype == .int32 && h.shape == [36])
    try h.checkShape(channels: 4, height: 3, width: 3)
    let v = try NpyReader.readInputs(path: Fixtures.path("trace_i4_flat.npy"), inputBits: 16)
    #expect(v.map(Int.init) == (0..<36).map { min(max(($0 - 18) * 5000, -32768), 32767) })
  }

  @Test(arguments: [
    ("bad_fortran.npy", "Fortran"), ("bad_dtype.npy", "unsupported dtype '<u8'"),
    ("bad_bigendian.npy", "unsupported dtype '>i2'"),
  ])
  func rejectsUnsupportedFiles(_ name: String, _ message: String) {
    do {
      _ = try NpyReader.header(path: Fixtures.path(name))
      Issue.record("expected an error for \(name)")
    } catch {
      #expect(error.message.contains(message), "\(error)")
      #expect(error.description.contains(name))
    }
  }

  @Test func wrongShapeNamesFileAndExpectedShape() throws {
    let h = try NpyReader.header(path: Fixtures.path("bad_shape.npy"))
    do {
      try h.checkShape(channels: 4, height: 3, width: 3)
      Issue.record("expected an error")
    } catch {
      #expect(error.description.contains("bad_shape.npy"))
      #expect(error.description.contains("expected shape (4, 3, 3) or (36,)"))
      #expect(error.description.contains("got shape (3, 3, 4)"))
    }
  }

  @Test func truncatedAndGarbageFilesAreErrors() throws {
    let good = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("trace_i2.npy"))))
    #expect(throws: NpyError.self) { try NpyReader.decodeInputs(Array(good.dropLast(2)), file: "t.npy", inputBits: 16) }
    #expect(throws: NpyError.self) { try NpyReader.decodeInputs(Array(good.prefix(20)), file: "t.npy", inputBits: 16) }
    #expect(throws: NpyError.self) { try NpyReader.decodeInputs(Array("hello".utf8), file: "t.npy", inputBits: 16) }
    var v3 = good
    v3[6] = 3
    #expect(throws: NpyError.self) { try NpyReader.decodeInputs(v3, file: "t.npy", inputBits: 16) }
  }

  @Test func missingFileIsFlagged() {
    do {
      _ = try NpyReader.header(path: Fixtures.path("nope.npy"))
      Issue.record("expected an error")
    } catch {
      #expect(error.isMissingFile)
    }
  }

  @Test func configRejectsAWrongShapeTraceWithItsPath() {
    let text = #"""
      {"network": {"layers": [{"name": "l", "channels": 4, "height": 3, "width": 3, "activation": "relu",
        "trace": "bad_shape.npy"}]}}
      """#
    do {
      _ = try SimulationConfig.decode(text, file: "t.json", directory: Fixtures.directory)
      Issue.record("expected an error")
    } catch {
      #expect(error.kind == .invalidTrace)
      #expect(error.path == "network.layers[0].trace")
      #expect(error.got.contains("(4, 3, 3)"))
    }
  }
}
