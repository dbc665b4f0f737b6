/// One register field of a stage: name, width, signedness, energy class.
struct FieldSpec: Sendable {
  var stage: String
  var name: String
  var width: Int
  var signed: Bool
  var signalClass: SignalClass
}

/// A stage's registers over all lanes, one kernel block: field `f` of lane `l` is signal `first + f·L + l`.
struct StageLayout: Sendable {
  var name: String
  var fields: [FieldSpec]
  var first: Int
  var block: Int
}

/// What a process of a unit model does; the kernel dispatches on it with a `switch` (no existentials).
enum UnitProcess: Sendable, Hashable {
  /// The convolution engine's output stream (testbench): drives `in_valid` and the lane ports.
  case source
  /// The consumer with back-pressure (testbench): drives `out_ready`, checks every leaving beat.
  case sink
  /// Drives one configuration word per edge on the `cfg_*` bus during edges 0 … C−1.
  case configDriver
  /// The parameter memory's write port: stores the bus word at each configuration edge.
  case configWrite
  /// Combinational handshake: `out_valid`, `enable = !out_valid || out_ready`, `in_ready`.
  case handshake
  case mtStage(j: Int)
  case bsIn
  case bsStage(s: Int)
  case bsOut
  case grauPre
  case grauCompare(j: Int)
  case grauCompareBank
  case grauShift(i: Int)
  case grauSign
  case grauBias
  case grauSerial
  case mtSerial
}

/// Where the sink reads a lane's output.
enum OutputTap: Sendable {
  /// An n-bit output register holding the code.
  case code(first: Int)
  /// `qmin + count`, formed combinationally from a count register (MT `cnt`, GRAU bypass `seg`).
  case minPlus(first: Int)
}

/// A cycle-accurate unit (one variant, L lanes) built on the kernel for one layer.
struct UnitModel {
  // Design constants of the layer.
  let kind: UnitKind
  let lanes: Int
  let inputBits: Int
  let output: IntegerFormat
  let grau: GRAUArchitecture
  let bypass: Bool
  let channelBits: Int
  let mtMax: Int
  let reconfiguration: Int
  let beats: Int
  let elementCount: Int
  let timing: UnitTiming
  let parameters: UnitParameterSet
  /// MT channels' reference by binary search (``MTLookup``, equal to ``MTReference``); empty for GRAU.
  let mtLookups: [MTLookup]
  let stream: any ElementStream
  let sourceValid: EdgePattern
  let sinkReady: EdgePattern
  let words: ConfigurationWords

  // Kernel handles.
  let inValid: (block: Int, signal: Int)
  let inReady: (block: Int, signal: Int)
  let outValid: (block: Int, signal: Int)
  let outReady: (block: Int, signal: Int)
  let enable: (block: Int, signal: Int)
  let port: StageLayout
  let cfg: StageLayout
  let control: (block: Int, signal: Int)
  let memory: Int
  /// Fields per parameter-memory row (the memory's stride), so stages need not reach into the kernel's memory.
  let memoryStride: Int
  let stages: [StageLayout]
  let processes: [UnitProcess]
  /// Per process: first signal of its input block and of its own block, and its block.
  let inputFirst: [Int]
  let ownFirst: [Int]
  let ownBlock: [Int]
  let outputTap: OutputTap
  /// Signal whose lane-0 value is the unit's `out_valid` (last stage's `valid`, or the FSM's `out_valid`).
  let outValidSource: Int
  /// Serialized units: lane-0 `busy`.
  let busySource: Int
  /// Serialized GRAU: the core's register offsets.
  let serialGRAU: SerialGRAUFields
  /// Memory field of segment 0's setting word and of its bias (configuration field − 1; docs/datapath.md).
  let settingOffset: Int
  let biasOffset: Int
  /// The shifter setting's R bits of a setting word `{neg, set[R−1:0]}`.
  let settingMask: UInt64

  // Testbench state.
  var stimulus = StreamState()
  var scoreboard: Scoreboard
  var error = ErrorAccumulator()
  /// The same error per channel (for the worst channel of a layer).
  var channelErrors: [ErrorAccumulator] = []
  var referenceMismatches = 0
  var outputDigest = OutputDigest()
  /// Every output code in stream order, if the job keeps them.
  var outputs: [Int32]?
  var beatsLeft = 0
  var lastLeave = -1
  var recordSchedule = false
  var acceptEdges: [Int] = []
  var leaveEdges: [Int] = []
}

/// The source's view of the element stream: one chunk of whole beats at a time, so memory stays bounded.
struct StreamState {
  var chunk = ElementBlock()
  var chunkFirstBeat = 0
  var chunkBeats = 0
  /// The next beat to offer (and accept).
  var beat = 0
}

/// The testbench scoreboard: for each beat in flight, every lane's reference output and `Q_c`.
struct Scoreboard {
  let capacity: Int
  let lanes: Int
  var reference: [Int]
  var expected: [Int]
  var present: [Bool]
  /// Whether the element's error counts (it is held out from calibration).
  var measured: [Bool]
  var channel: [Int]
  var acceptEdge: [Int]
  var head = 0
  var count = 0

  init(beats capacity: Int, lanes: Int) {
    self.capacity = capacity
    self.lanes = lanes
    reference = Array(repeating: 0, count: capacity * lanes)
    expected = Array(repeating: 0, count: capacity * lanes)
    present = Array(repeating: false, count: capacity * lanes)
    measured = Array(repeating: false, count: capacity * lanes)
    channel = Array(repeating: 0, count: capacity * lanes)
    acceptEdge = Array(repeating: 0, count: capacity)
  }

  /// The slot of the next beat to push.
  mutating func pushSlot(acceptEdge e: Int) -> Int {
    precondition(count < capacity, "scoreboard overflow: more beats in flight than the unit can hold")
    let slot = (head + count) % capacity
    acceptEdge[slot] = e
    count += 1
    return slot
  }

  mutating func pop() -> Int {
    let slot = head
    head = (head + 1) % capacity
    count -= 1
    return slot
  }
}
