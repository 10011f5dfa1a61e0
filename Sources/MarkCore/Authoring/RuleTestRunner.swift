import Foundation

/// What running one test case gave.
public struct RuleTestCaseResult: Sendable {
    /// The case's name.
    public var name: String
    /// Whether every expectation held.
    public var passed: Bool
    /// Why it failed: an error in the test file for each expectation that did not hold, each
    /// followed by notes pointing at the rule that decided it; or the problems that stopped the
    /// case from being marked.
    public var diagnostics: [Diagnostic]
    /// For each failed expectation: what was expected and what marking gave.
    public var mismatches: [RuleTestMismatch]
}

/// An expectation that did not hold.
public struct RuleTestMismatch: Sendable, Equatable {
    /// The point's id, or nil for the grade or total.
    public var point: String?
    /// What the test expected (`not met`, `Merit`, `20`).
    public var expected: String
    /// What marking gave.
    public var actual: String
    /// The rule that decided it: file, line and column (nil for a total).
    public var decidedBy: (path: String, line: Int, column: Int)?

    public static func == (a: RuleTestMismatch, b: RuleTestMismatch) -> Bool {
        a.point == b.point && a.expected == b.expected && a.actual == b.actual
            && a.decidedBy?.path == b.decidedBy?.path && a.decidedBy?.line == b.decidedBy?.line
            && a.decidedBy?.column == b.decidedBy?.column
    }
}

/// What running one test file gave.
public struct RuleTestFileResult: Sendable {
    /// The test file.
    public var path: String
    /// The ruleset it tests.
    public var rulesetPath: String
    /// The cases run, in order.
    public var cases: [RuleTestCaseResult]
    /// Problems with the file as a whole: syntax errors, a ruleset that does not check.
    /// Every case of a file with problems counts as failed.
    public var problems: [Diagnostic]

    /// Cases that passed.
    public var passed: Int { problems.isEmpty ? cases.filter(\.passed).count : 0 }
    /// Cases that failed (at least one when the file has problems).
    public var failed: Int { problems.isEmpty ? cases.count - passed : max(1, cases.count) }
}

/// Runs rule test files: reads each case's submission, applies its changes, marks it with the
/// ruleset (through `Explainer`, so the outcomes are traced for coverage) and compares the
/// verdicts and grade with the expectations. Rulesets are loaded once per path.
public struct RuleTestRunner {
    /// Every source read (test files, rules, submissions), by path, for rendering diagnostics.
    public private(set) var sources: [String: SourceFile] = [:]
    /// Loaded rulesets, by normalised path (nil when the ruleset has errors).
    var rulesets: [String: Ruleset?] = [:]
    var rulesetErrors: [String: [Diagnostic]] = [:]
    /// An explainer per ruleset path; its trace holds every outcome the cases reached.
    public private(set) var explainers: [String: Explainer] = [:]
    /// Cases marked per ruleset path.
    public private(set) var casesRun: [String: Int] = [:]

    /// Unsaved text that stands in for rules files on disk, by normalised path (see
    /// `RuleLoader.overlay`): the language server tests against the rules being edited.
    public var overlay: [String: [UInt8]] = [:]

    /// Creates a runner.
    public init() {}

    /// Runs the test file at `path`.
    public mutating func run(path: String) -> RuleTestFileResult {
        switch RuleLoader.readFile(path) {
        case .failure(let d):
            return RuleTestFileResult(path: path, rulesetPath: "", cases: [], problems: [d])
        case .success(let bytes):
            return run(SourceFile(path: path, bytes: bytes))
        }
    }

