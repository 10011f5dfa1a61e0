import Foundation
import MarkCore

/// One submission read and checked against the ruleset that marks it: what `mark explain` and
/// `mark why-not` start from (`--rules`, `--force` and `--max-size` as for `mark`).
struct OneSubmission {
    /// The ruleset chosen.
    var ruleset: Ruleset
    /// The submission, every value kept.
    var submission: Submission
    /// Its source, for diagnostics.
    var source: SourceFile

    /// Reads `path` (or stdin for `-`) and picks its ruleset; nil after printing why it could not.
    static func load(_ path: String, args: Arguments, limit: Int, terminal: Terminal, command: String) -> OneSubmission? {
        guard let rulesPath = MarkSubmissions.rulesPath(args.value("--rules"), terminal: terminal, command: command) else { return nil }
        let catalog = RulesetCatalog.load(rulesPath)
        if catalog.hasErrors {
            terminal.error(DiagnosticRenderer(colour: terminal.colourErrors).render(catalog.diagnostics, sources: catalog.sources))
            terminal.error("\(command): the rules in '\(TerminalText.escaped(rulesPath))' have errors\n")
            return nil
        }
        let source: SourceFile
        switch path == "-" ? InputFile.readStandardInput(limit: limit) : InputFile.contents(path, limit: limit) {
        case .failure(let d):
            terminal.error(DiagnosticRenderer(colour: terminal.colourErrors).render(d, source: nil))
            return nil
        case .success(let bytes): source = SourceFile(path: path == "-" ? "<stdin>" : path, bytes: bytes)
        }
        let renderer = DiagnosticRenderer(colour: terminal.colourErrors)
        let document: EvidenceReader.Document
        switch EvidenceReader.open(source) {
        case .failure(let list):
            terminal.error(renderer.render(list.items, sources: [source.path: source]))
            return nil
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
                return nil
            }
        } else {
            switch catalog.select(unit: document.unit, started: document.started, ruleset: document.ruleset) {
            case .failure(let m):
                terminal.error(TerminalText.escaped("\(source.path): error: \(m.text)") + "\n")
                return nil
            case .success(let i): index = i
            }
        }
        let ruleset = catalog.rulesets[index]
        switch EvidenceReader.submission(document, schema: ruleset.schema) {
        case .failure(let list):
            terminal.error(renderer.render(list.items, sources: [source.path: source]))
            return nil
        case .success(let s): return OneSubmission(ruleset: ruleset, submission: s, source: source)
        }
    }

    /// Prints an evaluation error located in the rules, as `mark explain` does.
    static func printEvaluationError(_ error: EvaluationError, ruleset: Ruleset, path: String, terminal: Terminal) {
        let rules = ruleset.sources[error.location.file]
        let loc = rules.location(of: error.location.range.lowerBound)
        terminal.error(TerminalText.escaped("\(path): error: cannot mark: \(error.message) in \(rules.path):\(loc.line):\(loc.column)") + "\n")
    }
}
