/// The climb of the counterexample search: a submission built up one item at a time towards a
/// version's highest grade, for schemes that need many items before a boundary is near — a
/// mark sheet with computed marks ("5 marks per qualifying item, at most 20", four criteria
/// with a floor in marks each) or an end-point assessment whose components each need their own
/// evidence. The generated submissions of the first pass (one kind, at most five items) and the
/// guided searches (at most three changes) do not reach such grades; the climb does, and the
/// walk down starts from where it ends.
extension Counterexamples {
    /// The most items a climb adds.
    static let climbSteps = 24

    /// How near a climb is to the highest grade: its grade, its distance from the highest grade
    /// and its total.
    typealias ClimbScore = (grade: Int, distance: Double, total: Marks)

    /// The items a climb may add, in a fixed order: for each kind, its rich item (every flag
    /// set, numbers at the top of their scale) and, for each top-level enumeration field, the
    /// rich item with each of that enumeration's values.
    func climbItems(_ version: Ruleset, generator: SubmissionGenerator, started: CalendarDate) -> [Value] {
        let record = version.schema.item
        var out: [Value] = []
        for kind in version.schema.kinds {
            let rich = generator.item(id: "E0", kind: kind, date: started, rich: true, started: started)
            out.append(rich)
            for (f, field) in record.fields.enumerated() where f >= 3 {
                guard case .enumeration(let name) = field.type.unwrapped else { continue }
                for value in version.schema.enumerations[name] ?? [] {
                    let variant = EvidenceChange.replacing(rich, at: [.field(f)], with: .text(value))
                    if variant != rich { out.append(variant) }
                }
            }
        }
        return out
    }

    /// From the empty submission, adds at each step the item (of `climbItems`, dated a week
    /// after the last) that brings the submission nearest `version`'s highest grade: the higher
    /// grade first, then the smaller distance to the highest grade, then the larger total. Stops
    /// when the highest grade is reached, no item brings it nearer, or after `climbSteps` items.
    /// Every submission marked on the way is offered to `watch` with its marking; the climb
    /// stops when `watch` returns false. Returns the submission the climb ends at (nil when no
    /// item brought it nearer).
    mutating func climb(
        _ version: Ruleset, marker: inout Evaluator, watch: (Submission, MarkingResult) -> Bool
    ) -> Submission? {
        let envelope = self.envelope
        var generator = SubmissionGenerator(ruleset: version)
        generator.triesEachText = false
        let pool = climbItems(version, generator: generator, started: envelope.started)
        let top = version.grading.grades.count - 1
        guard !pool.isEmpty, top >= 1 else { return nil }
        var current = envelope
        guard let start = try? marker.mark(current) else { return nil }
        var best: ClimbScore = (start.gradeIndex, marker.distance(toGrade: top), start.total)
        var climbed = false
        var watching = true
        for step in 0..<Self.climbSteps where best.grade < top && watching {
            let date = CalendarDate(day: envelope.started.day + 7 * (step + 1))
            guard date <= envelope.submitted else { break }
            var chosen: (Submission, ClimbScore)?
            for item in pool where watching {
                var next = current
                next.items.append(EvidenceChange.replacing(item, at: [.field(2)], with: .date(date)))
                next = generator.submission(items: next.items, like: envelope)
                guard let r = try? marker.mark(next) else { continue }
                tried += 1
                let score: ClimbScore = (r.gradeIndex, marker.distance(toGrade: top), r.total)
                watching = watch(next, r)
                if Self.nearer(score, than: chosen?.1 ?? best) { chosen = (next, score) }
            }
            guard let (s, score) = chosen else { break }
            current = s
            best = score
            climbed = true
        }
        return climbed ? current : nil
    }

    /// Whether a climb's score is nearer the highest grade than another.
    static func nearer(_ a: ClimbScore, than b: ClimbScore) -> Bool {
        if a.grade != b.grade { return a.grade > b.grade }
        if a.distance != b.distance { return a.distance < b.distance }
        return a.total > b.total
    }
}
