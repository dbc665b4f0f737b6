import Foundation

/// Why a `.npy` trace could not be used.
struct NpyError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file, as named in the configuration (joined with the trace directory).
  var file: String
  var message: String
  /// Whether the file does not exist or cannot be read as a file (as opposed to being malformed).
  var isMissingFile: Bool

  init(file: String, message: String, isMissingFile: Bool = false) {
    self.file = file
    self.message = message
    self.isMissingFile = isMissingFile
  }

  var description: String { "\(file): \(message)" }
}

/// The header of a NumPy `.npy` file.
struct NpyHeader: Sendable, Hashable {
  /// The element types grausim reads.
  enum DType: String, Sendable, Hashable, CaseIterable {
    case int8 = "|i1"
    case int16 = "<i2"
    case int32 = "<i4"
    case int64 = "<i8"
    case float32 = "<f4"
    case float64 = "<f8"

    var size: Int {
      switch self {
      case .int8: 1
      case .int16: 2
      case .int32, .float32: 4
      case .int64, .float64: 8
      }
    }

    var isInteger: Bool { self != .float32 && self != .float64 }
  }

  var file: String
  var dtype: DType
  var shape: [Int]
  /// Byte offset of the first element.
  var dataOffset: Int

  /// Number of elements (the product of the shape; 1 for a scalar). At most ``maxElements``: the parser refuses
  /// larger shapes, so the product and `count · dtype.size` cannot overflow.
  var count: Int { CheckedSize.product(shape) ?? Int.max }

  /// The largest array grausim reads (2^40 elements).
  static let maxElements = 1 << 40

  /// Checks that the array is a layer's `(C, H, W)` output or its flat `C·H·W` form.
  func checkShape(channels c: Int, height h: Int, width w: Int) throws(NpyError) {
    let flat = CheckedSize.product([c, h, w]) ?? -1
    let expected = "shape (\(c), \(h), \(w)) or (\(flat),)"
    guard shape == [c, h, w] || shape == [flat] else {
      let got = "(" + shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? ",)" : ")")
      throw NpyError(file: file, message: "expected \(expected), got shape \(got) (\(count) elements)")
    }
  }

  /// Checks that the array holds `c` channels of any number of pixels: shape (c, …) with at least one pixel.
  func checkChannels(_ c: Int) throws(NpyError) {
    guard let first = shape.first, first == c, count >= c, count > 0 else {
      let got = "(" + shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? ",)" : ")")
      throw NpyError(file: file, message: "expected shape (\(c), …) with at least one pixel, got \(got)")
    }
  }
}

/// Reads NumPy `.npy` arrays (format versions 1.0 and 2.0): little-endian `<i2`, `<i4`, `<f4`, `<f8`, C order.
///
/// Integer elements are taken as MAC results; real elements are real-valued MAC results in input LSBs and are
/// rounded half away from zero. Both are then clamped to the W-bit signed input range (what the MAC's output
/// register would saturate to). NaN is an error.
enum NpyReader {
  /// Reads and checks the header of `path`.
  static func header(path: String) throws(NpyError) -> NpyHeader {
    let prefix: [UInt8]
    do { prefix = try InputFile.prefix(path, count: 65_536 + 12) } catch {
      throw NpyError(file: path, message: error.reason, isMissingFile: true)
    }
    return try parseHeader(prefix, file: path)
  }

  /// Reads the whole array at `path` as W-bit input values in C order.
  ///
  /// - Complexity: O(n) time and memory for n elements (traces are small by nature).
  static func readInputs(path: String, inputBits: Int) throws(NpyError) -> [Int32] {
    let data: [UInt8]
    do { data = try InputFile.read(path) } catch {
      throw NpyError(file: path, message: error.reason, isMissingFile: true)
    }
    return try decodeInputs(data, file: path, inputBits: inputBits).values
  }

  /// Reads the whole integer array at `path` (dtype `|i1`, `<i2`, `<i4` or `<i8`) in C order, exactly.
  static func readIntegers(path: String) throws(NpyError) -> (header: NpyHeader, values: [Int64]) {
    let bytes: [UInt8]
    do { bytes = try InputFile.read(path) } catch {
      throw NpyError(file: path, message: error.reason, isMissingFile: true)
    }
    let header = try parseHeader(bytes, file: path)
    guard header.dtype.isInteger else {
      throw NpyError(
        file: path, message: "expected an integer array (|i1, <i2, <i4, <i8), got dtype \(header.dtype.rawValue)")
    }
    let n = header.count
    let size = header.dtype.size
    try checkDataSize(bytes, header)
    let base = header.dataOffset
    let values = (0..<n).map { i -> Int64 in
      var v: UInt64 = 0
      for b in 0..<size { v |= UInt64(bytes[base + i * size + b]) << (8 * UInt64(b)) }
      let shift = UInt64(64 - 8 * size)
      return Int64(bitPattern: v << shift) >> Int64(shift)
    }
    return (header, values)
  }

