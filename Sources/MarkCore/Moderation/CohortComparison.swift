/// A cohort marked under two versions of the rules: for each pair of rulesets, the grade
/// transitions (old grade × new grade), the agreement between the versions, and every
/// submission whose grade, total or a point's verdict changed, with why.
public struct CohortComparison: Sendable {
    /// A point whose verdict changed for a submission.
    public struct Flip: Sendable, Equatable {
        /// The point's id in the old version.
        public var oldID: String
        /// Its id in the new version (differs when the point was renamed).
        public var newID: String
        /// Verdict under the old version.
        public var old: VerdictLevel
        /// Verdict under the new version.
        public var new: VerdictLevel
    }

    /// One submission marked under both versions.
    public struct Entry: Sendable {
        /// The result under the old version.
        public var old: ResultRecord
        /// The result under the new version.
        public var new: ResultRecord
        /// Points present in both versions whose verdict changed.
        public var flips: [Flip]
        /// Mark boundaries changed between the versions that this submission's total crosses.
        public var boundaries: [String]
        /// Points with the same verdict but different marks (the point's marks changed).
        public var markChanges: [String] = []
        /// Floors added, removed or moved between the versions that held this submission at the
        /// lowest grade under one version and not the other.
        public var floors: [String] = []
        /// Points whose feedback reads differently under the new version.
        public var feedbackChanges: [FeedbackChange] = []

        /// Whether the learner would read different feedback.
        public var feedbackChanged: Bool { !feedbackChanges.isEmpty }

        /// Whether the grade changed.
        public var gradeChanged: Bool { old.grade != new.grade }
        /// Whether the total changed.
        public var totalChanged: Bool { old.total != new.total }
        /// Whether anything changed: grade, total or a verdict.
        public var changed: Bool { gradeChanged || totalChanged || !flips.isEmpty }

        /// Why the result changed, in words: flipped points, the total, crossed boundaries.
        public var reasons: [String] {
            var out = flips.map { f in
                (f.oldID == f.newID ? f.newID : "\(f.oldID) (now \(f.newID))") + ": \(f.old.words) → \(f.new.words)"
            }
            out += markChanges
            out += floors
            out += boundaries
            if gradeChanged && out.isEmpty && !totalChanged {
                out.append("no verdict or total changed: the grade rules changed (see 'mark diff')")
            }
            return out
        }
    }

    /// A point whose rendered feedback differs between the versions.
    public struct FeedbackChange: Sendable, Equatable {
        /// The point's id in the new version.
        public var point: String
        /// The feedback under the old version.
        public var old: String
        /// The feedback under the new version.
        public var new: String
    }

    /// A submission that could not be marked under one version or both.
    public struct Unmarked: Sendable, Equatable {
        /// The submission's path.
        public var path: String
        /// The learner's id, when the envelope could be read.
        public var learner: String?
        /// `old`, `new` or `both`.
        public var version: String
        /// The first problem.
        public var message: String

        /// Creates an entry.
        public init(path: String, learner: String?, version: String, message: String) {
            self.path = path
            self.learner = learner
            self.version = version
            self.message = message
        }
    }

    /// Submissions marked by one old ruleset and one new ruleset.
    public struct Group: Sendable {
        /// The two rulesets' identities.
        public var old: MarkingResult.RulesetInfo
        public var new: MarkingResult.RulesetInfo
        /// Their grade scales, lowest first.
        public var oldGrades: [String]
        public var newGrades: [String]
        /// `transitions[i][j]`: submissions with old grade i and new grade j.
        public var transitions: [[Int]]
        /// Agreement between the versions' grades.
        public var agreement: AgreementSummary
        /// Every submission, in input order.
        public var entries: [Entry]
        /// Points renamed between the versions (matched by meaning).
        public var renamedPoints: [(old: String, new: String)]
        /// Points only in the old version, and only in the new.
        public var removedPoints: [String]
        public var addedPoints: [String]

        /// Old grades renamed by the grade map, as `Referral → Fail`.
        public var renamedGrades: [String] = []

        /// The entries that changed.
        public var changed: [Entry] { entries.filter(\.changed) }
        /// The entries whose feedback reads differently (changed or not).
        public var feedbackChanged: [Entry] { entries.filter(\.feedbackChanged) }
        /// The entries whose feedback alone changed: same grade, total and verdicts.
        public var feedbackOnly: [Entry] { entries.filter { $0.feedbackChanged && !$0.changed } }
    }

    /// One group per pair of rulesets, in order of first appearance.
    public var groups: [Group]
    /// Submissions that could not be marked.
    public var unmarked: [Unmarked]
    /// Submissions skipped because neither version marks their unit.
    public var skipped: Int
    /// Submissions read.
    public var submissions: Int

