/// Why a data file grausim reads (an energy table, a device table) could not be used: the file and what is wrong
/// in it, e.g. `energy_per_toggle.dta: unknown key 'dta' (did you mean 'data'?)`.
struct DataFileError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file (or a name such as `built-in energy table`).
  var file: String
  var message: String

  init(file: String, message: String) {
    self.file = file
    self.message = message
  }

  var description: String { "\(file): \(message)" }
}
