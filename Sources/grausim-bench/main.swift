import Foundation

// grausim-bench SUBCOMMAND [options]: a thin dispatcher; each subcommand lives in its own file.
let arguments = Array(CommandLine.arguments.dropFirst())
let subcommands: [(name: String, summary: String, run: ([String]) throws(BenchError) -> Void)] = [
  ("fit", "fit time per channel (16-bit domain, PoT and APoT)", FitBenchmark.run),
  ("table", "accuracy table: GRAU (PoT/APoT, K = 4, 6, 8) and MT against Q_c", AccuracyTable.run),
  (
    "calibrate", "synthesize the calibration sweep with yosys and compare with the resource model",
    {
      runCalibrate(arguments: $0)
    }
  ),
  ("sim", "cycle-accurate models: stage updates and simulated cycles per second", { runSimBench(arguments: $0) }),
  ("wave", "VCD tracing of one GRAU lane: bytes per cycle and slowdown", { runWaveBench(arguments: $0) }),
  (
    "paper", "docs/paper-comparison.md: a config's comparison with yosys on grausim's RTL (--synthesize runs yosys)",
    runPaper
  ),
  (
    "replay", "one layer of a config on one unit, prepared as grausim run does: simulation (and VCD) time only",
    runReplay
  ),
]

@MainActor func usage() -> String {
  var s = "OVERVIEW: grausim benchmarks\n\nUSAGE: grausim-bench <subcommand> [options]\n\nSUBCOMMANDS:\n"
  // The summary column starts two spaces after the longest name.
  let width = subcommands.map(\.name.count).max()! + 2
  for c in subcommands { s += "  \(c.name.padding(toLength: width, withPad: " ", startingAt: 0))\(c.summary)\n" }
  s +=
    "\nOPTIONS (fit):\n  --samples N     timed samples per case (default 20)\n  --filter TEXT   only cases whose label (\"mode=pot sat=no obj=mse fn=silu\") contains TEXT\n"
  s +=
    "\nOPTIONS (replay CONFIG --unit U):\n  --layer NAME    the layer (default: the first)\n"
    + "  --set K=V       override a config key (repeatable)\n  --samples S     timed runs after one warm-up (default 3)\n"
    + "  --vcd PATH      also time a VCD of every signal over about --vcd-cycles N cycles (default 100000)\n"
    + "  --traced-only   with --vcd: skip the timed untraced runs\n"
  return s
}

guard let name = arguments.first, name != "--help", name != "-h" else {
  print(usage(), terminator: "")
  exit(arguments.isEmpty ? 64 : 0)
}
guard let command = subcommands.first(where: { $0.name == name }) else {
  FileHandle.standardError.write(Data("Error: unknown subcommand '\(name)'\n\(usage())".utf8))
  exit(64)
}
do {
  try command.run(Array(arguments.dropFirst()))
} catch {
  FileHandle.standardError.write(Data("error: \(error)\n".utf8))
  exit(error.exitCode)
}
