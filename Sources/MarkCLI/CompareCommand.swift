import Foundation
import MarkCore

/// `mark compare --old OLD --new NEW COHORT…`: a cohort marked under two rule versions.
enum CompareCommand: Subcommand {
    static let name = "compare"
    static let abstract = "Mark a cohort under two rule versions and compare"
    static let help = """
        OVERVIEW: Mark a cohort under two versions of the rules and show the effect of the change:
        the grade transition matrix (old grade × new grade), every submission whose grade, total or
        a point's verdict changed and why (points that flipped, boundaries crossed), and how far the
        versions agree: percent agreement, Cohen's kappa and weighted kappa (linear, quadratic)
        when both versions share the grade scale (see docs/moderation.md). When both versions are
        files and no learner moves, a small generated submission that would move is described
        (docs/analysis.md).

        USAGE: mark compare --old OLD --new NEW [--format text|json|csv] [--pseudonymise]
                            [--grade-map OLD=NEW …] [--quiet] [--max-size BYTES] [--max-steps N]
                            COHORT…

        ARGUMENTS:
          COHORT                Submission files (evidence/1 JSON), folders searched recursively
                                for .json files, NDJSON files of submissions (.ndjson), or - for
                                stdin.

        OPTIONS:
          --old PATH, --new PATH
                                The two versions: each a .rules file (its imports resolved
                                relative to it) or a rules folder. A file marks every submission
                                for its unit (or the other version's unit), whatever the start
                                date; submissions for other units are skipped and counted. A
                                folder chooses the ruleset by unit and start date, as 'mark' does.
          --format text|json|csv
                                A report to read (default), JSON (format comparison/1), or CSV with
                                one row per changed submission.
        \(ModerationSupport.gradeMapHelp("the old version's"))
          --quiet               No progress line (shown on stderr only when it is a terminal).
        \(ModerationSupport.pseudonymHelp)
        \(SubmissionSize.help)
        \(MarkSubmissions.stepsHelp)
          -h, --help            Show this help.

        EXIT STATUS: 0 every submission marked under both versions, 1 the rules have errors or a
        submission could not be marked under a version (the report still lists it), 64 bad usage.

        """

