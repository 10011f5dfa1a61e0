import Foundation
import MarkCore

/// What sort of file a document is, by its language id or its name.
enum DocumentKind: Sendable {
    case rules, tests, other

    init(languageID: String?, path: String) {
        if path.hasSuffix(".tests") || languageID == "mark-tests" {
            self = .tests
        } else if path.hasSuffix(".rules") || languageID == "mark-rules" {
            self = .rules
        } else {
            self = .other
        }
    }
}

/// A document the editor has open: its text as the editor holds it, which stands in for the
/// file on disk while it is open.
struct OpenDocument {
    /// The URI exactly as the client sent it (replies must use the same string).
    var uri: String
    /// The file's path (normalised), or the URI itself for a document that is not a file.
    var path: String
    /// The version the client last gave.
    var version: Int
    /// The text.
    var source: SourceFile
    /// Rules, tests or something else.
    var kind: DocumentKind
}

/// A rules file read for a document's analysis: its source and syntax tree.
struct ParsedRules {
    var source: SourceFile
    var tree: RuleFile
}

/// What checking a rules document gave: every diagnostic (in any of its files), and the
/// document with the files it imports, the document first.
struct RulesAnalysis {
    var diagnostics: [Diagnostic]
    var files: [ParsedRules]
}

/// The open documents, the workspace folder, and the analysis of each document.
final class Workspace {
    /// The workspace folder, from `initialize` (imports must stay inside it).
    var root: String?
    private(set) var documents: [String: OpenDocument] = [:]
    private var analyses: [String: RulesAnalysis] = [:]
    /// Symbol indexes by document (its imports; and with the workspace's rules files), built
    /// on first use and dropped with the analyses.
    var indexes: [String: RulesIndex] = [:]
    var wideIndexes: [String: RulesIndex] = [:]

    /// Drops every analysis and index: files on disk may have changed.
    func forgetAnalyses() {
        analyses = [:]
        indexes = [:]
        wideIndexes = [:]
    }

    /// Drops what may have read a file's text: the analyses (and indexes) of the documents
    /// that are that file or import it, and every workspace-wide index.
    func forget(path: String) {
        for (uri, analysis) in analyses where documents[uri]?.path == path || analysis.files.contains(where: { $0.source.path == path }) {
            analyses[uri] = nil
            indexes[uri] = nil
        }
        wideIndexes = [:]
    }

    /// Opens (or replaces) a document.
    func open(uri: String, languageID: String?, version: Int, text: String) {
        let path = DocumentURI.path(uri) ?? uri
        let source = SourceFile(path: path, text: text)
        documents[uri] = OpenDocument(uri: uri, path: path, version: version, source: source, kind: DocumentKind(languageID: languageID, path: path))
        forget(path: path)
    }

    /// Replaces an open document's text; false if it is not open.
    func change(uri: String, version: Int, text: String) -> Bool {
        guard var document = documents[uri] else { return false }
        document.version = version
        document.source = SourceFile(path: document.path, text: text)
        documents[uri] = document
        forget(path: document.path)
        return true
    }

    /// Closes a document.
    func close(uri: String) {
        guard let path = documents[uri]?.path else { return }
        documents[uri] = nil
        analyses[uri] = nil
        indexes[uri] = nil
        forget(path: path)
    }

    /// Open documents' text by normalised path, for the loaders.
    var overlay: [String: [UInt8]] {
        var overlay: [String: [UInt8]] = [:]
        for d in documents.values where d.kind == .rules { overlay[RuleLoader.normalise(d.path)] = d.source.bytes }
        return overlay
    }

    /// The folder a file's imports must stay inside: the workspace folder when the file is in
    /// it, else the file's own folder (as `mark check FILE` does).
    func loaderRoot(for path: String) -> String {
        if let root, path.hasPrefix(root == "/" ? "/" : root + "/") { return root }
        let parent = (path as NSString).deletingLastPathComponent
        return parent.isEmpty ? "." : parent
    }

