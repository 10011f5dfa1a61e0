/// Rulesets loaded together must not claim one unit for the same start date: marking would
/// have to refuse every learner in the overlap, so `mark check` reports it first. Variants of
/// a unit (rulesets with different ids, each declaring its own `variant "…"`) may: each
/// submission names its ruleset.
public enum AppliesOverlap {
    /// An error for every pair of rulesets for one unit whose `applies` ranges overlap, located
    /// at the later file's `applies`, with a note at the other's.
    public static func diagnostics(_ rulesets: [Ruleset]) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let ordered = rulesets.sorted { ($0.sources[0].path, $0.id) < ($1.sources[0].path, $1.id) }
        for (i, a) in ordered.enumerated() {
            // Variants (each with its own `variant "…"`) may share dates: a submission names one.
            for b in ordered[..<i] where a.unit == b.unit && !(a.variant != nil && b.variant != nil && a.variant != b.variant && a.id != b.id) {
                let start = max(a.appliesFrom, b.appliesFrom)
                let end = [a.appliesUntil, b.appliesUntil].compactMap { $0 }.min()
                guard end.map({ start <= $0 }) ?? true else { continue }
                let shared = end.map { "from \(start) until \($0)" } ?? "from \(start) on"
                out.append(
                    Diagnostic(
                        .error, id: "overlapping-applies",
                        "rulesets '\(a.id)' and '\(b.id)' both mark unit \"\(a.unit)\" for learners who started \(shared); their 'applies' dates must not overlap",
                        path: a.sources[0].path, range: a.appliesRange,
                        notes: [Diagnostic.Note(message: "'\(b.id)' applies here", path: b.sources[0].path, range: b.appliesRange)]))
            }
        }
        return out
    }
}
