import Foundation
import MarkCore

/// `mark why-not SUBMISSION`: the smallest evidence change that reaches the next grade.
enum WhyNotCommand: Subcommand {
    static let name = "why-not"
    static let abstract = "Find the smallest evidence change that reaches a grade"
    static let help = """
        OVERVIEW: Find the smallest change to a submission's evidence that would reach the next
        grade (or --grade G): one more item of a kind, dated within a range, verified by a role,
        with the fields it needs; or one value of an item already given. The search is guided by
        the grading rules and the failing points' conditions, tries up to 3 changes and 60000
        markings, and its answer is checked by marking the changed submission. The kind, date
        and id of an item already given are never changed (docs/analysis.md).

        USAGE: mark why-not SUBMISSION [--grade G] [--write FILE] [--rules PATH [--force]]
                                       [--format text|json] [--max-size BYTES]

        ARGUMENTS:
          SUBMISSION            An evidence JSON file (docs/evidence-format.md), or - for stdin.

        OPTIONS:
          --grade G             The grade sought (default: the next grade up).
          --write FILE          Write the changed submission, as evidence/1, to FILE.
          --rules PATH          A rules folder (the ruleset is chosen by the submission's unit and
                                start date) or one .rules file. Default: $MARK_RULES, else ./Rules,
                                else the installed rules.
          --force               With --rules FILE, use it even if it does not cover the
                                submission's unit or start date.
          --format text|json    Steps for people (default) or JSON (format why-not/1).
        \(SubmissionSize.help)
          -h, --help            Show this help.

        EXIT STATUS: 0 a change was found (or the grade is already reached), 1 no change within
        the search's limits reaches the grade, or the submission, the rules or FILE could not be
        read, marked or written, 64 bad usage.

        """

    static func run(_ arguments: [String], terminal: Terminal) throws(UsageError) -> Int32 {
        let args = try Arguments(arguments, spec: .init(options: ["--grade", "--write", "--rules", "--format", "--max-size"], flags: ["--force"]))
        let format = try args.choice("--format", ["text", "json"], default: "text")
        let limit = try SubmissionSize.limit(args)
        guard args.positional.count == 1, let path = args.positional.first else {
            throw UsageError(args.positional.isEmpty ? "name one submission file (or - for stdin)" : "why-not takes one submission at a time")
        }
        guard let loaded = OneSubmission.load(path, args: args, limit: limit, terminal: terminal, command: "mark why-not") else { return 1 }
        let ruleset = loaded.ruleset
        let grades = ruleset.grading.grades
        var target: Int?
        if let g = args.value("--grade") {
            guard let i = grades.firstIndex(of: g) else {
                throw UsageError("ruleset '\(ruleset.id)' has no grade '\(g)' (its grades: \(grades.joined(separator: ", ")))" + Suggestion.didYouMean(g, among: grades))
            }
            target = i
        }
        let answer: WhyNot.Answer
        do {
            answer = try WhyNot(ruleset: ruleset).answer(loaded.submission, target: target)
        } catch {
            OneSubmission.printEvaluationError(error, ruleset: ruleset, path: loaded.source.path, terminal: terminal)
            return 1
        }
        terminal.write(format == "json" ? WhyNotReport.json(answer) : WhyNotReport.text(answer))
        if let file = args.value("--write") {
            guard let text = answer.changedText else {
                terminal.error("mark why-not: nothing written to '\(TerminalText.escaped(file))': no change was found\n")
                return 1
            }
            if let problem = CohortResultFiles.write(text, to: file, worker: 0) {
                terminal.error("mark why-not: cannot write '\(TerminalText.escaped(file))': \(problem)\n")
                return 1
            }
            if format == "text" { terminal.write("Wrote the changed submission to \(TerminalText.escaped(file)).\n") }
        }
        return answer.outcome == .found || answer.outcome == .alreadyReached ? 0 : 1
    }
}
