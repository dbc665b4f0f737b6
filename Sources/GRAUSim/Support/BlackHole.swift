/// Keeps a benchmark's result alive so the optimiser cannot delete the work that produced it.
///
/// Lives in the library, not the benchmark executable, so the call is opaque across the module boundary.
@inline(never)
package func blackHole<T>(_ value: T) {
  withExtendedLifetime(value) {}
}
