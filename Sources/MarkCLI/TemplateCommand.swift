import Foundation
import MarkCore

/// `mark template UNIT`: a blank submission, the CSV header, or the mapping that reads it.
enum TemplateCommand: Subcommand {
    static let name = "template"
    static let abstract = "Print a blank submission, CSV header or mapping for a unit"
    static let help = """
        OVERVIEW: Print a starting point for a unit's evidence: a blank submission with every field,
        its type and allowed values in place (json); the CSV header row with a column for every
        field, followed by a row for each item of any SUBMISSION given (csv); or the mapping file
        that imports that CSV (mapping). See docs/import.md.

        USAGE: mark template UNIT|RULESET [--format json|csv|mapping] [--slots N] [SUBMISSION…]
                             [--started DATE] [--rules PATH]

        ARGUMENTS:
          UNIT|RULESET          A unit code (CS-XM-03) or a ruleset id (going-the-extra-mile).
          SUBMISSION            With --format csv: evidence files (or NDJSON files of them) whose
                                items become rows.

        OPTIONS:
          --format json|csv|mapping
                                What to print (default: json).
          --slots N             Numbered columns for each list of records or text (default 4).
          --started DATE        When several versions mark the unit: the start date that chooses.
          --rules PATH          Rules folder or file. Default: $MARK_RULES, else ./Rules, else
                                the installed rules.
          -h, --help            Show this help.

        EXIT STATUS: 0 printed, 1 no such unit, a SUBMISSION that is not JSON, or the rules
        have errors, 64 bad usage.

        """

    static func run(_ arguments: [String], terminal: Terminal) throws(UsageError) -> Int32 {
        let args = try Arguments(arguments, spec: .init(options: ["--format", "--slots", "--started", "--rules"]))
        let format = try args.choice("--format", ["json", "csv", "mapping"], default: "json")
        let slots = try args.integer("--slots", default: 4, range: 1...20)
        let submissions = Array(args.positional.dropFirst())
        if !submissions.isEmpty && format != "csv" { throw UsageError("submissions become rows only with --format csv") }
        guard let ruleset = try RulesetChoice.pick(args, command: name, terminal: terminal) else { return 1 }
        switch format {
        case "csv":
            let paths = ImportTemplate.paths(ruleset.schema, slots: slots)
            let out = CSVWriter.row(paths)
            terminal.write(out)
            for path in submissions {
                let bytes: [UInt8]
                switch InputFile.contents(path, limit: 1 << 30) {
                case .success(let b): bytes = b
                case .failure(let d):
                    terminal.error(DiagnosticRenderer(colour: terminal.colourErrors).render(d, source: nil))
                    return 1
                }
                // An NDJSON file holds one submission a line.
                let ndjson = path.hasSuffix(".ndjson") || path.hasSuffix(".jsonl")
                for (n, piece) in (ndjson ? bytes.split(separator: 10, omittingEmptySubsequences: false) : [bytes[...]]).enumerated() {
                    if ndjson && piece.allSatisfy({ $0 == 32 || $0 == 13 || $0 == 9 }) { continue }
                    guard let rows = ImportTemplate.rows(SourceFile(path: path, bytes: Array(piece)), paths: paths) else {
                        terminal.error("mark template: '\(TerminalText.escaped(path))'\(ndjson ? " line \(n + 1)" : "") is not an evidence file\n")
                        return 1
                    }
                    for row in rows { terminal.write(CSVWriter.row(row)) }
                }
            }
        case "mapping": terminal.write(ImportTemplate.mapping(ruleset.schema, slots: slots, unit: ruleset.unit))
        default:
            // A variant is chosen by the envelope's "ruleset", so its template names it.
            terminal.write(ImportTemplate.blankSubmission(ruleset.schema, unit: ruleset.unit, ruleset: ruleset.variant == nil ? nil : ruleset.id))
        }
        return 0
    }
}
