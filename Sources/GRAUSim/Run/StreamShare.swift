import Foundation

/// The streams of a run's layers, drawn once per layer for all the simulations that read it (``MaterializedStream``):
/// a layer read by several units is materialized by the first simulation that starts on it and dropped after the
/// last one ends. A simulation that starts while another is still drawing the layer streams it on its own rather
/// than wait. Either way its blocks are the same, so no result depends on which stream a simulation reads.
///
/// Memory: at most ``layerLimit`` bytes per layer, held only while the layer's simulations run; a larger layer is
/// streamed as before, in memory independent of its element count. With a sweep's ``RunCache`` the layers are kept
/// for the whole sweep instead (``RunCache/materialized(_:)``, within its own limit).
final class StreamShare: @unchecked Sendable {
  /// The most memory one materialized layer may take (64 MB: 16 M elements of 16-bit codes).
  static let layerLimit = 64 << 20

  private enum Slot {
    /// Not drawn yet.
    case pending
    /// One simulation is drawing it.
    case drawing
    case ready(MaterializedStream)
    /// Streamed directly (one reader, too large, or every reader done).
    case direct
  }

  private let lock = NSLock()
  private let layers: [LayerStream]
  private var slots: [Slot]
  /// Per layer, the simulations that have not released it yet.
  private var readers: [Int]
  private let cache: RunCache?

  /// `readers` simulations read each of `layers`.
  init(layers: [LayerStream], readers: Int, cache: RunCache?) {
    self.layers = layers
    self.cache = cache
    self.readers = Array(repeating: readers, count: layers.count)
    slots = layers.map { s in
      cache == nil && (readers < 2 || MaterializedStream.bytes(s) > Self.layerLimit) ? .direct : .pending
    }
  }

  /// The stream one simulation of layer `l` reads; pair with ``release(_:)``.
  func acquire(_ l: Int) -> any ElementStream {
    if let cache { return cache.materialized(layers[l]) ?? layers[l] }
    let draw: Bool = lock.withLock {
      guard case .pending = slots[l] else { return false }
      slots[l] = .drawing
      return true
    }
    if draw {
      let stream = MaterializedStream(layers[l])
      lock.withLock {
        if case .drawing = slots[l] { slots[l] = .ready(stream) }
      }
      return stream
    }
    return lock.withLock {
      if case .ready(let stream) = slots[l] { return stream }
      return layers[l]
    }
  }

  /// One simulation of layer `l` is done: after the last, the layer's memory is released.
  func release(_ l: Int) {
    guard cache == nil else { return }
    lock.withLock {
      readers[l] -= 1
      if readers[l] <= 0 { slots[l] = .direct }
    }
  }
}
