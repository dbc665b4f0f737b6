import Foundation
import Testing

/// Golden files (Tests/GRAUSimTests/Golden): outputs that must stay byte-identical. After an intended change,
/// re-record with `GRAUSIM_RECORD_GOLDEN=1 swift test --filter <Suite>` and review the diff.
enum Golden {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Golden")

  /// The golden file `name` (a path below Tests/GRAUSimTests/Golden).
  static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

  /// Compares `produced` with the golden file `name`, or records it when `GRAUSIM_RECORD_GOLDEN=1`; a difference is
  /// reported with its first differing line.
  static func check(_ produced: [UInt8], _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = url(name)
    if ProcessInfo.processInfo.environment["GRAUSIM_RECORD_GOLDEN"] == "1" {
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(produced).write(to: url)
      return
    }
    guard let golden = try? Data(contentsOf: url) else {
      Issue.record(
        "missing golden file \(url.path); record it with GRAUSIM_RECORD_GOLDEN=1", sourceLocation: sourceLocation)
      return
    }
    guard produced != [UInt8](golden) else { return }
    let a = String(decoding: produced, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    let b = String(decoding: golden, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
    let got = line < a.count ? String(a[line]) : "<eof>"
    let want = line < b.count ? String(b[line]) : "<eof>"
    Issue.record(
      "\(name) differs from the golden file at line \(line + 1): got '\(got)', expected '\(want)'",
      sourceLocation: sourceLocation)
  }

  static func check(_ produced: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    try check(Array(produced.utf8), name, sourceLocation: sourceLocation)
  }
}
