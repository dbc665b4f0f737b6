/// Where an MT unit keeps its thresholds (`accelerator.mt.storage`, docs/datapath.md "Threshold storage").
///
/// Both hold the same words, written by the same configuration words and read at the same edges, so values and
/// cycles do not depend on the choice; resources and the names of the write toggles do.
package enum MTStorage: String, Sendable, Hashable, Codable, CaseIterable {
  /// Parameter memories: distributed RAM with an asynchronous read (`mt`, `mt_bs`: one memory per threshold;
  /// `mt_serial`: `T_1` in its own memory, `T_2 … T_M` in one memory with a registered read address, block RAM
  /// when deep). Every variant's design before the key existed, and the default.
  case ram
  /// A register file of flip-flops (FINN-R style): one register per stored threshold bit, read through a
  /// multiplexer (`mt`: a channel mux per stage; `mt_bs`: per stage a channel mux behind the threshold select;
  /// `mt_serial`: one (channel, index) mux over every threshold).
  case registers

  /// The most threshold bits a register file may hold: the flip-flops of the largest UltraScale+ device (VU19P).
  static let maxRegisterBits = 8_171_520

  /// The toggle group of threshold writes: `param.threshold` (memory cells) or `regs.threshold` (flip-flops).
  var thresholdGroup: String { self == .ram ? "param.threshold" : "regs.threshold" }
}
