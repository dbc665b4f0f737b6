extension RTLEmitter {
  /// GRAU parameter memories: thresholds `mem_t<j>`, setting words `mem_set<k>` (`{neg, set}`), biases `mem_bias<k>`.
  static func grauMemories(_ d: RTLDesign) -> [Memory] {
    let k = d.grau.segments
    var m = (1..<k).map { Memory(name: "mem_t\($0)", bits: d.thresholdBits, field: d.thresholdField($0)) }
    m += (0..<k).map { Memory(name: "mem_set\($0)", bits: d.settingWordBits, field: d.settingField($0)) }
    m += (0..<k).map { Memory(name: "mem_bias\($0)", bits: d.grau.bias.bits, field: d.biasField($0)) }
    return m
  }

  /// Width of the comparison against the output range: wide enough for the sum and for `qmax` of 16 bits.
  static func grauClampBits(_ d: RTLDesign) -> Int { Swift.max(d.grau.sum.bits, d.maxOutputBits + 2) }

  /// The segment mux: setting word and bias of segment `seg` of channel `ch` (combinational).
  static func segmentMux(_ w: inout VerilogWriter, _ d: RTLDesign, seg: String, ch: String) {
    let g = d.grau
    let segw = g.segmentIndexBits
    w.line("// Segment mux: the setting, sign and bias of the segment the comparators found.")
    let sb = g.settingBits
    w.line("reg [\(sb):0] sm_word;")
    w.line("reg [\(g.bias.bits - 1):0] sm_bias;")
    w.block("always @* begin", "end") { w in
      w.block("case (\(seg))", "endcase") { w in
        for k in 0..<g.segments {
          w.line("\(segw)'d\(k): begin sm_word = mem_set\(k)[\(ch)]; sm_bias = mem_bias\(k)[\(ch)]; end")
        }
        w.line("default: begin sm_word = \(sb + 1)'d0; sm_bias = \(g.bias.bits)'d0; end")
      }
    }
    w.line("wire [\(sb - 1):0] sm_set = sm_word[\(sb - 1):0];")
    w.line("wire sm_neg = sm_word[\(sb)];")
  }

  /// The sign stage's input `S`: PoT `set == 0 ? 0 : v`, APoT `acc`, in the sum's width.
  static func magnitude(_ d: RTLDesign, v: String, acc: String, set: String) -> String {
    let g = d.grau
    let sw = g.sum.bits
    switch g.slopeMode {
    case .pot: return "(\(set) == \(g.settingBits)'d0) ? \(sw)'d0 : \(sext(v, g.shifted.bits, sw))"
    case .apot: return sext(acc, g.bias.bits, sw)
    }
  }

  /// The offset adder and its saturation or wrap, as wires `<p>_sum` and `<p>_res` (`cw` bits).
  static func offsetAdder(_ w: inout VerilogWriter, _ d: RTLDesign, prefix p: String, s: String, bias: String) {
    let g = d.grau
    let sw = g.sum.bits
    let cw = grauClampBits(d)
    w.line("wire [\(sw - 1):0] \(p)_sum = \(s) + \(sext(bias, g.bias.bits, sw));")
    w.line("wire [\(cw - 1):0] \(p)_sumc = \(sext("\(p)_sum", sw, cw));")
    if g.saturate {
      w.line("// Saturating offset adder: clamp to [qmin, qmax].")
      w.line(
        "wire [\(cw - 1):0] \(p)_res = ($signed(\(p)_sumc) < $signed(qmin_c)) ? qmin_c : "
          + "(($signed(\(p)_sumc) > $signed(qmax_c)) ? qmax_c : \(p)_sumc);")
    } else {
      w.line("// Wrapping offset adder: fit_n keeps the low n bits.")
      w.line("wire [\(cw - 1):0] \(p)_res = \(p)_sumc;")
    }
  }

  // MARK: Pipelined

  static func grauPipelined(_ w: inout VerilogWriter, _ d: RTLDesign) {
    let g = d.grau
    let cmp = g.comparator == .chain ? (1..<g.segments).map { "cmp\($0)" } : ["cmp"]
    let barrel = g.shifter == .barrel
    let shifts = (1...g.shifterStages).map { barrel ? "barrel\($0)" : "shift\($0)" }
    let stages = ["pre"] + cmp + shifts + ["sign", "bias"]
    let last = cmp.last!

    // Top
    if hasBypass(d) {
      pipelinedTop(
        &w, d, stages: stages, outValid: "ctl_bypass ? v_\(last) : v_bias", gate: [shifts[0]: "~ctl_bypass"])
    } else {
      pipelinedTop(&w, d, stages: stages, outValid: "v_bias")
    }

    // Lane
    let wBits = d.inputBits
    let bw = g.shifted.bits
    let biasW = g.bias.bits
    let sw = g.sum.bits
    let segw = g.segmentIndexBits
    let a = d.channelBits
    let o = d.maxOutputBits
    let r = g.shifterStages
    let setw = g.settingBits
    lanePorts(&w, d, extra: ["input  wire en"])
    w.indent += 1
    laneMemories(&w, d, grauMemories(d))
    laneOutputFormat(&w, d, cw: grauClampBits(d))
    w.line()
    w.line("// Stage registers (docs/datapath.md): <stage>_<field>.")
    w.line("reg pre_valid;")
    w.line("reg [\(wBits - 1):0] pre_x;")
    w.line("reg [\(bw - 1):0] pre_big;")
    w.line("reg [\(a - 1):0] pre_ch;")
    for c in cmp {
      w.line("reg \(c)_valid;")
      w.line("reg [\(wBits - 1):0] \(c)_x;")
      w.line("reg [\(bw - 1):0] \(c)_big;")
      w.line("reg [\(a - 1):0] \(c)_ch;")
      w.line("reg [\(segw - 1):0] \(c)_seg;")
    }
    for s in shifts {
      w.line("reg \(s)_valid;")
      w.line("reg [\(bw - 1):0] \(s)_v;")
      if g.slopeMode == .apot { w.line("reg [\(biasW - 1):0] \(s)_acc;") }
      w.line("reg [\(setw - 1):0] \(s)_set;")
      w.line("reg \(s)_neg;")
      w.line("reg [\(biasW - 1):0] \(s)_bias;")
    }
    w.line("reg sign_valid;")
    w.line("reg [\(sw - 1):0] sign_s;")
    w.line("reg [\(biasW - 1):0] sign_bias;")
    w.line("reg bias_valid;")
    w.line("reg [\(o - 1):0] bias_y;")
    w.line()

    // Comparators
    w.line("// Comparators: x >= t_j of the element's channel (thresholds are W+1 bits, signed).")
    if g.comparator == .chain {
      for j in 1..<g.segments {
        let prev = j == 1 ? "pre" : "cmp\(j - 1)"
        w.line("wire ge\(j) = \(ge("\(prev)_x", "mem_t\(j)[\(prev)_ch]", d));")
      }
    } else {
      for j in 1..<g.segments { w.line("wire ge\(j) = \(ge("pre_x", "mem_t\(j)[pre_ch]", d));") }
    }
    segmentMux(&w, d, seg: "\(last)_seg", ch: "\(last)_ch")
    if barrel {
      w.line("// Barrel shifter: stage k shifts by 2^(k-1) bits (arithmetic) when bit k-1 of the shift amount is set.")
    } else {
      w.line("// Shifter chain: each stage shifts by one bit (arithmetic).")
    }
    for i in 1...r {
      let pv = i == 1 ? "\(last)_big" : "\(shifts[i - 2])_v"
      if barrel {
        let amount = GRAUArchitecture.barrelShift(stage: i)
        w.line("wire [\(bw - 1):0] sh\(i) = $signed(\(pv)) >>> \(amount);")
      } else {
        w.line("wire [\(bw - 1):0] sh\(i) = {\(pv)[\(bw - 1)], \(pv)[\(bw - 1):1]};")
      }
    }
    let lastShift = shifts[r - 1]
    w.line(
      "wire [\(sw - 1):0] sign_mag = \(magnitude(d, v: "\(lastShift)_v", acc: "\(lastShift)_acc", set: "\(lastShift)_set"));"
    )
    offsetAdder(&w, d, prefix: "bias", s: "sign_s", bias: "sign_bias")
    w.line()

    // Valid bits (reset) and data (no reset).
    w.block("always @(posedge clk) begin", "end") { w in
      w.block("if (rst) begin", "end") { w in
        for s in stages { w.line("\(s)_valid <= 1'b0;") }
      }
      w.block("else if (en) begin", "end") { w in
        for (i, s) in stages.enumerated() {
          let src = i == 0 ? "i_valid" : "\(stages[i - 1])_valid"
          w.line("\(s)_valid <= \(s == shifts[0] && hasBypass(d) ? "\(src) & ~ctl_bypass" : src);")
        }
      }
    }
    w.block("always @(posedge clk) begin", "end") { w in
      w.block("if (en) begin", "end") { w in
        w.line("pre_x <= i_x;")
        w.line("pre_big <= \(preShift("i_x", d));")
        w.line("pre_ch <= i_ch;")
        for (j, c) in cmp.enumerated() {
          let prev = j == 0 ? "pre" : cmp[j - 1]
          w.line("\(c)_x <= \(prev)_x;")
          w.line("\(c)_big <= \(prev)_big;")
          w.line("\(c)_ch <= \(prev)_ch;")
          if g.comparator == .chain {
            let add = zext("ge\(j + 1)", 1, segw)
            w.line("\(c)_seg <= \(j == 0 ? add : "\(prev)_seg + \(add)");")
          } else {
            w.line("\(c)_seg <= " + (1..<g.segments).map { zext("ge\($0)", 1, segw) }.joined(separator: " + ") + ";")
          }
        }
        for i in 1...r {
          let s = shifts[i - 1]
          let first = i == 1
          let prev = first ? "" : shifts[i - 2]
          let pset = first ? "sm_set" : "\(prev)_set"
          let pv = first ? "\(last)_big" : "\(prev)_v"
          switch g.slopeMode {
          case .pot:
            w.line("\(s)_v <= \(pset)[\(i - 1)] ? sh\(i) : \(pv);")
          case .apot:
            let term = "(\(pset)[\(i - 1)] ? \(sext("sh\(i)", bw, biasW)) : \(biasW)'d0)"
            w.line("\(s)_v <= sh\(i);")
            w.line("\(s)_acc <= \(first ? term : "\(prev)_acc + \(term)");")
          }
          w.line("\(s)_set <= \(pset);")
          w.line("\(s)_neg <= \(first ? "sm_neg" : "\(prev)_neg");")
          w.line("\(s)_bias <= \(first ? "sm_bias" : "\(prev)_bias");")
        }
        w.line("sign_s <= \(lastShift)_neg ? \(sw)'d0 - sign_mag : sign_mag;")
        w.line("sign_bias <= \(lastShift)_bias;")
        w.line("bias_y <= fit_n(bias_res[\(o - 1):0], ctl_n, ctl_signed);")
      }
    }
    if hasBypass(d) {
      w.line("// Bypass (n <= 2): the comparators alone act as a small MT unit, out = qmin + seg.")
      w.line("wire [\(o - 1):0] byp_y = qmin_c[\(o - 1):0] + \(zext("\(last)_seg", segw, o));")
      w.line("assign o_valid = ctl_bypass ? \(last)_valid : bias_valid;")
      w.line("assign o_y = ctl_bypass ? fit_n(byp_y, ctl_n, ctl_signed) : bias_y;")
    } else {
      w.line("assign o_valid = bias_valid;")
      w.line("assign o_y = bias_y;")
    }
    w.indent -= 1
    w.line("endmodule")
  }

  // MARK: Serialized

  /// Bits of the serialized GRAU step counter (counts 1 … K + R + 1).
  static func grauStepBits(_ d: RTLDesign) -> Int { bitsFor(d.grau.segments + d.grau.stages + 1) }

  static func grauSerial(_ w: inout VerilogWriter, _ d: RTLDesign) {
    let g = d.grau
    let k = g.segments
    let r = g.stages
    let stw = grauStepBits(d)

    // Top: the shared FSM.
    topPorts(&w, d)
    w.indent += 1
    topControl(&w, d)
    w.line("// One beat in flight: step j compares t_j (1 ... K-1), steps K ... K+R-1 shift, K+R signs, K+R+1 adds.")
    w.line("reg busy;")
    w.line("reg out_full;")
    w.line("reg [\(stw - 1):0] step;")
    w.line("assign out_valid = out_full;")
    w.line("wire leave = out_full & out_ready;")
    w.line("assign in_ready = (~busy & ~out_full) | leave;")
    w.line("wire accept = in_valid & in_ready;")
    let pwlLast = "\(stw)'d\(k + r + 1)"
    if hasBypass(d) {
      w.line("wire [\(stw - 1):0] last_step = ctl_bypass ? \(stw)'d\(k - 1) : \(pwlLast);")
    } else {
      w.line("wire [\(stw - 1):0] last_step = \(pwlLast);")
    }
    w.block("always @(posedge clk) begin", "end") { w in
      w.block("if (rst) begin", "end") { w in
        w.line("busy <= 1'b0;")
        w.line("out_full <= 1'b0;")
        w.line("step <= \(stw)'d0;")
      }
      w.block("else begin", "end") { w in
        w.line("if (leave) out_full <= 1'b0;")
        w.block("if (accept) begin", "end") { w in
          w.line("busy <= 1'b1;")
          w.line("step <= \(stw)'d1;")
        }
        w.block("else if (busy) begin", "end") { w in
          w.line("step <= step + \(stw)'d1;")
          w.block("if (step == last_step) begin", "end") { w in
            w.line("busy <= 1'b0;")
            w.line("out_full <= 1'b1;")
          }
        }
      }
    }
    endTop(&w, d, extra: [("accept", "accept"), ("busy", "busy"), ("step", "step")]) { "in_lane_valid[\($0)]" }

    // Lane
    let wBits = d.inputBits
    let bw = g.shifted.bits
    let biasW = g.bias.bits
    let sw = g.sum.bits
    let segw = g.segmentIndexBits
    let a = d.channelBits
    let o = d.maxOutputBits
    let tw = d.thresholdBits
    lanePorts(
      &w, d, extra: ["input  wire accept", "input  wire busy", "input  wire [\(stw - 1):0] step"])
    w.indent += 1
    laneMemories(&w, d, grauMemories(d))
    laneOutputFormat(&w, d, cw: grauClampBits(d))
    w.line()
    w.line("reg valid;")
    w.line("reg [\(wBits - 1):0] x;")
    w.line("reg [\(bw - 1):0] big;")
    w.line("reg [\(a - 1):0] ch;")
    w.line("reg [\(segw - 1):0] seg;")
    w.line("reg [\(bw - 1):0] v;")
    if g.slopeMode == .apot { w.line("reg [\(biasW - 1):0] acc;") }
    w.line("reg [\(r - 1):0] set;")
    w.line("reg neg;")
    w.line("reg [\(biasW - 1):0] bias;")
    w.line("reg [\(sw - 1):0] s;")
    w.line("reg [\(o - 1):0] y;")
    w.line()
    w.line("// The one comparator reads threshold t_step of the held channel.")
    w.line("reg [\(tw - 1):0] t_sel;")
    w.block("always @* begin", "end") { w in
      w.block("case (step)", "endcase") { w in
        for j in 1..<k { w.line("\(stw)'d\(j): t_sel = mem_t\(j)[ch];") }
        w.line("default: t_sel = \(tw)'d0;")
      }
    }
    w.line("wire ge = \(ge("x", "t_sel", d));")
    segmentMux(&w, d, seg: "seg", ch: "ch")
    w.line("// The one shifter stage: at step K it starts from big with the mux's setting.")
    w.line("wire first = step == \(stw)'d\(k);")
    w.line("wire [\(r - 1):0] cur_set = first ? sm_set : set;")
    w.line("wire [\(bw - 1):0] cur_v = first ? big : v;")
    w.line("wire [\(bw - 1):0] sh = {cur_v[\(bw - 1)], cur_v[\(bw - 1):1]};")
    w.line("reg bit_i;")
    w.block("always @* begin", "end") { w in
      w.block("case (step)", "endcase") { w in
        for i in 0..<r { w.line("\(stw)'d\(k + i): bit_i = cur_set[\(i)];") }
        w.line("default: bit_i = 1'b0;")
      }
    }
    w.line("wire [\(sw - 1):0] mag = \(magnitude(d, v: "v", acc: "acc", set: "set"));")
    offsetAdder(&w, d, prefix: "add", s: "s", bias: "bias")
    w.line()
    w.block("always @(posedge clk) begin", "end") { w in
      w.line("if (rst) valid <= 1'b0;")
      w.line("else if (accept) valid <= i_valid;")
    }
    w.block("always @(posedge clk) begin", "end") { w in
      w.block("if (accept) begin", "end") { w in
        w.line("x <= i_x;")
        w.line("big <= \(preShift("i_x", d));")
        w.line("ch <= i_ch;")
        w.line("seg <= \(segw)'d0;")
      }
      w.block("else if (busy) begin", "end") { w in
        w.line("if (step <= \(stw)'d\(k - 1)) seg <= seg + \(zext("ge", 1, segw));")
        w.block("if (step >= \(stw)'d\(k) && step <= \(stw)'d\(k + r - 1)) begin", "end") { w in
          switch g.slopeMode {
          case .pot:
            w.line("v <= bit_i ? sh : cur_v;")
          case .apot:
            w.line("v <= sh;")
            w.line("acc <= (first ? \(biasW)'d0 : acc) + (bit_i ? \(sext("sh", bw, biasW)) : \(biasW)'d0);")
          }
          w.block("if (first) begin", "end") { w in
            w.line("set <= sm_set;")
            w.line("neg <= sm_neg;")
            w.line("bias <= sm_bias;")
          }
        }
        w.line("if (step == \(stw)'d\(k + r)) s <= neg ? \(sw)'d0 - mag : mag;")
        w.line("if (step == \(stw)'d\(k + r + 1)) y <= fit_n(add_res[\(o - 1):0], ctl_n, ctl_signed);")
      }
    }
    w.line("assign o_valid = valid;")
    if hasBypass(d) {
      w.line("// Bypass (n <= 2): out = qmin + seg once the last comparison is done.")
      w.line("wire [\(o - 1):0] byp_y = qmin_c[\(o - 1):0] + \(zext("seg", segw, o));")
      w.line("assign o_y = ctl_bypass ? fit_n(byp_y, ctl_n, ctl_signed) : y;")
    } else {
      w.line("assign o_y = y;")
    }
    w.indent -= 1
    w.line("endmodule")
  }
}
