extension RunResult {
  /// The trade-off in one screen: every unit's totals side by side (one unit serving every layer) — accuracy,
  /// resources, cycles split into compute / reconfiguration / fill-drain / stall, energy — with `*` on the best
  /// value of each row, then per GRAU variant and MT variant what GRAU wins, what it loses, where its cycles go
  /// and what it costs in accuracy.
  func renderSummary() -> String {
    guard !totals.isEmpty else { return "" }
    let rows = summaryRows()
    let names = totals.map(\.kind.rawValue)
    var cells: [[String]] = []
    for row in rows {
      guard let values = row.values else {
        cells.append([row.label] + names.map { _ in "" })
        continue
      }
      let known = values.compactMap { $0 }
      let best = row.better == .lower ? known.min() : known.max()
      let marked = known.count > 1 && Set(known).count > 1
      // A row of small figures (energy of a short run) gets the decimals its smallest nonzero value needs.
      let decimals = row.decimals ?? Figure.significantDecimals(known.filter { $0 != 0 }.map(abs).min() ?? 0)
      cells.append(
        [row.label]
          + values.map { v in
            guard let v else { return "- " }
            return Figure.fixed(v, decimals) + (marked && v == best ? "*" : " ")
          })
    }
    var table = TextTable(header: [""] + names.map { $0 + " " }, nameColumns: 1, rows: cells)
    table.ruleAfterHeader = false
    let layerCount = layers.count
    var out = "\nsummary: one unit serving "
    out += layerCount == 1 ? "the layer" : layerCount == 2 ? "both layers" : "all \(layerCount) layers"
    out += "; errors on \(evaluationDescription); * marks the best of each row\n"
    // Headings and unmarked cells end in blanks: no line does.
    for line in table.render().split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
      var text = Substring(line)
      while text.last == " " { text.removeLast() }
      out += text + "\n"
    }
    for g in totals where g.kind.isGRAU {
      for m in totals where !m.kind.isGRAU { out += verdict(g, m) }
    }
    return out
  }

  /// Which way a row is better.
  enum Better { case lower, higher }

  /// One row of the summary: nil values make a heading.
  struct SummaryRow {
    var label: String
    var values: [Double?]?
    /// Fixed decimals; nil: enough for four significant digits of the smallest value.
    var decimals: Int? = 0
    var better = Better.lower
  }

  /// What the evaluation error is measured on, for the accuracy heading.
  var evaluationDescription: String {
    let evaluated = totals.first?.error.weight ?? 0
    guard evaluated > 0 else { return "no output (none was held out)" }
    let inSample = layers.filter { $0.calibration.source == .inSample }.map(\.name)
    if inSample.count == layers.count { return "\(evaluated) outputs, in-sample (optimistic)" }
    if inSample.isEmpty { return "\(evaluated) held-out outputs" }
    return "\(evaluated) outputs, held out except \(inSample.joined(separator: ", "))"
  }

  func summaryRows() -> [SummaryRow] {
    let measured = (totals.first?.error.weight ?? 0) > 0
    func each(_ f: (UnitRunSummary) -> Double?) -> [Double?] { totals.map(f) }
    func error(_ f: @escaping (ErrorMetrics) -> Double) -> [Double?] {
      each { measured ? f($0.error.metrics) : nil }
    }
    func resource(_ f: @escaping (ResourceCounts) -> Double) -> [Double?] {
      each { $0.resources.map { f($0.reported) } }
    }
    return [
      SummaryRow(label: "accuracy (LSB against Q_c)", values: nil),
      SummaryRow(label: "  mean |err|", values: error(\.meanAbs), decimals: 4),
      SummaryRow(label: "  max |err|", values: error { Double($0.maxAbs) }),
      SummaryRow(label: "  exact %", values: error { 100 * $0.exactFraction }, decimals: 2, better: .higher),
      SummaryRow(label: "  max |err|, any input", values: each { $0.fullRange.map { Double($0.maxAbs) } }),
      SummaryRow(label: "resources (estimated)", values: nil),
      SummaryRow(label: "  LUT", values: resource(\.lut)),
      SummaryRow(label: "  FF", values: resource(\.ff)),
      SummaryRow(label: "  LUTRAM", values: resource(\.lutram)),
      SummaryRow(label: "  BRAM36", values: resource(\.bram36), decimals: 1),
      SummaryRow(label: "  LUT-equivalent", values: resource(\.lutEquivalent)),
    ] + deviceRows() + [
      SummaryRow(label: "cycles", values: each { Double($0.cycles.total) }),
      SummaryRow(label: "  compute", values: each { Double($0.cycles.compute) }),
      SummaryRow(label: "  reconfiguration", values: each { Double($0.cycles.reconfiguration) }),
      SummaryRow(label: "  fill/drain", values: each { Double($0.cycles.fillDrain) }),
      SummaryRow(label: "  stall", values: each { Double($0.cycles.stall) }),
      SummaryRow(
        label: "energy (uJ)", values: each { $0.energy.map { $0.joules.rounded(significant: 6) * 1e6 } }, decimals: nil),
    ]
  }

  /// With `accelerator.device`: the share of the device each unit takes (`TOTAL` designs), in percent.
  func deviceRows() -> [SummaryRow] {
    guard let d = config.accelerator.device else { return [] }
    let names = ["LUT+LUTRAM", "FF", "LUTRAM", "BRAM36"]
    return [SummaryRow(label: "device \(d.name) (% used)", values: nil)]
      + names.indices.map { i in
        SummaryRow(label: "  \(names[i]) %", values: totals.map { $0.utilization?.percents[i] }, decimals: 1)
      }
  }

  /// `grau vs mt_bs:` what the GRAU variant `g` wins and loses against the MT variant `m`.
  func verdict(_ g: UnitRunSummary, _ m: UnitRunSummary) -> String {
    var better: [String] = []
    var worse: [String] = []
    func compare(_ name: String, _ a: Double?, _ b: Double?, decimals: Int = 0) {
      guard let a, let b, a != b else { return }
      let text =
        a > 0 && b > 0
        ? "\(name) \(ratio(a / b))"
        : "\(name) \(Figure.fixed(a, decimals)) vs \(Figure.fixed(b, decimals))"
      if a < b { better.append(text) } else { worse.append(text) }
    }
    let gr = g.resources?.reported
    let mr = m.resources?.reported
    compare("LUT", gr?.lut, mr?.lut)
    compare("FF", gr?.ff, mr?.ff)
    compare("LUTRAM", gr?.lutram, mr?.lutram)
    compare("BRAM36", gr?.bram36, mr?.bram36, decimals: 1)
    compare("LUT-equivalent", gr?.lutEquivalent, mr?.lutEquivalent)
    compare("cycles", Double(g.cycles.total), Double(m.cycles.total))
    compare("energy", g.energy?.joules, m.energy?.joules, decimals: 9)
    let pair = "\(g.kind.rawValue) vs \(m.kind.rawValue)"
    var out = "\(pair):\n"
    out += "  better: " + (better.isEmpty ? "nothing" : better.joined(separator: ", ")) + "\n"
    out += "  worse:  " + (worse.isEmpty ? "nothing" : worse.joined(separator: ", ")) + "\n"
    out += "  cycles: " + cycleSplit(g.cycles, m.cycles) + "\n"
    if (g.error.weight > 0) && (m.error.weight > 0) {
      let a = g.error.metrics
      let b = m.error.metrics
      out +=
        "  accuracy: mean |err| \(Figure.fixed(a.meanAbs, 4)) vs \(Figure.fixed(b.meanAbs, 4)) LSB, max \(a.maxAbs) vs "
      out +=
        "\(b.maxAbs), exact \(Figure.fixed(100 * a.exactFraction, 2)) % vs \(Figure.fixed(100 * b.exactFraction, 2)) %"
      if let f = g.fullRange, let h = m.fullRange { out += ", any input max \(f.maxAbs) vs \(h.maxAbs)" }
      out += "\n"
    }
    return out
  }

  /// `0.10×` below 10, `12×` above: a ratio to read, not to compute with.
  private func ratio(_ r: Double) -> String { (r >= 10 ? Figure.fixed(r, 0) : Figure.fixed(r, r >= 1 ? 2 : 3)) + "×" }

  /// Where two cycle counts differ: `757638 fewer (reconfiguration 757792 fewer, fill/drain 154 more; compute and
  /// stall equal)`.
  func cycleSplit(_ a: CycleBreakdown, _ b: CycleBreakdown) -> String {
    let parts: [(String, Int, Int)] = [
      ("compute", a.compute, b.compute), ("reconfiguration", a.reconfiguration, b.reconfiguration),
      ("fill/drain", a.fillDrain, b.fillDrain), ("stall", a.stall, b.stall),
    ]
    func delta(_ d: Int) -> String { d < 0 ? "\(-d) fewer" : "\(d) more" }
    let differ = parts.filter { $0.1 != $0.2 }.map { "\($0.0) \(delta($0.1 - $0.2))" }
    let equal = parts.filter { $0.1 == $0.2 }.map(\.0)
    guard a.total != b.total || !differ.isEmpty else { return "equal" }
    var text = a.total == b.total ? "equal in total" : delta(a.total - b.total)
    var inner: [String] = []
    if !differ.isEmpty { inner.append(differ.joined(separator: ", ")) }
    if !equal.isEmpty {
      let list = equal.count == 1 ? equal[0] : equal.dropLast().joined(separator: ", ") + " and " + equal.last!
      inner.append(list + " equal")
    }
    text += " (" + inner.joined(separator: "; ") + ")"
    return text
  }
}
