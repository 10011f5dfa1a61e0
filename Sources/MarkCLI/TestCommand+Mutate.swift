import MarkCore

/// `mark test --mutate`: mutation testing of the rule tests (docs/analysis-checks.md).
extension TestCommand {
    /// Mutation tests each file; prints surviving mutants as warnings (or JSON on stdout), one
    /// summary line per file, the score over all files and "N passed, N failed". Exit 1 when a
    /// file's tests cannot be run or fail (they must pass before their mutants mean anything).
    static func runMutation(_ files: [String], json: Bool, failed missing: Int, terminal: Terminal) -> Int32 {
        var passed = 0
        var failed = missing
        var reports: [MutationTester.Report] = []
        let errors = DiagnosticRenderer(colour: terminal.colourErrors)
        let output = DiagnosticRenderer(colour: terminal.colourOutput)
        for file in files {
            var tester = MutationTester()
            switch tester.run(path: file) {
            case .failure(.notRun(let result)):
                terminal.error(errors.render(result.problems, sources: tester.runner.sources))
                terminal.error("FAIL \(file): not run (see the errors above), so not mutation tested\n")
                failed += result.failed
            case .failure(.failing(let result)):
                for c in result.cases where !c.passed {
                    terminal.error(errors.render(c.diagnostics, sources: tester.runner.sources))
                }
                terminal.error("FAIL \(file): \(result.passed) passed, \(result.failed) failed, so not mutation tested\n")
                passed += result.passed
                failed += result.failed
            case .success(let report):
                passed += report.cases
                reports.append(report)
                if !json {
                    terminal.write(output.render(report.survivorDiagnostics, sources: tester.runner.sources))
                    terminal.write(report.summary)
                }
            }
        }
        if json {
            terminal.write(MutationTester.Report.json(reports))
        } else {
            let total = reports.reduce(0) { $0 + $1.mutants.count }
            let killed = reports.reduce(0) { $0 + $1.killed }
            let equivalent = reports.reduce(0) { $0 + $1.equivalent }
            let explained = equivalent > 0 ? ", \(equivalent) equivalent not counted" : ""
            terminal.write(
                "mutation score: \(MutationTester.Report.percent(killed, of: total - equivalent)) (\(killed) of \(total - equivalent) mutants killed\(explained))\n")
            terminal.write("\(passed) passed, \(failed) failed\n")
        }
        return failed > 0 ? 1 : 0
    }
}
