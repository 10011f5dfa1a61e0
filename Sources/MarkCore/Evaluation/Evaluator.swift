/// Applies a checked ruleset to submissions. One evaluator is reused for many submissions:
/// its slot and cache arrays are allocated once, keeping allocation out of per-item loops.
public struct Evaluator {
    /// The ruleset being applied.
    public let ruleset: Ruleset
    var slots: [Value]
    var valueCache: [Value?]
    /// For each cached value definition, the items it cited when computed, so that every
    /// point using it cites them too.
    var valueCited: [CitedRun]
    /// The items each remembered result cited, as runs (`CitedRun`) of one buffer reused per
    /// submission: no array per result.
    var citedPool: [Int32] = []
    var arguments: [Value] = []
    var items: [Value] = []
    /// The values of the store the submission being marked was read into, if it was (the
    /// store does not grow while a submission is marked, and the submission keeps it alive):
    /// read without reference counting.
    var storeBase: StoredEvidence?
    var envelope: [Value] = []
    /// For the point being evaluated: which items satisfied a condition over `items`.
    var cited: [Bool] = []
    /// While a remembered call or a value definition is worked out (`capturing > 0`): every
    /// item cited, in order, so the call can keep what it cited without copying `cited`.
    var citeLog: [Int32] = []
    var capturing = 0
    /// Scratch for removing repeats from a captured log: the capture that last kept each item.
    var keptIn: [Int32] = []
    var captureNumber: Int32 = 0
    var verdicts: [VerdictLevel] = []
    /// The marks of each point so far, for floors in marks.
    var awarded: [Marks] = []
    /// The grade of each component (an index into its own grades), once graded.
    var componentGrades: [Int] = []
    var total = Marks.zero
    /// Results of pure condition functions per item, for this submission.
    var memo: EvaluatorMemo
    /// The buffer a `count(distinct …)` keeps its dates or numbers in, reused (see
    /// `AggregateAccumulator`).
    var distinctKeys: [Double] = []
    /// Whether results carry feedback and next steps. Without them (for a gradebook, which
    /// shows verdicts and grades only) marking is quicker; verdicts, marks and grades are the
    /// same. Ignored when writing them could fail (see `EvaluatorMemo.detailsMayFail`).
    public var writesFeedback = true
    /// The most evaluation steps one submission may take before marking stops with an error
    /// naming the rule being evaluated (see docs/limits.md).
    public var maxSteps = Evaluator.defaultMaxSteps
    /// The default step budget: generous for any real submission (the shipped rules take a few
    /// thousand steps for a typical portfolio), small enough to stop a runaway rule in seconds.
    public static let defaultMaxSteps = 50_000_000
    /// Steps taken for the current submission.
    var steps = 0
    /// The ruleset compiled to a flat program, which marking runs.
    let program: Program
    /// Whether marking walks the `Node` tree instead of running the program: the explainer's
    /// path, kept so a test can check that both give the same results.
    var walksTree = false

    /// Creates an evaluator for a ruleset.
    public init(ruleset: Ruleset) {
        self.ruleset = ruleset
        slots = Array(repeating: .missing, count: ruleset.slotCount)
        valueCache = Array(repeating: nil, count: ruleset.values.count)
        valueCited = Array(repeating: CitedRun(), count: ruleset.values.count)
        memo = EvaluatorMemo(ruleset)
        program = Program(ruleset)
        arguments.reserveCapacity(16)
    }

