/// Where yosys 0.23 puts one parameter memory (one write port, one read port) of `bits` bits and `depth` words on
/// UltraScale+ (docs/resources.md, rule 4): `memory_libmap` prices every candidate and takes the cheapest, and these
/// are its prices for the shapes grausim's RTL has, read off its debug log:
///
/// - Flip-flops (`memory_map`), read through a mux: price 1 per stored bit.
/// - Distributed RAM as simple dual port: RAM32M16 (32 × 14) up to 32 words, else banks of RAM64M8 (64 × 7),
///   ⌈depth / 64⌉ banks of ⌈bits / 7⌉ cells, joined by a bank mux in the fabric. Price 16 per cell scaled by the
///   used width, 0.5 per bit per extra bank (the mux), 2 for one bank and max(3, 0.75 per bank) for more (the
///   write demux), 6 more with a registered read address.
/// - Block RAM only for a registered read address (a synchronous read port): RAMB18 (512 × 36, 1K × 18, 2K × 9,
///   4K × 4, 8K × 2, 16K × 1) or RAMB36 (512 × 72, 1K × 36 … 32K × 1) banked by depth and width, whichever needs
///   fewer RAMB18 units (then fewer banks, then fewer primitives); price 128 per RAMB18 unit plus 9.
enum MemoryMapping: Equatable {
  case registers
  /// Distributed RAM: `cells` primitives of 8 LUTs in `banks` banks.
  case lutram(banks: Int, cells: Int)
  /// Block RAM: `ramb18` RAMB18 units (a RAMB36 is 2) in `banks` banks by depth.
  case blockRAM(ramb18: Int, banks: Int)

  /// The mapping of a memory declared `bits` wide (what `memory_libmap` prices) of which `live` bits are read (the
  /// primitives holding only dead bits are removed afterwards).
  static func of(bits: Int, live: Int? = nil, depth: Int, registeredAddress: Bool) -> MemoryMapping {
    let live = Swift.min(bits, live ?? bits)
    let logicPrice = Double(bits * Swift.max(1, depth))
    let width = depth <= 32 ? 14 : 7
    let banks = depth <= 64 ? 1 : (depth + 63) / 64
    let perBank = (bits + width - 1) / width
    let cells = banks * perBank
    let demux = banks == 1 ? 2 : Swift.max(3, 0.75 * Double(banks))
    let lutramPrice =
      16 * Double(cells) * Double(bits) / Double(width * perBank) + 0.5 * Double(bits * (banks - 1)) + demux
      + (registeredAddress ? 6 : 0)
    var best = (price: logicPrice, mapping: MemoryMapping.registers)
    if lutramPrice < best.price {
      best = (lutramPrice, .lutram(banks: banks, cells: banks * ((live + width - 1) / width)))
    }
    if registeredAddress {
      let block = blockRAM(bits: bits, depth: depth, live: live)
      let blockPrice = 128 * Double(block.ramb18) + 9
      if blockPrice < best.price { best = (blockPrice, .blockRAM(ramb18: block.kept, banks: block.banks)) }
    }
    return best.mapping
  }

  /// The fewest RAMB18 units that hold `depth` × `bits` (ties: fewer depth banks, then fewer primitives), the depth
  /// banks of that choice, and the units that stay when only the low `live` bits are read: each primitive holds a
  /// slice of the declared width and is removed only when every bit of it is dead (a 39-bit memory with 5 live
  /// bits at 256 words is one RAMB36 in 512 × 72, and all of it stays).
  static func blockRAM(bits: Int, depth: Int, live: Int? = nil) -> (ramb18: Int, banks: Int, kept: Int) {
    let ramb18 = [(512, 36), (1024, 18), (2048, 9), (4096, 4), (8192, 2), (16384, 1)].map { ($0, $1, 1) }
    let ramb36 = [(512, 72), (1024, 36), (2048, 18), (4096, 9), (8192, 4), (16384, 2), (32768, 1)].map { ($0, $1, 2) }
    let live = Swift.min(bits, live ?? bits)
    var best = (ramb18: Int.max, banks: 1, primitives: Int.max, kept: Int.max)
    for (d, w, units) in ramb18 + ramb36 {
      let banks = (depth + d - 1) / d
      let slices = (bits + w - 1) / w
      let count = units * banks * slices
      if (count, banks, banks * slices) < (best.ramb18, best.banks, best.primitives) {
        best = (count, banks, banks * slices, units * banks * ((live + w - 1) / w))
      }
    }
    return (best.ramb18, best.banks, best.kept)
  }
}
