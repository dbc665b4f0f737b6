extension RunResult {
  /// `--wide` with `accelerator.device`: per layer and unit the share of the device the unit takes.
  func renderDeviceTable() -> String {
    guard let d = config.accelerator.device else { return "" }
    func row(_ name: String, _ u: UnitRunSummary) -> [String] {
      guard let use = u.utilization else { return [name, u.kind.rawValue, "-", "-", "-", "-", "-"] }
      let fits = use.fits ? "yes" : "no: " + use.over.joined(separator: ", ")
      return [name, u.kind.rawValue] + use.percents.map { Figure.fixed($0, 1) } + [fits]
    }
    var table = TextTable(
      header: ["layer", "unit", "LUT+LUTRAM%", "FF%", "LUTRAM%", "BRAM36%", "fits"], nameColumns: 2)
    for layer in layers {
      for u in layer.units { table.rows.append(row(layer.name, u)) }
    }
    table.rulesBefore = [table.rows.count]
    for t in totals { table.rows.append(row("TOTAL", t)) }
    var out = "\ndevice \(d.name), \(d.family): \(d.lut) LUT, \(d.ff) FF, \(d.lutram) LUTRAM-capable LUTs, "
    out += "\(d.bram36) RAMB36; % of each used by one unit\n"
    out += table.render()
    return out
  }

  /// One warning per unit whose `TOTAL` design (one unit serving every layer) does not fit `accelerator.device`,
  /// naming each resource over capacity, and whether a unit sized for a single layer would fit.
  func renderDeviceNotes() -> String {
    guard let d = config.accelerator.device else { return "" }
    var out = ""
    for t in totals {
      guard let use = t.utilization, !use.fits else { continue }
      let over = zip(use.rows, use.percents).filter { $0.0.used > Double($0.0.capacity) }.map { row, pct in
        let used = row.name == "BRAM36" ? Figure.fixed(row.used, 1) : Figure.fixed(row.used, 0)
        return "\(row.name) \(used) of \(row.capacity) (\(Figure.fixed(pct, 1)) %)"
      }
      let misfits = layers.filter { $0.unit(t.kind)?.utilization?.fits == false }.map(\.name)
      var line = "WARNING: \(t.kind.rawValue) does not fit the \(d.name): " + over.joined(separator: ", ") + "; "
      if misfits.isEmpty {
        line += "a unit sized for a single layer would fit in every layer"
      } else if misfits.count == layers.count {
        line += "a unit sized for a single layer does not fit either, in any layer"
      } else {
        line += "a unit sized for a single layer does not fit either in " + misfits.joined(separator: ", ")
      }
      out += Self.wrapped(line)
    }
    return out
  }

  /// One warning per design parameter (and direction) outside the resource model's calibrated region, naming the
  /// units and the layers (with their values) whose estimates extrapolate: `channels 1024 > 16 (grau, mt in conv2 32,
  /// … and TOTAL 1024; calibrated 4...16, docs/resources.md)`.
  func renderCalibrationNotes() -> String {
    struct Group {
      var parameter: String
      var above: Bool
      var calibrated: ClosedRange<Int>
      /// `(layer or TOTAL, value)` in report order.
      var places: [(String, Int)]
      var units: [String]
    }
    var groups: [Group] = []
    let order = CalibratedRegion.parameters(UnitDesign(kind: .grau)).map(\.0)
    for parameter in order {
      for above in [true, false] {
        for kind in units {
          var places: [(String, Int)] = []
          var calibrated: ClosedRange<Int>?
          let rows =
            layers.compactMap { l in l.unit(kind).map { (l.name, $0) } } + (total(kind).map { [("TOTAL", $0)] } ?? [])
          for (name, u) in rows {
            for e in u.outsideCalibration where e.parameter == parameter && (e.value > e.calibrated.upperBound) == above
            {
              places.append((name, e.value))
              calibrated = e.calibrated
            }
          }
          guard let calibrated, !places.isEmpty else { continue }
          if let i = groups.firstIndex(where: {
            $0.parameter == parameter && $0.above == above && $0.calibrated == calibrated
              && $0.places.elementsEqual(places, by: { $0 == $1 })
          }) {
            groups[i].units.append(kind.rawValue)
          } else {
            groups.append(
              Group(
                parameter: parameter, above: above, calibrated: calibrated, places: places, units: [kind.rawValue]))
          }
        }
      }
    }
    var out = ""
    for g in groups {
      let values = g.places.map(\.1)
      let extreme = g.above ? values.max()! : values.min()!
      let bound = g.above ? "> \(g.calibrated.upperBound)" : "< \(g.calibrated.lowerBound)"
      let everywhere = g.places.count == layers.count + 1 && Set(values).count == 1
      let whereText =
        everywhere
        ? "every layer and TOTAL"
        : g.places.dropLast().map { "\($0.0) \($0.1)" }.joined(separator: ", ")
          + (g.places.count > 1 ? " and " : "") + "\(g.places.last!.0) \(g.places.last!.1)"
      var line = "WARNING: resource estimate outside the calibrated region: \(g.parameter) \(extreme) \(bound) ("
      line += g.units.joined(separator: ", ") + " in \(whereText); calibrated "
      line += "\(g.calibrated.lowerBound)...\(g.calibrated.upperBound), docs/resources.md)"
      out += Self.wrapped(line)
    }
    return out + renderHeldOutNotes()
  }

  /// One warning per unit whose `TOTAL` design falls in a cell of the design-space grid (variant, channel range)
  /// where the held-out yosys designs missed ±15 % LUT or FF (docs/resources.md, "The design-space grid").
  func renderHeldOutNotes() -> String {
    let bits = layers.map(\.output.bits).max() ?? 1
    let channels = layers.map(\.channels).max() ?? 1
    var out = ""
    for t in totals {
      let d = config.accelerator.design(t.kind, bits: bits, channels: channels)
      guard let w = CalibrationGrid.heldOutWorst(d),
        abs(w.lut) > CalibrationGrid.relativeBound || abs(w.ff) > CalibrationGrid.relativeBound
      else { continue }
      func pct(_ v: Double) -> String { (v >= 0 ? "+" : "") + Figure.fixed(100 * v, 1) }
      out += Self.wrapped(
        "WARNING: resource estimate of \(t.kind.rawValue) (TOTAL, \(channels) channels) is less certain: on the "
          + "held-out yosys designs with \(CalibrationGrid.channelRange(d)) channels it was off by up to "
          + "\(pct(w.lut)) % LUT and \(pct(w.ff)) % FF (docs/resources.md)")
    }
    return out
  }

  /// `text` broken at blanks into lines of at most `width` characters, continuation lines indented by two blanks,
  /// each ending in a newline (a word longer than a line stays whole).
  static func wrapped(_ text: String, width: Int = 120) -> String {
    var out = ""
    var line = ""
    for word in text.split(separator: " ") {
      if !line.isEmpty, line.count + 1 + word.count > width {
        out += line + "\n"
        line = "  "
      } else if !line.isEmpty, line != "  " {
        line += " "
      }
      line += word
    }
    return out + line + "\n"
  }
}