    /// Marks one submission.
    public mutating func mark(_ submission: Submission) throws(EvaluationError) -> MarkingResult {
        begin(submission)
        // No pointer into the store outlives the submission. (The evaluator holds no reference
        // to the store itself, so the marker that owns it finds it unshared and reads the next
        // submission into it rather than into a new one.)
        defer { storeBase = nil }
        var pointResults: [MarkingResult.PointResult] = []
        pointResults.reserveCapacity(ruleset.points.count)
        verdicts.removeAll(keepingCapacity: true)
        awarded.removeAll(keepingCapacity: true)
        total = .zero
        // Local arrays, so that each point is lent to `evaluatePoint` rather than copied (a
        // part of `self` handed to a mutating method of `self` is copied first).
        let points = ruleset.points
        let compiledPoints = program.points
        for index in points.indices {
            let outcome = try evaluatePoint(points[index], compiledPoints[index])
            verdicts.append(outcome.verdict)
            awarded.append(outcome.marks)
            total += outcome.marks
            pointResults.append(
                MarkingResult.PointResult(
                    id: points[index].id, wording: points[index].wording, verdict: outcome.verdict, marks: outcome.marks,
                    maximum: points[index].marks, evidence: outcome.evidence, feedback: outcome.feedback,
                    requiredFor: points[index].requiredFor.map { ruleset.grading.grades[$0] }, advice: points[index].advice))
        }
        let components = try gradeComponents()
        let award = try grade()
        var combination: MarkingResult.Combination?
        if let table = ruleset.grading.combine {
            let row = table.row(for: componentGrades)
            let c = ruleset.grading.components
            combination = MarkingResult.Combination(
                row: row.map { $0 + 1 }, components: table.components.map { c[$0].id },
                grades: table.components.map { c[$0].grading.grades[componentGrades[$0]] },
                grade: ruleset.grading.grades[row.map { table.rows[$0].grade } ?? table.otherwise ?? 0])
        }
        let steps =
            writesFeedback || memo.detailsMayFail
            ? try nextSteps(gradeIndex: award.grade, points: pointResults, floorsFailed: award.floorsFailed) : []
        return MarkingResult(
            path: submission.path, learnerID: submission.learnerID, unit: submission.unit, assessor: submission.assessor,
            ruleset: .init(id: ruleset.id, title: ruleset.title, version: ruleset.version, sha256: ruleset.sourceHash),
            points: pointResults, total: total, maximum: ruleset.maximumMarks, grade: ruleset.grading.grades[award.grade],
            gradeIndex: award.grade, floorsFailed: award.floorsFailed.map { ruleset.points[$0].id },
            nextGrade: award.grade + 1 < ruleset.grading.grades.count ? ruleset.grading.grades[award.grade + 1] : nil,
            nextSteps: steps, components: components, combination: combination, centre: submission.centre, group: submission.group,
            methods: submission.methods)
    }

    /// Marks one submission by walking the checked `Node` tree rather than running the compiled
    /// program: the same result by a separate path, for tests that check the two agree.
    public mutating func markByWalkingTheTree(_ submission: Submission) throws(EvaluationError) -> MarkingResult {
        walksTree = true
        defer { walksTree = false }
        return try mark(submission.withItemsAsTrees)
    }

    mutating func begin(_ submission: Submission) {
        items = submission.items
        if let (s, generation) = submission.store {
            precondition(s.generation == generation, "a submission read into an evidence store is marked after the next one was read into it")
            storeBase = s.view
        } else {
            storeBase = nil
        }
        envelope = submission.envelope
        memo.reset(items: items.count)
        steps = 0
        valueCache.withUnsafeMutableBufferPointer { $0.update(repeating: nil) }
        if cited.count != items.count {
            cited = Array(repeating: false, count: items.count)
            keptIn = Array(repeating: 0, count: items.count)
        }
        citeLog.removeAll(keepingCapacity: true)
        citedPool.removeAll(keepingCapacity: true)
        capturing = 0
        currentItemIDs = submission.itemIDs
    }

    var currentItemIDs: [String] = []

    struct PointOutcome {
        var verdict: VerdictLevel
        var marks: Marks
        var evidence: [String]
        var feedback: String
    }

    /// The value of an expression: by the program, or (for the tree path) by the tree.
    mutating func value(_ node: Node, _ op: Int32) throws(EvaluationError) -> Value {
        walksTree ? try evaluate(node) : Evaluator.resolved(try run(op), storeBase)
    }

