/// The per-unit parts of a sampling plan, after the assessors' shares and the grades: each
/// unit's highest and lowest non-zero totals, a spread of marks (a pick in each band of the
/// unit's totals), and the size table's sample size for the unit's cohort.
enum UnitCoverage {
    /// Adds the picks the plan asks for. `isPicked` says whether a result is in the sample,
    /// `draw` draws one not yet picked among some (by weight), `take` adds a pick with its
    /// reason, and `note` adds a reason to a pick already made.
    static func cover(
        _ records: [ResultRecord], plan: SamplePlan, isPicked: (Int) -> Bool, draw: ([Int]) -> Int?, take: (Int, String) -> Void,
        note: (Int, String) -> Void
    ) {
        func marks(_ r: ResultRecord) -> String { "\(JSONWriter.format(r.total)) of \(JSONWriter.format(r.maximum))" }
        for unit in Set(records.map(\.unit)).sorted() {
            let members = records.indices.filter { records[$0].unit == unit }
            // In order of total; ties keep the fixed order of the results.
            let byTotal = members.sorted { (records[$0].total, $0) < (records[$1].total, $1) }
            if plan.highestAndLowest {
                var ends: [(Int, String)] = []
                if let top = byTotal.last(where: { records[$0].total == records[byTotal.last!].total }) {
                    ends.append((top, "the highest total in \(unit) (\(marks(records[top])))"))
                }
                if let low = byTotal.first(where: { records[$0].total > 0 }) {
                    ends.append((low, "the lowest non-zero total in \(unit) (\(marks(records[low])))"))
                }
                for (i, why) in ends {
                    if isPicked(i) { note(i, "also " + why) } else { take(i, "included as " + why) }
                }
            }
            if plan.spreadBands > 0 {
                let bands = min(plan.spreadBands, members.count)
                for b in 0..<bands {
                    let band = Array(byTotal[b * members.count / bands..<(b + 1) * members.count / bands])
                    guard !band.contains(where: isPicked), let i = draw(band) else { continue }
                    let (lo, hi) = (JSONWriter.format(records[band.first!].total), JSONWriter.format(records[band.last!].total))
                    take(i, "drawn for a spread of marks: band \(b + 1) of \(bands) of \(unit)'s totals (\(lo == hi ? lo : lo + "–" + hi))")
                }
            }
            if let table = plan.sizeTable {
                let target = table.size(for: members.count)
                var have = members.filter(isPicked).count
                while have < target, let i = draw(members) {
                    have += 1
                    take(i, "drawn to reach \(unit)'s sample size: \(have) of \(target) for a cohort of \(members.count) (size table)")
                }
            }
        }
    }
}
