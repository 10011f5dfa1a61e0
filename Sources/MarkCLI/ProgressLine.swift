import Foundation
import MarkCore

/// A progress line on stderr, redrawn in place with `\r` at most ten times a second: done and
/// total, the rate, and the time left (done and rate only when the total is not known).
final class ProgressLine {
    private let terminal: Terminal
    private let total: Int?
    private let start: UInt64
    private var lastDraw: UInt64 = 0
    private var drawn = false

    /// Nanoseconds between redraws.
    static let interval: UInt64 = 100_000_000

    init(terminal: Terminal, total: Int?) {
        self.terminal = terminal
        self.total = total
        start = ProgressLine.now()
    }

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Redraws if a tenth of a second has passed since the last draw.
    func update(done: Int) {
        let t = ProgressLine.now()
        guard t - lastDraw >= ProgressLine.interval else { return }
        lastDraw = t
        drawn = true
        terminal.error("\r" + ProgressLine.text(done: done, total: total, seconds: Double(t - start) / 1e9) + "\u{1B}[K")
    }

    /// Removes the line, so other messages start at the left margin.
    func clear() {
        guard drawn else { return }
        drawn = false
        terminal.error("\r\u{1B}[K")
    }

    /// The line's text: `marked 1200/5000 · 850/s · 0:04 left`.
    static func text(done: Int, total: Int?, seconds: Double) -> String {
        let rate = seconds > 0 ? Double(done) / seconds : 0
        var line = "marking: \(done)"
        if let total { line += "/\(total)" }
        line += " · \(Int(rate.rounded()))/s"
        if let total, rate > 0 {
            line += " · " + duration(Double(max(0, total - done)) / rate) + " left"
        }
        return line
    }

    /// `m:ss`, or `h:mm:ss` from an hour.
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.up))
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return s >= 3600 ? "\(s / 3600):\(two(s / 60 % 60)):\(two(s % 60))" : "\(s / 60):\(two(s % 60))"
    }
}

/// A cohort run redraws the line as records are written and clears it before diagnostics.
extension ProgressLine: CohortProgress {}
