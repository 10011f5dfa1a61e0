/// `mark diff OLD NEW --counterexamples DIR`: for each change in meaning between two versions
/// of a ruleset, a small submission the two grade, or give a point a verdict, differently.
///
/// The search marks, under both versions, generated submissions (see `SubmissionGenerator`):
/// one to `Limits.items` rich items of each kind a week apart, and those of one to three items
/// with one value of the first item changed to a value worth trying. The smallest submission that shows a
/// difference where a change can act is kept for it, written as `evidence/1`, read back and
/// marked again by both versions. A change with none says so, with the bounds searched.
public struct Counterexamples: Sendable {
    /// How far the search goes.
    public struct Limits: Sendable {
        /// The most items in one generated submission.
        public var items = 5
        /// Days between the items of a generated submission.
        public var spacing = 7
        /// The searches towards each grade (see `WhyNot.Limits`).
        public var guided: WhyNot.Limits = {
            var l = WhyNot.Limits()
            l.markings = 3_000
            return l
        }()
        /// The most steps of a walk down towards a moved grade boundary.
        public var steps = 12
        /// Creates the default limits.
        public init() {}
    }

    /// The counterexample (or its absence) for one change in meaning.
    public struct Finding: Sendable {
        /// The change.
        public var change: RulesetDiff.Change
        /// The submission, when one was found.
        public var submission: Submission?
        /// Its `evidence/1` text.
        public var text: String?
        /// Its marking under each version (from the written text).
        public var old: MarkingResult?
        public var new: MarkingResult?
        /// What differs ("point differentiation: met under old, partially met under new"), or
        /// why there is no counterexample.
        public var statement: String
    }

    /// The two versions.
    public let old: Ruleset
    public let new: Ruleset
    /// The bounds.
    public var limits = Limits()
    /// How many generated submissions were marked by both versions.
    public internal(set) var tried = 0
    /// Old point ids of renamed points, to their new ids.
    var renamed: [String: String] = [:]

    /// Creates a search between two versions.
    public init(old: Ruleset, new: Ruleset) {
        self.old = old
        self.new = new
    }

    /// One finding per change of `diff`, in its order.
    public mutating func find(_ diff: RulesetDiff) -> [Finding] {
        renamed = Dictionary(diff.renamedPoints.map { ($0.old, $0.new) }, uniquingKeysWith: { a, _ in a })
        // Only the changes that can act are searched for; the others' findings are proofs.
        let acting = diff.changes.filter { fixedStatement($0) == nil }
        var sought = CounterexampleSought(orders: acting.map { Array(subjects($0).reversed()) })
        let richest = firstPass(&sought)
        // For a grade not shown by the first pass, walks down from the richest submission under
        // each version first (a moved boundary is most often crossed there), then searches guided
        // by the grading rules, climbs, and walks down from where each climb ended.
        let dates = SubmissionGenerator(ruleset: old).dates(for: envelope)
        walkDown(from: richest.mapValues { [$0] }, dates: dates, sought: &sought)
        guidedSearches(&sought)
        let climbed = climbs(&sought)
        walkDown(from: climbed.mapValues { [$0] }, dates: dates, sought: &sought)
        return diff.changes.map { change in finding(change, sought.first) }
    }

    /// Marks the generated submissions under both versions, smallest first, until nothing is
    /// sought. Returns those with the highest total under each version (true: old), where the
    /// walks down towards a moved boundary start.
    mutating func firstPass(_ sought: inout CounterexampleSought) -> [Bool: Submission] {
        var oldMarker = Evaluator(ruleset: old)
        var newMarker = Evaluator(ruleset: new)
        oldMarker.writesFeedback = false
        newMarker.writesFeedback = false
        let sameSchema = old.schema == new.schema
        let converter = SubmissionGenerator(ruleset: new)
        var richest: [Bool: (Submission, Marks)] = [:]
        for count in 0...max(1, limits.items) where !sought.isEmpty {
            for candidate in candidates(count: count) {
                if sought.isEmpty { break }
                guard let a = try? oldMarker.mark(candidate) else { continue }
                var other = candidate
                if !sameSchema {
                    let items = candidate.items.compactMap { converter.converted($0, .record("item"), from: old.schema, started: candidate.started) }
                    guard items.count == candidate.items.count else { continue }
                    other.items = items
                }
                tried += 1
                guard let b = try? newMarker.mark(other) else { continue }
                if a.total > (richest[true]?.1 ?? Marks(hundredths: -1)) { richest[true] = (candidate, a.total) }
                if b.total > (richest[false]?.1 ?? Marks(hundredths: -1)) { richest[false] = (other, b.total) }
                sought.record(Counterexamples.differences(a, b, renamed: renamed), candidate)
            }
        }
        return richest.mapValues { $0.0 }
    }

