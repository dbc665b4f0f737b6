import Foundation

extension RunResult {
  /// The report as a JSON tree (schema in docs/report.md). All JSON construction of run reports lives here.
  var json: JSONValue {
    var root: JSONObject = [
      "grausim_version": .string(version),
      "config": config.resolvedJSON,
      // The GRAU architecture the run built, with "auto" settings resolved.
      "grau_architecture": .object([
        "pre_shift": .int(config.accelerator.grau.preShift), "stages": .int(config.accelerator.grau.stages),
        "pre_shift_auto": .bool(config.accelerator.autoPreShift), "stages_auto": .bool(config.accelerator.autoStages),
      ]),
      "units": .array(units.map { .string($0.rawValue) }),
      "layers": .array(layers.map(Self.json)),
      "totals": .object([
        "elements": .int(layers.reduce(0) { $0 + $1.elements }),
        "units": .object(JSONObject(totals.map { ($0.kind.rawValue, Self.json($0)) })),
        "ratios": Self.json(Self.ratios(totals)),
      ]),
    ]
    if let d = config.accelerator.device {
      root["device"] = .object([
        "name": .string(d.name), "family": .string(d.family), "lut": .int(d.lut), "ff": .int(d.ff),
        "lutram": .int(d.lutram), "bram36": .int(d.bram36), "dsp": .int(d.dsp),
      ])
    }
    if let comparison = comparisonJSON { root["comparison"] = comparison }
    if let accuracy = networkAccuracyJSON { root["network_accuracy"] = accuracy }
    return .object(root)
  }

  static func json(_ l: LayerRunResult) -> JSONValue {
    .object([
      "name": .string(l.name), "index": .int(l.index), "channels": .int(l.channels),
      "height": .int(l.height), "width": .int(l.width), "activation": .string(l.activation),
      "out_bits": .int(l.output.bits), "signed": .bool(l.output.signed), "elements": .int(l.elements),
      "calibration": json(l.calibration),
      "grau_warnings": .array(
        l.grauWarnings.map {
          .object([
            "kind": .string($0.kind.rawValue), "channels": .int($0.channels), "worst_channel": .int($0.worstChannel),
            "message": .string($0.message), "pre_shift": .int($0.preShift), "stages": .int($0.stages),
          ])
        }),
      "units": .object(JSONObject(l.units.map { ($0.kind.rawValue, json($0)) })),
      "ratios": json(ratios(l.units)),
    ])
  }

  /// `{ "grau/mt": { "lut": …, "ff": …, "energy": …, "cycles": … } }` (null where a figure is missing).
  static func json(_ ratios: [UnitRatio]) -> JSONValue {
    func number(_ v: Double?) -> JSONValue { v.map { .finite($0) } ?? .null }
    return .object(
      JSONObject(
        ratios.map {
          (
            $0.pair,
            .object([
              "lut": number($0.lut), "ff": number($0.ff), "energy": number($0.energy), "cycles": number($0.cycles),
            ])
          )
        }))
  }

  /// Estimated resources, rounded as a synthesis report counts them: whole LUTs, FFs, LUTRAMs and CARRY8s, RAMB36
  /// to a tenth (a RAMB18 is half of one); `lut_equivalent` is LUT + LUTRAM + 576·RAMB36 (a RAMB36 holds what 576
  /// 64-bit LUTRAMs hold).
  static func json(_ r: ResourceCounts?) -> JSONValue {
    guard let r = r?.reported else { return .null }
    return .object([
      "lut": .int(Int(r.lut)), "ff": .int(Int(r.ff)), "lutram": .int(Int(r.lutram)), "bram36": .finite(r.bram36),
      "carry8": .int(Int(r.carry8)), "lut_equivalent": .finite(r.lutEquivalent),
    ])
  }

  /// Dynamic energy and power, to six significant digits (the energy table's own precision is lower).
  static func json(_ e: EnergyEstimate?) -> JSONValue {
    guard let e else { return .null }
    func r(_ v: Double) -> JSONValue { .finite(v.rounded(significant: 6)) }
    return .object([
      "joules": r(e.joules), "watts": r(e.watts),
      "per_class": .object(JSONObject(e.perClass.map { ($0.signalClass, r($0.joules)) })),
    ])
  }

  static func json(_ e: ErrorAccumulator) -> JSONValue { json(e.metrics) }

