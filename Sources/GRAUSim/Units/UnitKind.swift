/// The hardware unit variants grausim models, simulates, emits and costs.
package enum UnitKind: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
  /// GRAU pipelined: pre-shift, comparator stages, R shifter stages, sign, bias; one result per cycle.
  case grau
  /// GRAU serialized: one comparator and one shifter stage reused; one element in flight.
  case grauSerial = "grau_serial"
  /// Multi-threshold, one comparator stage per threshold (sized for the largest precision served).
  case mt
  /// Multi-threshold, one comparator walking the thresholds; one element in flight.
  case mtSerial = "mt_serial"
  /// Multi-threshold binary search (FINN's RTL thresholding): one stage per output bit.
  case mtBinarySearch = "mt_bs"

  package static func < (a: UnitKind, b: UnitKind) -> Bool {
    allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
  }

  /// Whether this is a GRAU variant (fitted PWL parameters) rather than an MT variant (thresholds).
  package var isGRAU: Bool { self == .grau || self == .grauSerial }
  /// Whether at most one element is in flight.
  var isSerialized: Bool { self == .grauSerial || self == .mtSerial }
}