    /// Searches guided by the grading rules: from an empty submission towards each grade under
    /// each version, watching every submission marked on the way, until nothing is sought.
    mutating func guidedSearches(_ sought: inout CounterexampleSought) {
        let sameSchema = old.schema == new.schema
        let renamed = self.renamed
        for (version, other, fromOld) in [(old, new, true), (new, old, false)] where !sought.isEmpty {
            var otherMarker = Evaluator(ruleset: other)
            otherMarker.writesFeedback = false
            let back = SubmissionGenerator(ruleset: other)
            var search = WhyNot.Search(
                ruleset: version, evaluator: Evaluator(ruleset: version), goal: 1,
                limits: limits.guided, original: envelope)
            search.evaluator.writesFeedback = false
            var generator = SubmissionGenerator(ruleset: version)
            generator.triesEachText = false
            search.generator = generator
            var found = sought
            search.watch = { s, result in
                guard !found.isEmpty else { return false }
                var converted = s
                if !sameSchema {
                    let items = s.items.compactMap { back.converted($0, .record("item"), from: version.schema, started: s.started) }
                    guard items.count == s.items.count else { return true }
                    converted.items = items
                }
                guard let b = try? otherMarker.mark(converted) else { return true }
                let (x, y) = fromOld ? (result, b) : (b, result)
                found.record(Counterexamples.differences(x, y, renamed: renamed), fromOld ? s : converted)
                return !found.isEmpty
            }
            for g in 1..<max(2, version.grading.grades.count) where !found.isEmpty {
                search.goal = g
                search.markings = 0
                _ = try? search.run()
            }
            search.watch = nil
            sought = found
        }
    }

    /// Climbs towards each version's highest grade one item at a time, for schemes whose grades
    /// need more items than the generated submissions have (see `climb`). Returns where each
    /// climb ended (true: under old).
    mutating func climbs(_ sought: inout CounterexampleSought) -> [Bool: Submission] {
        var climbed: [Bool: Submission] = [:]
        let renamed = self.renamed
        for fromOld in [true, false] where !sought.isEmpty {
            let version = fromOld ? old : new, other = fromOld ? new : old
            var marker = Evaluator(ruleset: version)
            marker.writesFeedback = false
            var otherMarker = Evaluator(ruleset: other)
            otherMarker.writesFeedback = false
            climbed[fromOld] = climb(version, marker: &marker) { s, result in
                guard !sought.isEmpty else { return false }
                guard let converted = Counterexamples.converted(s, from: version, to: other), let b = try? otherMarker.mark(converted) else { return true }
                let (x, y) = fromOld ? (result, b) : (b, result)
                sought.record(Counterexamples.differences(x, y, renamed: renamed), fromOld ? s : converted)
                return !sought.isEmpty
            }
        }
        return climbed
    }

    /// For a grade still not shown, walks down from each start under each version (false: new
    /// first), lowering its total (for a scheme without marks, its verdicts and component
    /// grades) while that version keeps each grade in turn.
    mutating func walkDown(from starts: [Bool: [Submission]], dates: [CalendarDate], sought: inout CounterexampleSought) {
        for fromOld in [false, true] where sought.contains("grade") {
            guard let seeds = starts[fromOld] else { continue }
            let version = fromOld ? old : new, other = fromOld ? new : old
            var otherMarker = Evaluator(ruleset: other)
            otherMarker.writesFeedback = false
            var marker = Evaluator(ruleset: version)
            marker.writesFeedback = false
            var walk = Walk(
                marker: marker,
                other: { s in Counterexamples.converted(s, from: version, to: other).flatMap { try? otherMarker.mark($0) } },
                fromOld: fromOld, renamed: renamed)
            for start in seeds {
                for g in 1..<max(2, version.grading.grades.count) where sought.contains("grade") {
                    descend(from: start, grade: g, walk: &walk, steps: limits.steps, dates: dates, sought: &sought)
                }
            }
        }
    }

