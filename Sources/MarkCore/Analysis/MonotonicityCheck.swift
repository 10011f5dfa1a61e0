/// Checks that more evidence never counts against a learner: on generated submissions (seeded,
/// so every run marks the same ones), adding one well-formed item must not lower any point's
/// verdict, a component's grade or the grade. A violation is reported once per point (once per
/// component, and once for the grade) with the two submissions, the first cut down to the items
/// the violation needs.
struct MonotonicityCheck {
    let ruleset: Ruleset
    /// Submissions tried, and the seed they are made from.
    var trials = 200
    var seed: UInt64 = 16

    /// What got worse: a point's verdict (by index), a component's grade (by index), or the
    /// grade (both nil).
    struct Violation {
        var point: Int?
        var component: Int? = nil
        var before: [Value]
        var added: Value
        var was: String
        var becomes: String
    }

    func warnings() -> [Diagnostic] {
        let generator = GeneratedEvidence(ruleset: ruleset, seed: seed)
        return found().map { diagnostic($0, generator) }
    }

    /// The first violation for each point (and the grade), cut down, in the order found.
    func found() -> [Violation] {
        var generator = GeneratedEvidence(ruleset: ruleset, seed: seed)
        var evaluator = Evaluator(ruleset: ruleset)
        evaluator.writesFeedback = false
        var found: [String: Violation] = [:]
        var order: [String] = []
        for _ in 0..<trials {
            let base = (0..<generator.random.below(7)).map { generator.item(id: $0 + 1) }
            let added = generator.item(id: base.count + 1)
            for v in violations(base, added, &evaluator, generator) where found[v.key] == nil {
                found[v.key] = smallest(v, &evaluator, generator)
                order.append(v.key)
            }
        }
        return order.compactMap { found[$0] }
    }

    /// What adding `added` to `base` makes worse.
    func violations(_ base: [Value], _ added: Value, _ e: inout Evaluator, _ g: GeneratedEvidence) -> [Violation] {
        guard let before = try? e.mark(g.submission(base)), let after = try? e.mark(g.submission(base + [added])) else { return [] }
        var out: [Violation] = []
        for (i, (b, a)) in zip(before.points, after.points).enumerated() where a.verdict < b.verdict {
            out.append(Violation(point: i, before: base, added: added, was: b.verdict.words, becomes: a.verdict.words))
        }
        for (k, (b, a)) in zip(before.components, after.components).enumerated() where a.gradeIndex < b.gradeIndex {
            out.append(Violation(point: nil, component: k, before: base, added: added, was: b.grade, becomes: a.grade))
        }
        if after.gradeIndex < before.gradeIndex {
            out.append(Violation(point: nil, before: base, added: added, was: before.grade, becomes: after.grade))
        }
        return out
    }

    /// The violation with as few items before it as still show it.
    func smallest(_ v: Violation, _ e: inout Evaluator, _ g: GeneratedEvidence) -> Violation {
        var best = v
        var i = 0
        while i < best.before.count {
            var fewer = best.before
            fewer.remove(at: i)
            if let w = violations(fewer, best.added, &e, g).first(where: { $0.key == v.key }) { best = w } else { i += 1 }
        }
        return best
    }

    func diagnostic(_ v: Violation, _ g: GeneratedEvidence) -> Diagnostic {
        let components = ruleset.grading.components
        let what =
            v.point.map { "'\(ruleset.points[$0].id)' from \(v.was) to \(v.becomes)" }
            ?? v.component.map { "the grade of component '\(components[$0].id)' from '\(v.was)' to '\(v.becomes)'" }
            ?? "the grade from '\(v.was)' to '\(v.becomes)'"
        let firstRule = { (g: CompiledGrading) in g.rules.compactMap { $0 }.first?.location }
        let at =
            v.point.map { ruleset.points[$0].met.location }
            ?? v.component.flatMap { c in
                let g = components[c].grading
                return g.grades.firstIndex(of: v.was).flatMap { g.rules[$0]?.location } ?? firstRule(g)
            }
            ?? firstRule(ruleset.grading) ?? ruleset.points[0].location
        let path = ruleset.sources[at.file].path
        let items = v.before.isEmpty ? "no items" : "\(v.before.count) item\(v.before.count == 1 ? "" : "s")"
        return Diagnostic(
            .warning, id: "not-monotonic",
            "adding an evidence item can lower \(what): more evidence should never count against a learner",
            path: path, range: at.range,
            notes: [
                .init(message: "found by marking generated submissions (seed \(seed)), started \(g.started), submitted \(g.submitted): with \(items) it is \(v.was)", path: path, range: nil),
                .init(message: "the items: [" + v.before.map { g.json($0) }.joined(separator: ", ") + "]", path: path, range: nil),
                .init(message: "with this item added it is \(v.becomes): \(g.json(v.added))", path: path, range: nil),
            ])
    }
}

extension MonotonicityCheck.Violation {
    /// What the violation is about, once per check: `point:3`, `component:1`, `grade`.
    var key: String { point.map { "point:\($0)" } ?? component.map { "component:\($0)" } ?? "grade" }
}