    /// Runs a test file's text.
    public mutating func run(_ source: SourceFile) -> RuleTestFileResult {
        sources[source.path] = source
        let (file, syntax) = RuleTestParser.parse(source)
        let rulesPath = file.rulesetPath
        var result = RuleTestFileResult(path: source.path, rulesetPath: rulesPath, cases: [], problems: syntax)
        let notRun = file.cases.map { RuleTestCaseResult(name: $0.name, passed: false, diagnostics: [], mismatches: []) }
        if file.cases.isEmpty && syntax.isEmpty {
            result.problems.append(Diagnostic(.error, id: "rule-test-empty", "the file has no test cases: add case \"name\" { … }", path: source.path, range: 0..<0))
        }
        // A file with mistakes is not run: its cases count as failed.
        guard result.problems.isEmpty else {
            result.cases = notRun
            return result
        }
        guard let ruleset = load(rulesPath, file: file) else {
            result.problems += rulesetErrors[rulesPath] ?? []
            result.cases = notRun
            return result
        }
        for c in file.cases {
            let mistakes = validate(c, file, ruleset)
            if mistakes.isEmpty {
                result.cases.append(run(c, in: file, ruleset: ruleset, rulesPath: rulesPath))
            } else {
                result.cases.append(RuleTestCaseResult(name: c.name, passed: false, diagnostics: mistakes, mismatches: []))
            }
        }
        return result
    }