    /// The differences a change can show: the outcome of the points it may affect (by their
    /// new id), and the grade.
    func subjects(_ change: RulesetDiff.Change) -> [String] {
        var keys: [String] = ["grade"]
        if change.subject.hasPrefix("point ") { keys.append(String(change.subject.dropFirst(6))) }
        keys += change.affects.filter { $0 != "grading" }
        return keys.map { renamed[$0] ?? $0 }
    }

    /// What differs between the two results: "grade", and the (new) ids of points whose verdict
    /// or marks differ.
    static func differences(_ a: MarkingResult, _ b: MarkingResult, renamed: [String: String]) -> [String] {
        var keys: [String] = []
        if a.grade != b.grade { keys.append("grade") }
        for p in a.points {
            let id = renamed[p.id] ?? p.id
            if let q = b.points.first(where: { $0.id == id }), q.verdict != p.verdict || q.marks != p.marks { keys.append(id) }
        }
        return keys
    }

    /// The statement of a change whose finding needs no search (it cannot act), or nil.
    func fixedStatement(_ change: RulesetDiff.Change) -> String? {
        if change.section == .header {
            return "none: the header does not take part in marking (\(bounds))"
        }
        if ["advice", "wording"].contains(change.aspect) || change.aspect.hasPrefix("feedback") {
            return "none: only words a learner reads change; no grade, verdict or mark can"
        }
        if change.section == .definitions && change.affects.isEmpty {
            return "none: no marking point or grade uses it"
        }
        if let unread = unreadEvidence(change) { return unread }
        if change.kind == .renamed && change.section == .points && change.summary.contains("(same wording, conditions, marks and feedback)") {
            return "none exists: only the point's id changes, so every submission gets the same grade, and the same verdict and marks under the new id"
        }
        return nil
    }

    /// The bounds searched, for a finding of none.
    var bounds: String { "no generated submission of 1 to \(limits.items) items (\(tried) tried) is graded or verdicted differently" }

    func finding(_ change: RulesetDiff.Change, _ first: [String: Submission]) -> Finding {
        if let fixed = fixedStatement(change) { return Finding(change: change, statement: fixed) }
        // The smallest submission among the differences this change can show.
        let keys = subjects(change).reversed()
        let found = keys.compactMap { first[$0] }.min { $0.items.count < $1.items.count }
        guard let submission = found else { return Finding(change: change, statement: "none found: \(bounds)") }
        let text = EvidenceFileWriter.text(submission, schema: old.schema)
        let a = EvidenceFileWriter.remark(text, path: submission.path, ruleset: old)
        let b = EvidenceFileWriter.remark(text, path: submission.path, ruleset: new)
        guard let a, let b, !Counterexamples.differences(a, b, renamed: renamed).isEmpty else {
            return Finding(change: change, statement: "none found: the submission found did not mark differently when written; this is a fault in mark")
        }
        return Finding(change: change, submission: submission, text: text, old: a, new: b, statement: describe(a, b))
    }

    /// "grade Merit under old, Pass under new; point x: met under old, partially met under new".
    func describe(_ a: MarkingResult, _ b: MarkingResult) -> String {
        var parts: [String] = []
        if a.grade != b.grade { parts.append("grade \(a.grade) under old, \(b.grade) under new") }
        for p in a.points {
            let id = renamed[p.id] ?? p.id
            if let q = b.points.first(where: { $0.id == id }), q.verdict != p.verdict || q.marks != p.marks {
                let marked = a.carriesMarks || b.carriesMarks
                parts.append(
                    marked
                        ? "\(id) \(p.verdict.words) (\(p.marks)) under old, \(q.verdict.words) (\(q.marks)) under new"
                        : "\(id) \(p.verdict.words) under old, \(q.verdict.words) under new")
            }
        }
        return parts.joined(separator: "; ")
    }

    /// An empty submission that both versions mark: started when the later one applies from.
    var envelope: Submission {
        let start = old.appliesFrom > new.appliesFrom ? old.appliesFrom : new.appliesFrom
        return Submission(
            path: "counterexample", learnerID: "L-EXAMPLE", learnerName: nil, unit: old.unit, started: start,
            submitted: CalendarDate(day: start.day + 182), assessor: "A-EXAMPLE", items: [], itemIDs: [])
    }

