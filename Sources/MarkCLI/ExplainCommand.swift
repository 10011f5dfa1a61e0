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
        guard let rulesPath = MarkSubmissions.rulesPath(args.value("--rules"), terminal: terminal, command: "mark explain") else { return 1 }
        let catalog = RulesetCatalog.load(rulesPath)
        if catalog.hasErrors {
            terminal.error(DiagnosticRenderer(colour: terminal.colourErrors).render(catalog.diagnostics, sources: catalog.sources))
            terminal.error("mark explain: the rules in '\(TerminalText.escaped(rulesPath))' have errors\n")
            return 1
        }
        let source: SourceFile
        switch path == "-" ? InputFile.readStandardInput(limit: limit) : InputFile.contents(path, limit: limit) {
        case .failure(let d):
            terminal.error(DiagnosticRenderer(colour: terminal.colourErrors).render(d, source: nil))
            return 1
        case .success(let bytes): source = SourceFile(path: path == "-" ? "<stdin>" : path, bytes: bytes)
        }
        let renderer = DiagnosticRenderer(colour: terminal.colourErrors)
        let document: EvidenceReader.Document
        switch EvidenceReader.open(source) {
        case .failure(let list):
            terminal.error(renderer.render(list.items, sources: [source.path: source]))
            return 1
        case .success(let d): document = d
        }
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: rulesPath, isDirectory: &isDirectory)
        let index: Int
        if !isDirectory.boolValue {
            index = 0
            if !args.has("--force"), let (field, m) = catalog.mismatch(forced: 0, unit: document.unit, started: document.started) {
                let offset = document.json.member(document.json.root, field).map { document.json.offset($0) } ?? 0
                let d = Diagnostic(.error, id: "ruleset-does-not-cover", m.text, path: source.path, range: offset..<offset + 1)
                terminal.error(renderer.render([d], sources: [source.path: source]))
                return 1
            }
        } else {
            switch catalog.select(unit: document.unit, started: document.started, ruleset: document.ruleset) {
            case .failure(let m):
                terminal.error(TerminalText.escaped("\(source.path): error: \(m.text)") + "\n")
                return 1
            case .success(let i): index = i
            }
        }
        let ruleset = catalog.rulesets[index]
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
        let submission: Submission
        switch EvidenceReader.submission(document, schema: ruleset.schema) {
        case .failure(let list):
            terminal.error(renderer.render(list.items, sources: [source.path: source]))
            return 1
        case .success(let s): submission = s
        }
        var explainer = Explainer(ruleset: ruleset)
        let explanation: SubmissionExplanation
        do {
            explanation = try explainer.explain(submission)
        } catch {
            let rules = ruleset.sources[error.location.file]
            let loc = rules.location(of: error.location.range.lowerBound)
            terminal.error(TerminalText.escaped("\(source.path): error: cannot mark: \(error.message) in \(rules.path):\(loc.line):\(loc.column)") + "\n")
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
