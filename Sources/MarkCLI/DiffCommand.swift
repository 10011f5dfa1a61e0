import Foundation
import MarkCore

/// `mark diff OLD NEW`: what changed in meaning between two versions of a ruleset.
enum DiffCommand: Subcommand {
    static let name = "diff"
    static let abstract = "Compare two versions of a ruleset by meaning"
    static let help = """
        OVERVIEW: Compare two versions of a ruleset by meaning, not text: marking points added,
        removed or renamed; conditions, thresholds, marks, 'required for', lets and feedback
        changed; the grade list, grade rules, boundaries and floors; the evidence declaration; and
        the header (version, unit, dates of application). Each change shows the old and the new
        text with its file:line. Layout and comments are ignored (see docs/moderation.md).

        USAGE: mark diff [--format text|json] [--counterexamples DIR] OLD NEW

        ARGUMENTS:
          OLD, NEW              The two .rules files (ruleset files; each one's imports are
                                resolved relative to it and must stay inside its folder).

        OPTIONS:
          --format text|json    A report to read (default) or JSON (format rules-diff/1).
          --counterexamples DIR For each change, write to DIR a small evidence/1 submission that
                                the two versions grade or verdict differently, checked by marking
                                it with both, or say that none exists within the bounds searched
                                (listed after the text report; docs/analysis.md).
          -h, --help            Show this help.

        EXIT STATUS: 0 no change in meaning, 1 changes in meaning (like diff(1)), 2 either file
        has errors (printed on stderr; nothing is compared) or a counterexample could not be
        written, 64 bad usage.

        """

    static func run(_ arguments: [String], terminal: Terminal) throws(UsageError) -> Int32 {
        let args = try Arguments(arguments, spec: .init(options: ["--format", "--counterexamples"]))
        let format = try args.choice("--format", ["text", "json"], default: "text")
        guard args.positional.count == 2 else {
            throw UsageError("name two .rules files, the old version and the new (got \(args.positional.count))")
        }
        for path in args.positional where ModerationSupport.isFolder(path) {
            throw UsageError("'\(path)' is a folder; name the ruleset's .rules file")
        }
        let old = ModerationSupport.loadRuleset(args.positional[0])
        let new = ModerationSupport.loadRuleset(args.positional[1])
        guard let a = old.ruleset, let b = new.ruleset else {
            ModerationSupport.printDiagnostics(old.diagnostics, sources: old.sources, terminal: terminal)
            ModerationSupport.printDiagnostics(new.diagnostics, sources: new.sources, terminal: terminal)
            let broken = [old.ruleset == nil ? args.positional[0] : nil, new.ruleset == nil ? args.positional[1] : nil].compactMap { $0 }
            terminal.error("mark diff: \(broken.joined(separator: " and ")) \(broken.count == 1 ? "has" : "have") errors; nothing was compared\n")
            return 2
        }
        let diff = RulesetDiff.compare(old: a, new: b)
        terminal.write(format == "json" ? RulesetDiffReport.json(diff) : RulesetDiffReport.text(diff))
        if let folder = args.value("--counterexamples"), diff.meaningChanged {
            guard writeCounterexamples(a, b, diff, folder: folder, text: format == "text", terminal: terminal) else { return 2 }
        }
        return diff.meaningChanged ? 1 : 0
    }

    /// Finds, writes and lists the counterexamples; false after printing why writing failed.
    static func writeCounterexamples(_ a: Ruleset, _ b: Ruleset, _ diff: RulesetDiff, folder: String, text: Bool, terminal: Terminal) -> Bool {
        var search = Counterexamples(old: a, new: b)
        let findings = search.find(diff)
        if let code = CohortResultFiles.makeFolder(folder) {
            terminal.error("mark diff: cannot make '\(TerminalText.escaped(folder))': \(String(cString: strerror(code)))\n")
            return false
        }
        for (k, f) in findings.enumerated() {
            guard let contents = f.text else { continue }
            let path = folder + "/" + Counterexamples.fileName(k + 1, f.change)
            if let problem = CohortResultFiles.write(contents, to: path, worker: 0) {
                terminal.error("mark diff: cannot write '\(TerminalText.escaped(path))': \(problem)\n")
                return false
            }
        }
        if text { terminal.write(Counterexamples.text(findings, folder: folder)) }
        return true
    }
}
