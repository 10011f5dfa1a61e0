import Foundation
import MarkCore

/// `mark moderate RESULTS DECISIONS.csv --tolerance N`: staged moderation of the centre's marks.
enum ModerateCommand: Subcommand {
    static let name = "moderate"
    static let abstract = "Staged moderation: do the centre's marks stand, and if not what to do"
    static let help = """
        OVERVIEW: Moderate a centre's marks (the engine's results) against a moderator's marks of
        a sample. Stage 1: the marks stand when every moderated submission is within the
        tolerance. Stage 2, when one is not: the signed mean difference (moderator − centre)
        with a bootstrap confidence interval, each assessor's bias, a further sample drawn from
        the submissions not yet moderated, and a proposed adjustment or re-mark with its
        evidence. The report is the one a moderator sends the centre (see docs/moderation.md).

        USAGE: mark moderate RESULTS… DECISIONS.csv --tolerance N [--plan FILE] [--seed N]
                             [--rules PATH] [--grade-map OLD=NEW …]
                             [--format text|markdown|html|json] [--pseudonymise [--key-file FILE]]

        ARGUMENTS:
          RESULTS               The centre's results as 'mark --format json' writes them (a folder
                                of result files, an NDJSON file, or - for stdin): the cohort.
          DECISIONS.csv         The moderator's decisions on the sample, as for 'mark agree',
                                with a 'marks' column.

        OPTIONS:
          --tolerance N         The tolerance in marks (required).
          --plan FILE           The sampling plan for the extended sample (as 'mark sample').
          --seed N              The seed of the confidence interval (default 1); the extended
                                sample uses the plan's seed.
          --rules PATH          Rules to read grade lists and boundaries from, as 'mark sample'.
          --format text|markdown|html|json
                                The report as text (default), Markdown, an HTML page, or JSON
                                (format moderation/1).
        \(DecisionInputs.keyHelp)
        \(ModerationSupport.gradeMapHelp("a decision's"))
        \(ModerationSupport.pseudonymHelp)
          -h, --help            Show this help.

        EXIT STATUS: 0 the marks stand (stage 1), 1 they do not (stage 2) or an input could not
        be read, 64 bad usage.

        """

    static func run(_ arguments: [String], terminal: Terminal) throws(UsageError) -> Int32 {
        let args = try Arguments(
            arguments,
            spec: .init(
                options: ["--format", "--tolerance", "--rules", "--grade-map", "--seed", "--key", "--plan"] + ModerationSupport.pseudonymOptions,
                flags: ModerationSupport.pseudonymFlags))
        let format = try args.choice("--format", ["text", "markdown", "html", "json"], default: "text")
        guard let tolerance = try DecisionInputs.tolerance(args) else {
            throw UsageError("give the tolerance in marks, such as --tolerance 3: the centre's marks stand when every moderated mark is within it")
        }
        let seed = try DecisionInputs.seed(args)
        let planPath = args.value("--plan")
        guard let loaded = try DecisionInputs.load(args, command: "moderate", tolerance: tolerance, seed: seed, extraInputs: planPath.map { [$0] } ?? [], terminal: terminal)
        else { return 1 }
        var plan = SamplePlan()
        if let planPath {
            guard let read = SampleCommand.readPlan(planPath, terminal: terminal, redaction: loaded.redaction, command: "moderate") else { return 1 }
            plan = read
        }
        if loaded.analysis.matches.isEmpty {
            terminal.error("mark moderate: no decision matched a result (learner ids must be the same)\n")
            return 1
        }
        let masking = loaded.masking
        let moderation = StagedModeration.moderate(
            loaded.analysis, cohort: loaded.results.records, tolerance: tolerance, plan: plan, scales: loaded.scales, seed: seed,
            assessorLabel: masking.assessor)
        let document = StagedModerationReport.document(moderation, masking: masking, decisionsPath: loaded.sheet.source.path)
        switch format {
        case "json": terminal.write(StagedModerationReport.json(moderation, masking: masking))
        case "markdown": terminal.write(document.markdown())
        case "html": terminal.write(document.html())
        default: terminal.write(document.text())
        }
        return moderation.stands ? 0 : 1
    }
}
