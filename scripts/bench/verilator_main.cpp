// Verilator harness of scripts/bench_vs_verilator.sh: drives one exported grausim unit (`grausim rtl`) directly,
// exactly as the generated testbench tb_<m>.v does (Sources/GRAUSim/RTL/RTLTestbench+Files.swift), and times only
// the clocked simulation loop.
//
// Build (the script does this; the model class is always `Vunit` through --prefix):
//   verilator --cc --exe --build -O3 --x-assign fast --x-initial fast --threads 1 --prefix Vunit \
//     --top-module <m> -MAKEFLAGS "OPT_FAST=-O3 OPT_GLOBAL=-O3 OPT_SLOW=-O3" <m>.v verilator_main.cpp
//   (add --trace for the VCD build; BENCH_TRACE is then defined by -CFLAGS -DBENCH_TRACE)
//
// Usage: Vunit DIR MODULE [--elements E] [--runs R] [--warmup N] [--vcd PATH]
//   DIR holds <m>_layers.hex, <m>_cfg.hex, <m>_beats.hex, <m>_valid.hex, <m>_ready.hex and tb_<m>.v (for L, W, A, O).
//   --elements E streams only the first E elements (default: every element of the export; layer 0 only).
//   --runs R timed runs (default 1) after --warmup N untimed ones (default 1); each run on a fresh model.
//   --vcd PATH (traced build only): every signal, dumped at both clock phases of every cycle, in each run.
//
// Per run: reset for two cycles (released before edge 0), configuration word e at edges 0 ... C-1, then from edge C
// in_valid = valid[(e - C) mod len] && beats remain, out_ready = ready[(e - C) mod len]; a beat leaves at edge e when
// out_valid && out_ready hold just before the rising edge (after the inputs of edge e settle). The run ends when the
// last beat has left. cycles = the last leave edge, which is grausim's `cycles.total` (docs/rtl.md). Every output
// code, in stream order, is folded into the digest of Sources/GRAUSim/Models/LayerJob.swift (`OutputDigest`).
//
// Prints one `run` line per timed run and a final machine-readable `result` line; exits non-zero on any mismatch
// between runs, a timeout, or a malformed vector file.

#include "Vunit.h"
#include "verilated.h"
#ifdef BENCH_TRACE
#include "verilated_vcd_c.h"
#endif

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

