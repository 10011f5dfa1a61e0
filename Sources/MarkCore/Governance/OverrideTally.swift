/// Overrides counted over a cohort run for its summary: in all, per assessor and per decision
/// overridden (the grade, or a marking point's id).
public struct OverrideTally: Sendable, Equatable {
    /// Overrides applied.
    public private(set) var count = 0
    /// Submissions with at least one override.
    public private(set) var submissions = 0
    /// Overrides by assessor id.
    public private(set) var byAssessor: [String: Int] = [:]
    /// Overrides by what was overridden: `grade` or a point id.
    public private(set) var byTarget: [String: Int] = [:]
    /// The learners and units whose overrides were applied (`OverrideSheet.unapplied`).
    public private(set) var applied: Set<String> = []

    /// Counts one submission's overrides; `key` is its learner and unit.
    mutating func add(_ overrides: [ResultOverride], for key: String?) {
        guard !overrides.isEmpty else { return }
        if let key { applied.insert(key) }
        submissions += 1
        for o in overrides {
            count += 1
            byAssessor[o.assessor, default: 0] += 1
            byTarget[o.targetName, default: 0] += 1
        }
    }

    /// Adds the counts of another run's `summary/1` trailer (`mark merge`).
    mutating func add(count: Int, submissions: Int, byAssessor: [String: Int], byDecision: [String: Int]) {
        self.count += count
        self.submissions += submissions
        self.byAssessor.merge(byAssessor, uniquingKeysWith: +)
        byTarget.merge(byDecision, uniquingKeysWith: +)
    }

    /// The summary's lines, or nothing when no override was applied.
    func text() -> String {
        guard count > 0 else { return "" }
        func list(_ counts: [String: Int]) -> String {
            counts.sorted { $0.key < $1.key }.map { "\(TerminalText.escaped($0.key)) \($0.value)" }.joined(separator: " · ")
        }
        var out = "\noverrides: \(count) in \(submissions) submission\(submissions == 1 ? "" : "s") (the engine's decisions are kept beside them)\n"
        out += "  by assessor: " + list(byAssessor) + "\n"
        out += "  by decision: " + list(byTarget) + "\n"
        return out
    }

    /// `"overrides": {…}` in the `summary/1` trailer, only when an override was applied.
    func write(_ w: inout JSONWriter) {
        guard count > 0 else { return }
        w.beginObject("overrides")
        w.int("count", count)
        w.int("submissions", submissions)
        func counts(_ array: String, _ key: String, _ counts: [String: Int]) {
            w.beginArray(array)
            for (k, v) in counts.sorted(by: { $0.key < $1.key }) {
                w.beginObject()
                w.string(key, k)
                w.int("count", v)
                w.endObject()
            }
            w.endArray()
        }
        counts("byAssessor", "assessor", byAssessor)
        counts("byDecision", "decision", byTarget)
        w.endObject()
    }
}
