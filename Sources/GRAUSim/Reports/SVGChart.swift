import Foundation

/// A line or scatter chart written as a self-contained SVG 1.1 document: title, axes with "nice" ticks and labels,
/// one colour and marker per series, a legend, and optional vertical marks (e.g. where two series cross).
/// Deterministic: the same chart gives the same bytes.
struct SVGChart: Sendable {
  struct Series: Sendable {
    var name: String
    /// Points in drawing order (a line joins them in this order).
    var points: [(x: Double, y: Double)]
    /// Whether a line joins the points (else markers only).
    var line = true
    /// A thicker, dashed line drawn over the others (a Pareto front).
    var emphasised = false
  }

  /// A vertical line at `x` with a label at its top.
  struct Mark: Sendable {
    var x: Double
    var label: String
  }

  var title: String
  var xLabel: String
  var yLabel: String
  var series: [Series]
  var marks: [Mark] = []
  /// Base-10 logarithmic axes (non-positive values are left out).
  var logY = false
  var logX = false

  static let width = 760.0
  static let height = 460.0
  static let left = 86.0
  static let right = 200.0
  static let top = 52.0
  static let bottom = 62.0
  static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]

  /// The y value as drawn (its logarithm on a log axis), nil when a log axis cannot show it.
  func drawnY(_ y: Double) -> Double? { Self.drawn(y, log: logY) }
  func drawnX(_ x: Double) -> Double? { Self.drawn(x, log: logX) }

  static func drawn(_ v: Double, log: Bool) -> Double? {
    guard v.isFinite else { return nil }
    if log { return v > 0 ? log10(v) : nil }
    return v
  }

  /// "Nice" tick values covering `lo...hi`: steps of 1, 2 or 5 times a power of ten, four to ten of them.
  static func ticks(_ lo: Double, _ hi: Double) -> [Double] {
    guard hi > lo else { return [lo] }
    let raw = (hi - lo) / 7
    let power = pow(10, floor(log10(raw)))
    let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw } ?? 10 * power
    // Multiples k·step, each computed afresh (no accumulated rounding).
    var k = (lo / step).rounded(.up)
    var out: [Double] = []
    while k * step <= hi + step * 1e-9, out.count < 50 {
      out.append(k == 0 ? 0 : k * step)
      k += 1
    }
    return out
  }

  /// Ticks of a log axis, as logarithms: every decade, with 2 and 5 between when the axis spans few decades.
  static func logTicks(_ lo: Double, _ hi: Double) -> [Double] {
    let span = hi - lo
    var out: [Double] = []
    var d = floor(lo)
    while d <= ceil(hi), out.count < 60 {
      for m in span > 3 ? [1.0] : [1.0, 2, 5] {
        let t = d + log10(m)
        if t >= lo - 1e-9, t <= hi + 1e-9 { out.append(t) }
      }
      d += 1
    }
    return out.count >= 2 ? out : ticks(lo, hi)
  }

  /// A tick label: integers without a fraction, others with up to four significant digits, powers of ten on a
  /// log axis.
  static func label(_ v: Double) -> String {
    if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
    if abs(v) < 1e-4 || abs(v) >= 1e15 { return String(format: "%.2e", v) }
    // Four significant digits, trailing zeros dropped: 0.3, 4.696, 0.0125.
    let digits = max(0, 3 - Int(floor(log10(abs(v)))))
    var text = String(format: "%.\(min(digits, 8))f", v)
    while text.contains("."), text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
  }

  static func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }

  static func n(_ v: Double) -> String { String(format: "%.2f", v) }

  /// The SVG text.
  func render() -> String {
    let plotW = Self.width - Self.left - Self.right
    let plotH = Self.height - Self.top - Self.bottom
    let shown = series.flatMap {
      $0.points.compactMap { p in drawnX(p.x).flatMap { x in drawnY(p.y).map { (x, $0) } } }
    }
    let xs = shown.map(\.0) + marks.compactMap { drawnX($0.x) }
    let ys = shown.map(\.1)
    var (x0, x1) = (xs.min() ?? 0, xs.max() ?? 1)
    var (y0, y1) = (ys.min() ?? 0, ys.max() ?? 1)
    if x1 <= x0 { (x0, x1) = (x0 - 1, x0 + 1) }
    if y1 <= y0 { (y0, y1) = (y0 - 1, y0 + 1) }
    if !logY, y0 > 0, y0 < 0.5 * y1 { y0 = 0 }
    let padY = (y1 - y0) * 0.05
    (y0, y1) = (y0 - (logY || y0 == 0 ? 0 : padY), y1 + padY)
    let padX = (x1 - x0) * 0.03
    (x0, x1) = (x0 - padX, x1 + padX)
    func px(_ x: Double) -> Double { Self.left + (x - x0) / (x1 - x0) * plotW }
    func py(_ y: Double) -> Double { Self.top + plotH - (y - y0) / (y1 - y0) * plotH }

    var s = """
      <?xml version="1.0" encoding="UTF-8"?>
      <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(Int(Self.width))" height="\(Int(Self.height))" \
      viewBox="0 0 \(Int(Self.width)) \(Int(Self.height))" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">

      """
    s += "<rect x=\"0\" y=\"0\" width=\"\(Int(Self.width))\" height=\"\(Int(Self.height))\" fill=\"#ffffff\"/>\n"
    s +=
      "<text x=\"\(Self.n(Self.width / 2))\" y=\"28\" font-size=\"16\" text-anchor=\"middle\" font-weight=\"bold\">"
      + Self.escape(title) + "</text>\n"
    // Grid and ticks.
    for t in logX ? Self.logTicks(x0, x1) : Self.ticks(x0, x1) {
      let x = px(t)
      s +=
        "<line x1=\"\(Self.n(x))\" y1=\"\(Self.n(Self.top))\" x2=\"\(Self.n(x))\" y2=\"\(Self.n(Self.top + plotH))\" "
        + "stroke=\"#e6e6e6\"/>\n"
      s +=
        "<text x=\"\(Self.n(x))\" y=\"\(Self.n(Self.top + plotH + 18))\" font-size=\"12\" text-anchor=\"middle\">"
        + Self.escape(Self.label(logX ? pow(10, t) : t)) + "</text>\n"
    }
    for t in logY ? Self.logTicks(y0, y1) : Self.ticks(y0, y1) {
      let y = py(t)
      s +=
        "<line x1=\"\(Self.n(Self.left))\" y1=\"\(Self.n(y))\" x2=\"\(Self.n(Self.left + plotW))\" y2=\"\(Self.n(y))\" "
        + "stroke=\"#e6e6e6\"/>\n"
      let text = logY ? Self.label(pow(10, t)) : Self.label(t)
      s +=
        "<text x=\"\(Self.n(Self.left - 8))\" y=\"\(Self.n(y + 4))\" font-size=\"12\" text-anchor=\"end\">"
        + Self.escape(text) + "</text>\n"
    }
    s +=
      "<rect x=\"\(Self.n(Self.left))\" y=\"\(Self.n(Self.top))\" width=\"\(Self.n(plotW))\" height=\"\(Self.n(plotH))\" "
      + "fill=\"none\" stroke=\"#333333\"/>\n"
    s +=
      "<text x=\"\(Self.n(Self.left + plotW / 2))\" y=\"\(Self.n(Self.height - 18))\" font-size=\"13\" "
      + "text-anchor=\"middle\">" + Self.escape(xLabel + (logX ? " (log)" : "")) + "</text>\n"
    let yMid = Self.top + plotH / 2
    s +=
      "<text x=\"22\" y=\"\(Self.n(yMid))\" font-size=\"13\" text-anchor=\"middle\" "
      + "transform=\"rotate(-90 22 \(Self.n(yMid)))\">" + Self.escape(yLabel + (logY ? " (log)" : "")) + "</text>\n"
    // Marks.
    for (i, m) in marks.enumerated() {
      guard let mx = drawnX(m.x) else { continue }
      let x = px(mx)
      let labelY = Self.top + 14 + Double(i % 8) * 14
      s +=
        "<line x1=\"\(Self.n(x))\" y1=\"\(Self.n(Self.top))\" x2=\"\(Self.n(x))\" y2=\"\(Self.n(Self.top + plotH))\" "
        + "stroke=\"#555555\" stroke-dasharray=\"5,4\"/>\n"
      s +=
        "<text x=\"\(Self.n(x + 4))\" y=\"\(Self.n(labelY))\" font-size=\"11\" fill=\"#333333\">"
        + Self.escape(m.label) + "</text>\n"
    }
    // Series.
    for (i, ser) in series.enumerated() {
      let colour = ser.emphasised ? "#000000" : Self.palette[i % Self.palette.count]
      let pts = ser.points.compactMap { p -> (Double, Double)? in
        guard let x = drawnX(p.x), let y = drawnY(p.y) else { return nil }
        return (px(x), py(y))
      }
      if ser.line, pts.count > 1 {
        let path = pts.map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " ")
        s +=
          "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"\(ser.emphasised ? 2.5 : 2)\""
          + (ser.emphasised ? " stroke-dasharray=\"7,4\"" : "") + "/>\n"
      }
      if !ser.emphasised {
        for (x, y) in pts {
          s += "<circle cx=\"\(Self.n(x))\" cy=\"\(Self.n(y))\" r=\"3.5\" fill=\"\(colour)\"/>\n"
        }
      }
      // Legend entry.
      let ly = Self.top + 10 + Double(i) * 20
      let lx = Self.width - Self.right + 18
      s +=
        "<line x1=\"\(Self.n(lx))\" y1=\"\(Self.n(ly))\" x2=\"\(Self.n(lx + 22))\" y2=\"\(Self.n(ly))\" "
        + "stroke=\"\(colour)\" stroke-width=\"2\"" + (ser.emphasised ? " stroke-dasharray=\"7,4\"" : "") + "/>\n"
      s +=
        "<text x=\"\(Self.n(lx + 28))\" y=\"\(Self.n(ly + 4))\" font-size=\"12\">" + Self.escape(ser.name)
        + "</text>\n"
    }
    s += "</svg>\n"
    return s
  }
}
