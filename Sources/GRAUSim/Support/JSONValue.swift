/// A JSON document as a value: what reports are written from and configs are read into.
///
/// Integers and floating-point numbers are distinct cases so that a count written as `3` is read back as `3`,
/// not `3.0`. Objects keep the order their keys were parsed or inserted in (so error messages can walk a config
/// in file order), but compare equal regardless of order and are always *written* with keys sorted, which makes
/// the output byte-stable.
enum JSONValue: Sendable, Hashable {
  case null
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
  case array([JSONValue])
  case object(JSONObject)

  /// The kind of value, as error messages name it ("an integer", "a string", …).
  var kindDescription: String {
    switch self {
    case .null: "null"
    case .bool: "a boolean"
    case .int: "an integer"
    case .double: "a number"
    case .string: "a string"
    case .array: "an array"
    case .object: "an object"
    }
  }

  /// `d` as a number, or `null` when it is NaN or infinite (which JSON cannot represent): for report figures
  /// such as a ratio over zero cycles.
  static func finite(_ d: Double) -> JSONValue { d.isFinite ? .double(d) : .null }

  /// The member `key` of an object, nil for a missing key or a non-object.
  subscript(key: String) -> JSONValue? {
    if case .object(let o) = self { return o[key] }
    return nil
  }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
  ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
  init(nilLiteral: ()) { self = .null }
  init(booleanLiteral value: Bool) { self = .bool(value) }
  init(integerLiteral value: Int) { self = .int(value) }
  init(floatLiteral value: Double) { self = .double(value) }
  init(stringLiteral value: String) { self = .string(value) }
  init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
  init(dictionaryLiteral elements: (String, JSONValue)...) {
    var o = JSONObject()
    for (k, v) in elements { o[k] = v }
    self = .object(o)
  }
}

/// The members of a JSON object, in insertion (or file) order; keys are unique.
///
/// Lookup is a linear scan below 16 members (the size of every object grausim writes) and a hash lookup above.
struct JSONObject: Sendable, Hashable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
  typealias Element = (key: String, value: JSONValue)

  private(set) var keys: [String] = []
  private(set) var values: [JSONValue] = []
  private var index: [String: Int] = [:]

  init() {}

  /// An object from a literal, members in the order written; a later duplicate key replaces the earlier value.
  init(dictionaryLiteral elements: (String, JSONValue)...) {
    for (k, v) in elements { self[k] = v }
  }

  /// An object from key/value pairs; a later duplicate key replaces the earlier value in place.
  init(_ pairs: some Sequence<(String, JSONValue)>) {
    for (k, v) in pairs { self[k] = v }
  }

  var startIndex: Int { 0 }
  var endIndex: Int { keys.count }
  subscript(position: Int) -> Element { (keys[position], values[position]) }

  /// The position of `key`, if present.
  func position(of key: String) -> Int? {
    if keys.count < 16 { return keys.firstIndex(of: key) }
    return index[key]
  }

  /// Reads, inserts (at the end), replaces (in place) or removes (with `nil`) the member `key`.
  subscript(key: String) -> JSONValue? {
    get { position(of: key).map { values[$0] } }
    set {
      if let i = position(of: key) {
        if let newValue {
          values[i] = newValue
        } else {
          keys.remove(at: i)
          values.remove(at: i)
          rebuildIndex()
        }
      } else if let newValue {
        keys.append(key)
        values.append(newValue)
        if keys.count >= 16 {
          if index.isEmpty { rebuildIndex() } else { index[key] = keys.count - 1 }
        }
      }
    }
  }

  /// The members sorted by key (by Unicode scalar values, as the writer emits them).
  var sortedMembers: [Element] {
    zip(keys, values).sorted { JSONObject.keyOrder($0.0, $1.0) }.map { ($0.0, $0.1) }
  }

  // Byte order of the UTF-8 encoding equals scalar order: deterministic on every platform and locale.
  static func keyOrder(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8)
  }

  private mutating func rebuildIndex() {
    index = [:]
    guard keys.count >= 16 else { return }
    for (i, k) in keys.enumerated() { index[k] = i }
  }

  /// Equal when both have the same members, whatever their order.
  static func == (a: JSONObject, b: JSONObject) -> Bool {
    guard a.count == b.count else { return false }
    for (k, v) in zip(a.keys, a.values) where b[k] != v { return false }
    return true
  }

  func hash(into hasher: inout Hasher) {
    hasher.combine(keys.count)
    for (k, v) in sortedMembers {
      hasher.combine(k)
      hasher.combine(v)
    }
  }
}
