import Foundation

/// `run`'s cost options: `--estimate` prints what the run will cost and exits; `--max-seconds` and `--max-memory`
/// set a budget that is checked against the estimate before the run starts and enforced while it runs (a watchdog
/// ends the run, leaving the previous outputs, as a signal does). A run estimated above this machine's memory is
/// refused unless `--max-memory` allows it; one estimated above a minute or 500 MB says so before it starts.
struct RunBudget {
  var seconds: Double?
  var bytes: Int?
  var estimateOnly: Bool

  /// Runs estimated longer than this, or larger than ``noteBytes``, get a note before they start.
  static let noteSeconds = 60.0
  static let noteBytes = 500_000_000

  static let options: [OptionSpec] = [
    .flag("estimate", help: "Print what the run will cost (cycles, time, memory per layer and unit) and exit."),
    .value(
      "max-seconds", valueName: "s",
      help: "Refuse a run estimated longer, and stop one that runs longer (exit 75; previous outputs are kept)."),
    .value(
      "max-memory", valueName: "MB",
      help: "Refuse a run estimated larger, and stop one whose resident memory grows larger (exit 75). Default: "
        + "refuse runs estimated above the machine's memory."),
  ]

  init(_ args: ParsedArguments) throws(CLIError) {
    seconds = try args.double("max-seconds", expected: "a number of seconds > 0") { $0 > 0 }
    bytes = try args.int("max-memory", in: 1...(1 << 40)).map { $0 * 1_000_000 }
    estimateOnly = args.flag("estimate")
  }

  /// Checks `cost` against the budget before the run (and prints it for `--estimate`); returns false when the
  /// command is done (estimate only).
  func check(_ cost: RunCost, env: CommandEnvironment, quiet: Bool) throws(CLIError) -> Bool {
    if estimateOnly {
      env.stdout.write(cost.renderTable())
      return false
    }
    if let seconds, cost.seconds > seconds {
      throw CLIError(
        .budget,
        "this run is estimated at \(cost.summary), above --max-seconds \(Watchdog.format(seconds)); see --estimate "
          + "for the breakdown, or raise the budget")
    }
    let memory = bytes ?? Int(ProcessInfo.processInfo.physicalMemory)
    if cost.bytes > memory {
      let limit =
        bytes == nil ? "this machine's \(RunCost.describe(bytes: memory))" : "--max-memory \(memory / 1_000_000)"
      throw CLIError(
        .budget,
        "this run is estimated at \(cost.summary), above \(limit); see --estimate for the breakdown, reduce lanes, "
          + "precision or elements (--max-elements), or raise --max-memory")
    }
    if !quiet, cost.seconds > Self.noteSeconds || cost.bytes > Self.noteBytes {
      env.stderr.write("note: this run is estimated at \(cost.summary) (--estimate for the breakdown)\n")
    }
    return true
  }

  /// Starts the watchdog for the budget (a process only: tests that run commands in-process are not ended).
  func enforce(env: CommandEnvironment) {
    guard env.isProcess else { return }
    Watchdog.start(seconds: seconds, bytes: bytes, names: ("--max-seconds", "--max-memory"))
  }
}
