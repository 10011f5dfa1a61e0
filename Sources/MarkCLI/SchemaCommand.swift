import Foundation
import MarkCore

/// `mark schema UNIT|RULESET`: the JSON Schema of the evidence a ruleset reads.
enum SchemaCommand: Subcommand {
    static let name = "schema"
    static let abstract = "Print the JSON Schema of a unit's evidence"
    static let help = """
        OVERVIEW: Print the JSON Schema (draft 2020-12) of the evidence a ruleset reads, generated
        from its evidence declaration: types, allowed values, required and optional fields, scales,
        and the declaration's comments as descriptions. Point an editor at it to validate and
        complete evidence files; validate an export with it before importing (docs/import.md).

        USAGE: mark schema UNIT|RULESET [--started DATE] [--rules PATH]

        ARGUMENTS:
          UNIT|RULESET          A unit code (CS-XM-03) or a ruleset id (going-the-extra-mile).

        OPTIONS:
          --started DATE        When several versions mark the unit: the learner's start date
                                (YYYY-MM-DD) that chooses one.
          --rules PATH          Rules folder or file. Default: $MARK_RULES, else ./Rules, else
                                the installed rules.
          -h, --help            Show this help.

        EXIT STATUS: 0 printed, 1 no such unit or the rules have errors, 64 bad usage.

        """

    static func run(_ arguments: [String], terminal: Terminal) throws(UsageError) -> Int32 {
        let args = try Arguments(arguments, spec: .init(options: ["--started", "--rules"]))
        if args.positional.count > 1 { throw UsageError("name one unit code or ruleset id") }
        guard let ruleset = try RulesetChoice.pick(args, command: name, terminal: terminal) else { return 1 }
        terminal.write(EvidenceJSONSchema.text(for: ruleset))
        return 0
    }
}

/// Chooses the one ruleset a command about a unit's evidence is for.
enum RulesetChoice {
    /// The ruleset named by the one positional argument (unit code or ruleset id), or nil with
    /// a message printed.
    static func pick(_ args: Arguments, command: String, terminal: Terminal) throws(UsageError) -> Ruleset? {
        guard let wanted = args.positional.first else { throw UsageError("name a unit code or ruleset id") }
        var started: CalendarDate?
        if let text = args.value("--started") {
            guard let d = CalendarDate(text) else { throw UsageError("'--started' takes a date as YYYY-MM-DD, not '\(text)'") }
            started = d
        }
        guard let (catalog, _) = MarkSubmissions.loadRules(args.value("--rules"), terminal: terminal) else { return nil }
        let matching = catalog.rulesets.filter { ($0.unit == wanted || $0.id == wanted) && (started.map($0.applies(toStart:)) ?? true) }
        if matching.count == 1 { return matching[0] }
        if matching.isEmpty {
            let names = Set(catalog.rulesets.flatMap { [$0.unit, $0.id] }).sorted()
            terminal.error(
                "mark \(command): no ruleset marks '\(TerminalText.escaped(wanted))'\(started.map { " for a learner who started on \($0)" } ?? "") (units and rulesets: \(names.joined(separator: ", ")))"
                    + Suggestion.didYouMean(wanted, among: names) + "\n")
        } else {
            let list = matching.map { "\($0.id) \($0.version) from \($0.appliesFrom)" }.joined(separator: "; ")
            terminal.error("mark \(command): \(matching.count) rulesets mark '\(TerminalText.escaped(wanted))' (\(list)); choose one with --started DATE\n")
        }
        return nil
    }
}
