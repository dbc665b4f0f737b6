/// grausim's version: the one place it is defined. `grausim --version` prints it; run and sweep reports and VCD
/// headers record it, so a result names the tool that made it.
enum GRAUSimVersion {
  static let current = "0.1.0"
}
