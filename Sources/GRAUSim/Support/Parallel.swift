import Dispatch
import Foundation

/// Deterministic parallel map: work items are taken dynamically by up to `threads` workers, results are placed by
/// index, so the output never depends on scheduling.
enum Parallel {
  /// Calls `body(i)` for every `i` in `0 ..< count` on up to `threads` threads; returns the results in index order.
  static func map<T: Sendable>(count: Int, threads: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
    guard count > 0 else { return [] }
    let workers = Swift.max(1, Swift.min(threads, count))
    if workers == 1 { return (0..<count).map(body) }
    let state = _ParallelState<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
      while let i = state.next() { state.store(body(i), at: i) }
    }
    return state.results()
  }
}

/// Shared state of one ``Parallel/map(count:threads:_:)``: a locked counter and a slot per result.
/// Each slot is written by exactly one worker, and read only after `concurrentPerform` has returned.
final class _ParallelState<T: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var counter = 0
  private let count: Int
  private let slots: UnsafeMutableBufferPointer<T?>

  init(count: Int) {
    self.count = count
    slots = .allocate(capacity: count)
    slots.initialize(repeating: nil)
  }

  deinit {
    _ = slots.deinitialize()
    slots.deallocate()
  }

  func next() -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard counter < count else { return nil }
    counter += 1
    return counter - 1
  }

  func store(_ value: T, at i: Int) { slots[i] = value }

  func results() -> [T] { (0..<count).map { slots[$0]! } }
}

/// Serializes progress reports from worker threads: the callback is never called concurrently, and `done` only grows.
final class _ProgressCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var done = 0
  private let total: Int
  private let callback: (@Sendable (Int, Int) -> Void)?

  init(total: Int, callback: (@Sendable (Int, Int) -> Void)?) {
    self.total = total
    self.callback = callback
  }

  func add(_ n: Int) {
    guard let callback, n > 0 else { return }
    lock.lock()
    defer { lock.unlock() }
    done += n
    callback(done, total)
  }
}
