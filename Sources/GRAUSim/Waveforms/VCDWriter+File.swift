extension VCDWriter {
  /// Opens `path` (``OutputFile``'s rule: staged next to a file target) and writes the VCD header.
  ///
  /// - Parameters:
  ///   - path: Target file; committed by ``finish(throughEdge:)``.
  ///   - signals: Every signal that will be reported, in datapath order (the scope order of the file).
  ///   - options: Clock, size cap, edge window, enclosing scope.
  /// - Throws: ``VCDError`` for an invalid declaration or option, or when the file cannot be opened.
  convenience init(path: String, signals: [VCDSignal], options: VCDWriterOptions = VCDWriterOptions())
    throws(VCDError)
  {
    let file: OutputFile
    do { file = try OutputFile(path: path) } catch { throw .output(error) }
    try self.init(file: file, signals: signals, options: options, commitsOnFinish: true)
  }

}
