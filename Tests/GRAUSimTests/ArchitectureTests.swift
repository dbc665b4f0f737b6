import Foundation
import Testing

/// The house rules of Sources/GRAUSim (docs/architecture.md), checked on the source text: every folder uses only
/// the folders below it, nothing below CLI/ prints, and no file grows past 450 lines.
///
/// A use is a top-level type or function of another folder named in code (comments and string literals are
/// left out), so the check sees what `grep -w Name Sources/GRAUSim/<Folder>` would.
@Suite struct ArchitectureTests {
  /// Each folder and the folders it may use. Data flows one way: config → workload → fitting → models on the
  /// kernel → estimation → results → reports; Models/, RTL/ and Estimation/ are siblings (the three uses of one
  /// unit description in Units/) and never use each other.
  static let allowed: [String: Set<String>] = [
    "Support": [],
    "Numerics": ["Support"],
    "Units": ["Numerics", "Support"],
    "Fitting": ["Units", "Numerics", "Support"],
    "Kernel": ["Units", "Numerics", "Support"],
    "Models": ["Kernel", "Units", "Numerics", "Support"],
    "RTL": ["Units", "Numerics", "Support"],
    "Estimation": ["Units", "Numerics", "Support"],
    "Workload": ["Estimation", "Models", "Fitting", "Units", "Numerics", "Support"],
    "Run": ["Workload", "Estimation", "RTL", "Models", "Kernel", "Fitting", "Units", "Numerics", "Support"],
    "Waveforms": ["Run", "Workload", "Models", "Kernel", "Units", "Numerics", "Support"],
    "Reports": ["Run", "Workload", "Estimation", "Models", "Fitting", "Units", "Numerics", "Support"],
    "CLI": [
      "Reports", "Waveforms", "Run", "Workload", "Estimation", "RTL", "Models", "Kernel", "Fitting", "Units",
      "Numerics", "Support",
    ],
  ]

  struct SourceFile {
    /// `Units`, `Run`, …
    var folder: String
    /// Path below Sources/GRAUSim.
    var path: String
    var lineCount: Int
    /// The text with comments and string literals blanked out.
    var code: String
  }

  static let library = Fixtures.root + "/Sources/GRAUSim"

  static func sources() throws -> [SourceFile] {
    let fm = FileManager.default
    var files: [SourceFile] = []
    for case let relative as String in fm.enumerator(atPath: library)! where relative.hasSuffix(".swift") {
      let text = try String(contentsOfFile: library + "/" + relative, encoding: .utf8)
      let folder = relative.contains("/") ? String(relative.split(separator: "/")[0]) : ""
      files.append(
        SourceFile(
          folder: folder, path: relative,
          lineCount: text.split(separator: "\n", omittingEmptySubsequences: false).count - 1,
          code: codeOnly(text)))
    }
    return files.sorted { $0.path < $1.path }
  }

  /// `text` with `//` and `/* */` comments and string literals (single- and multi-line) replaced by spaces.
  static func codeOnly(_ text: String) -> String {
    let s = Array(text.unicodeScalars)
    var out = String.UnicodeScalarView()
    var i = 0
    func at(_ k: Int) -> Unicode.Scalar? { k < s.count ? s[k] : nil }
    while i < s.count {
      let c = s[i]
      if c == "/", at(i + 1) == "/" {
        while i < s.count, s[i] != "\n" { i += 1 }
      } else if c == "/", at(i + 1) == "*" {
        i += 2
        while i < s.count, !(s[i] == "*" && at(i + 1) == "/") { i += 1 }
        i += 2
        out.append(" ")
      } else if c == "\"" {
        let triple = at(i + 1) == "\"" && at(i + 2) == "\""
        i += triple ? 3 : 1
        while i < s.count {
          if s[i] == "\\" {
            i += 2
          } else if triple, s[i] == "\"", at(i + 1) == "\"", at(i + 2) == "\"" {
            i += 3
            break
          } else if !triple, s[i] == "\"" {
            i += 1
            break
          } else {
            if s[i] == "\n" { out.append("\n") }
            i += 1
          }
        }
        out.append(" ")
      } else {
        out.append(c)
        i += 1
      }
    }
    return String(out)
  }

  /// Top-level types and functions visible outside their file, by name, with the folder that declares them.
  static func declarations(_ files: [SourceFile]) -> [String: String] {
    let keyword =
      #/^(?:(?:public|package|internal|final|indirect)\s+)*(?:struct|enum|class|protocol|typealias|actor|func)\s+([A-Za-z_][A-Za-z0-9_]*)/#
    var owner: [String: String] = [:]
    for f in files {
      for line in f.code.split(separator: "\n") {
        guard let m = line.firstMatch(of: keyword) else { continue }
        owner[String(m.1)] = f.folder
      }
    }
    return owner
  }

  /// The identifiers a file names, except member names (`.foo`).
  static func identifiers(_ code: String) -> Set<String> {
    func isStart(_ c: Unicode.Scalar) -> Bool { c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
    func isPart(_ c: Unicode.Scalar) -> Bool { isStart(c) || ("0"..."9").contains(c) }
    var names = Set<String>()
    let s = Array(code.unicodeScalars)
    var i = 0
    while i < s.count {
      guard isStart(s[i]), i == 0 || !isPart(s[i - 1]) else {
        i += 1
        continue
      }
      var j = i
      while j < s.count, isPart(s[j]) { j += 1 }
      if i == 0 || s[i - 1] != "." { names.insert(String(String.UnicodeScalarView(s[i..<j]))) }
      i = j
    }
    return names
  }

  @Test func everyFolderUsesOnlyTheFoldersBelowIt() throws {
    let files = try Self.sources()
    let owner = Self.declarations(files)
    var violations: [String] = []
    for f in files {
      guard let allowed = Self.allowed[f.folder] else {
        violations.append("\(f.path): not in a known folder (\(Self.allowed.keys.sorted().joined(separator: ", ")))")
        continue
      }
      for name in Self.identifiers(f.code).sorted() {
        guard let folder = owner[name], folder != f.folder, !folder.isEmpty else { continue }
        if !allowed.contains(folder) { violations.append("\(f.path) uses \(name) from \(folder)/") }
      }
    }
    #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
  }

  /// Only CLI/ writes to the terminal; everything below it returns values or writes the files it is asked to.
  @Test func nothingBelowCLIPrints() throws {
    let printing =
      #/\bprint\(|\bdebugPrint\(|\bdump\(|FileHandle\.standard|\bputs\(|\bfputs\(|\bStandardStream\b|\bTextSink\b/#
    var violations: [String] = []
    for f in try Self.sources() where f.folder != "CLI" {
      for (n, line) in f.code.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
      where line.contains(printing) {
        violations.append("\(f.path):\(n + 1): \(line.trimmingCharacters(in: .whitespaces))")
      }
    }
    #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
  }

  @Test func noSourceFileIsLongerThan450Lines() throws {
    for f in try Self.sources() {
      #expect(f.lineCount <= 450, "\(f.path) has \(f.lineCount) lines")
    }
  }

  /// The checker itself: a use in code counts, one in a comment or a string does not.
  @Test func codeOnlyDropsCommentsAndStrings() {
    let code = Self.codeOnly(
      """
      let a = Kernel() // uses Run
      /* NetworkRunner */ let b = "Reports \\(x)"
      let c = \"\"\"
        UnitSimulator
        \"\"\"
      """)
    #expect(Self.identifiers(code) == ["let", "a", "Kernel", "b", "c"])
  }
}
