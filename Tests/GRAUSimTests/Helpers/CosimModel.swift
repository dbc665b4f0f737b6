@testable import GRAUSim

/// Compares the RTL's testbench output directly with the event-driven model (`UnitSimulator.simulate`) run on the
/// same design constants, parameters, elements and handshake patterns: element by element, in order, with the
/// edge each element leaves at, and the model's total cycles against the RTL's last leave edge.
enum CosimModel {
  /// The `LayerJob` the cycle-accurate model runs for layer `layer` of `bench`: the bench's own design (same
  /// parameter-memory depth and configuration port) and an in-memory stream whose `expected` is the bit-exact
  /// reference.
  static func job(_ bench: RTLTestbench, layer i: Int) -> LayerJob {
    let d = bench.design
    let layer = bench.layers[i]
    let expected = zip(layer.x, layer.channel).map { layer.parameters.reference($0, channel: $1) }
    return LayerJob(
      layerName: "\(d.moduleName).layer\(i)", design: d.unit, output: layer.output, parameters: layer.parameters,
      stream: ModelArrayStream(x: layer.x, channel: layer.channel, expected: expected), sourceValid: layer.sourceValid,
      sinkReady: layer.sinkReady)
  }

  /// What the model delivered for one layer.
  struct Delivery {
    /// Every element's leave edge, lane and output, in stream order (as the testbench writes them).
    var leaves: [RTLLeave]
    /// `UnitLayerResult.cycles.total`.
    var totalCycles: Int
    /// Inconsistencies inside the model run itself (lane valid bits, reference mismatches, missing beats).
    var problems: [String]
  }

  /// Runs the model on layer `i` of `bench` and captures its outputs with an observer on the output handshake and
  /// the output registers.
  static func deliver(_ bench: RTLTestbench, layer i: Int) -> Delivery {
    let job = job(bench, layer: i)
    let port = UnitSimulator.outputSignals(of: job)
    var tap = OutputRecorder(port: port, elements: job.stream.count, lanes: job.lanes)
    let result = UnitSimulator.simulate(
      job, observer: &tap, scope: ObservationScope(lanes: Array(0..<job.lanes), edges: nil))
    var problems = tap.problems
    if result.referenceMismatches != 0 {
      problems.append("model: \(result.referenceMismatches) outputs differ from the bit-exact reference")
    }
    if tap.leaves.count != job.stream.count {
      problems.append("model: delivered \(tap.leaves.count) of \(job.stream.count) elements")
    }
    return Delivery(leaves: tap.leaves, totalCycles: result.cycles.total, problems: problems)
  }

  /// The differences between the testbench output `rtl` (the `<m>.out` text) and the model, one readable line
  /// each, prefixed with the module name; at most `limit` per bench.
  static func compare(_ bench: RTLTestbench, rtlOutput rtl: String, limit: Int = 5) -> [String] {
    let got = RTLTestbench.parse(rtl)
    var problems: [String] = []
    func report(_ s: String) { if problems.count < limit { problems.append("\(bench.design.moduleName): \(s)") } }
    for i in bench.layers.indices {
      let model = deliver(bench, layer: i)
      for p in model.problems { report("layer \(i): \(p)") }
      guard i < got.count else {
        report("layer \(i): no RTL output")
        continue
      }
      let rtlLeaves = got[i].leaves
      // (a) The model's total cycles are the RTL's last leave edge (docs/datapath.md: no offset, both count
      // edges from the first configuration edge).
      if let last = rtlLeaves.last?.edge, last != model.totalCycles {
        report("layer \(i): model total cycles \(model.totalCycles), RTL's last beat leaves at edge \(last)")
      }
      // (b) Element by element, in order: the same edge, lane and value.
      for e in 0..<max(model.leaves.count, rtlLeaves.count) {
        let want = e < model.leaves.count ? "\(model.leaves[e])" : "nothing"
        let have = e < rtlLeaves.count ? "\(rtlLeaves[e])" : "nothing"
        if want != have {
          let layer = bench.layers[i]
          let at = e < layer.x.count ? " (x \(layer.x[e]), channel \(layer.channel[e]))" : ""
          report("layer \(i), element \(e)\(at): model \(want), RTL \(have)")
        }
      }
    }
    return problems
  }

  /// An observer that replays the committed changes of the output handshake and output registers and records
  /// every beat that leaves: at edge e iff `out_valid && out_ready` held before edge e's commits.
  struct OutputRecorder: SimulationObserver {
    let port: UnitOutputSignals
    let elements: Int
    let lanes: Int
    private(set) var leaves: [RTLLeave] = []
    private(set) var problems: [String] = []
    private var state: [UInt64] = []
    private var valid = -1
    private var ready = -1
    private var laneData: [Int] = []
    private var laneValid: [Int]?
    /// The last edge whose leave condition has been sampled.
    private var sampled = -1
    private var beat = 0

    init(port: UnitOutputSignals, elements: Int, lanes: Int) {
      self.port = port
      self.elements = elements
      self.lanes = lanes
    }

    mutating func begin(signals: [ObservedSignal], initialValues: [UInt64], firstEdge: Int) {
      func index(_ name: String) -> Int {
        guard let i = signals.firstIndex(where: { $0.name == name }) else {
          problems.append("model: signal \(name) is not observed")
          return -1
        }
        return i
      }
      state = initialValues
      valid = index(port.valid)
      ready = index(port.ready)
      laneData = port.lanes.map(index)
      laneValid = port.laneValid?.map(index)
      sampled = firstEdge - 1
    }

    mutating func change(edge: Int, signal: Int, value: UInt64) {
      sample(through: edge)
      state[signal] = value
    }

    mutating func finish(lastEdge: Int) { sample(through: lastEdge) }

    private mutating func sample(through edge: Int) {
      guard valid >= 0, ready >= 0, !laneData.contains(-1) else { return }
      while sampled < edge {
        sampled += 1
        guard state[valid] & state[ready] & 1 != 0 else { continue }
        for l in 0..<lanes {
          let element = beat * lanes + l
          let carries = element < elements
          if let laneValid, laneValid[l] >= 0, (state[laneValid[l]] & 1 != 0) != carries {
            problems.append("model: beat \(beat) lane \(l) valid bit \(state[laneValid[l]]) at edge \(sampled)")
          }
          if carries { leaves.append(RTLLeave(edge: sampled, lane: l, value: port.value(state[laneData[l]]))) }
        }
        beat += 1
      }
    }
  }
}
