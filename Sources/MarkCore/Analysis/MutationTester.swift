/// Mutation testing of a rule test file: every mutant of the ruleset it tests (see
/// `RuleMutant`) is marked against every case, in process with the compiled program; a mutant
/// some case notices (an expectation fails, or marking stops) is killed, one every case still
/// passes with survives. The score is the share killed.
public struct MutationTester {
    /// What mutation testing of one test file found.
    public struct Report: Sendable {
        /// The test file.
        public var testPath: String
        /// The ruleset it tests.
        public var rulesetPath: String
        /// The ruleset's id and version.
        public var ruleset: (id: String, version: String)
        /// The cases run against each mutant.
        public var cases: Int
        /// Every mutant and the first case that killed it (nil for a survivor).
        public var mutants: [(mutant: RuleMutant, killedBy: String?)]
        /// The file's `equivalent` statements, each with the surviving mutants it explains
        /// (none: the statement is stale, and reported).
        public var equivalents: [(statement: RuleTestEquivalent, explains: [RuleMutant])] = []

        /// Mutants some case noticed.
        public var killed: Int { mutants.filter { $0.killedBy != nil }.count }
        /// Surviving mutants the test file explains as equivalent.
        public var equivalent: Int { mutants.filter { $0.killedBy == nil && isExplained($0.mutant) }.count }
        /// Mutants every case passed with that no `equivalent` statement explains.
        public var survivors: [RuleMutant] { mutants.filter { $0.killedBy == nil && !isExplained($0.mutant) }.map(\.mutant) }
        /// Killed mutants as a share of those not explained as equivalent (1 when there are none).
        public var score: Double {
            let counted = mutants.count - equivalent
            return counted == 0 ? 1 : Double(killed) / Double(counted)
        }
        /// `equivalent` statements that explain no surviving mutant (killed, or no such mutant).
        public var staleEquivalents: [RuleTestEquivalent] { equivalents.filter(\.explains.isEmpty).map(\.statement) }

        func isExplained(_ m: RuleMutant) -> Bool {
            equivalents.contains { $0.statement.original == m.original && $0.statement.mutated == m.mutated }
        }
    }

    /// Why a file could not be mutation tested: its tests must run and pass first.
    public enum Failure: Error, Sendable {
        /// The file could not be run (syntax errors, a ruleset that does not check).
        case notRun(RuleTestFileResult)
        /// Some cases fail on the ruleset as written.
        case failing(RuleTestFileResult)
    }

    /// The runner that read the files (its `sources` render diagnostics).
    public private(set) var runner = RuleTestRunner()

    /// Creates a tester.
    public init() {}

    /// Runs the test file's cases against every mutant of its ruleset.
    public mutating func run(path: String) -> Result<Report, Failure> {
        let result = runner.run(path: path)
        guard result.problems.isEmpty else { return .failure(.notRun(result)) }
        guard result.failed == 0 else { return .failure(.failing(result)) }
        guard let source = runner.sources[path] else { return .failure(.notRun(result)) }
        let file = RuleTestParser.parse(source).file
        guard let ruleset = runner.load(result.rulesetPath, file: file) else { return .failure(.notRun(result)) }
        var cases: [(RuleTestCase, Submission)] = []
        for c in file.cases {
            guard case .ready(let s) = runner.submission(for: c, in: file, ruleset: ruleset) else { return .failure(.failing(result)) }
            cases.append((c, s))
        }
        var report = Report(
            testPath: path, rulesetPath: result.rulesetPath, ruleset: (ruleset.id, ruleset.version), cases: cases.count, mutants: [])
        for mutant in MutantGenerator(ruleset: ruleset).mutants() {
            var evaluator = Evaluator(ruleset: mutant.applied(to: ruleset))
            evaluator.writesFeedback = false
            let killer = cases.first { c, submission in !MutationTester.passes(c, &evaluator, submission) }
            report.mutants.append((mutant, killer?.0.name))
        }
        let surviving = report.mutants.filter { $0.killedBy == nil }.map(\.mutant)
        report.equivalents = file.equivalents.map { e in
            (e, surviving.filter { $0.original == e.original && $0.mutated == e.mutated })
        }
        return .success(report)
    }

    /// Whether a case's expectations all hold when the evaluator marks its submission.
    static func passes(_ c: RuleTestCase, _ evaluator: inout Evaluator, _ submission: Submission) -> Bool {
        guard let r = try? evaluator.mark(submission) else { return false }
        for e in c.expectations {
            switch e.kind {
            case .grade(let g): if r.grade != g { return false }
            case .total(let t): if r.total.double != t { return false }
            case .component(let id, let g): if let c = r.components.first(where: { $0.id == id }), c.grade != g { return false }
            case .verdict(let id, let level):
                if let p = r.points.first(where: { $0.id == id }), p.verdict != level { return false }
            }
        }
        return true
    }
}
