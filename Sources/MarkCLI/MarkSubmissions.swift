import Foundation
import MarkCore

/// `mark SUBMISSION…`: mark learners' evidence with a ruleset.
enum MarkSubmissions: Subcommand {
    static let name = "mark"
    static let abstract = "Mark submissions (the default command)"
    static let help = """
        OVERVIEW: Mark learners' evidence submissions and print grades with feedback.

        USAGE: mark [mark] SUBMISSION… [--rules PATH] [--format text|json]

        ARGUMENTS:
          SUBMISSION            An evidence JSON file (docs/evidence-format.md), or - for stdin.

        OPTIONS:
          --rules PATH          A rules folder (the ruleset is chosen by the submission's unit and
                                start date) or one .rules file to use for every submission.
                                Default: $MARK_RULES, else ./Rules.
          --format text|json    Text for assessors (default) or JSON (docs/result-format.md).
          -h, --help            Show this help.

        EXIT STATUS: 0 every submission marked, 1 a submission or the rules could not be
        read, checked or marked, 64 bad usage.

        """

    static func run(_ arguments: [String], terminal: Terminal) throws(UsageError) -> Int32 {
        let args = try Arguments(arguments, spec: .init(options: ["--rules", "--format"]))
        let format = try args.choice("--format", ["text", "json"], default: "text")
        guard !args.positional.isEmpty else { throw UsageError("name at least one submission file (or - for stdin)") }
        guard let (catalog, forced) = loadRules(args.value("--rules"), terminal: terminal) else { return 1 }
        var marker = Marker(catalog: catalog, forced: forced)
        var failed = 0
        let many = args.positional.count > 1
        for (n, path) in args.positional.enumerated() {
            let source: SourceFile
            if path == "-" {
                source = SourceFile(path: "<stdin>", bytes: [UInt8](FileHandle.standardInput.readDataToEndOfFile()))
            } else {
                switch RuleLoader.readFile(path) {
                case .failure(let d):
                    failed += 1
                    report(.failed(path: path, diagnostics: [d], source: nil), format: format, many: many, first: n == 0, terminal: terminal)
                    continue
                case .success(let bytes): source = SourceFile(path: path, bytes: bytes)
                }
            }
            let outcome = marker.mark(source)
            if case .failed = outcome { failed += 1 }
            report(outcome, format: format, many: many, first: n == 0, terminal: terminal)
        }
        return failed > 0 ? 1 : 0
    }

    /// Loads the catalog named by --rules, $MARK_RULES or ./Rules; prints errors and returns nil.
    static func loadRules(_ option: String?, terminal: Terminal) -> (RulesetCatalog, Int?)? {
        let path = option ?? ProcessInfo.processInfo.environment["MARK_RULES"] ?? "Rules"
        let catalog = RulesetCatalog.load(path)
        if catalog.hasErrors {
            terminal.error(DiagnosticOutput.text(catalog.diagnostics, sources: catalog.sources, colour: terminal.colourErrors))
            terminal.error("mark: the rules in '\(path)' have errors; nothing was marked\n")
            return nil
        }
        var isDirectory: ObjCBool = false
        FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        return (catalog, isDirectory.boolValue ? nil : 0)
    }

    static func report(_ outcome: Marker.Outcome, format: String, many: Bool, first: Bool, terminal: Terminal) {
        switch (outcome, format) {
        case (.marked(let r), "json"):
            terminal.write(ResultJSON.render(r, engineVersion: MarkCommand.version, pretty: !many) + "\n")
        case (.marked(let r), _):
            if many && !first { terminal.write("\n" + String(repeating: "─", count: 60) + "\n\n") }
            terminal.write(ResultText.render(r, colour: terminal.colourOutput))
        case (.failed(let path, let diagnostics, let source), "json"):
            terminal.write(ResultJSON.renderError(path: path, diagnostics: diagnostics, source: source, pretty: !many) + "\n")
            terminal.error(DiagnosticRenderer(colour: terminal.colourErrors).render(diagnostics, sources: source.map { [$0.path: $0] } ?? [:]))
        case (.failed(_, let diagnostics, let source), _):
            terminal.error(DiagnosticRenderer(colour: terminal.colourErrors).render(diagnostics, sources: source.map { [$0.path: $0] } ?? [:]))
        }
    }
}
