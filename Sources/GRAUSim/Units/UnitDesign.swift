/// The design-time constants of one unit: which variant, how wide, how many lanes and channels. Everything a layer
/// changes at run time (precision, signedness, mode, parameters) goes through the configuration port instead, so
/// one built unit serves every layer that fits it.
///
/// This is the one description of a unit that the cycle-accurate model simulates, the RTL emitter writes as
/// Verilog and the resource estimator costs. Widths follow docs/datapath.md.
package struct UnitDesign: Sendable, Hashable {
  /// The unit variant.
  package var kind: UnitKind
  /// The GRAU architecture. Its `inputBits` is the input width W of every variant, MT included.
  package var grau: GRAUArchitecture
  /// The largest precision the MT hardware is sized for (N_max); MT variants store 2^N_max − 1 thresholds.
  package var mtMaxBits: Int
  /// The output port width per lane: the largest output precision the unit serves.
  var maxOutputBits: Int
  /// Lanes L running in lock-step.
  package var lanes: Int
  /// Depth of the per-channel parameter memories.
  var channelCapacity: Int
  /// Configuration bus width B.
  var busBits: Int

  /// Creates a design.
  init(
    kind: UnitKind, grau: GRAUArchitecture = GRAUArchitecture(), mtMaxBits: Int = 8, maxOutputBits: Int = 8,
    lanes: Int = 1, channelCapacity: Int = 16, busBits: Int = 32
  ) {
    self.kind = kind
    self.grau = grau
    self.mtMaxBits = mtMaxBits
    self.maxOutputBits = maxOutputBits
    self.lanes = lanes
    self.channelCapacity = channelCapacity
    self.busBits = busBits
  }

  // MARK: Widths shared by the model, the emitter, the testbench and the estimator

  /// Bits of the control word: `{n[4:0], signed, bypass}`.
  static let controlBits = 7
  /// Input width W.
  var inputBits: Int { grau.inputBits }
  /// Threshold register width W + 1 ("never" = xmax + 1 is representable).
  var thresholdBits: Int { grau.inputBits + 1 }
  /// Parameter-memory address bits A.
  var channelBits: Int { Swift.max(1, bitsFor(channelCapacity - 1)) }
  /// Thresholds per channel the hardware stores: K − 1 (GRAU) or 2^N_max − 1 (MT).
  var thresholdCount: Int { kind.isGRAU ? grau.segments - 1 : (1 << mtMaxBits) - 1 }
  /// Number of configuration field indices (control field 0 included).
  var fieldCount: Int { kind.isGRAU ? 3 * grau.segments : thresholdCount + 1 }
  /// Width of `cfg_field`.
  var fieldBits: Int { Swift.max(1, bitsFor(fieldCount - 1)) }
  /// Width of a GRAU setting word `{neg, set[R−1:0]}`.
  var settingWordBits: Int { 1 + grau.stages }
  /// Bus words a field of `bits` bits takes.
  func parts(_ bits: Int) -> Int { (bits + busBits - 1) / busBits }
  /// The most words any field of this design takes.
  var maxParts: Int {
    var p = Swift.max(parts(UnitDesign.controlBits), parts(thresholdBits))
    if kind.isGRAU { p = Swift.max(p, parts(settingWordBits), parts(grau.bias.bits)) }
    return p
  }
  /// Width of `cfg_part`.
  var partBits: Int { Swift.max(1, bitsFor(maxParts - 1)) }

  /// Configuration field index of threshold `j` (1-based).
  func thresholdField(_ j: Int) -> Int { j }
  /// Configuration field index of segment `k`'s setting word (GRAU).
  func settingField(_ k: Int) -> Int { grau.segments + k }
  /// Configuration field index of segment `k`'s bias (GRAU).
  func biasField(_ k: Int) -> Int { 2 * grau.segments + k }

  /// The timing of a layer with `outputBits`-bit outputs on this design.
  func timing(outputBits n: Int) -> UnitTiming {
    UnitTiming.of(kind, outputBits: n, grau: grau, mtMaxBits: mtMaxBits)
  }
}