namespace {

[[noreturn]] void fail(const std::string& message) {
    std::fprintf(stderr, "verilator_main: error: %s\n", message.c_str());
    std::exit(1);
}

// Lines of hex numbers; `//` comments and blank lines skipped.
std::vector<std::vector<uint64_t>> readHex(const std::string& path) {
    std::ifstream in(path);
    if (!in) fail("cannot read " + path);
    std::vector<std::vector<uint64_t>> rows;
    std::string line;
    while (std::getline(in, line)) {
        const size_t comment = line.find("//");
        if (comment != std::string::npos) line.resize(comment);
        std::vector<uint64_t> row;
        const char* p = line.c_str();
        while (*p) {
            while (*p == ' ' || *p == '\t' || *p == '\r') ++p;
            if (!*p) break;
            char* end = nullptr;
            const unsigned long long v = std::strtoull(p, &end, 16);
            if (end == p) fail(path + ": not a hex number: '" + line + "'");
            row.push_back(v);
            p = end;
        }
        if (!row.empty()) rows.push_back(std::move(row));
    }
    return rows;
}

// `localparam L = 1, W = 16, A = 1, O = 8;` of tb_<m>.v.
void readWidths(const std::string& path, int& L, int& W, int& A, int& O) {
    std::ifstream in(path);
    if (!in) fail("cannot read " + path);
    std::string line;
    while (std::getline(in, line)) {
        if (std::sscanf(line.c_str(), " localparam L = %d, W = %d, A = %d, O = %d;", &L, &W, &A, &O) == 4) return;
    }
    fail(path + ": no 'localparam L = .., W = .., A = .., O = ..;' line");
}

// Packed port values as 32-bit words, least significant first.
struct Packed {
    size_t words;
    std::vector<uint32_t> data;  // beats x words
    explicit Packed(int bits) : words(static_cast<size_t>((bits + 31) / 32)) {}
    void addBeat() { data.resize(data.size() + words, 0); }
    void set(size_t beat, int offset, int width, uint64_t value) {
        uint32_t* w = &data[beat * words];
        for (int b = 0; b < width; ++b) {
            if ((value >> b) & 1) w[(offset + b) / 32] |= 1u << ((offset + b) % 32);
        }
    }
    const uint32_t* beat(size_t b) const { return &data[b * words]; }
};

// Port access for Verilator's port types: CData/SData/IData/QData, or VlWide<N> above 64 bits.
template <typename T>
typename std::enable_if<std::is_integral<T>::value>::type assign(T& port, const uint32_t* w, size_t words) {
    if (words > 1) {
        port = static_cast<T>(static_cast<uint64_t>(w[0]) | (static_cast<uint64_t>(w[1]) << 32));
    } else {
        port = static_cast<T>(w[0]);
    }
}
template <size_t N>
void assign(VlWide<N>& port, const uint32_t* w, size_t words) {
    for (size_t i = 0; i < N; ++i) port.at(i) = i < words ? w[i] : 0;
}
template <typename T>
constexpr typename std::enable_if<std::is_integral<T>::value, int>::type portBits(const T&) {
    return static_cast<int>(sizeof(T) * 8);
}
template <size_t N>
constexpr int portBits(const VlWide<N>&) {
    return static_cast<int>(N * 32);
}
template <typename T>
inline typename std::enable_if<std::is_integral<T>::value, uint64_t>::type bits(const T& port, int offset, int width) {
    const uint64_t v = static_cast<uint64_t>(port) >> offset;
    return width >= 64 ? v : v & ((uint64_t(1) << width) - 1);
}
template <size_t N>
inline uint64_t bits(const VlWide<N>& port, int offset, int width) {  // width <= 32
    const size_t i = static_cast<size_t>(offset / 32);
    const int s = offset % 32;
    uint64_t v = static_cast<uint64_t>(port.at(i)) >> s;
    if (s + width > 32 && i + 1 < N) v |= static_cast<uint64_t>(port.at(i + 1)) << (32 - s);
    return v & ((uint64_t(1) << width) - 1);
}
template <typename T>
inline typename std::enable_if<std::is_integral<T>::value, bool>::type bit(const T& port, int i) {
    return (static_cast<uint64_t>(port) >> i) & 1;
}
template <size_t N>
inline bool bit(const VlWide<N>& port, int i) {
    return (port.at(static_cast<size_t>(i / 32)) >> (i % 32)) & 1u;
}

struct Vectors {
    int L = 0, W = 0, A = 0, O = 0;
    uint64_t configWords = 0, beats = 0, elements = 0, limit = 0;
    bool isSigned = false;
    std::vector<uint64_t> cfgChan, cfgField, cfgPart, cfgData;
    std::vector<uint8_t> valid, ready;
    Packed x{1}, ch{1}, laneValid{1};
};

Vectors load(const std::string& dir, const std::string& m, long long maxElements) {
    Vectors v;
    readWidths(dir + "/tb_" + m + ".v", v.L, v.W, v.A, v.O);
    const auto layers = readHex(dir + "/" + m + "_layers.hex");
    if (layers.empty() || layers[0].size() != 6) fail(m + "_layers.hex: expected 6 numbers on the first layer line");
    v.configWords = layers[0][0];
    const uint64_t exportedBeats = layers[0][1];
    const uint64_t validLen = layers[0][2], readyLen = layers[0][3];
    v.isSigned = layers[0][4] != 0;
    const auto cfg = readHex(dir + "/" + m + "_cfg.hex");
    if (cfg.size() < v.configWords) fail(m + "_cfg.hex: fewer words than the layer line says");
    for (uint64_t i = 0; i < v.configWords; ++i) {
        if (cfg[i].size() != 4) fail(m + "_cfg.hex: expected 'chan field part data'");
        v.cfgChan.push_back(cfg[i][0]);
        v.cfgField.push_back(cfg[i][1]);
        v.cfgPart.push_back(cfg[i][2]);
        v.cfgData.push_back(cfg[i][3]);
    }
    for (const auto& r : readHex(dir + "/" + m + "_valid.hex")) v.valid.push_back(r[0] != 0);
    for (const auto& r : readHex(dir + "/" + m + "_ready.hex")) v.ready.push_back(r[0] != 0);
    if (v.valid.size() < validLen || v.ready.size() < readyLen || validLen == 0 || readyLen == 0) {
        fail("valid/ready pattern files are shorter than the layer line says");
    }
    v.valid.resize(validLen);
    v.ready.resize(readyLen);

    const auto beats = readHex(dir + "/" + m + "_beats.hex");
    if (beats.size() < exportedBeats * static_cast<uint64_t>(v.L)) fail(m + "_beats.hex: fewer lines than beats x lanes");
    // Elements of the export: every lane of every beat but the bubbles of the last.
    uint64_t exported = 0;
    for (uint64_t i = 0; i < exportedBeats * static_cast<uint64_t>(v.L); ++i) exported += beats[i][0] != 0;
    v.elements = maxElements < 0 ? exported : std::min<uint64_t>(exported, static_cast<uint64_t>(maxElements));
    if (v.elements == 0) fail("no elements to stream");
    v.beats = (v.elements + v.L - 1) / v.L;
    v.x = Packed(v.L * v.W);
    v.ch = Packed(v.L * v.A);
    v.laneValid = Packed(v.L);
    for (uint64_t b = 0; b < v.beats; ++b) {
        v.x.addBeat();
        v.ch.addBeat();
        v.laneValid.addBeat();
        for (int l = 0; l < v.L; ++l) {
            const uint64_t e = b * v.L + l;
            const auto& r = beats[e];
            if (r.size() != 3) fail(m + "_beats.hex: expected 'lane_valid ch x'");
            if (e >= v.elements || r[0] == 0) continue;  // a bubble lane: 0 0 0, as the testbench writes it
            v.laneValid.set(b, l, 1, 1);
            v.ch.set(b, l * v.A, v.A, r[1]);
            v.x.set(b, l * v.W, v.W, r[2]);
        }
    }
    // The testbench's edge limit for this (possibly shorter) stream: generous; a run that reaches it failed.
    v.limit = layers[0][5] + v.configWords + 64;
    return v;
}

struct RunResult {
    uint64_t cycles = 0;   // the last leave edge: grausim's cycles.total
    uint64_t edges = 0;    // rising edges simulated after reset
    uint64_t outputs = 0;  // output codes folded
    uint64_t digest = 0;
    double seconds = 0;
};

RunResult run(const Vectors& v, const char* vcdPath) {
    auto context = std::make_unique<VerilatedContext>();
    auto top = std::make_unique<Vunit>(context.get());
#ifdef BENCH_TRACE
    std::unique_ptr<VerilatedVcdC> tfp;
    if (vcdPath) {
        context->traceEverOn(true);
        tfp = std::make_unique<VerilatedVcdC>();
        top->trace(tfp.get(), 99);
        tfp->open(vcdPath);
    }
#define BENCH_DUMP(t) \
    if (tfp) tfp->dump(t)
#else
    (void)vcdPath;
#define BENCH_DUMP(t)
#endif
    if (v.O > 32) fail("output codes wider than 32 bits");
    if (portBits(top->in_x) < v.L * v.W || portBits(top->in_ch) < v.L * v.A ||
        portBits(top->in_lane_valid) < v.L || portBits(top->out_y) < v.L * v.O) {
        fail("the model's ports are narrower than tb_<m>.v's L, W, A, O");
    }
    const int L = v.L, O = v.O;
    const uint64_t n = v.beats, C = v.configWords;
    const uint64_t vLen = v.valid.size(), rLen = v.ready.size();

    RunResult r;
    uint64_t h = 0xcbf29ce484222325ull;
    uint64_t t = 0;
    const auto start = std::chrono::steady_clock::now();
    // Reset for two cycles; released before edge 0 (the testbench's two @(negedge clk) with rst = 1).
    top->clk = 0;
    top->rst = 1;
    top->cfg_valid = 0;
    top->cfg_chan = 0;
    top->cfg_field = 0;
    top->cfg_part = 0;
    top->cfg_data = 0;
    top->in_valid = 0;
    top->out_ready = 0;
    top->eval();
    BENCH_DUMP(t);
    for (int i = 0; i < 2; ++i) {
        top->clk = 1;
        top->eval();
        BENCH_DUMP(t += 5);
        top->clk = 0;
        t += 5;
        if (i == 0) {
            top->eval();
            BENCH_DUMP(t);
        }
    }
    // The falling edge after the second reset edge is evaluated with edge 0's inputs below.
    top->rst = 0;
    uint64_t e = 0, next = 0, left = 0, vi = 0, ri = 0;
    while (left < n && e <= v.limit) {
        // Inputs of edge e (set at the falling edge before it).
        if (e < C) {
            top->cfg_valid = 1;
            top->cfg_chan = v.cfgChan[e];
            top->cfg_field = v.cfgField[e];
            top->cfg_part = v.cfgPart[e];
            top->cfg_data = v.cfgData[e];
            top->in_valid = 0;
            top->out_ready = 0;
        } else {
            top->cfg_valid = 0;
            const bool more = next < n;
            // valid[(e - C) mod len] and ready[(e - C) mod len], without a division per edge.
            top->in_valid = v.valid[vi] && more;
            top->out_ready = v.ready[ri];
            if (++vi == vLen) vi = 0;
            if (++ri == rLen) ri = 0;
            if (more) {
                assign(top->in_lane_valid, v.laneValid.beat(next), v.laneValid.words);
                assign(top->in_ch, v.ch.beat(next), v.ch.words);
                assign(top->in_x, v.x.beat(next), v.x.words);
            }
        }
        top->eval();
        BENCH_DUMP(t);
        // Sampled just before rising edge e: what the edge commits.
        if (top->out_valid && top->out_ready) {
            for (int l = 0; l < L; ++l) {
                if (!bit(top->out_lane_valid, l)) continue;
                uint64_t y = bits(top->out_y, l * O, O);
                if (v.isSigned && O < 64 && ((y >> (O - 1)) & 1)) y |= ~uint64_t(0) << O;  // sign-extend
                h = (h ^ y) * 0x100000001b3ull;
                ++r.outputs;
            }
            ++left;
            r.cycles = e;
        }
        if (top->in_valid && top->in_ready) ++next;
        ++e;
        top->clk = 1;
        top->eval();
        BENCH_DUMP(t += 5);
        top->clk = 0;
        t += 5;
    }
#ifdef BENCH_TRACE
    if (tfp) tfp->close();
#endif
    const auto stop = std::chrono::steady_clock::now();
    top->final();
    if (left < n) {
        fail("timeout at edge " + std::to_string(e) + " after " + std::to_string(left) + " of " + std::to_string(n) +
             " beats");
    }
    if (r.outputs != v.elements) fail("folded " + std::to_string(r.outputs) + " outputs, expected " +
                                      std::to_string(v.elements));
    r.edges = e;
    r.digest = h;
    r.seconds = std::chrono::duration<double>(stop - start).count();
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) fail("usage: Vunit DIR MODULE [--elements E] [--runs R] [--warmup N] [--vcd PATH]");
    const std::string dir = argv[1], m = argv[2];
    long long elements = -1;
    int runs = 1, warmup = 1;
    const char* vcd = nullptr;
    for (int i = 3; i < argc; ++i) {
        const std::string a = argv[i];
        if (i + 1 >= argc) fail("missing value for " + a);
        if (a == "--elements") elements = std::atoll(argv[++i]);
        else if (a == "--runs") runs = std::atoi(argv[++i]);
        else if (a == "--warmup") warmup = std::atoi(argv[++i]);
        else if (a == "--vcd") vcd = argv[++i];
        else fail("unknown option " + a);
    }
    if (runs < 1 || warmup < 0 || elements == 0) fail("bad --runs, --warmup or --elements");
#ifndef BENCH_TRACE
    if (vcd) fail("--vcd needs the --trace build");
#endif
    const auto t0 = std::chrono::steady_clock::now();
    const Vectors v = load(dir, m, elements);
    const double loadSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("verilator: module %s, %d lanes, %" PRIu64 " elements, %" PRIu64 " beats, %" PRIu64
                " configuration words, %s, vectors loaded in %.3f s\n",
                m.c_str(), v.L, v.elements, v.beats, v.configWords, vcd ? "traced (VCD)" : "untraced", loadSeconds);
    RunResult first;
    std::vector<double> times;
    for (int i = 0; i < warmup + runs; ++i) {
        const RunResult r = run(v, vcd);
        if (i == 0) first = r;
        if (r.digest != first.digest || r.cycles != first.cycles) fail("runs disagree (digest or cycles)");
        if (i < warmup) continue;
        times.push_back(r.seconds);
        std::printf("run %d: cycles %" PRIu64 ", %.6f s, %.4f M cycles/s, digest 0x%016" PRIx64 "\n",
                    i - warmup + 1, r.cycles, r.seconds, static_cast<double>(r.cycles) / r.seconds / 1e6, r.digest);
    }
    std::vector<double> sorted = times;
    std::sort(sorted.begin(), sorted.end());
    const double median = sorted[sorted.size() / 2];
    std::printf("result cycles=%" PRIu64 " edges=%" PRIu64 " elements=%" PRIu64 " min_s=%.6f median_s=%.6f "
                "cycles_per_s=%.1f digest=0x%016" PRIx64 " load_s=%.3f\n",
                first.cycles, first.edges, v.elements, sorted[0], median,
                static_cast<double>(first.cycles) / median, first.digest, loadSeconds);
    return 0;
}