    /// Loads (once) and checks the ruleset a file tests.
    mutating func load(_ path: String, file: RuleTestFile) -> Ruleset? {
        if let cached = rulesets[path] { return cached }
        let folder = RuleTestFile.folder(of: path)
        var loader = RuleLoader(root: folder.isEmpty ? "." : folder)
        loader.overlay = overlay
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            let range = file.ruleset?.range ?? 0..<0
            let message = file.ruleset == nil
                ? "no ruleset '\(path)' beside this test file: name it with ruleset \"file.rules\""
                : "no such ruleset '\(path)' (paths are relative to the test file)"
            rulesets[path] = .some(nil)
            rulesetErrors[path] = [Diagnostic(.error, id: "rule-test-ruleset", message, path: file.source.path, range: range)]
            return nil
        }
        let outcome = Checker.check(path: path, loader: &loader)
        for s in outcome.sources { sources[s.path] = s }
        guard let ruleset = outcome.ruleset else {
            var errors = outcome.diagnostics.filter { $0.severity == .error }
            if errors.isEmpty {
                errors = [Diagnostic(.error, id: "rule-test-ruleset", "'\(path)' is a library, not a ruleset; test the rulesets that import it", path: file.source.path, range: file.ruleset?.range ?? 0..<0)]
            }
            rulesets[path] = .some(nil)
            rulesetErrors[path] = errors
            return nil
        }
        rulesets[path] = ruleset
        return ruleset
    }

    /// Expectations must name points and grades the ruleset has.
    func validate(_ c: RuleTestCase, _ file: RuleTestFile, _ ruleset: Ruleset) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let ids = ruleset.points.map(\.id)
        do {
            for e in c.expectations {
                switch e.kind {
                case .verdict(let point, let level):
                    guard let p = ruleset.points.first(where: { $0.id == point }) else {
                        problems.append(
                            Diagnostic(
                                .error, id: "rule-test-unknown-point",
                                "ruleset '\(ruleset.id)' has no marking point '\(point)'" + Suggestion.didYouMean(point, among: ids),
                                path: file.source.path, range: e.subjectRange))
                        continue
                    }
                    if level == .partiallyMet && p.partiallyMet == nil {
                        problems.append(
                            Diagnostic(
                                .error, id: "rule-test-never-partial",
                                "point '\(point)' has no 'partially met when', so it is never partially met",
                                path: file.source.path, range: e.range))
                    }
                case .grade(let grade):
                    if let problem = Self.unknownGrade(grade, of: "ruleset '\(ruleset.id)'", ruleset.grading.grades, e, file) { problems.append(problem) }
                case .component(let id, let grade):
                    let components = ruleset.grading.components
                    guard let component = components.first(where: { $0.id == id }) else {
                        let known = components.map(\.id)
                        problems.append(
                            Diagnostic(
                                .error, id: "rule-test-unknown-component",
                                "ruleset '\(ruleset.id)' has no component '\(id)'"
                                    + (known.isEmpty ? " (it has no components)" : Suggestion.didYouMean(id, among: known)),
                                path: file.source.path, range: e.subjectRange))
                        continue
                    }
                    if let problem = Self.unknownGrade(grade, of: "component '\(id)'", component.grading.grades, e, file) { problems.append(problem) }
                case .total: break
                }
            }
        }
        return problems
    }

    /// The error for an expected grade that is not on a scale (`owner` is "ruleset 'x'" or
    /// "component 'y'"), or nil when it is.
    static func unknownGrade(_ grade: String, of owner: String, _ grades: [String], _ e: RuleTestExpectation, _ file: RuleTestFile) -> Diagnostic? {
        guard !grades.contains(grade) else { return nil }
        return Diagnostic(
            .error, id: "rule-test-unknown-grade",
            "\(owner) has no grade \"\(grade)\" (its grades: \(grades.joined(separator: ", ")))" + Suggestion.didYouMean(grade, among: grades),
            path: file.source.path, range: e.subjectRange)
    }

    mutating func run(_ c: RuleTestCase, in file: RuleTestFile, ruleset: Ruleset, rulesPath: String) -> RuleTestCaseResult {
        let testPath = file.source.path
        let marked: Submission
        switch submission(for: c, in: file, ruleset: ruleset) {
        case .failed(let result): return result
        case .ready(let s): marked = s
        }
        var explainer = explainers[rulesPath] ?? Explainer(ruleset: ruleset)
        defer { explainers[rulesPath] = explainer }
        let explanation: SubmissionExplanation
        do {
            explanation = try explainer.explain(marked)
        } catch {
            let rules = ruleset.sources[error.location.file]
            let loc = rules.location(of: error.location.range.lowerBound)
            return RuleTestCaseResult(
                name: c.name, passed: false,
                diagnostics: [Diagnostic(.error, id: "rule-test-case", "case \"\(c.name)\": cannot mark: \(error.message) in \(rules.path):\(loc.line):\(loc.column)", path: testPath, range: c.nameRange)],
                mismatches: [])
        }
        casesRun[rulesPath, default: 0] += 1
        return compare(c, explanation, testPath: testPath)
    }

    /// A case's submission, read and changed, or why it could not be.
    enum PreparedSubmission {
        case ready(Submission)
        case failed(RuleTestCaseResult)
    }

    /// Reads a case's submission and applies its changes, ready to mark with `ruleset`.
    mutating func submission(for c: RuleTestCase, in file: RuleTestFile, ruleset: Ruleset) -> PreparedSubmission {
        let failed = RuleTestCaseResult(name: c.name, passed: false, diagnostics: [], mismatches: [])
        let testPath = file.source.path
        func problem(_ message: String, _ range: Range<Int>) -> RuleTestCaseResult {
            var r = failed
            r.diagnostics = [Diagnostic(.error, id: "rule-test-case", "case \"\(c.name)\": \(message)", path: testPath, range: range)]
            return r
        }
        func problem(_ message: String, _ range: Range<Int>) -> PreparedSubmission { .failed(problem(message, range)) }
        // The submission's bytes.
        guard let submission = c.submission else { return .failed(failed) }
        var source: SourceFile
        switch submission {
        case .file(let path, let range):
            let resolved = file.resolve(path)
            if let cached = sources[resolved] {
                source = cached
            } else {
                switch RuleLoader.readFile(resolved) {
                case .failure(let d): return problem("cannot read the submission '\(resolved)': \(d.message)", range)
                case .success(let bytes):
                    source = SourceFile(path: resolved, bytes: bytes)
                    sources[resolved] = source
                }
            }
        case .inline(let range):
            // Keep the JSON at its place in the test file, so problems point at its lines.
            var bytes = file.source.bytes
            for i in bytes.indices where !range.contains(i) && bytes[i] != UInt8(ascii: "\n") { bytes[i] = UInt8(ascii: " ") }
            source = SourceFile(path: testPath, bytes: bytes)
        }
        if !c.changes.isEmpty {
            var json: RuleTestJSON
            do {
                json = try RuleTestJSON.parse(source.bytes)
            } catch {
                let d = Diagnostic(.error, id: "invalid-json", "invalid JSON: \(error.message)", path: source.path, range: error.offset..<error.offset + 1)
                var r: RuleTestCaseResult = problem("the submission is not valid JSON", c.nameRange)
                r.diagnostics.append(d)
                return .failed(r)
            }
            for change in c.changes {
                do {
                    switch change.action {
                    case .remove:
                        try json.remove(change.path)
                    case .set(let valueRange):
                        let value = try RuleTestJSON.parse(Array(file.source.bytes[valueRange]))
                        try json.set(change.path, to: value)
                    }
                } catch let error as Message {
                    return problem(error.text, change.pathRange)
                } catch {
                    return problem("invalid JSON value", change.pathRange)
                }
            }
            source = SourceFile(path: "\(testPath) [case \"\(c.name)\" after its changes]", text: json.text)
            sources[source.path] = source
        }
        // Read it.
        let document: EvidenceReader.Document
        switch EvidenceReader.open(source) {
        case .failure(let list):
            var r: RuleTestCaseResult = problem("the submission is not valid evidence", c.nameRange)
            r.diagnostics += list.items
            return .failed(r)
        case .success(let d): document = d
        }
        switch EvidenceReader.submission(document, schema: ruleset.schema) {
        case .failure(let list):
            var r: RuleTestCaseResult = problem("the submission is not valid evidence for ruleset '\(ruleset.id)'", c.nameRange)
            r.diagnostics += list.items
            return .failed(r)
        case .success(let s): return .ready(s)
        }
    }

    /// Compares marking with the expectations.
    func compare(_ c: RuleTestCase, _ e: SubmissionExplanation, testPath: String) -> RuleTestCaseResult {
        var result = RuleTestCaseResult(name: c.name, passed: true, diagnostics: [], mismatches: [])
        let r = e.result
        for expectation in c.expectations {
            switch expectation.kind {
            case .verdict(let id, let expected):
                guard let p = e.points.first(where: { $0.id == id }) else { continue }
                guard p.verdict != expected else { continue }
                let (note, at) = RuleTestRunner.decidingCondition(p, expected: expected, e)
                result.diagnostics.append(
                    Diagnostic(
                        .error, id: "rule-test-failed",
                        "case \"\(c.name)\": \(id) is \(p.verdict.words), expected \(expected.words)",
                        path: testPath, range: expectation.range))
                result.diagnostics.append(note)
                result.mismatches.append(RuleTestMismatch(point: id, expected: expected.words, actual: p.verdict.words, decidedBy: at))
            case .grade(let expected):
                guard r.grade != expected, let want = e.ruleset.grading.grades.firstIndex(of: expected) else { continue }
                let (note, at) = RuleTestRunner.decidingRule(want: want, e)
                result.diagnostics.append(
                    Diagnostic(
                        .error, id: "rule-test-failed", "case \"\(c.name)\": the grade is \(r.grade), expected \(expected)",
                        path: testPath, range: expectation.range))
                if let note { result.diagnostics.append(note) }
                result.mismatches.append(RuleTestMismatch(point: nil, expected: expected, actual: r.grade, decidedBy: at))
            case .component(let id, let expected):
                guard let got = r.components.first(where: { $0.id == id }), got.grade != expected else { continue }
                result.diagnostics.append(
                    Diagnostic(
                        .error, id: "rule-test-failed", "case \"\(c.name)\": component \(id) is \(got.grade), expected \(expected)",
                        path: testPath, range: expectation.range))
                result.mismatches.append(RuleTestMismatch(point: nil, expected: expected, actual: got.grade, decidedBy: nil))
            case .total(let expected):
                guard r.total.double != expected else { continue }
                let marks = r.points.map { "\($0.id) \(JSONWriter.format($0.marks))" }.joined(separator: ", ")
                result.diagnostics.append(
                    Diagnostic(
                        .error, id: "rule-test-failed",
                        "case \"\(c.name)\": the total is \(JSONWriter.format(r.total)), expected \(JSONWriter.format(expected)) (marks: \(marks))",
                        path: testPath, range: expectation.range))
                result.mismatches.append(RuleTestMismatch(point: nil, expected: JSONWriter.format(expected), actual: JSONWriter.format(r.total), decidedBy: nil))
            }
        }
        result.passed = result.mismatches.isEmpty
        return result
    }

    /// The condition that decided a point's verdict against the expected one: the condition of
    /// the higher of the two verdicts (it held when the actual verdict is higher, and did not
    /// when the expected one is), narrowed to the operand of an `and`/`or` that decided it.
    static func decidingCondition(_ p: PointExplanation, expected: VerdictLevel, _ e: SubmissionExplanation) -> (Diagnostic, (path: String, line: Int, column: Int)) {
        let level = max(expected, p.verdict)
        let condition = level == .partiallyMet ? (p.partiallyMet ?? p.met) : p.met
        let label = condition.location == p.met.location ? "met when" : "partially met when"
        let holds = condition.value == .boolean(true)
        let decisive = deciding(condition)
        var message = "decided by '\(label) \(shorten(condition.text))', which \(holds ? "held" : "did not hold")"
        if decisive.location != condition.location {
            message += ": '\(shorten(decisive.text))' is \(decisive.value == .boolean(true) ? "true" : "false")"
        }
        message += inputs(decisive.location != condition.location ? decisive : condition, e)
        return note(message, decisive.location, e)
    }

    /// The floor, required point or grade rule that decided the grade against the expected one.
    static func decidingRule(want: Int, _ e: SubmissionExplanation) -> (Diagnostic?, (path: String, line: Int, column: Int)?) {
        let got = e.result.gradeIndex
        let grades = e.ruleset.grading.grades
        if want > got {
            if let floor = e.floors.first(where: { !$0.passed }) {
                let id = e.ruleset.points[floor.point].id
                let (d, at) = note(
                    "decided by the floor '\(id) at \(floor.level.words)': \(id) is \(floor.verdict.words), so the grade is \(grades[0])",
                    floor.location, e)
                return (d, at)
            }
            let g = got + 1
            guard let grade = e.grades.first(where: { $0.index == g }) else { return (nil, nil) }
            if let (point, verdict) = grade.required.first(where: { $0.verdict != .met }) {
                let p = e.ruleset.points[point]
                let at = e.points[point].requiredStatement ?? p.location
                let (d, where_) = note("decided by point '\(p.id)', required for \"\(grade.name)\", which is \(verdict.words)", at, e)
                return (d, where_)
            }
            if let rule = grade.rule {
                let decisive = deciding(rule)
                var message = "decided by the rule for \"\(grade.name)\", which did not hold"
                if decisive.location != rule.location { message += ": '\(shorten(decisive.text))' is false" }
                message += inputs(decisive, e)
                let (d, at) = note(message, decisive.location, e)
                return (d, at)
            }
            return (nil, nil)
        }
        let g = want + 1
        guard let grade = e.grades.first(where: { $0.index == g }) else { return (nil, nil) }
        guard let rule = grade.rule else {
            let (d, at) = note("\"\(grade.name)\" has no rule: it is awarded when its required points are met", e.points.first?.location ?? SourceRef(file: 0, range: 0..<0), e)
            return (d, at)
        }
        let message = "decided by the rule for \"\(grade.name)\", which held" + inputs(rule, e)
        let (d, at) = note(message, rule.location, e)
        return (d, at)
    }

    /// The operand that decided an `and` (its first false one) or an `or` (its first true one).
    static func deciding(_ n: ExplanationNode) -> ExplanationNode {
        switch (n.kind, n.value) {
        case (.and, .boolean(false)):
            if let c = n.children.first(where: { $0.value != .boolean(true) }) { return deciding(c) }
        case (.or, .boolean(true)):
            if let c = n.children.first(where: { $0.value == .boolean(true) }) { return deciding(c) }
        default: break
        }
        return n
    }

    static func inputs(_ n: ExplanationNode, _ e: SubmissionExplanation) -> String {
        guard !n.inputs.isEmpty else { return "" }
        let text = ExplanationText()
        return " (" + n.inputs.map { "\($0.name) = \(text.show($0.value, e))" }.joined(separator: ", ") + ")"
    }

    static func shorten(_ text: String) -> String {
        text.count <= 70 ? text : String(text.prefix(67)) + "…"
    }

    static func note(_ message: String, _ ref: SourceRef, _ e: SubmissionExplanation) -> (Diagnostic, (path: String, line: Int, column: Int)) {
        let source = e.ruleset.sources[ref.file]
        let loc = source.location(of: ref.range.lowerBound)
        return (Diagnostic(.note, id: "rule-test-decided-by", message, path: source.path, range: ref.range), (source.path, loc.line, loc.column))
    }
}
