/// Resource counts of a stage, a lane or a unit. Estimates are fractional (coefficients × quantities); the CSV
/// and reports round them.
package struct ResourceCounts: Sendable, Hashable, Codable {
  /// Logic LUTs (LUT1 … LUT6).
  package var lut: Double
  /// Flip-flops.
  package var ff: Double
  /// LUTs used as memory: distributed RAM and shift registers (SRL16E), as Vivado's "LUT as Memory".
  var lutram: Double
  /// Block RAM in RAMB36 units (a RAMB18 is 0.5).
  var bram36: Double
  /// CARRY8 blocks (8 carry bits each) of UltraScale+.
  var carry8: Double

  init(lut: Double = 0, ff: Double = 0, lutram: Double = 0, bram36: Double = 0, carry8: Double = 0) {
    self.lut = lut
    self.ff = ff
    self.lutram = lutram
    self.bram36 = bram36
    self.carry8 = carry8
  }

  /// The sum of two counts, column by column.
  static func + (a: ResourceCounts, b: ResourceCounts) -> ResourceCounts {
    ResourceCounts(
      lut: a.lut + b.lut, ff: a.ff + b.ff, lutram: a.lutram + b.lutram, bram36: a.bram36 + b.bram36,
      carry8: a.carry8 + b.carry8)
  }

  /// Every column multiplied by `k` (e.g. lanes).
  static func * (a: ResourceCounts, k: Double) -> ResourceCounts {
    ResourceCounts(lut: a.lut * k, ff: a.ff * k, lutram: a.lutram * k, bram36: a.bram36 * k, carry8: a.carry8 * k)
  }

  /// The counts as reports give them: whole LUTs, FFs, LUTRAMs and CARRY8s, RAMB36 to a tenth.
  var reported: ResourceCounts {
    ResourceCounts(
      lut: lut.rounded(), ff: ff.rounded(), lutram: lutram.rounded(), bram36: bram36.rounded(places: 1),
      carry8: carry8.rounded())
  }

  /// LUTs with the parameter memories as LUT-equivalents: LUT + LUTRAM + 576·RAMB36 (a RAMB36 holds 36 Kib, what
  /// 576 64-bit LUTRAMs hold). One area figure for units that store their parameters differently.
  var lutEquivalent: Double { lut + lutram + 576 * bram36 }
}

/// The resources of one stage of a unit (all lanes included), in datapath order.
struct StageResources: Sendable, Hashable {
  /// Stage name as in docs/datapath.md (`pre`, `cmp3`, `shift7`, `sign`, `bias`, `stage12`, `bs2`, …), or
  /// `mux` (segment mux), `params` (parameter memories), `config` (control register, configuration logic and
  /// the beat-level valid bits / FSM of the top module).
  var name: String
  /// The cost primitives the stage is made of (per design, all lanes).
  var terms: CostTerms
  /// The estimate: ``ResourceCoefficients`` applied to ``terms``.
  var counts: ResourceCounts
}

/// The resource estimate of one design: per stage and in total.
package struct ResourceEstimate: Sendable, Hashable {
  var design: UnitDesign
  /// Per stage, in datapath order; their sum is ``total``.
  var stages: [StageResources]
  /// The whole unit (top module and every lane).
  package var total: ResourceCounts
}

/// Analytic LUT / FF / LUTRAM / BRAM / CARRY8 estimates for the Verilog ``RTLEmitter`` writes, on a 6-input-LUT
/// UltraScale+ fabric (docs/resources.md).
///
/// Each stage is described by cost primitives (``CostTerms``): comparator bits, adder bits, mux inputs, register
/// bits, parameter memories. Registers, distributed RAM and shift registers are counted structurally (which
/// register bits survive synthesis, which delay lines become SRL16E, which memory primitive a depth maps to);
/// logic LUTs are the primitives weighted by ``ResourceCoefficients``, fitted against `yosys synth_xilinx`.
package enum ResourceEstimator {
  /// The estimate of `design`, per stage and in total.
  ///
  /// - Complexity: O(stages) — pipelined MT at n = 8 has 255.
  package static func estimate(_ design: UnitDesign, coefficients c: ResourceCoefficients = .default)
    -> ResourceEstimate
  {
    let stages = terms(design).map { name, t in
      StageResources(name: name, terms: t, counts: c.apply(t, kind: design.kind))
    }
    let total = stages.reduce(ResourceCounts()) { $0 + $1.counts }
    return ResourceEstimate(design: design, stages: stages, total: total)
  }

  /// Words of an MT design's threshold register file: M per channel (`mt`, `mt_bs`: one D-word array per
  /// threshold), 2^N per channel for `mt_serial` with M > 1 (T_j at {c, j}: the word {c, 0} is never written but
  /// stays, since T_idx's mux reads it), and one per channel for `mt_serial` with M = 1 (only T_1 at {c, 1} is
  /// read, so yosys removes the unread, unwritten {c, 0}).
  static func registerFileWords(_ d: UnitDesign) -> Int {
    guard d.kind == .mtSerial else { return d.thresholdCount * d.channelCapacity }
    return d.thresholdCount > 1 ? d.channelCapacity << d.mtMaxBits : d.channelCapacity
  }

  /// The cost primitives of every stage of `design`, all lanes included, in datapath order.
  package static func terms(_ d: UnitDesign) -> [(String, CostTerms)] {
    var stages: [(String, CostTerms)]
    switch d.kind {
    case .grau: stages = grauPipelined(d)
    case .grauSerial: stages = grauSerial(d)
    case .mt: stages = mtPipelined(d)
    case .mtSerial: stages = mtSerial(d)
    case .mtBinarySearch: stages = mtBinarySearch(d)
    }
    let lanes = Double(d.lanes)
    stages = stages.map { ($0.0, $0.1 * lanes) }
    // Every lane decodes the same configuration word: after flattening yosys merges the lanes' identical
    // write-enable decoders, so they count once per design.
    let memory = memoryTerms(d)
    var params = memory.lane * lanes
    params.memories = memory.lane.memories
    params.registerBits += memory.shared.registerBits
    if !d.kind.isGRAU && d.mtStorage == .registers {
      // The lanes' register files hold the same words, written by the same broadcast: yosys merges them into one
      // (each lane keeps its own read muxes, counted in its stages).
      params.registerFile(bits: d.thresholdBits, words: registerFileWords(d))
      if d.kind == .mtSerial && d.thresholdCount > 1 {
        // Per channel, T_idx's 2^N:1 tree over that channel's words selects by idx, the same in every lane.
        params.registerReadLevels(bits: d.thresholdBits, inputs: 1 << d.mtMaxBits, copies: d.channelCapacity)
      }
    }
    stages.append(("params", params))
    stages.append(("config", configTerms(d)))
    return stages
  }
}
