/// What one unit contributes to a waveform: the signals the kernel reports for it, mapped to VCD declarations,
/// plus one derived `<unit>.lane<l>.out_data` wire per traced lane (the output port's value, docs/datapath.md).
struct WaveformUnitLayout {
  /// The unit variant.
  let kind: UnitKind
  /// Signals as the kernel reports them (local index = position), in the order `UnitModel.observation` gives.
  let observed: [ObservedSignal]
  /// `observed` as VCD declarations, then the derived `out_data` wires (one per traced lane).
  let signals: [VCDSignal]
  /// For each local observed index: the local index of the `out_data` it drives, or −1.
  let derivedOf: [Int32]
  /// Whether `out_data = qmin + tap` (MT count, GRAU bypass segment index) rather than the tap itself.
  let minPlus: Bool
  /// The output format's minimum, for `minPlus`.
  let qmin: Int
  /// The output width's mask.
  let outputMask: UInt64
  /// Display order for the `.gtkw` (local indices into `signals`): unit-level signals, then per lane its stages in
  /// datapath order followed by its `out_data`.
  let displayOrder: [Int]
  /// Edges spent writing configuration words before streaming starts.
  let reconfiguration: Int

  /// Elaborates `job`'s unit (without simulating it) to learn the signals `lanes` selects.
  ///
  /// - Precondition: every lane is in `0 ..< job.lanes` (checked by the caller).
  init(job: LayerJob, lanes: [Int]) {
    var elaboration = Elaboration()
    let model = UnitModel(job: job, elaboration: &elaboration)
    let kernel = Kernel(elaboration)
    let (observed, ids) = model.observation(ObservationScope(lanes: lanes), kernel: kernel)
    kind = job.kind
    self.observed = observed
    reconfiguration = job.reconfigurationCycles
    qmin = job.output.min
    outputMask = job.output.bits >= 64 ? .max : (UInt64(1) << UInt64(job.output.bits)) - 1

    let tapFirst: Int
    switch model.outputTap {
    case .code(let first):
      tapFirst = first
      minPlus = false
    case .minPlus(let first):
      tapFirst = first
      minPlus = true
    }
    let unit = job.kind.rawValue
    var signals = observed.map(Self.declaration)
    var derived = [Int32](repeating: -1, count: observed.count)
    var derivedIndex: [Int: Int] = [:]  // lane -> local index of its out_data
    for l in lanes {
      guard let tap = ids.firstIndex(of: tapFirst + l) else { continue }
      derived[tap] = Int32(signals.count)
      derivedIndex[l] = signals.count
      signals.append(
        VCDSignal(
          "\(unit).lane\(l).out_data", width: job.output.bits, signed: job.output.signed, role: .data,
          isRegister: false))
    }
    self.signals = signals
    derivedOf = derived

    // Display: unit-level signals first, then each lane's registers followed by its output.
    var order: [Int] = []
    var laneOf: [Int] = []
    for (i, s) in observed.enumerated() {
      let parts = s.name.split(separator: ".")
      if parts.count >= 2, parts[1].hasPrefix("lane"), let l = Int(parts[1].dropFirst(4)) {
        laneOf.append(l)
      } else {
        laneOf.append(-1)
        order.append(i)
      }
    }
    for l in lanes {
      for i in observed.indices where laneOf[i] == l { order.append(i) }
      if let d = derivedIndex[l] { order.append(d) }
    }
    displayOrder = order
  }

  /// The VCD declaration of an observed signal: the clock is drawn by the writer, unit-level handshakes are wires,
  /// control values wider than a bit are shown in hexadecimal.
  static func declaration(_ s: ObservedSignal) -> VCDSignal {
    let depth = s.name.split(separator: ".").count
    if depth == 2, s.name.hasSuffix(".clk") {
      return VCDSignal(s.name, width: 1, role: .clock, isRegister: false)
    }
    let role: VCDSignalRole
    switch s.signalClass {
    case .data: role = .data
    case .control: role = .control
    case .valid: role = .valid
    case .parameter: role = .parameter
    }
    let isHandshake =
      depth == 2 && ["in_valid", "in_ready", "out_valid", "out_ready"].contains(s.name.split(separator: ".")[1])
    return VCDSignal(
      s.name, width: s.width, signed: s.signed, role: role,
      radix: role == .control && s.width > 1 ? .hexadecimal : nil, isRegister: !isHandshake)
  }

  /// `out_data`'s value for a tap value.
  @inline(__always)
  func derivedValue(_ tap: UInt64) -> UInt64 {
    minPlus ? UInt64(bitPattern: Int64(qmin) &+ Int64(bitPattern: tap)) & outputMask : tap & outputMask
  }
}
