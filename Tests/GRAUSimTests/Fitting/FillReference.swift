@testable import GRAUSim

// The DP feed as it was before the lazy row scan (commit 00b10d2), kept verbatim as the reference that
// `PWLFitterFillTests` compares ``_LineSums/fill(_:_:candidates:bound:)`` against: every option evaluated at every
// column until it is dropped, in the active list's order.
extension _LineSums {
  /// Feeds `dp` every useful segment between the given interval boundaries (`candidates`, ascending, from 0 to
  /// m), row by row, with its cheapest option and bias; `bound` is an achievable total cost (or `I.max`).
  ///
  /// An option whose cost exceeds `bound` is dropped from its row for good (costs never decrease as a segment
  /// grows). A row stops once its cheapest option costs more than `bound − beginRow(i)`: no path within the bound
  /// can use that segment or any longer one, and the DP's choices among paths within the bound do not depend on
  /// costlier entries. Options are tried in the same order (flat, then the active list) whatever the row bound.
  func referenceFill(_ dp: _PartitionDP<I>, _ p: _FitProblem, candidates c: [Int], bound: I) {
    let saturate = p.architecture.saturate
    let (qmin, qmax, biasMin, biasMax) = (p.qmin, p.qmax, p.biasMin, p.biasMax)
    let flatLo = saturate ? biasMin : max(qmin, biasMin)
    let flatHi = saturate ? biasMax : min(qmax, biasMax)
    let u = self.u
    var active = [Int](repeating: 0, count: 2 * u)
    sw.withUnsafeBufferPointer { sw in
      sq.withUnsafeBufferPointer { sq in
        sq2.withUnsafeBufferPointer { sq2 in
          ps.withUnsafeBufferPointer { ps in
            ps2.withUnsafeBufferPointer { ps2 in
              pqs.withUnsafeBufferPointer { pqs in
                sFirst.withUnsafeBufferPointer { sFirst in
                  sLast.withUnsafeBufferPointer { sLast in
                    active.withUnsafeMutableBufferPointer { active in
                      for ii in 0..<(c.count - 1) {
                        let head = dp.beginRow(ii)
                        guard head != I.max, bound == I.max || head <= bound else { continue }
                        let rowBound = bound == I.max ? I.max : bound - head
                        let i = c[ii]
                        // Options still worth evaluating in this row: 2s (sign +) and 2s + 1 (sign −).
                        var activeCount = 2 * u
                        for k in 0..<activeCount { active[k] = k }
                        var flatActive = true
                        for jj in (ii + 1)..<c.count {
                          let j = c[jj]
                          let n = sw[j] &- sw[i]
                          let q1 = sq[j] &- sq[i]
                          let q2 = sq2[j] &- sq2[i]
                          let inverse = 1 / Double(n)
                          var best = (cost: I.max, bias: 0)
                          var bestOption: Int32 = -1
                          if flatActive {
                            let r = _FitProblem.quadraticBest(
                              a: q1, b: q2, n: n, inverse: inverse, lo: flatLo, hi: flatHi)
                            if r.cost > bound {
                              flatActive = false
                            } else {
                              best = r
                              bestOption = 0
                            }
                          }
                          let rowI = i * u
                          let rowJ = j * u
                          let lastRow = (j - 1) * u
                          var k = 0
                          while k < activeCount {
                            let code = active[k]
                            let s = code >> 1
                            let negative = code & 1 == 1
                            let s1 = ps[rowJ + s] &- ps[rowI + s]
                            let s2 = ps2[rowJ + s] &- ps2[rowI + s]
                            let qs = pqs[rowJ + s] &- pqs[rowI + s]
                            // d = q − S (sign +) or q + S (sign −); cost Σw(d − c)² = Σwd² − 2cΣwd + c²Σw.
                            let a = negative ? q1 &+ s1 : q1 &- s1
                            let b2 = negative ? q2 &+ (qs &+ qs) &+ s2 : q2 &- (qs &+ qs) &+ s2
                            var lo = biasMin
                            var hi = biasMax
                            if !saturate {
                              let first = sFirst[rowI + s]
                              let last = sLast[lastRow + s]
                              lo = max(lo, negative ? qmin + last : qmin - first)
                              hi = min(hi, negative ? qmax + first : qmax - last)
                            }
                            var keep = lo <= hi
                            if keep {
                              let r = _FitProblem.quadraticBest(a: a, b: b2, n: n, inverse: inverse, lo: lo, hi: hi)
                              if r.cost > bound {
                                keep = false
                              } else if r.cost < best.cost {
                                best = r
                                bestOption = Int32(1 + code)
                              }
                            }
                            if keep {
                              k += 1
                            } else {
                              activeCount -= 1
                              active[k] = active[activeCount]
                            }
                          }
                          if bestOption < 0 || best.cost > rowBound { break }
                          dp.relax(jj, cost: best.cost, option: bestOption, bias: best.bias)
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}
