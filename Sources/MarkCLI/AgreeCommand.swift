import Foundation
import MarkCore

/// `mark agree RESULTS DECISIONS.csv`: how far the engine and people agree.
enum AgreeCommand: Subcommand {
    static let name = "agree"
    static let abstract = "Agreement between the engine's results and people's decisions"
    static let help = """
        OVERVIEW: Set the engine's results against assessors' or moderators' own decisions and
        report agreement on grades (percent agreement, Cohen's kappa, weighted kappa with linear
        and quadratic weights) overall, per assessor, per ruleset and per marking point; every
        disagreement with the points that differ; and, with --tolerance, whether the engine's
        marks stand (see docs/moderation.md).

        USAGE: mark agree RESULTS… DECISIONS.csv [--tolerance N] [--rules PATH] [--seed N]
                          [--sample SAMPLE.csv]
                          [--grade-map OLD=NEW …] [--format text|json|csv]
                          [--pseudonymise [--key-file FILE]]

        ARGUMENTS:
          RESULTS               The engine's results as 'mark --format json' writes them: a folder
                                of result files (searched recursively for .json and .ndjson), an
                                NDJSON file of results, one result file, or - for stdin. Error
                                records (submissions not marked) are skipped and counted.
          DECISIONS.csv         People's decisions, one row per learner, with a header row:
                                learner,grade (required); assessor, marks, unit (optional); any
                                other column is a marking point id holding a verdict: met,
                                partially met or not met (empty: no decision). RFC 4180 CSV.
                                A 'rater' column allows several raters per learner (agreement
                                among them: Fleiss' kappa, Krippendorff's alpha, pairwise
                                kappa). 'outcome' (accept, reject, resubmit), 'action' and
                                'feedback' record the quality assurer's review.

        OPTIONS:
          --tolerance N         Check marks: the engine's (the centre's) marks stand when every
                                decision that gives marks is within ±N marks of the engine's
                                total. Prints "marks stand" or "outside tolerance: …".
          --rules PATH          Rules folder or file to read each ruleset's full grade list from
                                (matched by id, version and SHA-256). Default: $MARK_RULES, else
                                ./Rules when it exists; otherwise the grades are inferred from
                                the results.
          --seed N              The seed of the bootstrap confidence intervals among raters
                                (default 1): the same seed gives the same intervals.
          --sample SAMPLE.csv   The sample that was planned ('mark sample --format csv'): the
                                quality assurance record reports planned against completed
                                sampling per assessor.
          --format text|json|csv
                                A report to read (default), JSON (format agreement/1), or CSV with
                                one row per disagreement.
        \(DecisionInputs.keyHelp)
        \(ModerationSupport.gradeMapHelp("a decision's"))
        \(ModerationSupport.pseudonymHelp)
          -h, --help            Show this help.

        EXIT STATUS: 0 report made (and, with --tolerance, the marks stand), 1 a file could not
        be read, a row is invalid, no decision matched a result, or the marks are outside the
        tolerance, 64 bad usage.

        """

    static func run(_ arguments: [String], terminal: Terminal) throws(UsageError) -> Int32 {
        let args = try Arguments(
            arguments,
            spec: .init(options: ["--format", "--tolerance", "--rules", "--grade-map", "--seed", "--key", "--sample"] + ModerationSupport.pseudonymOptions, flags: ModerationSupport.pseudonymFlags))
        let format = try args.choice("--format", ["text", "json", "csv"], default: "text")
        let tolerance = try DecisionInputs.tolerance(args)
        let seed = try DecisionInputs.seed(args)
        let samplePath = args.value("--sample")
        guard
            var loaded = try DecisionInputs.load(
                args, command: "agree", tolerance: tolerance, seed: seed, extraInputs: samplePath.map { [$0] } ?? [], terminal: terminal)
        else { return 1 }
        let (results, sheet, masking) = (loaded.results, loaded.sheet, loaded.masking)
        if let samplePath {
            guard let picks = readSample(samplePath, terminal: terminal, redaction: loaded.redaction) else { return 1 }
            var reviews = loaded.analysis.reviews ?? QualityReviewSummary([])
            reviews.plan(picks, learners: results.records.map(\.learner), pseudonym: masking.learner)
            loaded.analysis.reviews = reviews
        }
        let analysis = loaded.analysis
        let decisionsPath = sheet.source.path
        let inputs = DecisionAgreementReport.Inputs(
            results: results.records.count, errorRecords: results.errorRecords, otherRecords: results.otherRecords, resultFiles: results.files,
            decisions: sheet.decisions.count, decisionsPath: decisionsPath, scaleNotes: loaded.scales.notes)
        switch format {
        case "json": terminal.write(DecisionAgreementReport.json(analysis, inputs: inputs, masking: masking))
        case "csv": terminal.write(DecisionAgreementReport.csv(analysis, masking: masking))
        default: terminal.write(DecisionAgreementReport.text(analysis, inputs: inputs, masking: masking))
        }
        if analysis.matches.isEmpty {
            terminal.error("mark agree: no decision matched an engine result (learner ids must be the same)\n")
            return 1
        }
        if let t = analysis.tolerance {
            if format != "text" { terminal.error("mark agree: " + TerminalText.escaped(DecisionAgreementReport.toleranceLine(t, masking: masking)) + "\n") }
            return t.stands ? 0 : 1
        }
        return 0
    }
}

extension AgreeCommand {
    /// The planned sample's picks, or nil (diagnostics printed) when it cannot be read.
    static func readSample(_ path: String, terminal: Terminal, redaction: DiagnosticRedaction?) -> [QualityReviewSummary.PlannedPick]? {
        switch RuleLoader.readFile(path, limit: RuleLoader.maxModerationSize, readAs: "sample files") {
        case .failure(let d):
            ModerationSupport.printDiagnostics([d], sources: [:], terminal: terminal, redaction: redaction)
            return nil
        case .success(let bytes):
            let source = SourceFile(path: path, bytes: bytes)
            switch QualityReviewSummary.readSample(source) {
            case .failure(let list):
                ModerationSupport.printDiagnostics(list.items, sources: [path: source], terminal: terminal, redaction: redaction)
                return nil
            case .success(let picks): return picks
            }
        }
    }
}

extension ModerationSupport {
    /// Rulesets to read grade lists and boundaries from: `--rules` (errors are fatal: nil), else
    /// $MARK_RULES or ./Rules when they exist and check cleanly (otherwise none).
    static func rulesForScales(_ option: String?, terminal: Terminal) -> (rulesets: [Ruleset], origin: String)? {
        if let option {
            let catalog = RulesetCatalog.load(option)
            if catalog.hasErrors {
                printDiagnostics(catalog.diagnostics, sources: catalog.sources, terminal: terminal)
                terminal.error("mark: the rules in '\(option)' have errors\n")
                return nil
            }
            return (catalog.rulesets, option)
        }
        guard let fallback = MarkSubmissions.defaultRulesPath(), FileManager.default.fileExists(atPath: fallback) else { return ([], "") }
        let catalog = RulesetCatalog.load(fallback)
        return catalog.hasErrors ? ([], "") : (catalog.rulesets, fallback)
    }
}
