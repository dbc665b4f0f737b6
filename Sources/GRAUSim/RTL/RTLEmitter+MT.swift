extension RTLEmitter {
  /// MT threshold memories `mem_t1 … mem_t<M>`, M = 2^N_max − 1.
  static func mtMemories(_ d: RTLDesign) -> [Memory] {
    (1...d.thresholdCount).map { Memory(name: "mem_t\($0)", bits: d.thresholdBits, field: d.thresholdField($0)) }
  }

  /// `m = 2^n − 1` of the layer in N_max + 1 bits.
  static func mtLevels(_ w: inout VerilogWriter, _ d: RTLDesign) {
    let mw = d.mtMaxBits + 1
    w.line("// m = 2^n - 1 thresholds are live for an n-bit layer.")
    w.line("wire [\(mw - 1):0] m_live = (\(mw)'d1 << ctl_n) - \(mw)'d1;")
  }

  // MARK: Pipelined

  static func mtPipelined(_ w: inout VerilogWriter, _ d: RTLDesign) {
    let mCount = d.thresholdCount
    let stages = (1...mCount).map { "stage\($0)" }
    pipelinedTop(&w, d, stages: stages, outValid: "v_stage\(mCount)")

    let wBits = d.inputBits
    let a = d.channelBits
    let o = d.maxOutputBits
    let cw = d.mtMaxBits
    lanePorts(&w, d, extra: ["input  wire en"])
    w.indent += 1
    laneMemories(&w, d, mtMemories(d))
    laneOutputFormat(&w, d, cw: o + 2)
    w.line()
    for s in stages {
      w.line("reg \(s)_valid;")
      w.line("reg [\(wBits - 1):0] \(s)_x;")
      w.line("reg [\(a - 1):0] \(s)_ch;")
      w.line("reg [\(cw - 1):0] \(s)_cnt;")
    }
    w.line("// Stage j compares T_j; stages beyond m = 2^n - 1 are disabled by the precision register.")
    for j in 1...mCount {
      let x = j == 1 ? "i_x" : "stage\(j - 1)_x"
      let ch = j == 1 ? "i_ch" : "stage\(j - 1)_ch"
      let live = j == 1 ? "" : "(ctl_n >= 5'd\(bitsFor(j))) & "
      w.line("wire ge\(j) = \(live)\(ge(x, "mem_t\(j)[\(ch)]", d));")
    }
    w.block("always @(posedge clk) begin", "end") { w in
      w.block("if (rst) begin", "end") { w in
        for s in stages { w.line("\(s)_valid <= 1'b0;") }
      }
      w.block("else if (en) begin", "end") { w in
        for (i, s) in stages.enumerated() { w.line("\(s)_valid <= \(i == 0 ? "i_valid" : "\(stages[i - 1])_valid");") }
      }
    }
    w.block("always @(posedge clk) begin", "end") { w in
      w.block("if (en) begin", "end") { w in
        for j in 1...mCount {
          let s = "stage\(j)"
          let p = "stage\(j - 1)"
          w.line("\(s)_x <= \(j == 1 ? "i_x" : "\(p)_x");")
          w.line("\(s)_ch <= \(j == 1 ? "i_ch" : "\(p)_ch");")
          let add = zext("ge\(j)", 1, cw)
          w.line("\(s)_cnt <= \(j == 1 ? add : "\(p)_cnt + \(add)");")
        }
      }
    }
    w.line("wire [\(o - 1):0] y_raw = qmin_c[\(o - 1):0] + \(zext("stage\(mCount)_cnt", cw, o));")
    w.line("assign o_valid = stage\(mCount)_valid;")
    w.line("assign o_y = fit_n(y_raw, ctl_n, ctl_signed);")
    w.indent -= 1
    w.line("endmodule")
  }

  // MARK: Serialized

  static func mtSerial(_ w: inout VerilogWriter, _ d: RTLDesign) {
    let mCount = d.thresholdCount
    let iw = d.mtMaxBits + 1
    topPorts(&w, d)
    w.indent += 1
    topControl(&w, d)
    mtLevels(&w, d)
    w.line("// One beat in flight: T_1 is compared at the accept edge, T_idx at the following edges.")
    w.line("reg busy;")
    w.line("reg out_full;")
    w.line("reg [\(iw - 1):0] idx;")
    w.line("assign out_valid = out_full;")
    w.line("wire leave = out_full & out_ready;")
    w.line("assign in_ready = (~busy & ~out_full) | leave;")
    w.line("wire accept = in_valid & in_ready;")
    w.line("wire [\(iw - 1):0] idx_next = accept ? \(iw)'d2 : busy ? idx + \(iw)'d1 : idx;")
    w.block("always @(posedge clk) begin", "end") { w in
      w.block("if (rst) begin", "end") { w in
        w.line("busy <= 1'b0;")
        w.line("out_full <= 1'b0;")
        w.line("idx <= \(iw)'d0;")
      }
      w.block("else begin", "end") { w in
        w.line("if (leave) out_full <= 1'b0;")
        w.line("idx <= idx_next;")
        w.block("if (accept) begin", "end") { w in
          w.line("if (m_live == \(iw)'d1) out_full <= 1'b1;")
          w.line("else busy <= 1'b1;")
        }
        w.block("else if (busy) begin", "end") { w in
          w.block("if (idx == m_live) begin", "end") { w in
            w.line("busy <= 1'b0;")
            w.line("out_full <= 1'b1;")
          }
        }
      }
    }
    let registers = d.mtStorage == .registers
    let control = [("accept", "accept"), ("busy", "busy"), registers ? ("idx", "idx") : ("idx_next", "idx_next")]
    endTop(&w, d, extra: control) { "in_lane_valid[\($0)]" }

    let wBits = d.inputBits
    let a = d.channelBits
    let o = d.maxOutputBits
    let cw = d.mtMaxBits
    let tw = d.thresholdBits
    let index = registers ? "idx" : "idx_next"
    lanePorts(&w, d, extra: ["input  wire accept", "input  wire busy", "input  wire [\(iw - 1):0] \(index)"])
    w.indent += 1
    if registers {
      mtSerialRegisterFile(&w, d)
    } else {
      laneMemories(&w, d, [mtMemories(d)[0]])
      if mCount > 1 { mtSerialThresholdMemory(&w, d) }
    }
    laneOutputFormat(&w, d, cw: o + 2)
    w.line()
    w.line("reg valid;")
    w.line("reg [\(wBits - 1):0] x;")
    w.line("reg [\(a - 1):0] ch;")
    w.line("reg [\(cw - 1):0] cnt;")
    if registers {
      // A register file needs no read address register: T_1 of the port's channel at the accept edge, T_idx of
      // the held channel while busy (idx runs 2 … m_live, its low N bits the threshold index).
      w.line("wire ge_in = \(ge("i_x", "mem_t[{\(channelPart(d, "i_ch"))\(d.mtMaxBits)'d1}]", d));")
      if mCount > 1 {
        w.line("wire [\(tw - 1):0] t_sel = mem_t[{\(channelPart(d, "ch"))idx[\(iw - 2):0]}];")
        w.line("wire ge = \(ge("x", "t_sel", d));")
      } else {
        w.line("wire ge = 1'b0;  // M = 1: never busy")
      }
    } else {
      w.line("wire ge_in = \(ge("i_x", "mem_t1[i_ch]", d));")
      if mCount > 1 {
        // While busy, idx runs 2 … m_live ≤ M < 2^N: its low N bits are the threshold index. The address
        // register takes the next (ch, idx), so t_sel = mem_t[{ch, idx}] in every busy cycle; as a plain register
        // it lets synthesis make the read synchronous (block RAM when deep) and keep it write-first.
        w.line("reg [\(a + iw - 2):0] t_addr;")
        w.line("always @(posedge clk) t_addr <= {accept ? i_ch : ch, idx_next[\(iw - 2):0]};")
        w.line("wire [\(tw - 1):0] t_sel = mem_t[t_addr];")
        w.line("wire ge = \(ge("x", "t_sel", d));")
      } else {
        w.line("wire ge = 1'b0;  // M = 1: never busy")
      }
    }
    w.block("always @(posedge clk) begin", "end") { w in
      w.line("if (rst) valid <= 1'b0;")
      w.line("else if (accept) valid <= i_valid;")
    }
    w.block("always @(posedge clk) begin", "end") { w in
      w.block("if (accept) begin", "end") { w in
        w.line("x <= i_x;")
        w.line("ch <= i_ch;")
        w.line("cnt <= \(zext("ge_in", 1, cw));")
      }
      w.line("else if (busy) cnt <= cnt + \(zext("ge", 1, cw));")
    }
    w.line("wire [\(o - 1):0] y_raw = qmin_c[\(o - 1):0] + \(zext("cnt", cw, o));")
    w.line("assign o_valid = valid;")
    w.line("assign o_y = fit_n(y_raw, ctl_n, ctl_signed);")
    w.indent -= 1
    w.line("endmodule")
  }

  /// T_2 … T_M of every channel in one memory `mem_t` at address {channel, j} (depth D · 2^N), written by the
  /// same configuration words as `mem_t<j>` (field j = threshold j, so the address is {cfg_chan, cfg_field}).
  /// T_1 keeps its own memory `mem_t1`: the accept edge compares it against the port's channel while `mem_t`'s
  /// read port serves the held beat.
  static func mtSerialThresholdMemory(_ w: inout VerilogWriter, _ d: RTLDesign) {
    let n = d.mtMaxBits
    let p = d.parts(d.thresholdBits)
    let tw = d.thresholdBits
    let fb = d.fieldBits
    let word = p == 1 ? "cfg_data" : "cfg_word\(p)"
    let slice = tw == p * d.busBits ? word : "\(word)[\(tw - 1):0]"
    w.line("// T_2 ... T_M of channel c at address {c, j}: one read per cycle, addressed by (ch, idx).")
    w.line("\(storageAttribute(d))reg [\(tw - 1):0] mem_t [0:\((d.channelCapacity << n) - 1)];")
    w.block("always @(posedge clk) begin", "end") { w in
      w.block("if (cfg_valid && cfg_part == \(d.partBits)'d\(p - 1) && cfg_field >= \(fb)'d2) begin", "end") { w in
        w.line("mem_t[{cfg_chan, cfg_field}] <= \(slice);")
      }
    }
  }

  /// Registers: T_1 … T_M of channel c in one register file `mem_t` at {c, j}, written by the configuration
  /// words of fields 1 … M (field j is threshold j); the one word {c, 0} of each channel that the power-of-two
  /// index leaves free is never written.
  static func mtSerialRegisterFile(_ w: inout VerilogWriter, _ d: RTLDesign) {
    let n = d.mtMaxBits
    let p = d.parts(d.thresholdBits)
    let tw = d.thresholdBits
    let fb = d.fieldBits
    let b = d.busBits
    let word = p == 1 ? "cfg_data" : "cfg_word\(p)"
    let slice = tw == p * b ? word : "\(word)[\(tw - 1):0]"
    w.line(registerStorageComment)
    w.line("// T_1 ... T_M of channel c at {c, j}: T_1 read at the port's channel, T_idx at the held one.")
    if p > 1 { w.line("wire [\(p * b - 1):0] cfg_word\(p) = {cfg_data, cfg_hold[\((p - 1) * b - 1):0]};") }
    w.line("\(storageAttribute(d))reg [\(tw - 1):0] mem_t [0:\((d.channelCapacity << n) - 1)];")
    w.block("always @(posedge clk) begin", "end") { w in
      w.block("if (cfg_valid && cfg_part == \(d.partBits)'d\(p - 1) && cfg_field >= \(fb)'d1) begin", "end") { w in
        w.line("mem_t[{\(channelPart(d, "cfg_chan"))cfg_field[\(n - 1):0]}] <= \(slice);")
      }
    }
  }

  /// The channel half of a register-file index `{ch, j}`: none when the design holds one channel (its D · 2^N
  /// words need only the N index bits).
  static func channelPart(_ d: RTLDesign, _ channel: String) -> String {
    d.channelCapacity == 1 ? "" : "\(channel), "
  }

  // MARK: Binary search

  static func mtBinarySearch(_ w: inout VerilogWriter, _ d: RTLDesign) {
    let nMax = d.mtMaxBits
    let bs = (1...nMax).map { "bs\($0)" }
    let stages = ["in"] + bs + ["out"]
    pipelinedTop(&w, d, stages: stages, outValid: "v_out")

    let wBits = d.inputBits
    let a = d.channelBits
    let o = d.maxOutputBits
    let tw = d.thresholdBits
    let mw = nMax + 1
    lanePorts(&w, d, extra: ["input  wire en"])
    w.indent += 1
    laneMemories(&w, d, mtMemories(d))
    laneOutputFormat(&w, d, cw: o + 2)
    mtLevels(&w, d)
    w.line()
    w.line("reg in_valid;")
    w.line("reg [\(wBits - 1):0] in_x;")
    w.line("reg [\(a - 1):0] in_ch;")
    for s in bs {
      w.line("reg \(s)_valid;")
      w.line("reg [\(wBits - 1):0] \(s)_x;")
      w.line("reg [\(a - 1):0] \(s)_ch;")
      w.line("reg [\(nMax - 1):0] \(s)_idx;")
    }
    w.line("reg out_valid;")
    w.line("reg [\(o - 1):0] out_y;")
    w.line("// Stage s tries c = idx + 2^(N_max - s); it can only reach the 2^(s-1) thresholds c = h, 3h, 5h, ...")
    for s in 1...nMax {
      let h = 1 << (nMax - s)
      let p = s == 1 ? "in" : "bs\(s - 1)"
      w.line("reg [\(tw - 1):0] bs\(s)_t;")
      if s == 1 {
        w.block("always @* begin", "end") { w in w.line("bs1_t = mem_t\(h)[in_ch];") }
        w.line("wire [\(mw - 1):0] bs1_c = \(mw)'d\(h);")
      } else {
        w.block("always @* begin", "end") { w in
          w.block("case (\(p)_idx)", "endcase") { w in
            for t in 0..<(1 << (s - 1)) {
              let v = t * 2 * h
              w.line("\(nMax)'d\(v): bs\(s)_t = mem_t\(v + h)[\(p)_ch];")
            }
            w.line("default: bs\(s)_t = \(tw)'d0;")
          }
        }
        w.line("wire [\(mw - 1):0] bs\(s)_c = {1'b0, \(p)_idx} + \(mw)'d\(h);")
      }
      w.line("wire bs\(s)_ok = (bs\(s)_c <= m_live) & \(ge("\(p)_x", "bs\(s)_t", d));")
    }
    w.block("always @(posedge clk) begin", "end") { w in
      w.block("if (rst) begin", "end") { w in
        for s in stages { w.line("\(s)_valid <= 1'b0;") }
      }
      w.block("else if (en) begin", "end") { w in
        for (i, s) in stages.enumerated() { w.line("\(s)_valid <= \(i == 0 ? "i_valid" : "\(stages[i - 1])_valid");") }
      }
    }
    w.line("wire [\(o - 1):0] y_raw = qmin_c[\(o - 1):0] + \(zext("bs\(nMax)_idx", nMax, o));")
    w.block("always @(posedge clk) begin", "end") { w in
      w.block("if (en) begin", "end") { w in
        w.line("in_x <= i_x;")
        w.line("in_ch <= i_ch;")
        for s in 1...nMax {
          let p = s == 1 ? "in" : "bs\(s - 1)"
          let prevIdx = s == 1 ? "\(nMax)'d0" : "\(p)_idx"
          w.line("bs\(s)_x <= \(p)_x;")
          w.line("bs\(s)_ch <= \(p)_ch;")
          w.line("bs\(s)_idx <= bs\(s)_ok ? bs\(s)_c[\(nMax - 1):0] : \(prevIdx);")
        }
        w.line("out_y <= fit_n(y_raw, ctl_n, ctl_signed);")
      }
    }
    w.line("assign o_valid = out_valid;")
    w.line("assign o_y = out_y;")
    w.indent -= 1
    w.line("endmodule")
  }
}