    static func run(_ arguments: [String], terminal: Terminal) throws(UsageError) -> Int32 {
        let args = try Arguments(
            arguments,
            spec: .init(
                options: ["--old", "--new", "--format", "--max-size", "--max-steps", "--grade-map"] + ModerationSupport.pseudonymOptions,
                flags: ModerationSupport.pseudonymFlags + ["--quiet"]))
        let format = try args.choice("--format", ["text", "json", "csv"], default: "text")
        let limit = try SubmissionSize.limit(args)
        let maxSteps = try MarkSubmissions.steps(args)
        guard let oldPath = args.value("--old"), let newPath = args.value("--new") else {
            throw UsageError("name both versions of the rules with --old PATH and --new PATH")
        }
        guard !args.positional.isEmpty else { throw UsageError("name the cohort: submission files or folders (or - for stdin)") }
        let masking = try ModerationSupport.masking(args)
        let gradeMap = try ModerationSupport.gradeMap(args)
        let redaction = ModerationSupport.redaction(masking, inputs: args.positional)

        var versions: [(catalog: RulesetCatalog, forced: Int?)] = []
        var broken = false
        for path in [oldPath, newPath] {
            let catalog = RulesetCatalog.load(path)
            if catalog.hasErrors {
                ModerationSupport.printDiagnostics(catalog.diagnostics, sources: catalog.sources, terminal: terminal)
                terminal.error("mark compare: the rules in '\(TerminalText.escaped(path))' have errors\n")
                broken = true
            }
            versions.append((catalog, ModerationSupport.isFolder(path) ? nil : 0))
        }
        if broken { return 1 }
        let oldGrades = versions[0].catalog.rulesets.flatMap(\.grading.grades)
        for pair in gradeMap.pairs where !oldGrades.contains(pair.from) {
            var known: [String] = []
            for g in oldGrades where !known.contains(g) { known.append(g) }
            throw UsageError(
                "--grade-map: '\(pair.from)' is not a grade of the old version (\(known.joined(separator: ", ")))"
                    + Suggestion.didYouMean(pair.from, among: known))
        }
        let (sources, problems) = ModerationSupport.submissions(args.positional, limit: limit)
        ModerationSupport.printDiagnostics(problems, sources: [:], terminal: terminal, redaction: redaction)

        // A version given as a file marks only the submissions for its unit (or, when both are
        // files, the other version's unit); the rest are skipped.
        let forcedVersions = versions.filter { $0.forced != nil }
        let forcedUnits: Set<String>? = forcedVersions.isEmpty ? nil : Set(forcedVersions.map { $0.catalog.rulesets[0].unit })
        var oldMarker = Marker(catalog: versions[0].catalog, forced: versions[0].forced)
        var newMarker = Marker(catalog: versions[1].catalog, forced: versions[1].forced)
        // A version given as a file marks whatever the start date (see the help above).
        oldMarker.force = true
        newMarker.force = true
        oldMarker.maxSteps = maxSteps
        newMarker.maxSteps = maxSteps
        var pairs: [(old: MarkingResult, new: MarkingResult)] = []
        var unmarked: [CohortComparison.Unmarked] = problems.map {
            CohortComparison.Unmarked(path: $0.path, learner: nil, version: "both", message: $0.message)
        }
        var skipped = 0
        var printed: [Diagnostic] = []
        var printedSources: [String: SourceFile] = [:]
        // Marking a large cohort twice takes a while: a progress line on a terminal.
        let progress = terminal.errorIsTerminal && !args.has("--quiet") ? ProgressLine(terminal: terminal, total: sources.count) : nil
        for (done, source) in sources.enumerated() {
            progress?.update(done: done)
            let envelope = try? EvidenceReader.open(source).get()
            if let forcedUnits, let envelope, !forcedUnits.contains(envelope.unit) {
                skipped += 1
                continue
            }
            let a = oldMarker.mark(source)
            let b = newMarker.mark(source)
            switch (a, b) {
            case (.marked(let x), .marked(let y)):
                pairs.append((x, y))
            default:
                var failedIn: [String] = []
                var message = ""
                for (label, outcome) in [("old", a), ("new", b)] {
                    if case .failed(_, let diagnostics, let s) = outcome {
                        failedIn.append(label)
                        if message.isEmpty { message = diagnostics.first?.message ?? "could not be marked" }
                        for d in diagnostics where !printed.contains(d) { printed.append(d) }
                        if let s { printedSources[s.path] = s }
                    }
                }
                unmarked.append(
                    CohortComparison.Unmarked(
                        path: source.path, learner: envelope?.learnerID, version: failedIn.count == 2 ? "both" : failedIn[0], message: message))
            }
        }
        progress?.clear()
        ModerationSupport.printDiagnostics(printed, sources: printedSources, terminal: terminal, redaction: redaction)
        let comparison = CohortComparison.build(
            pairs: pairs, rulesets: versions[0].catalog.rulesets + versions[1].catalog.rulesets, unmarked: unmarked, skipped: skipped,
            submissions: sources.count + problems.count, gradeMap: gradeMap)
        let labels = CohortComparisonReport.Labels(old: oldPath, new: newPath)
        switch format {
        case "json": terminal.write(CohortComparisonReport.json(comparison, labels: labels, masking: masking))
        case "csv": terminal.write(CohortComparisonReport.csv(comparison, masking: masking))
        default: terminal.write(CohortComparisonReport.text(comparison, labels: labels, masking: masking))
        }
        if format == "text", !pairs.isEmpty, comparison.groups.allSatisfy({ $0.changed.isEmpty }), versions.allSatisfy({ $0.forced != nil }),
            let line = Counterexamples.wouldMove(old: versions[0].catalog.rulesets[0], new: versions[1].catalog.rulesets[0]) {
            terminal.write("\n" + line)
        }
        return unmarked.isEmpty ? 0 : 1
    }
}