    /// Builds the comparison from pairs of results; `rulesets` holds every ruleset of both
    /// versions (found by their SHA-256) for grade scales, boundaries and renamed points;
    /// `gradeMap` renames the old version's grades to the new version's names.
    public static func build(
        pairs: [(old: MarkingResult, new: MarkingResult)], rulesets: [Ruleset], unmarked: [Unmarked], skipped: Int, submissions: Int,
        gradeMap: GradeMap = GradeMap()
    ) -> CohortComparison {
        var byHash: [String: Ruleset] = [:]
        for r in rulesets where byHash[r.sourceHash] == nil { byHash[r.sourceHash] = r }
        var order: [String] = []
        var members: [String: [(old: MarkingResult, new: MarkingResult)]] = [:]
        for var pair in pairs {
            pair.old.grade = gradeMap.apply(pair.old.grade)
            let key = pair.old.ruleset.sha256 + "|" + pair.new.ruleset.sha256
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(pair)
        }
        var groups: [Group] = []
        for key in order {
            let list = members[key]!
            let first = list[0]
            let oldRuleset = byHash[first.old.ruleset.sha256]
            let newRuleset = byHash[first.new.ruleset.sha256]
            // Results' grades are renamed already; a ruleset's grade list is renamed here.
            let unmapped = oldRuleset?.grading.grades ?? []
            let oldGrades = oldRuleset.map { gradeMap.apply($0.grading.grades) } ?? gradesSeen(list.map(\.old))
            let newGrades = newRuleset?.grading.grades ?? gradesSeen(list.map(\.new))
            var renamed: [(old: String, new: String)] = []
            if let a = oldRuleset, let b = newRuleset, a.sourceHash != b.sourceHash {
                renamed = RulesetDiff.compare(old: a, new: b).renamedPoints
            }
            let renameMap = Dictionary(uniqueKeysWithValues: renamed.map { ($0.old, $0.new) })
            let oldPoints = first.old.points.map(\.id)
            let newPoints = first.new.points.map(\.id)
            let mappedOld = Set(oldPoints.map { renameMap[$0] ?? $0 })
            var transitions = Array(repeating: Array(repeating: 0, count: newGrades.count), count: oldGrades.count)
            let shared = oldGrades == newGrades
            var categories = oldGrades
            for g in newGrades where !categories.contains(g) { categories.append(g) }
            var table = AgreementTable(categories: categories)
            var entries: [Entry] = []
            for pair in list {
                if let i = oldGrades.firstIndex(of: pair.old.grade), let j = newGrades.firstIndex(of: pair.new.grade) {
                    transitions[i][j] += 1
                }
                if let i = categories.firstIndex(of: pair.old.grade), let j = categories.firstIndex(of: pair.new.grade) {
                    table.add(i, j)
                }
                var flips: [Flip] = []
                var markChanges: [String] = []
                var feedback: [FeedbackChange] = []
                for p in pair.old.points {
                    let id = renameMap[p.id] ?? p.id
                    guard let q = pair.new.points.first(where: { $0.id == id }) else { continue }
                    if q.verdict != p.verdict {
                        flips.append(Flip(oldID: p.id, newID: id, old: p.verdict, new: q.verdict))
                    } else if q.marks != p.marks {
                        markChanges.append("\(id): still \(q.verdict.words), marks \(JSONWriter.format(p.marks)) → \(JSONWriter.format(q.marks))")
                    }
                    if q.feedback != p.feedback { feedback.append(FeedbackChange(point: id, old: p.feedback, new: q.feedback)) }
                }
                for c in pair.old.components {
                    guard let d = pair.new.components.first(where: { $0.id == c.id }), d.grade != c.grade else { continue }
                    markChanges.append("component \(c.id): \(c.grade) → \(d.grade)")
                }
                entries.append(
                    Entry(
                        old: ResultRecord(pair.old, origin: pair.old.path), new: ResultRecord(pair.new, origin: pair.new.path), flips: flips,
                        boundaries: crossed(pair, oldRuleset, newRuleset, gradeMap: gradeMap), markChanges: markChanges,
                        floors: floorReasons(pair, oldRuleset, newRuleset, renameMap: renameMap), feedbackChanges: feedback))
            }
            let reason =
                shared
                ? nil
                : "the versions' grade scales differ (\(oldGrades.joined(separator: ", ")) → \(newGrades.joined(separator: ", "))), so there is no one order of grades to weight disagreements by"
            groups.append(
                Group(
                    old: first.old.ruleset, new: first.new.ruleset, oldGrades: oldGrades, newGrades: newGrades, transitions: transitions,
                    agreement: AgreementSummary(table: table, unorderedReason: reason), entries: entries, renamedPoints: renamed,
                    removedPoints: oldPoints.filter { !newPoints.contains(renameMap[$0] ?? $0) },
                    addedPoints: newPoints.filter { !mappedOld.contains($0) }, renamedGrades: gradeMap.applied(to: unmapped)))
        }
        return CohortComparison(groups: groups, unmarked: unmarked, skipped: skipped, submissions: submissions)
    }

    /// Grades seen in results, ordered by their index (when the ruleset is not at hand).
    static func gradesSeen(_ results: [MarkingResult]) -> [String] {
        var byIndex: [Int: String] = [:]
        for r in results { byIndex[r.gradeIndex] = r.grade }
        return byIndex.keys.sorted().map { byIndex[$0]! }
    }
}
