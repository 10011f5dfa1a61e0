import Foundation
import MarkCore

/// `mark test PATH…`: run rule tests (`.tests` files, docs/authoring.md), optionally with
/// coverage of each ruleset's points, conditions, filters, floors and grade rules.
enum TestCommand: Subcommand {
    static let name = "test"
    static let abstract = "Run rule tests (.tests files), with coverage"
    static let help = """
        OVERVIEW: Run rule tests: each case marks a submission (a sample, optionally changed) with
        a ruleset and checks the grade, the total and chosen points' verdicts. A failure names
        the case, the point, the expected and actual verdict, and the rule line that decided it.

        USAGE: mark test [--coverage | --require-coverage] PATH…
               mark test --mutate [--format text|json] PATH…

        ARGUMENTS:
          PATH                  A .tests file, or a folder searched recursively for .tests files.

        OPTIONS:
          --coverage            Also report, per ruleset, the outcomes no case exercised: points
                                never met or never not met, conditions, operands and `where`
                                filters never true or never false, floors and grade rules never
                                passed or never failed (docs/authoring.md, "Coverage").
          --require-coverage    As --coverage, and exit 1 unless coverage is complete.
          --mutate              Mutation testing: run the cases against every small change to the
                                rules (a threshold moved by one, a comparison flipped, an and/or
                                operand dropped, a verdict level swapped) and report each change
                                no case notices, with its line, and the mutation score
                                (docs/analysis-checks.md).
          --format text|json    With --mutate: surviving mutants as located warnings (default)
                                or as JSON on stdout.
          -h, --help            Show this help.

        The last line of output is always "N passed, N failed".

        EXIT STATUS: 0 every case passed, 1 a case failed or a file could not be run (or, with
        --require-coverage, an outcome was not exercised), 64 bad usage.

        """

    static func run(_ arguments: [String], terminal: Terminal) throws(UsageError) -> Int32 {
        let args = try Arguments(arguments, spec: .init(options: ["--format"], flags: ["--coverage", "--require-coverage", "--mutate"]))
        let format = try args.choice("--format", ["text", "json"], default: "text")
        let mutate = args.has("--mutate")
        if args.value("--format") != nil && !mutate { throw UsageError("--format applies to --mutate only") }
        if mutate && (args.has("--coverage") || args.has("--require-coverage")) { throw UsageError("--mutate cannot be combined with --coverage") }
        let requireCoverage = args.has("--require-coverage")
        let coverage = requireCoverage || args.has("--coverage")
        guard !args.positional.isEmpty else { throw UsageError("name at least one .tests file or folder") }
        if args.positional.contains("-") { throw UsageError("tests are read from files; '-' (stdin) is not supported") }
        var files: [String] = []
        var folders: [String] = []
        var passed = 0
        var failed = 0
        let errors = DiagnosticRenderer(colour: terminal.colourErrors)
        for path in args.positional {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                terminal.error(errors.render(Diagnostic(.error, id: "file-not-found", "no such file or folder", path: path, range: 0..<0), source: nil))
                failed += 1
                continue
            }
            if isDirectory.boolValue {
                let found = RuleFiles.files(under: path, suffix: ".tests")
                if found.isEmpty {
                    terminal.error("\(path): error: no .tests files in this folder\n")
                    failed += 1
                }
                files += found
                folders.append(path)
            } else {
                files.append(path)
            }
        }
        if mutate { return runMutation(files, json: format == "json", failed: failed, terminal: terminal) }
        var runner = RuleTestRunner()
        let output = DiagnosticRenderer(colour: terminal.colourOutput)
        for file in files {
            let result = runner.run(path: file)
            if !result.problems.isEmpty {
                terminal.error(errors.render(result.problems, sources: runner.sources))
            }
            for c in result.cases where !c.passed && !c.diagnostics.isEmpty {
                terminal.write(output.render(c.diagnostics, sources: runner.sources))
            }
            passed += result.passed
            failed += result.failed
            if result.problems.isEmpty {
                let verdict = result.failed == 0 ? "PASS" : "FAIL"
                terminal.write("\(verdict) \(file): \(result.passed) passed, \(result.failed) failed\n")
            } else {
                terminal.write("FAIL \(file): not run (see the errors above)\n")
            }
        }
        var complete = true
        if coverage {
            var reports: [CoverageReport] = []
            var tested: Set<String> = []
            for (path, explainer) in runner.explainers.sorted(by: { $0.key < $1.key }) {
                tested.insert(RuleLoader.normalise(path))
                reports.append(CoverageReport(ruleset: explainer.ruleset, trace: explainer.trace, cases: runner.casesRun[path] ?? 0))
            }
            for folder in folders {
                let catalog = RulesetCatalog.load(folder)
                for ruleset in catalog.rulesets {
                    guard let path = ruleset.sources.first?.path, !tested.contains(RuleLoader.normalise(path)) else { continue }
                    tested.insert(RuleLoader.normalise(path))
                    reports.append(CoverageReport.untested(ruleset: ruleset))
                }
            }
            for report in reports.sorted(by: { $0.path < $1.path }) {
                terminal.write(report.render())
                if !report.isComplete { complete = false }
            }
            let full = reports.filter(\.isComplete).count
            terminal.write("coverage: \(full) of \(reports.count) ruleset\(reports.count == 1 ? "" : "s") fully covered\n")
        }
        terminal.write("\(passed) passed, \(failed) failed\n")
        if failed > 0 { return 1 }
        return requireCoverage && !complete ? 1 : 0
    }
}