    /// The generated submissions of `count` items (the empty one for 0).
    func candidates(count: Int) -> [Submission] {
        var generator = SubmissionGenerator(ruleset: old)
        generator.triesEachText = false
        let envelope = self.envelope
        let start = envelope.started
        guard count > 0 else { return [envelope] }
        var out: [Submission] = []
        let dates = generator.dates(for: envelope)
        let neighbours = EvidenceNeighbours(generator: generator, models: [])
        for kind in old.schema.kinds {
            let items = (0..<count).map { k in
                generator.item(id: "E\(k + 1)", kind: kind, date: CalendarDate(day: start.day + 7 + k * limits.spacing), rich: true, started: start)
            }
            let base = generator.submission(items: items, like: envelope)
            out.append(base)
            var changes: [EvidenceChange] = []
            neighbours.walk(items[0], record: old.schema.item, path: [], firstField: 3, dates: dates) { path, v in
                changes.append(.setField(item: 0, path: path, value: v))
            }
            // One value changed: for the smaller submissions, where a count is near its threshold;
            // and the same value changed in every item, so that no item keeps it.
            if count <= 3 { for change in changes { out.append(change.applied(to: base, newID: "E0")) } }
            if count == 2 || count == 3 {
                for case .setField(_, let path, let value) in changes {
                    out.append((0..<count).reduce(base) { s, k in EvidenceChange.setField(item: k, path: path, value: value).applied(to: s, newID: "E0") })
                }
            }
        }
        return out
    }
}

extension Counterexamples {
    /// The file name for the finding of change number `index` (from 1): `01-point-differentiation.json`.
    public static func fileName(_ index: Int, _ change: RulesetDiff.Change) -> String {
        let slug = (change.subject + (change.aspect.isEmpty ? "" : " " + change.aspect)).lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        let squeezed = String(slug).split(separator: "-").joined(separator: "-")
        return (index < 10 ? "0" : "") + "\(index)-\(squeezed.prefix(60)).json"
    }

    /// The text section listing each change's counterexample, with files under `folder`.
    public static func text(_ findings: [Finding], folder: String) -> String {
        var out = "\nCounterexamples (in \(TerminalText.escaped(folder)))\n"
        for (k, f) in findings.enumerated() {
            let what = f.change.subject + (f.change.aspect.isEmpty ? "" : ", " + f.change.aspect)
            out += "  \(what)\n"
            if f.text != nil {
                out += "      \(fileName(k + 1, f.change)): \(f.statement)\n"
            } else {
                out += "      \(f.statement)\n"
            }
        }
        let n = findings.filter { $0.text != nil }.count
        out += "\n\(n) of \(findings.count) change\(findings.count == 1 ? "" : "s") shown by a counterexample, each checked by marking it with both versions.\n"
        return out
    }
}

extension Counterexamples {
    /// For `mark compare` when no learner of a cohort moves: the smallest generated submission
    /// that would move between the two versions ("but this one would"), or that none does
    /// within the bounds; nil when the versions have no change in meaning.
    public static func wouldMove(old: Ruleset, new: Ruleset) -> String? {
        let diff = RulesetDiff.compare(old: old, new: new)
        guard diff.meaningChanged else { return nil }
        var search = Counterexamples(old: old, new: new)
        let shown = search.find(diff).filter { $0.submission != nil }.min { $0.submission!.items.count < $1.submission!.items.count }
        guard let shown, let submission = shown.submission else {
            return "No learner in this cohort moves, and no generated submission of 1 to \(search.limits.items) items (\(search.tried) tried) would.\n"
        }
        let kinds = submission.items.compactMap { item -> String? in
            if case .record(let f) = item, case .text(let k) = f[1] { return WhyNotRefiner.words(k) }
            return nil
        }
        let items = submission.items.isEmpty ? "a submission with no items" : "a submission of \(submission.items.count) \(kinds.first ?? "") item\(submission.items.count == 1 ? "" : "s")"
        return "No learner in this cohort moves, but this one would: \(items) (\(shown.statement)). "
            + "Write it with mark diff OLD NEW --counterexamples DIR.\n"
    }
}
