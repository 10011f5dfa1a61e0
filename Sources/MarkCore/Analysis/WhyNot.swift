/// `mark why-not`: the smallest change to a submission's evidence that reaches a grade.
///
/// The search marks the submissions one change away (see `EvidenceNeighbours`); if none
/// reaches the grade it keeps the few nearest (by `Evaluator.distance(toGrade:)`, which reads
/// the grading rules and the failing points' conditions) and looks one change further from
/// each, up to `Limits.changes` changes and `Limits.markings` markings. The answer is then
/// written as an `evidence/1` file, read back and marked again, so what it claims is what
/// marking gives.
public struct WhyNot: Sendable {
    /// How far the search may go. The defaults keep it well under a second on the shipped rules.
    public struct Limits: Sendable {
        /// The most changes in one answer.
        public var changes = 3
        /// The most submissions marked in all.
        public var markings = 60_000
        /// How many of the nearest submissions are looked at beyond each level.
        public var beam = 6
        /// Creates the default limits.
        public init() {}
    }

    /// The outcome of a search.
    public enum Outcome: Sendable, Equatable {
        /// The submission already has the grade (or a higher one), or the highest grade.
        case alreadyReached
        /// The grade needs more marks than the points give.
        case unreachable
        /// A change was found and verified.
        case found
        /// No change within the limits reaches the grade.
        case notFound
    }

    /// The answer to "why not grade G, and what would reach it?".
    public struct Answer: Sendable {
        /// What happened.
        public var outcome: Outcome
        /// The submission as given, marked.
        public var before: MarkingResult
        /// The grade sought.
        public var target: String
        /// The changes, in the order applied, each with its learner-facing step.
        public var steps: [WhyNotStep] = []
        /// The changed submission, when found.
        public var changed: Submission?
        /// Its `evidence/1` text.
        public var changedText: String?
        /// The changed submission marked from that text (the verification).
        public var after: MarkingResult?
        /// Why nothing was found, or why the grade cannot be reached, in plain words.
        public var reason: String?
        /// How many submissions were marked.
        public var markings = 0
    }

    /// The ruleset.
    public let ruleset: Ruleset
    /// The limits.
    public var limits = Limits()

    /// Creates a search over a ruleset.
    public init(ruleset: Ruleset) {
        self.ruleset = ruleset
    }

    /// Searches for the smallest change that gives `submission` grade `target` (by index; the
    /// next grade up when nil).
    public func answer(_ submission: Submission, target: Int? = nil) throws(EvaluationError) -> Answer {
        var evaluator = Evaluator(ruleset: ruleset)
        let before = try evaluator.mark(submission)
        let grades = ruleset.grading.grades
        let goal = target ?? before.gradeIndex + 1
        var answer = Answer(outcome: .notFound, before: before, target: goal < grades.count ? grades[goal] : grades[grades.count - 1])
        if goal >= grades.count {
            answer.outcome = .alreadyReached
            answer.reason = "\(before.grade) is the highest grade of \(ruleset.id)."
            return answer
        }
        if before.gradeIndex >= goal {
            answer.outcome = .alreadyReached
            answer.reason = "The submission already has \(before.grade), which is \(before.gradeIndex == goal ? "" : "above ")\(grades[goal])."
            return answer
        }
        if let boundary = ruleset.grading.boundaries[goal], boundary > ruleset.maximumMarks {
            answer.outcome = .unreachable
            answer.reason = "\(grades[goal]) needs \(boundary) marks, but the points give at most \(ruleset.maximumMarks)."
            return answer
        }
        evaluator.writesFeedback = false
        var search = Search(ruleset: ruleset, evaluator: evaluator, goal: goal, limits: limits, original: submission)
        let path = try search.run()
        answer.markings = search.markings
        guard let path else {
            answer.reason = try search.explainFailure()
            return answer
        }
        var refiner = WhyNotRefiner(search: search, original: submission)
        answer.steps = try refiner.steps(for: path)
        let changed = refiner.final
        let text = EvidenceFileWriter.text(changed, schema: ruleset.schema)
        answer.markings = search.markings + refiner.markings
        answer.changed = changed
        answer.changedText = text
        answer.after = EvidenceFileWriter.remark(text, path: submission.path, ruleset: ruleset)
        guard let after = answer.after, after.gradeIndex >= goal else {
            answer.reason = "A change was found, but the file written for it does not mark as \(grades[goal]); this is a fault in mark."
            return answer
        }
        answer.outcome = .found
        return answer
    }