  static func json(_ m: ErrorMetrics) -> JSONValue {
    .object([
      "max_abs": .int(m.maxAbs), "mean_abs": .finite(m.meanAbs), "mse": .finite(m.mse),
      "exact_fraction": .finite(m.exactFraction), "off_by_2_fraction": .finite(m.offByTwoFraction),
      "weight": .int(m.weight),
    ])
  }

  static func json(_ c: CalibrationSummary) -> JSONValue {
    .object([
      "source": .string(c.source.rawValue), "samples": .int(c.samples),
      "pixels_per_channel": c.pixelsPerChannel.map { .int($0) } ?? .null,
      "seed": c.seed.map { .int(Int(truncatingIfNeeded: $0)) } ?? .null,
    ])
  }

  static func json(_ f: FullRangeSummary?) -> JSONValue {
    guard let f else { return .null }
    var o: JSONObject = [
      "max_abs": .int(f.maxAbs), "worst_channel": .int(f.worstChannel), "worst_input": .int(f.worstInput),
      "wrapping_channels": .int(f.wrappingChannels), "channels": .int(f.channels),
    ]
    if let layer = f.worstLayer { o["worst_layer"] = .string(layer) }
    if !f.channelMaxAbs.isEmpty { o["channel_max_abs"] = .array(f.channelMaxAbs.map { .int($0) }) }
    return .object(o)
  }

  static func json(_ w: WorstChannel?) -> JSONValue {
    guard let w else { return .null }
    var o: JSONObject = ["channel": .int(w.channel), "error": json(w.error)]
    if let layer = w.layer { o["layer"] = .string(layer) }
    return .object(o)
  }

  /// One unit's figures: the record of a run's layer, a run's total and a sweep's point (which leaves out
  /// `signals`). The CSV columns of every report are read from it (``UnitColumns``).
  static func json(_ u: UnitRunSummary, signals: Bool = true) -> JSONValue {
    let c = u.cycles
    var o: JSONObject = [
      "unit": .string(u.kind.rawValue),
      "elements": .int(u.elements),
      "cycles": .object([
        "total": .int(c.total), "compute": .int(c.compute), "fill_drain": .int(c.fillDrain),
        "reconfiguration": .int(c.reconfiguration), "stall": .int(c.stall),
      ]),
      "latency": u.latency.map { .int($0) } ?? .null,
      "elements_per_cycle": .finite(u.elementsPerCycle.rounded(places: 6)),
      "time_us": .finite(u.timeMicroseconds.rounded(places: 6)),
      "toggles": .int(u.totalToggles),
      "toggle_rate": .finite(u.toggleRate.rounded(significant: 6)),
      "error": json(u.error),
      "calibration_error": json(u.calibrationError),
      "full_range": json(u.fullRange),
      "worst_channel": json(u.worstChannel),
      "reference_mismatches": .int(u.referenceMismatches),
      "resources": json(u.resources),
      "energy": json(u.energy),
    ]
    // Both absent when empty, so that a run inside the calibrated region without a device writes what it did
    // before they existed.
    if !u.outsideCalibration.isEmpty {
      o["outside_calibration"] = .array(
        u.outsideCalibration.map {
          .object([
            "parameter": .string($0.parameter), "value": .int($0.value),
            "calibrated": .array([.int($0.calibrated.lowerBound), .int($0.calibrated.upperBound)]),
            "message": .string($0.description),
          ])
        })
    }
    if let n = u.network {
      o["network"] = .object([
        "correct": .int(n.correct), "images": .int(n.images), "top1": .finite(n.top1),
        "vs_exact": .finite(n.vsExact), "vs_float": .finite(n.vsFloat),
      ])
    }
    if let use = u.utilization {
      var figures: JSONObject = ["device": .string(use.device.name), "fits": .bool(use.fits)]
      for (key, pct) in zip(DeviceUtilization.keys, use.percents) { figures[key + "_percent"] = .finite(pct) }
      figures["over"] = .array(use.overKeys.map { .string($0) })
      o["utilization"] = .object(figures)
    }
    if signals {
      o["signals"] = .array(
        u.signals.map {
          .object([
            "name": .string($0.name), "class": .string($0.signalClass), "bits": .int($0.bits),
            "toggles": .int($0.toggles), "toggle_rate": .finite($0.rate.rounded(significant: 6)),
          ])
        })
    }
    return .object(o)
  }

  /// The JSON report text: sorted keys, two-space indent, a final newline; identical bytes for identical runs.
  func jsonText() -> String {
    // Every double in the tree went through `JSONValue.finite`, so the writer cannot meet a NaN or an infinity.
    do { return try json.formatted() } catch { preconditionFailure("a report number is not finite: \(error)") }
  }
}
