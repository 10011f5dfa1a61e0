import Foundation
import MarkCore

/// `mark explain SUBMISSION`: why each point was or was not met, as a tree of the conditions.
enum ExplainCommand: Subcommand {
    static let name = "explain"
    static let abstract = "Explain why each point was or was not met"
    static let help = """
        OVERVIEW: Mark one submission and explain the decision: for each marking point its `let`
        values and conditions, with the rule line that wrote each, the value it took and, for a
        count, which evidence items were counted and which were excluded by which clause; then
        the floors and each grade's required points and rule. Items are named by id; learner
        text is never printed.

        USAGE: mark explain SUBMISSION [--point ID] [--rules PATH [--force]] [--format text|json]
                                       [--max-size BYTES]

        ARGUMENTS:
          SUBMISSION            An evidence JSON file (docs/evidence-format.md), or - for stdin.

        OPTIONS:
          --point ID            Explain only this marking point.
          --rules PATH          A rules folder (the ruleset is chosen by the submission's unit and
                                start date) or one .rules file. Default: $MARK_RULES, else ./Rules,
                                else the installed rules.
          --force               With --rules FILE, explain a submission whose unit or start date
                                the ruleset does not cover (without it that is an error).
          --format text|json    An indented tree for people (default) or JSON for tools
                                (docs/explain.md).
        \(SubmissionSize.help)
          -h, --help            Show this help.

        EXIT STATUS: 0 explained, 1 the submission or the rules could not be read or marked,
        64 bad usage.

        """

    static func run(_ arguments: [String], terminal: Terminal) throws(UsageError) -> Int32 {
        let args = try Arguments(arguments, spec: .init(options: ["--point", "--rules", "--format", "--max-size"], flags: ["--force"]))
        let format = try args.choice("--format", ["text", "json"], default: "text")
        let limit = try SubmissionSize.limit(args)
        guard args.positional.count == 1, let path = args.positional.first else {
            throw UsageError(args.positional.isEmpty ? "name one submission file (or - for stdin)" : "explain takes one submission at a time")
        }
        guard let loaded = OneSubmission.load(path, args: args, limit: limit, terminal: terminal, command: "mark explain") else { return 1 }
        let ruleset = loaded.ruleset
        let submission = loaded.submission
        let source = loaded.source
        var point: Int?
        if let id = args.value("--point") {
            guard let p = ruleset.points.firstIndex(where: { $0.id == id }) else {
                let ids = ruleset.points.map(\.id)
                throw UsageError(
                    "ruleset '\(ruleset.id)' has no marking point '\(id)' (its points: \(ids.joined(separator: ", ")))"
                        + Suggestion.didYouMean(id, among: ids))
            }
            point = p
        }
        var explainer = Explainer(ruleset: ruleset)
        let explanation: SubmissionExplanation
        do {
            explanation = try explainer.explain(submission)
        } catch {
            OneSubmission.printEvaluationError(error, ruleset: ruleset, path: source.path, terminal: terminal)
            return 1
        }
        if format == "json" {
            terminal.write(ExplanationJSON.render(explanation, point: point) + "\n")
        } else {
            terminal.write(ExplanationText(colour: terminal.colourOutput).render(explanation, point: point))
        }
        return 0
    }
}