    /// The analysis of an open rules document (computed once per change of any document).
    func analysis(_ uri: String) -> RulesAnalysis? {
        if let cached = analyses[uri] { return cached }
        guard let document = documents[uri], document.kind == .rules else { return nil }
        let result = analyse(document)
        analyses[uri] = result
        return result
    }

    private func analyse(_ document: OpenDocument) -> RulesAnalysis {
        // The limit `mark check` puts on a rules file holds for an unsaved one too.
        guard document.source.bytes.count <= RuleLoader.maxSize else {
            let message = "larger than the limit of \(InputFile.describe(RuleLoader.maxSize)) for rules files, so it was not checked"
            return RulesAnalysis(diagnostics: [Diagnostic(.error, id: "too-large", message, path: document.path, range: 0..<0)], files: [])
        }
        var loader = RuleLoader(root: loaderRoot(for: document.path))
        loader.overlay = overlay
        loader.overlay[RuleLoader.normalise(document.path)] = document.source.bytes
        let outcome = Checker.check(path: document.path, loader: &loader)
        var files: [ParsedRules] = []
        for source in outcome.sources {
            if case .success(let loaded) = loader.load(source.path) { files.append(ParsedRules(source: loaded.source, tree: loaded.tree)) }
        }
        if files.isEmpty {
            // The loader refused the file (outside the folder): show it anyway, unparsed.
            files = [ParsedRules(source: document.source, tree: Parser.parse(document.source).file)]
        }
        return RulesAnalysis(diagnostics: outcome.diagnostics, files: files)
    }

    /// The diagnostics of a document, in its own file, as `mark check` or `mark test` gives them.
    func diagnostics(_ uri: String) -> [Diagnostic] {
        guard let document = documents[uri] else { return [] }
        switch document.kind {
        case .rules:
            return (analysis(uri)?.diagnostics ?? []).filter { $0.path == document.path }
        case .tests:
            return testDiagnostics(document)
        case .other:
            return []
        }
    }

    /// A test file's syntax errors, or, when it parses, what running its cases found: the cases
    /// that failed, and a note when its ruleset does not check.
    private func testDiagnostics(_ document: OpenDocument) -> [Diagnostic] {
        guard document.source.bytes.count <= RuleLoader.maxSize else {
            let message = "larger than the limit of \(InputFile.describe(RuleLoader.maxSize)) for test files, so it was not run"
            return [Diagnostic(.error, id: "too-large", message, path: document.path, range: 0..<0)]
        }
        let (file, syntax) = RuleTestParser.parse(document.source)
        if !syntax.isEmpty { return syntax }
        var runner = RuleTestRunner()
        runner.overlay = overlay
        let result = runner.run(document.source)
        var found = result.problems.filter { $0.path == document.path }
        for c in result.cases { found += c.diagnostics.filter { $0.path == document.path } }
        let elsewhere = result.problems.filter { $0.path != document.path && $0.severity == .error }
        if found.isEmpty, let first = elsewhere.first {
            let range = file.ruleset?.range ?? 0..<0
            let notes = elsewhere.prefix(20).map { Diagnostic.Note(message: $0.message, path: $0.path, range: $0.range) }
            found.append(Diagnostic(
                .error, id: "rule-test-ruleset",
                "the ruleset '\(result.rulesetPath)' has \(elsewhere.count) error\(elsewhere.count == 1 ? "" : "s") (the first: \(first.message)); the cases were not run",
                path: document.path, range: range, notes: notes))
        }
        return found
    }

    /// A source for a path: an open document's text, else the file on disk.
    func source(path: String) -> SourceFile? {
        if let open = documents.values.first(where: { $0.path == path }) { return open.source }
        guard case .success(let bytes) = RuleLoader.readFile(path) else { return nil }
        return SourceFile(path: path, bytes: bytes)
    }

    /// The URI to use for a path: an open document's own URI, else a `file:` URI.
    func uri(path: String) -> String {
        documents.values.first(where: { $0.path == path })?.uri ?? DocumentURI.uri(path)
    }
}
