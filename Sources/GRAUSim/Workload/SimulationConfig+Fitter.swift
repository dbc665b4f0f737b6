extension SimulationConfig {
  /// `accelerator.grau.fitter` (docs/config.md): which fitter makes the GRAU parameters. The published flow
  /// (`float_round`) is a least-squares fit, so it takes only the `mse` objective.
  static func fitter(_ g: ConfigReader, objective: FitObjective) throws(ConfigError) -> GRAUFitter {
    let fitter = GRAUFitter(
      rawValue: try g.choice("fitter", default: GRAUFitter.optimal.rawValue, GRAUFitter.allCases.map(\.rawValue)))!
    guard fitter == .optimal || objective == .mse else {
      throw ConfigError(
        .invalidValue, path: g.child("fitter"),
        expected:
          "\"optimal\" with objective \"\(objective.rawValue)\" (\"float_round\" is the published least-squares "
          + "flow: it needs objective \"mse\")",
        got: "\"\(fitter.rawValue)\"")
    }
    return fitter
  }
}
