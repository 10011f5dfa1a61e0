/// Small text helpers shared by the moderation reports: fixed decimals, percentages and
/// aligned columns, all computed without locale or platform formatting so output is identical
/// everywhere.
public enum ModerationText {
    /// A number with a fixed number of decimal places (rounded half away from zero).
    public static func fixed(_ value: Double, places: Int = 4) -> String {
        guard value.isFinite else { return "—" }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = Int64((abs(value) * scale).rounded())
        var digits = String(scaled)
        while digits.count <= places { digits = "0" + digits }
        let split = digits.index(digits.endIndex, offsetBy: -places)
        let sign = value < 0 && scaled != 0 ? "-" : ""
        return places == 0 ? sign + digits : sign + digits[..<split] + "." + digits[split...]
    }

    /// A share as a percentage with one decimal place: `62.5%`.
    public static func percent(_ share: Double) -> String {
        fixed(share * 100, places: 1) + "%"
    }

    /// A statistic as text: four decimals, or "not computed: reason".
    public static func statistic(_ s: Statistic, strength: Bool = false) -> String {
        switch s {
        case .value(let v): fixed(v) + (strength ? " (\(Agreement.strength(v)))" : "")
        case .undefined(let reason): "not computed: " + reason
        }
    }

    /// Rows of cells as aligned columns (left-aligned, or right-aligned where `right` says so),
    /// each line indented.
    /// Cells are printed through `TerminalText.escaped`.
    public static func table(_ rows: [[String]], right: Set<Int> = [], indent: String = "  ") -> String {
        let rows = rows.map { $0.map(TerminalText.escaped) }
        guard let width = rows.map(\.count).max() else { return "" }
        var widths = [Int](repeating: 0, count: width)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        var out = ""
        for row in rows {
            var line = indent
            for (i, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                line += right.contains(i) ? pad + cell : cell + (i == row.count - 1 ? "" : pad)
                if i < row.count - 1 { line += "  " }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }
}