    /// Whether a condition holds: by the program, or (for the tree path) by the tree.
    mutating func condition(_ node: Node, _ op: Int32) throws(EvaluationError) -> Bool {
        walksTree ? try holds(node) : try holdsOp(op)
    }

    mutating func evaluatePoint(_ point: CompiledPoint, _ compiled: Program.Point) throws(EvaluationError) -> PointOutcome {
        cited.withUnsafeMutableBufferPointer { $0.update(repeating: false) }
        var verdict = VerdictLevel.notMet
        if walksTree {
            for (k, binding) in point.bindings.enumerated() {
                slots[binding.slot] = try value(binding.value, compiled.bindings[k].op)
                memo.slotItem[binding.slot] = -1
            }
            if try condition(point.met, compiled.met) {
                verdict = .met
            } else if let partial = point.partiallyMet, try condition(partial, compiled.partiallyMet) {
                verdict = .partiallyMet
            }
        } else {
            // The program alone: the checked tree's nodes are not touched (handing them to
            // `value` and `condition` copied them, a retain and a release each).
            for binding in compiled.bindings {
                slots[Int(binding.slot)] = Evaluator.resolved(try run(binding.op), storeBase)
                memo.slotItem[Int(binding.slot)] = -1
            }
            if try holdsOp(compiled.met) {
                verdict = .met
            } else if compiled.partiallyMet >= 0, try holdsOp(compiled.partiallyMet) {
                verdict = .partiallyMet
            }
        }
        var marks = verdict == .met ? point.marks : verdict == .partiallyMet ? point.partialMarks : .zero
        if let scale = point.scale { marks = scale.marks(for: try value(scale.count, compiled.count), maximum: point.marks) }
        var evidence: [String] = []
        for (i, c) in cited.enumerated() where c { evidence.append(currentItemIDs[i]) }
        let feedback = writesFeedback || memo.detailsMayFail ? try render(point, compiled, verdict: verdict, marks: marks, evidence: evidence) : ""
        return PointOutcome(verdict: verdict, marks: marks, evidence: evidence, feedback: feedback)
    }

    mutating func render(_ point: CompiledPoint, _ compiled: Program.Point, verdict: VerdictLevel, marks: Marks, evidence: [String]) throws(EvaluationError) -> String {
        guard let template = point.feedback[verdict] else {
            switch verdict {
            case .met: return "Met: \(point.wording)"
            case .partiallyMet: return "Partly shown: \(point.wording)"
            case .notMet: return "Not yet shown: \(point.wording)"
            }
        }
        var text = ""
        let ops = compiled.feedback[verdict.rawValue] ?? []
        for (k, part) in template.parts.enumerated() {
            switch part {
            case .text(let t): text += t
            case .value(let node):
                guard case .value(let op) = ops[k] else { continue }
                text += try value(node, op).rendered
            case .counted(let node, let singular, let plural):
                guard case .counted(let op, _, _) = ops[k] else { continue }
                let v = try value(node, op)
                text += v.rendered + " " + (v == .number(1) ? singular : plural)
            case .evidence: text += evidence.isEmpty ? "no items" : evidence.joined(separator: ", ")
            case .marks: text += JSONWriter.format(marks)
            }
        }
        return text
    }

    /// The grade: the highest grade whose rule and required points hold, with every grade below
    /// it also reached; the lowest grade when a floor is not met.
    mutating func grade() throws(EvaluationError) -> (grade: Int, floorsFailed: [Int]) {
        try award(ruleset.grading, rules: program.gradeRules, required: true)
    }

