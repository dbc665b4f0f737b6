extension UnitModel {
  /// Builds the unit for `job`: declares its signals, memory and processes into `e`.
  init(job: LayerJob, elaboration e: inout Elaboration) {
    let kind = job.kind
    let L = Swift.max(1, job.lanes)
    let a = job.grau
    let out = job.output
    let timing = job.timing
    let design = job.design
    let A = design.channelBits
    let n = out.bits
    let m = (1 << n) - 1
    let W: Int
    switch job.parameters {
    case .grau: W = a.inputBits
    case .mt(let p): W = p.first?.inputBits ?? a.inputBits
    }
    let isBypass = kind.isGRAU && a.usesBypass(outputBits: n)
    let unit = kind.rawValue

    func wire(_ name: String, _ c: SignalClass = .valid) -> (block: Int, signal: Int) {
      e.signal(SignalDeclaration(name: "\(unit).\(name)", width: 1, signalClass: c))
    }
    func stage(_ name: String, _ fields: [FieldSpec], unitLevel: Bool = false) -> StageLayout {
      var decls: [SignalDeclaration] = []
      for f in fields {
        for l in 0..<(unitLevel ? 1 : L) {
          let name = unitLevel ? "\(unit).\(f.name)" : "\(unit).lane\(l).\(f.stage).\(f.name)"
          decls.append(SignalDeclaration(name: name, width: f.width, signed: f.signed, signalClass: f.signalClass))
        }
      }
      let (b, first) = e.block(decls)
      return StageLayout(name: name, fields: fields, first: first, block: b)
    }
    func field(_ stage: String, _ name: String, _ width: Int, signed: Bool = false, _ c: SignalClass) -> FieldSpec {
      FieldSpec(stage: stage, name: name, width: width, signed: signed, signalClass: c)
    }

    // Unit-level handshakes.
    let inValidW = wire("in_valid")
    let inReadyW = wire("in_ready")
    let outValidW = wire("out_valid")
    let outReadyW = wire("out_ready")
    let enableW = wire("enable")

    // Parameter memory: the fields this layer writes, memory field f holding configuration field f + 1
    // (docs/datapath.md "Configuration words"); toggles count per group.
    let layerFields = design.layerFields(outputBits: n).sorted { design.index(of: $0) < design.index(of: $1) }
    let groups = kind.isGRAU ? ["param.threshold", "param.setting", "param.bias"] : [design.mtStorage.thresholdGroup]
    let memFields = layerFields.map { f -> MemoryField in
      switch f {
      case .threshold: MemoryField(width: design.width(of: f), signed: true, group: 0)
      case .setting: MemoryField(width: design.width(of: f), signed: false, group: 1)
      case .bias: MemoryField(width: design.width(of: f), signed: true, group: 2)
      }
    }
    precondition(
      layerFields.enumerated().allSatisfy { design.index(of: $0.element) == $0.offset + 1 },
      "memory field f must hold configuration field f + 1")
    let memoryIndex = e.memory(
      MemoryDeclaration(name: "\(unit).param", rows: 1 << A, fields: memFields, groups: groups))

    // The configuration port and control register of the design (Units/ConfigurationInterface.swift).
    let configWords = design.configurationWords(job.parameters)
    let cfgLayout = stage(
      "cfg",
      [
        field("cfg", "cfg_valid", 1, .valid), field("cfg", "cfg_chan", A, .parameter),
        field("cfg", "cfg_field", design.fieldBits, .parameter), field("cfg", "cfg_part", design.partBits, .parameter),
        field("cfg", "cfg_data", design.dataBits, .parameter),
      ], unitLevel: true)
    let controlW = e.signal(
      SignalDeclaration(name: "\(unit).ctrl", width: ControlWord.bits, signalClass: .parameter))
    let portLayout = stage(
      "port",
      [field("port", "valid", 1, .valid), field("port", "x", W, signed: true, .data), field("port", "ch", A, .control)])

    // The datapath stages, in datapath order.
    var st: [StageLayout] = []
    var procs: [UnitProcess] = [.source, .sink, .configDriver, .configWrite, .handshake]
    var inputs: [Int] = [0, 0, 0, 0, 0]
    var tap: OutputTap
    var outValidSignal = 0
    var busySignal = 0
    var serial = SerialGRAUFields()
    func pipelineStage(_ name: String, _ fields: [(String, Int, Bool, SignalClass)], _ process: UnitProcess) {
      let layout = stage(name, fields.map { field(name, $0.0, $0.1, signed: $0.2, $0.3) })
      inputs.append(st.last?.first ?? portLayout.first)
      st.append(layout)
      procs.append(process)
    }
    let N = job.mtMaxBits
    let M = (1 << N) - 1
    switch kind {
    case .mt:
      for j in 1...Swift.max(1, M) {
        pipelineStage(
          "stage\(j)",
          [
            ("valid", 1, false, .valid), ("x", W, true, .data), ("ch", A, false, .control), ("cnt", N, false, .control),
          ],
          .mtStage(j: j))
      }
      tap = .minPlus(first: st.last!.first + 3 * L)
      outValidSignal = st.last!.first
    case .mtBinarySearch:
      pipelineStage("in", [("valid", 1, false, .valid), ("x", W, true, .data), ("ch", A, false, .control)], .bsIn)
      for s in 1...Swift.max(1, N) {
        pipelineStage(
          "bs\(s)",
          [
            ("valid", 1, false, .valid), ("x", W, true, .data), ("ch", A, false, .control), ("idx", N, false, .control),
          ],
          .bsStage(s: s))
      }
      pipelineStage("out", [("valid", 1, false, .valid), ("y", n, out.signed, .data)], .bsOut)
      tap = .code(first: st.last!.first + L)
      outValidSignal = st.last!.first
    case .grau:
      let WP = a.shifted.bits
      let cmpFields: [(String, Int, Bool, SignalClass)] = [
        ("valid", 1, false, .valid), ("x", W, true, .data), ("big", WP, true, .data), ("ch", A, false, .control),
        ("seg", a.segmentIndexBits, false, .control),
      ]
      pipelineStage("pre", Array(cmpFields.prefix(4)), .grauPre)
      if a.comparator == .chain {
        for j in 1..<a.segments { pipelineStage("cmp\(j)", cmpFields, .grauCompare(j: j)) }
      } else {
        pipelineStage("cmp", cmpFields, .grauCompareBank)
      }
      if isBypass {
        tap = .minPlus(first: st.last!.first + 4 * L)
      } else {
        var shiftFields: [(String, Int, Bool, SignalClass)] = [("valid", 1, false, .valid), ("v", WP, true, .data)]
        if a.slopeMode == .apot { shiftFields.append(("acc", WP + 1, true, .data)) }
        shiftFields += [
          ("set", a.settingBits, false, .control), ("neg", 1, false, .control), ("bias", a.bias.bits, true, .data),
        ]
        // Chain: shift1 … shiftR, one bit each; barrel: barrel1 … barrel⌈log2(R+1)⌉, stage k shifting by 2^(k−1).
        let shifterName = a.shifter == .chain ? "shift" : "barrel"
        for i in 1...a.shifterStages { pipelineStage("\(shifterName)\(i)", shiftFields, .grauShift(i: i)) }
        pipelineStage(
          "sign", [("valid", 1, false, .valid), ("s", a.sum.bits, true, .data), ("bias", a.bias.bits, true, .data)],
          .grauSign)
        pipelineStage("bias", [("valid", 1, false, .valid), ("y", n, out.signed, .data)], .grauBias)
        tap = .code(first: st.last!.first + L)
      }
      outValidSignal = st.last!.first
    case .grauSerial:
      let WP = a.shifted.bits
      var fields = [
        field("pre", "x", W, signed: true, .data), field("pre", "big", WP, signed: true, .data),
        field("pre", "ch", A, .control), field("cmp", "seg", a.segmentIndexBits, .control),
        field("fsm", "step", Swift.max(1, bitsFor(timing.latency)), .control),
        field("fsm", "busy", 1, .valid), field("fsm", "out_valid", 1, .valid),
      ]
      if !isBypass {
        fields.append(field("shift", "v", WP, signed: true, .data))
        // PoT has no accumulator.
        if a.slopeMode == .apot { fields.append(field("shift", "acc", WP + 1, signed: true, .data)) }
        fields += [
          field("shift", "set", a.stages, .control), field("shift", "neg", 1, .control),
          field("shift", "bias", a.bias.bits, signed: true, .data), field("sign", "s", a.sum.bits, signed: true, .data),
          field("bias", "y", n, signed: out.signed, .data),
        ]
      }
      let layout = stage("core", fields)
      inputs.append(portLayout.first)
      st.append(layout)
      procs.append(.grauSerial)
      let f = SerialGRAUFields(names: fields.map(\.name))
      serial = f
      tap = isBypass ? .minPlus(first: layout.first + f.seg * L) : .code(first: layout.first + f.y * L)
      outValidSignal = layout.first + f.outValid * L
      busySignal = layout.first + f.busy * L
    case .mtSerial:
      let layout = stage(
        "core",
        [
          field("cmp", "x", W, signed: true, .data), field("cmp", "ch", A, .control), field("cmp", "cnt", N, .control),
          field("cmp", "idx", N, .control), field("fsm", "busy", 1, .valid), field("fsm", "out_valid", 1, .valid),
        ])
      inputs.append(portLayout.first)
      st.append(layout)
      procs.append(.mtSerial)
      tap = .minPlus(first: layout.first + SerialMTFields.cnt * L)
      outValidSignal = layout.first + SerialMTFields.outValid * L
      busySignal = layout.first + SerialMTFields.busy * L
    }

    // Processes and their sensitivities, in evaluation order.
    var own = [Int](repeating: 0, count: procs.count)
    var ownB = [Int](repeating: 0, count: procs.count)
    for (p, process) in procs.enumerated() {
      switch process {
      case .source:
        _ = e.process(.clocked(clock: 0), alwaysActive: true)
        own[p] = portLayout.first
        ownB[p] = portLayout.block
      case .sink:
        _ = e.process(.clocked(clock: 0), alwaysActive: true)
      case .configDriver, .configWrite:
        _ = e.process(.clocked(clock: 0), alwaysActive: true)
        own[p] = cfgLayout.first
        ownB[p] = cfgLayout.block
      case .handshake:
        _ = e.process(.combinational, sensitiveTo: [st.last!.block, outReadyW.block])
      default:
        let s = p - 5
        let inputBlock = s == 0 ? portLayout.block : st[s - 1].block
        // Serialized FSMs step every edge while busy: always active. Pipeline stages wake on their input.
        let isSerial = kind.isSerialized
        let pid = e.process(
          .clocked(clock: 0), alwaysActive: isSerial, sensitiveTo: isSerial ? [] : [inputBlock, controlW.block])
        own[p] = st[s].first
        ownB[p] = st[s].block
        // Memory fields this stage reads: a configuration write wakes exactly its readers.
        switch process {
        case .mtStage(let j) where j <= m: e.sensitize(pid, toMemory: memoryIndex, field: j - 1)
        case .bsStage: for f in 0..<m { e.sensitize(pid, toMemory: memoryIndex, field: f) }
        case .grauCompare(let j): e.sensitize(pid, toMemory: memoryIndex, field: j - 1)
        case .grauCompareBank: for f in 0..<(a.segments - 1) { e.sensitize(pid, toMemory: memoryIndex, field: f) }
        case .grauShift(1):
          for f in (a.segments - 1)..<memFields.count { e.sensitize(pid, toMemory: memoryIndex, field: f) }
        default: break
        }
      }
    }

    self.kind = kind
    lanes = L
    inputBits = W
    output = out
    grau = a
    bypass = isBypass
    channelBits = A
    mtMax = N
    reconfiguration = job.reconfigurationCycles
    elementCount = job.stream.count
    beats = (elementCount + L - 1) / L
    self.timing = timing
    parameters = job.parameters
    if case .mt(let p) = job.parameters { mtLookups = p.map(MTLookup.init) } else { mtLookups = [] }
    stream = job.stream
    sourceValid = job.sourceValid
    sinkReady = job.sinkReady
    words = configWords
    inValid = inValidW
    inReady = inReadyW
    outValid = outValidW
    outReady = outReadyW
    enable = enableW
    port = portLayout
    cfg = cfgLayout
    control = controlW
    memory = memoryIndex
    memoryStride = memFields.count
    stages = st
    processes = procs
    inputFirst = inputs
    ownFirst = own
    ownBlock = ownB
    outputTap = tap
    outValidSource = outValidSignal
    busySource = busySignal
    serialGRAU = serial
    settingOffset = design.settingField(0) - 1
    biasOffset = design.biasField(0) - 1
    settingMask = a.settingBits >= 64 ? .max : (UInt64(1) << UInt64(a.settingBits)) &- 1
    channelErrors = Array(repeating: ErrorAccumulator(), count: job.parameters.channels)
    scoreboard = Scoreboard(beats: (kind.isSerialized ? 1 : timing.latency) + 3, lanes: L)
  }

  /// The observer's view: unit-level signals, then the observed lanes' port and stage registers in datapath order.
  func observation(_ scope: ObservationScope, kernel: Kernel) -> (signals: [ObservedSignal], ids: [Int]) {
    let unit = kind.rawValue
    var signals = [ObservedSignal(name: "\(unit).clk", width: 1, signed: false, signalClass: .valid)]
    var ids = [-1]
    func add(_ id: Int) {
      let d = kernel.declarations[id]
      signals.append(ObservedSignal(name: d.name, width: d.width, signed: d.signed, signalClass: d.signalClass))
      ids.append(id)
    }
    for s in [inValid, inReady, outValid, outReady] { add(s.signal) }
    for f in 0..<cfg.fields.count { add(cfg.first + f) }
    add(control.signal)
    for l in scope.lanes where l >= 0 && l < lanes {
      for layout in [port] + stages {
        for f in 0..<layout.fields.count { add(layout.first + f * lanes + l) }
      }
    }
    return (signals, ids)
  }
}
