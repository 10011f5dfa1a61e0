/// How many submissions to moderate for a cohort of a given size: rows of cohort sizes, each
/// with a sample size ("all" for the whole cohort). The shipped `standard` table is the
/// JCQ-style one many awarding bodies use: small cohorts whole, larger ones by a sample that
/// grows slowly with the cohort.
public struct SampleSizeTable: Sendable, Equatable {
    /// One row: cohorts from `from` to `to` (no upper end when nil) get `size` (all when nil).
    public struct Row: Sendable, Equatable {
        public var from: Int
        public var to: Int?
        public var size: Int?
    }

    /// The rows, in order, from a cohort of 1 up, with no gap; the last has no upper end.
    public var rows: [Row]

    /// The table's text, as a plan file writes it.
    public static let standardText = "1-5: all, 6-15: 5, 16-100: 10, 101-200: 15, 201+: 20"

    /// The shipped table.
    public static let standard = SampleSizeTable.parse(standardText)!

    /// The sample size for a cohort of `n`.
    public func size(for n: Int) -> Int {
        guard let row = rows.first(where: { n >= $0.from && ($0.to.map { n <= $0 } ?? true) }) else { return n }
        return min(n, row.size ?? n)
    }

    /// The table as text.
    public var text: String {
        rows.map { r in (r.to.map { "\(r.from)-\($0)" } ?? "\(r.from)+") + ": " + (r.size.map(String.init) ?? "all") }.joined(separator: ", ")
    }

    /// Reads `1-5: all, 6-15: 5, …, 201+: 20` (or `standard`); nil when it is not such a table.
    public static func parse(_ text: String) -> SampleSizeTable? {
        if text.lowercased() == "standard" { return standard }
        var rows: [Row] = []
        for part in text.split(separator: ",") {
            let halves = part.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard halves.count == 2 else { return nil }
            let size: Int?
            if halves[1].lowercased() == "all" {
                size = nil
            } else {
                guard let n = Int(halves[1]), n >= 1 else { return nil }
                size = n
            }
            let range = halves[0]
            if range.hasSuffix("+") {
                guard let from = Int(range.dropLast()) else { return nil }
                rows.append(Row(from: from, to: nil, size: size))
            } else {
                let ends = range.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
                guard ends.count == 2, let from = ends[0], let to = ends[1], to >= from else { return nil }
                rows.append(Row(from: from, to: to, size: size))
            }
        }
        // From 1, no gap, open-ended last.
        guard let first = rows.first, first.from == 1, rows.last?.to == nil else { return nil }
        for (a, b) in zip(rows, rows.dropFirst()) {
            guard let to = a.to, b.from == to + 1 else { return nil }
        }
        return SampleSizeTable(rows: rows)
    }
}
