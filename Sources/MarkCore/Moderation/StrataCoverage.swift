/// CAMERA strata beyond assessors, units and grades: every assessment **method** (evidence item
/// kind), every **centre** (assessment location) and every learner **group** in the cohort is
/// represented by at least one pick, when the plan asks. Strata are read from the result records
/// (`submission.methods`, `.centre`, `.group`; docs/result-format.md); a record without them is in
/// no stratum of that kind.
enum StrataCoverage {
    /// The kinds of stratum, in order, named as reasons name them.
    static let strata = ["method", "centre", "group"]

    /// Whether the plan asks for `stratum` to be covered.
    static func isOn(_ stratum: String, _ plan: SamplePlan) -> Bool {
        switch stratum {
        case "method": plan.coverMethods
        case "centre": plan.coverCentres
        default: plan.coverGroups
        }
    }

    /// A record's values of `stratum` (none when the record does not name them).
    static func values(_ stratum: String, _ r: ResultRecord) -> [String] {
        switch stratum {
        case "method": Array(Set(r.methods)).sorted()
        case "centre": r.centre.map { [$0] } ?? []
        default: r.group.map { [$0] } ?? []
        }
    }

    /// Adds a pick for each stratum value no pick has yet (values in order, drawn by weight among
    /// the results that have the value), through the same `isPicked`, `draw` and `take` as
    /// `UnitCoverage`.
    static func cover(_ records: [ResultRecord], plan: SamplePlan, isPicked: (Int) -> Bool, draw: ([Int]) -> Int?, take: (Int, String) -> Void) {
        for stratum in strata where isOn(stratum, plan) {
            for value in Set(records.flatMap { values(stratum, $0) }).sorted() {
                let members = records.indices.filter { values(stratum, records[$0]).contains(value) }
                guard !members.contains(where: isPicked), let i = draw(members) else { continue }
                take(i, "drawn so that \(stratum) '\(value)' is represented: \(members.count) in the cohort, none drawn before")
            }
        }
    }
}