  /// Checks that `bytes` hold exactly the elements `header` promises after it.
  private static func checkDataSize(_ bytes: [UInt8], _ header: NpyHeader) throws(NpyError) {
    let (n, size) = (header.count, header.dtype.size)
    guard bytes.count - header.dataOffset == n * size else {
      throw NpyError(
        file: header.file,
        message:
          "the header promises \(n) elements of \(size) bytes (\(n * size) bytes), but the file holds \(bytes.count - header.dataOffset) data bytes"
      )
    }
  }

  /// Decodes a complete `.npy` file held in memory.
  static func decodeInputs(_ bytes: [UInt8], file: String, inputBits: Int) throws(NpyError) -> (
    header: NpyHeader, values: [Int32]
  ) {
    let header = try parseHeader(bytes, file: file)
    let n = header.count
    let size = header.dtype.size
    try checkDataSize(bytes, header)
    let format = IntegerFormat(bits: inputBits, signed: true)
    var values = [Int32](repeating: 0, count: n)
    let base = header.dataOffset
    func raw(_ i: Int) -> UInt64 {
      var v: UInt64 = 0
      for b in 0..<size { v |= UInt64(bytes[base + i * size + b]) << (8 * UInt64(b)) }
      return v
    }
    for i in 0..<n {
      let r = raw(i)
      let x: Int
      switch header.dtype {
      case .int8: x = Int(Int8(truncatingIfNeeded: r))
      case .int16: x = Int(Int16(truncatingIfNeeded: r))
      case .int32: x = Int(Int32(truncatingIfNeeded: r))
      case .int64: x = Int(Int64(truncatingIfNeeded: r))
      case .float32, .float64:
        let d =
          header.dtype == .float32 ? Double(Float(bitPattern: UInt32(truncatingIfNeeded: r))) : Double(bitPattern: r)
        guard !d.isNaN else { throw NpyError(file: file, message: "element \(i) is NaN") }
        let clamped = min(max(d, Double(format.min)), Double(format.max))
        x = Int(clamped.rounded(.toNearestOrAwayFromZero))
      }
      values[i] = Int32(format.clamp(x))
    }
    return (header, values)
  }

  /// Parses the magic, version and header dictionary.
  static func parseHeader(_ bytes: [UInt8], file: String) throws(NpyError) -> NpyHeader {
    func fail(_ m: String) -> NpyError { NpyError(file: file, message: m) }
    let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
    guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw fail("not a .npy file (bad magic)") }
    let major = bytes[6]
    let length: Int
    let start: Int
    switch major {
    case 1:
      length = Int(bytes[8]) | Int(bytes[9]) << 8
      start = 10
    case 2:
      guard bytes.count >= 12 else { throw fail("truncated header") }
      length = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
      start = 12
    default:
      throw fail("unsupported .npy format version \(major).\(bytes[7]) (expected 1.0 or 2.0)")
    }
    guard bytes.count >= start + length else { throw fail("truncated header") }
    let text = String(decoding: bytes[start..<(start + length)], as: UTF8.self)
    let dict = try parseDictionary(text, fail: fail)
    guard let descr = dict["descr"], let fortran = dict["fortran_order"], let shapeText = dict["shape"] else {
      throw fail("header lacks descr, fortran_order or shape: \(text.trimmingSpaces)")
    }
    var d = descr.trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
    if d == "<i1" { d = "|i1" }
    guard let dtype = NpyHeader.DType(rawValue: d) else {
      let supported = NpyHeader.DType.allCases.map(\.rawValue).joined(separator: ", ")
      throw fail("unsupported dtype '\(d)' (supported: \(supported), little-endian)")
    }
    guard fortran == "False" else { throw fail("Fortran-order arrays are not supported (save with C order)") }
    let inner = shapeText.trimmingCharacters(in: CharacterSet(charactersIn: "() "))
    var shape: [Int] = []
    for part in inner.split(separator: ",") {
      let t = part.trimmingCharacters(in: .whitespaces)
      if t.isEmpty { continue }
      guard let v = Int(t), v >= 0 else { throw fail("bad shape \(shapeText)") }
      shape.append(v)
    }
    guard CheckedSize.product(shape, atMost: NpyHeader.maxElements) != nil else {
      throw fail("shape \(shapeText) is too large (more than 2^40 elements)")
    }
    return NpyHeader(file: file, dtype: dtype, shape: shape, dataOffset: start + length)
  }

  /// Splits the Python dict literal of a header into key → value text (values unparsed).
  private static func parseDictionary(_ text: String, fail: (String) -> NpyError) throws(NpyError) -> [String: String] {
    let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard t.first == "{", t.last == "}" else { throw fail("malformed header dictionary") }
    var result: [String: String] = [:]
    var depth = 0
    var current = ""
    var parts: [String] = []
    for c in t.dropFirst().dropLast() {
      if c == "(" { depth += 1 }
      if c == ")" { depth -= 1 }
      if c == ",", depth == 0 {
        parts.append(current)
        current = ""
      } else {
        current.append(c)
      }
    }
    parts.append(current)
    for p in parts where !p.trimmingCharacters(in: .whitespaces).isEmpty {
      guard let colon = p.firstIndex(of: ":") else { throw fail("malformed header entry '\(p)'") }
      let key = p[..<colon].trimmingCharacters(in: CharacterSet(charactersIn: " '\""))
      result[key] = p[p.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    return result
  }
}