    /// The grade on one scale: the overall scheme's (with its required points) or a
    /// component's.
    mutating func award(_ grading: CompiledGrading, rules: [Int32], required: Bool) throws(EvaluationError) -> (grade: Int, floorsFailed: [Int]) {
        var floorsFailed: [Int] = []
        for floor in grading.floors where !Evaluator.reaches(floor, verdicts[floor.point], awarded[floor.point]) {
            if !floorsFailed.contains(floor.point) { floorsFailed.append(floor.point) }
        }
        if !floorsFailed.isEmpty { return (0, floorsFailed) }
        var reached = 0
        for g in 1..<max(1, grading.grades.count) {
            if required {
                guard try gradeHolds(g) else { break }
            } else if let rule = grading.rules[g] {
                guard try condition(rule, rules[g]) else { break }
            }
            reached = g
        }
        return (reached, [])
    }

    /// Grades every component on its own scale, with `total` its own total while its rules
    /// are evaluated.
    mutating func gradeComponents() throws(EvaluationError) -> [MarkingResult.ComponentResult] {
        let components = ruleset.grading.components
        componentGrades.removeAll(keepingCapacity: true)
        guard !components.isEmpty else { return [] }
        let overall = total
        defer { total = overall }
        var out: [MarkingResult.ComponentResult] = []
        for (k, c) in components.enumerated() {
            total = c.points.reduce(Marks.zero) { $0 + awarded[$1] }
            let award = try award(c.grading, rules: program.componentRules[k], required: false)
            componentGrades.append(award.grade)
            out.append(
                MarkingResult.ComponentResult(
                    id: c.id, title: c.title, grade: c.grading.grades[award.grade], gradeIndex: award.grade, total: total, maximum: c.maximum,
                    points: c.points.map { ruleset.points[$0].id }, floorsFailed: award.floorsFailed.map { ruleset.points[$0].id }))
        }
        return out
    }

    /// Whether a point's verdict and marks reach a floor.
    static func reaches(_ floor: (point: Int, level: VerdictLevel, marks: Marks?), _ verdict: VerdictLevel, _ marks: Marks) -> Bool {
        verdict >= floor.level && marks >= (floor.marks ?? .zero)
    }

    mutating func gradeHolds(_ g: Int) throws(EvaluationError) -> Bool {
        // By index: iterating the points themselves copies each one.
        for i in ruleset.points.indices where ruleset.points[i].requiredFor == g && verdicts[i] != .met { return false }
        if let rule = ruleset.grading.rules[g] { return try condition(rule, program.gradeRules[g]) }
        return true
    }

    /// Cites again the items of a run of `citedPool`.
    @inline(__always)
    mutating func cite(_ run: CitedRun) {
        var k = Int(run.start)
        let end = k + Int(run.count)
        while k < end {
            cite(Int(citedPool[k]))
            k += 1
        }
    }

    /// Cites item `i` for the point being evaluated (and for the capture under way, if any).
    @inline(__always)
    mutating func cite(_ i: Int) {
        cited[i] = true
        if capturing > 0 { citeLog.append(Int32(truncatingIfNeeded: i)) }
    }

    /// Works a value out while recording the items it cites: returns the value and those
    /// items, each once, in the order first cited. Items it cites are cited for the point too.
    mutating func capturingCitations(_ compute: (inout Evaluator) throws(EvaluationError) -> Value) throws(EvaluationError) -> (Value, CitedRun) {
        let start = citeLog.count
        capturing += 1
        let value: Value
        do {
            value = try compute(&self)
        } catch {
            capturing -= 1
            throw error
        }
        capturing -= 1
        var own = CitedRun(start: Int32(citedPool.count), count: 0)
        if citeLog.count > start {
            captureNumber &+= 1
            if captureNumber == 0 {
                for k in keptIn.indices { keptIn[k] = 0 }
                captureNumber = 1
            }
            for k in start..<citeLog.count {
                let i = Int(citeLog[k])
                if keptIn[i] != captureNumber {
                    keptIn[i] = captureNumber
                    citedPool.append(Int32(i))
                    own.count += 1
                }
            }
        }
        if capturing == 0 { citeLog.removeAll(keepingCapacity: true) }
        return (value, own)
    }
}
