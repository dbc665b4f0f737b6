/// The command-line interface, callable without a process: arguments in, exit code out.
public enum GRAUSimCLI {
  /// Runs the CLI with `arguments` (without the program name), writing to the process's stdout and stderr.
  public static func main(arguments: [String]) -> Int32 {
    var out = StandardStream.out
    var err = StandardStream.err
    return run(arguments: arguments, stdout: &out, stderr: &err)
  }

  /// Runs the CLI, writing to the given streams. Never throws and never traps on bad input.
  public static func run(arguments: [String], stdout: inout some TextOutputStream, stderr: inout some TextOutputStream) -> Int32 {
    stdout.write("grausim\n")
    return 0
  }
}
