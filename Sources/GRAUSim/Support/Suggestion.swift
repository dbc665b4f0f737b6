/// "Did you mean" suggestions for misspelled names (keys, functions, units).
enum Suggestion {
  /// The candidate closest to `word` by edit distance, if it is close enough to be a plausible typo.
  ///
  /// - Complexity: O(`candidates.count` · `word.count` · longest candidate).
  static func closest(to word: String, in candidates: [String]) -> String? {
    var best: (name: String, distance: Int)?
    for c in candidates {
      let d = editDistance(word.lowercased(), c.lowercased())
      if d < (best?.distance ?? .max) { best = (c, d) }
    }
    guard let best else { return nil }
    let limit = Swift.max(1, Swift.min(3, word.count / 3 + 1))
    return best.distance <= limit ? best.name : nil
  }

  /// Levenshtein distance with unit costs.
  static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars)
    let b = Array(b.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
        current[j] = Swift.min(substitution, previous[j] + 1, current[j - 1] + 1)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
