import Foundation
import MarkCore

/// The symbols of a set of rules files (a document, what it imports, and for references the
/// other rules files of the workspace), with the imports between them.
struct RulesIndex {
    private(set) var files: [String: ParsedRules] = [:]
    private(set) var symbols: [String: FileSymbols] = [:]
    /// The paths in the order added (the document first).
    private(set) var order: [String] = []

    /// Indexes files, resolving imports inside `root` as the checker does.
    init(_ parsed: [ParsedRules], root: String) {
        let loader = RuleLoader(root: root)
        for file in parsed where files[file.source.path] == nil {
            let path = file.source.path
            files[path] = file
            order.append(path)
            symbols[path] = FileSymbols(file) { imported in
                if case .success(let resolved) = loader.resolve(imported, from: path) { return resolved }
                return nil
            }
        }
    }

    /// The occurrence whose name covers a byte offset (a cursor just after a name counts).
    func occurrence(at offset: Int, in path: String) -> Occurrence? {
        let all = symbols[path]?.occurrences ?? []
        return all.first { $0.range.contains(offset) } ?? all.first { $0.range.upperBound == offset }
    }

    /// Every occurrence of a symbol, in file order then source order.
    func occurrences(of key: SymbolKey) -> [Occurrence] {
        order.flatMap { path in (symbols[path]?.occurrences ?? []).filter { $0.key == key } }
    }

    /// Where a symbol is declared.
    func declarations(of key: SymbolKey) -> [Occurrence] {
        occurrences(of: key).filter(\.isDeclaration)
    }

    /// The files a file imports, directly or through others, and the file itself.
    func closure(of path: String) -> Set<String> {
        var seen: Set<String> = [path]
        var stack = [path]
        while let next = stack.popLast() {
            for o in symbols[next]?.occurrences ?? [] {
                if case .file(let target) = o.key, files[target] != nil, seen.insert(target).inserted { stack.append(target) }
            }
        }
        return seen
    }

    /// The occurrences of the symbol at a place that belong to it: those in files that see the
    /// same declaration (the file declaring it is in their closure).
    func references(of key: SymbolKey, declaredIn declaring: Set<String>) -> [Occurrence] {
        if case .local(let path, _) = key { return (symbols[path]?.occurrences ?? []).filter { $0.key == key } }
        return order.flatMap { path -> [Occurrence] in
            let sees = declaring.isEmpty || !closure(of: path).isDisjoint(with: declaring)
            return sees ? (symbols[path]?.occurrences ?? []).filter { $0.key == key } : []
        }
    }
}

extension Workspace {
    /// The rules files of the workspace folder (at most `limit`), for references from a
    /// library into the rulesets that import it.
    func workspaceRules(limit: Int = 2000) -> [String] {
        guard let root, let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String, found.count < limit {
            if relative.hasSuffix(".rules") { found.append(RuleLoader.normalise(root + "/" + relative)) }
        }
        return found.sorted()
    }

    /// The index of a document and its imports.
    func index(_ uri: String) -> (RulesIndex, OpenDocument)? {
        guard let document = documents[uri], let analysis = analysis(uri) else { return nil }
        if let cached = indexes[uri] { return (cached, document) }
        let index = RulesIndex(analysis.files, root: loaderRoot(for: document.path))
        indexes[uri] = index
        return (index, document)
    }

    /// The index of a document, its imports, and every rules file of the workspace.
    func wideIndex(_ uri: String) -> (RulesIndex, OpenDocument)? {
        guard let document = documents[uri], let analysis = analysis(uri) else { return nil }
        if let cached = wideIndexes[uri] { return (cached, document) }
        var parsed = analysis.files
        var loader = RuleLoader(root: loaderRoot(for: document.path))
        loader.overlay = overlay
        let known = Set(parsed.map(\.source.path))
        for path in workspaceRules() where !known.contains(path) {
            if case .success(let loaded) = loader.load(path) { parsed.append(ParsedRules(source: loaded.source, tree: loaded.tree)) }
        }
        let index = RulesIndex(parsed, root: loaderRoot(for: document.path))
        wideIndexes[uri] = index
        return (index, document)
    }
}