    /// The search state: the evaluator it marks with and the count of markings.
    struct Search {
        let ruleset: Ruleset
        var evaluator: Evaluator
        var goal: Int
        let limits: Limits
        let original: Submission
        var markings = 0
        /// The nearest submission seen, for explaining a failure.
        var nearest: (submission: Submission, distance: Double)?
        var stoppedEarly = false
        /// Called with every submission marked (the counterexample search watches them); the
        /// search stops when it returns false.
        var watch: ((Submission, MarkingResult) -> Bool)? = nil
        /// Whether `watch` has stopped the search.
        var watchStopped = false
        /// The generator of values; `triesEachText` may be turned off for a quicker search.
        var generator: SubmissionGenerator? = nil

        var neighbours: EvidenceNeighbours {
            EvidenceNeighbours(generator: generator ?? SubmissionGenerator(ruleset: ruleset), models: original.items)
        }

        /// Marks a submission: whether it reaches the goal, and its distance from it.
        mutating func reaches(_ s: Submission) throws(EvaluationError) -> (Bool, Double) {
            markings += 1
            let result = try evaluator.mark(s)
            if watch?(s, result) == false { watchStopped = true }
            if result.gradeIndex >= goal { return (true, 0) }
            let d = evaluator.distance(toGrade: goal)
            if nearest == nil || d < nearest!.distance { nearest = (s, d) }
            return (false, d)
        }

        /// The changes of the first answer found, fewest changes first; nil if none.
        mutating func run() throws(EvaluationError) -> [EvidenceChange]? {
            let around = neighbours
            var frontier: [(Submission, [EvidenceChange])] = [(original, [])]
            var seen = Set<[Value]>([original.items])
            for _ in 1...max(1, limits.changes) {
                var next: [(distance: Double, submission: Submission, changes: [EvidenceChange])] = []
                for (s, path) in frontier {
                    for change in around.changes(s, firstNew: original.items.count) {
                        guard markings < limits.markings else {
                            stoppedEarly = true
                            return nil
                        }
                        let candidate = change.applied(to: s, newID: WhyNotRefiner.newID(s))
                        guard seen.insert(candidate.items).inserted else { continue }
                        let (ok, d) = try reaches(candidate)
                        if ok { return path + [change] }
                        if watchStopped { return nil }
                        next.append((d, candidate, path + [change]))
                    }
                }
                // Stable: among equally near submissions the first generated is kept.
                let ranked = next.enumerated().sorted { ($0.element.distance, $0.offset) < ($1.element.distance, $1.offset) }
                frontier = ranked.prefix(limits.beam).map { ($0.element.submission, $0.element.changes) }
                if frontier.isEmpty { break }
            }
            return nil
        }

        /// Why no change was found: the limits reached, and what the nearest submission still lacks.
        mutating func explainFailure() throws(EvaluationError) -> String {
            let grade = ruleset.grading.grades[goal]
            var text = stoppedEarly
                ? "No change reaching \(grade) was found in \(markings) markings (the search's limit)."
                : "No change of up to \(limits.changes) steps within the evidence declaration reaches \(grade) (\(markings) submissions marked)."
            guard let nearest else { return text }
            var full = Evaluator(ruleset: ruleset)
            let result = try full.mark(nearest.submission)
            if !result.floorsFailed.isEmpty {
                text += " The nearest still fails the floor\(result.floorsFailed.count == 1 ? "" : "s") on \(result.floorsFailed.joined(separator: ", "))."
            } else if let step = result.nextSteps.first {
                text += " The nearest reaches \(result.grade) and still needs: \(step)"
            }
            return text
        }
    }
}
