/// The parts of the counterexample search that the changed clause guides: a walk down from the
/// richest generated submission that lowers the total one change at a time while one version
/// keeps a grade (so a moved boundary is crossed at the marks between the two), and the proof
/// that an evidence change no rule reads cannot show a difference.
extension Counterexamples {
    /// How a guided walk marks: one version, the other, and the keys still wanted.
    struct Walk {
        var marker: Evaluator
        var other: (Submission) -> MarkingResult?
        var fromOld: Bool
        var renamed: [String: String]
    }

    /// From `seed`, each step marks every submission one change away (an item removed, or one
    /// value of one item changed) and moves to the one with the lowest total (see `weight`) that still has
    /// grade `grade` under the walk's version; each marked on the way is also marked by the
    /// other version and recorded in `sought` when it shows a difference sought. Stops when
    /// nothing is wanted, no change lowers the total, or after `steps` steps.
    mutating func descend(
        from seed: Submission, grade: Int, walk: inout Walk, steps: Int, dates: [CalendarDate],
        sought: inout CounterexampleSought
    ) {
        let version = walk.fromOld ? old : new
        var generator = SubmissionGenerator(ruleset: version)
        generator.triesEachText = false
        let neighbours = EvidenceNeighbours(generator: generator, models: [])
        let marks = version.maximumMarks > .zero
        guard let start = try? walk.marker.mark(seed), start.gradeIndex >= grade else { return }
        var currentTotal = Self.weight(start, marks: marks)
        var current = seed
        for _ in 0..<steps where !sought.isEmpty {
            var next: (Submission, Int64)?
            var around: [Submission] = []
            for k in current.items.indices {
                var fewer = current
                fewer.items.remove(at: k)
                fewer.itemIDs.remove(at: k)
                around.append(fewer)
                neighbours.walk(current.items[k], record: version.schema.item, path: [], firstField: 3, dates: dates) { path, v in
                    around.append(EvidenceChange.setField(item: k, path: path, value: v).applied(to: current, newID: "E0"))
                    // The generated items are alike: the same change to every item.
                    if k == 0 && current.items.count > 1 {
                        around.append(current.items.indices.reduce(current) { s, j in
                            EvidenceChange.setField(item: j, path: path, value: v).applied(to: s, newID: "E0")
                        })
                    }
                }
            }
            for s in around where !sought.isEmpty {
                guard let r = try? walk.marker.mark(s), r.gradeIndex >= grade else { continue }
                let weight = Self.weight(r, marks: marks)
                guard weight < currentTotal else { continue }
                tried += 1
                if let o = walk.other(s) {
                    let (a, b) = walk.fromOld ? (r, o) : (o, r)
                    sought.record(Counterexamples.differences(a, b, renamed: walk.renamed), walk.fromOld ? s : Self.converted(s, from: new, to: old) ?? s)
                }
                if next == nil || weight < next!.1 { next = (s, weight) }
            }
            guard let (s, total) = next else { return }
            current = s
            currentTotal = total
        }
    }

    /// What a walk down lowers: the total, or, for a scheme whose points carry no marks, the
    /// sum of the verdicts' levels and the components' grades.
    static func weight(_ r: MarkingResult, marks: Bool) -> Int64 {
        if marks { return r.total.hundredths }
        return r.points.reduce(Int64(0)) { $0 + Int64($1.verdict.rawValue) } + r.components.reduce(Int64(0)) { $0 + Int64($1.gradeIndex) }
    }

    /// A submission written for one version's evidence declaration, in the other's (nil when an
    /// item does not fit it).
    static func converted(_ s: Submission, from a: Ruleset, to b: Ruleset) -> Submission? {
        guard a.schema != b.schema else { return s }
        let back = SubmissionGenerator(ruleset: b)
        let items = s.items.compactMap { back.converted($0, .record("item"), from: a.schema, started: s.started) }
        guard items.count == s.items.count else { return nil }
        var out = s
        out.items = items
        return out
    }

    /// Why an evidence change cannot show a difference: the fields it adds, removes or whose
    /// values it changes are read by no rule of either version (no `.name` in their rules).
    /// Nil when a rule may read one, or the change is not of a field or an enumeration.
    func unreadEvidence(_ change: RulesetDiff.Change) -> String? {
        guard change.section == .evidence else { return nil }
        var names: Set<String> = []
        if change.subject.hasPrefix("record "), change.aspect.hasPrefix("field ") {
            names.insert(String(change.aspect.dropFirst(6)))
        } else if change.subject.hasPrefix("enum ") {
            let e = String(change.subject.dropFirst(5))
            for schema in [old.schema, new.schema] {
                for record in schema.records.values {
                    for f in record.fields where Self.uses(f.type, enumeration: e) { names.insert(f.name) }
                }
            }
        }
        guard !names.isEmpty else { return nil }
        for ruleset in [old, new] {
            for source in ruleset.sources {
                let text = String(decoding: source.bytes, as: UTF8.self)
                for name in names where text.contains("." + name) { return nil }
            }
        }
        let list = names.sorted().map { "'\($0)'" }.joined(separator: ", ")
        return "none exists: no rule of either version reads \(list), so no grade, verdict or mark can change"
    }

    static func uses(_ type: ValueType, enumeration e: String) -> Bool {
        switch type {
        case .enumeration(let name): name == e
        case .list(let t), .optional(let t): uses(t, enumeration: e)
        default: false
        }
    }
}
