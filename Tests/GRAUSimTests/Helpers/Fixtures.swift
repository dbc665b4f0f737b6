import Foundation

/// Paths of the shared test fixtures in Tests/Fixtures.
enum Fixtures {
  static let directory: String = {
    var url = URL(fileURLWithPath: #filePath)
    // Tests/GRAUSimTests/Helpers/Fixtures.swift -> Tests/Fixtures
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("Fixtures").path
  }()

  static func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

  /// The repository root (for configs/ and traces/).
  static let root: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path
  }()
}
