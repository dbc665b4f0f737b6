/// A scheduled kernel event. Trivial (no references), so the queue never allocates per event.
struct KernelEvent: Sendable, Hashable {
  /// Simulated time in kernel ticks.
  var time: Int64
  /// Lower runs first among events at the same time.
  var priority: Int32
  /// What to do: a clock edge or a timed process wake-up.
  var kind: Kind
  /// The clock or process index.
  var target: Int32
  /// Insertion order, the final tie-break: makes runs deterministic.
  var sequence: UInt64

  enum Kind: UInt8, Sendable { case clockEdge, wake }

  @inline(__always)
  static func precedes(_ a: KernelEvent, _ b: KernelEvent) -> Bool {
    if a.time != b.time { return a.time < b.time }
    if a.priority != b.priority { return a.priority < b.priority }
    return a.sequence < b.sequence
  }
}

/// A binary min-heap of events ordered by (time, priority, insertion sequence).
///
/// - Complexity: O(log n) push and pop; storage is reused, so a steady-state run does not allocate.
struct EventQueue: Sendable {
  private var heap: ContiguousArray<KernelEvent> = []
  private var nextSequence: UInt64 = 0

  init() { heap.reserveCapacity(64) }

  var isEmpty: Bool { heap.isEmpty }
  var count: Int { heap.count }
  var first: KernelEvent? { heap.first }

  mutating func push(time: Int64, priority: Int32, kind: KernelEvent.Kind, target: Int32) {
    let event = KernelEvent(time: time, priority: priority, kind: kind, target: target, sequence: nextSequence)
    nextSequence &+= 1
    heap.append(event)
    var i = heap.count - 1
    while i > 0 {
      let parent = (i - 1) / 2
      guard KernelEvent.precedes(heap[i], heap[parent]) else { break }
      heap.swapAt(i, parent)
      i = parent
    }
  }

  mutating func pop() -> KernelEvent? {
    guard let top = heap.first else { return nil }
    let last = heap.removeLast()
    if heap.isEmpty { return top }
    heap[0] = last
    var i = 0
    let n = heap.count
    while true {
      let l = 2 * i + 1
      let r = l + 1
      var m = i
      if l < n && KernelEvent.precedes(heap[l], heap[m]) { m = l }
      if r < n && KernelEvent.precedes(heap[r], heap[m]) { m = r }
      if m == i { break }
      heap.swapAt(i, m)
      i = m
    }
    return top
  }
}
