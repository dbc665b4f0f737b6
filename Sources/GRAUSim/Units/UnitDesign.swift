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
  /// Where an MT variant keeps its thresholds; always `.ram` for GRAU variants (their parameters are memories).
  var mtStorage: MTStorage

  /// Creates a design.
  init(
    kind: UnitKind, grau: GRAUArchitecture = GRAUArchitecture(), mtMaxBits: Int = 8, maxOutputBits: Int = 8,
    lanes: Int = 1, channelCapacity: Int = 16, busBits: Int = 32, mtStorage: MTStorage = .ram
  ) {
    self.kind = kind
    self.grau = grau
    // Only the pipelined unit has a chain of shifter stages to replace; every other kind keeps the chain.
    if kind != .grau { self.grau.shifter = .chain }
    self.mtMaxBits = mtMaxBits
    self.maxOutputBits = maxOutputBits
    self.lanes = lanes
    self.channelCapacity = channelCapacity
    self.busBits = busBits
    self.mtStorage = kind.isGRAU ? .ram : mtStorage
  }

  /// The timing of a layer with `outputBits`-bit outputs on this design.
  func timing(outputBits n: Int) -> UnitTiming {
    UnitTiming.of(kind, outputBits: n, grau: grau, mtMaxBits: mtMaxBits)
  }
}
