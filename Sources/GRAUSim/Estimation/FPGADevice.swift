/// Why a device table could not be loaded: says what and where (the file, or `device table`).
typealias DeviceTableError = DataFileError

/// The capacities of one FPGA part that a unit's estimate is compared with (`accelerator.device`,
/// docs/resources.md "Devices"). Every figure's datasheet source is in data/devices.json.
struct FPGADevice: Sendable, Hashable {
  /// The part name in lower case, as configs name it (`xczu3eg`).
  var name: String
  /// Family and boards, for the reader (`Zynq UltraScale+ MPSoC EG (Ultra96-V2)`).
  var family: String
  /// Every CLB / slice LUT, logic and memory alike.
  var lut: Int
  var ff: Int
  /// LUTs that can be memory (SLICEM LUTs: distributed RAM, shift registers).
  var lutram: Int
  /// 36 Kb block RAMs.
  var bram36: Int
  /// DSP slices (the units use none).
  var dsp: Int

  init(name: String, family: String, lut: Int, ff: Int, lutram: Int, bram36: Int, dsp: Int) {
    self.name = name
    self.family = family
    self.lut = lut
    self.ff = ff
    self.lutram = lutram
    self.bram36 = bram36
    self.dsp = dsp
  }

  /// The parts grausim knows, compiled in so that an installed binary needs no resource files; data/devices.json
  /// holds the same figures with their sources (a test keeps the two equal).
  static let builtIn: [FPGADevice] = [
    FPGADevice(
      name: "xczu3eg", family: "Zynq UltraScale+ MPSoC EG (Ultra96-V2)", lut: 70_560, ff: 141_120, lutram: 28_800,
      bram36: 216, dsp: 360),
    FPGADevice(
      name: "xczu7ev", family: "Zynq UltraScale+ MPSoC EV (ZCU104)", lut: 230_400, ff: 460_800, lutram: 101_760,
      bram36: 312, dsp: 1728),
    FPGADevice(
      name: "xc7z020", family: "Zynq-7000 SoC (PYNQ-Z1/Z2, ZedBoard)", lut: 53_200, ff: 106_400, lutram: 17_400,
      bram36: 140, dsp: 220),
    FPGADevice(
      name: "xc7a100t", family: "Artix-7 (Arty A7-100T, Nexys A7)", lut: 63_400, ff: 126_800, lutram: 19_000,
      bram36: 135, dsp: 240),
  ]

  /// The built-in part called `name` (case-insensitive), nil when grausim does not know it.
  static func named(_ name: String) -> FPGADevice? {
    let key = name.lowercased()
    return builtIn.first { $0.name == key }
  }

  /// Reads a device table from a JSON file (the format of data/devices.json), strictly: unknown keys, missing
  /// figures, non-positive counts, duplicate names and figures without a source are errors naming the path.
  static func load(path: String) throws(DeviceTableError) -> [FPGADevice] {
    let data: [UInt8]
    do { data = try InputFile.read(path, limit: 1 << 22) } catch {
      throw DeviceTableError(file: path, message: "cannot read the file: \(error.reason)")
    }
    return try parse(data, file: path)
  }

  static let figures = ["lut", "ff", "lutram", "bram36", "dsp"]

  /// Parses the JSON text of a device table; `file` names it in errors.
  static func parse(_ bytes: [UInt8], file: String) throws(DeviceTableError) -> [FPGADevice] {
    let value: JSONValue
    do { value = try JSONValue(parsing: bytes) } catch {
      throw DeviceTableError(file: file, message: error.description)
    }
    do throws(JSONDecodingError) {
      let root = try JSONCursor(value).object(allowing: ["description", "devices"])
      _ = try root.optional("description")?.string()
      var devices: [FPGADevice] = []
      let devicesCursor = try root.required("devices")
      let list = try devicesCursor.array()
      guard !list.isEmpty else { throw devicesCursor.invalid("at least one device") }
      for entry in list {
        let d = try entry.object(allowing: ["name", "family"] + figures + ["sources"])
        let nameCursor = try d.required("name")
        let name = try nameCursor.string()
        guard !name.isEmpty, name == name.lowercased() else { throw nameCursor.invalid("a lower-case part name") }
        guard !devices.contains(where: { $0.name == name }) else { throw nameCursor.invalid("a name used once") }
        var n: [Int] = []
        for f in figures { n.append(try d.required(f).int(in: 1...100_000_000)) }
        let sources = try d.required("sources").object(allowing: figures)
        for f in figures {
          let s = try sources.required(f)
          guard try !s.string().isEmpty else { throw s.invalid("a non-empty source") }
        }
        devices.append(
          FPGADevice(
            name: name, family: try d.required("family").string(), lut: n[0], ff: n[1], lutram: n[2], bram36: n[3],
            dsp: n[4]))
        guard n[2] <= n[0] else { throw try d.required("lutram").invalid("at most lut (\(n[0]))") }
      }
      return devices
    } catch {
      throw DeviceTableError(file: file, message: error.description)
    }
  }
}

/// How much of a device one unit takes, in percent of each capacity: LUT counts logic and memory LUTs together
/// (Vivado's "CLB LUTs"), LUTRAM the memory LUTs against the SLICEM LUTs ("LUT as Memory").
struct DeviceUtilization: Sendable, Hashable {
  var device: FPGADevice
  /// The resources as reported (whole LUTs, RAMB36 to a tenth).
  var used: ResourceCounts

  init(device: FPGADevice, used: ResourceCounts) {
    self.device = device
    self.used = used.reported
  }

  /// `(resource, used, capacity)` in report order.
  var rows: [(name: String, used: Double, capacity: Int)] {
    [
      ("LUT+LUTRAM", used.lut + used.lutram, device.lut), ("FF", used.ff, device.ff),
      ("LUTRAM", used.lutram, device.lutram), ("BRAM36", used.bram36, device.bram36),
    ]
  }

  /// The JSON and CSV names of ``rows``.
  static let keys = ["lut", "ff", "lutram", "bram36"]

  /// Percent of each capacity, in ``rows`` order, to two decimals.
  var percents: [Double] { rows.map { (100 * $0.used / Double($0.capacity)).rounded(places: 2) } }

  /// The resources the unit needs more of than the device has, as ``rows`` names them.
  var over: [String] { rows.filter { $0.used > Double($0.capacity) }.map(\.name) }

  /// ``over`` as ``keys``.
  var overKeys: [String] { zip(rows, Self.keys).filter { $0.0.used > Double($0.0.capacity) }.map(\.1) }

  var fits: Bool { over.isEmpty }
}
