import MarkCore

/// Go to definition, find references and the outline of a document.
struct Navigation {
    let workspace: Workspace

    static func location(_ path: String, _ range: Range<Int>, index: RulesIndex, workspace: Workspace) -> JSONValue? {
        guard let source = index.files[path]?.source ?? workspace.source(path: path) else { return nil }
        return .object(["uri": .string(workspace.uri(path: path)), "range": PositionMap(source: source).range(range).json])
    }

    /// `textDocument/definition`: where the symbol at the position is declared; for an import,
    /// the imported file.
    func definition(_ uri: String, _ position: LSPPosition) -> JSONValue {
        guard let (index, document) = workspace.index(uri) else { return .null }
        let offset = PositionMap(source: document.source).offset(position)
        guard let at = index.occurrence(at: offset, in: document.path) else { return .null }
        if case .file(let target) = at.key {
            return .array([.object(["uri": .string(workspace.uri(path: target)), "range": LSPRange(start: .init(line: 0, character: 0), end: .init(line: 0, character: 0)).json])])
        }
        let found = index.declarations(of: at.key).compactMap { Navigation.location($0.path, $0.range, index: index, workspace: workspace) }
        return found.isEmpty ? .null : .array(found)
    }

    /// `textDocument/references`: every place the symbol at the position is written, in the
    /// document, what it imports, and the workspace's rules files that see the same declaration.
    func references(_ uri: String, _ position: LSPPosition, includeDeclaration: Bool) -> JSONValue {
        guard let (narrow, document) = workspace.index(uri) else { return .null }
        let offset = PositionMap(source: document.source).offset(position)
        guard let at = narrow.occurrence(at: offset, in: document.path) else { return .null }
        let declaring = Set(narrow.declarations(of: at.key).map(\.path))
        guard let (wide, _) = workspace.wideIndex(uri) else { return .null }
        let found = wide.references(of: at.key, declaredIn: declaring)
            .filter { includeDeclaration || !$0.isDeclaration }
            .compactMap { Navigation.location($0.path, $0.range, index: wide, workspace: workspace) }
        return .array(found)
    }

    /// `textDocument/documentSymbol`: the outline of a rules file (header, imports, evidence,
    /// definitions, points, grading) or of a test file (its cases).
    func symbols(_ uri: String) -> JSONValue {
        guard let document = workspace.documents[uri] else { return .null }
        let map = PositionMap(source: document.source)
        switch document.kind {
        case .rules:
            guard let tree = workspace.analysis(uri)?.files.first?.tree else { return .array([]) }
            return .array(tree.declarations.compactMap { OutlineSymbol.of($0, map: map) })
        case .tests:
            let (file, _) = RuleTestParser.parse(document.source)
            return .array(file.cases.map {
                OutlineSymbol.symbol($0.name, detail: "case", kind: 6, range: $0.range, selection: $0.nameRange, map: map)
            })
        case .other:
            return .array([])
        }
    }
}

/// The protocol's DocumentSymbol for the declarations of a rules file.
enum OutlineSymbol {
    static func symbol(
        _ name: String, detail: String? = nil, kind: Int, range: Range<Int>, selection: Range<Int>, map: PositionMap, children: [JSONValue] = []
    ) -> JSONValue {
        // The selection must lie inside the range, and the name must not be empty.
        let whole = min(range.lowerBound, selection.lowerBound)..<max(range.upperBound, selection.upperBound)
        return .object([
            "name": .string(name.isEmpty ? "?" : name),
            "detail": detail.map { .string($0) },
            "kind": .int(kind),
            "range": map.range(whole).json,
            "selectionRange": map.range(selection).json,
            "children": children.isEmpty ? nil : .array(children),
        ])
    }

    static func of(_ declaration: Declaration, map: PositionMap) -> JSONValue? {
        switch declaration {
        case .header(let h):
            return symbol(h.id.value, detail: h.kind.rawValue, kind: 2, range: h.range, selection: h.id.range, map: map)
        case .import(let i):
            return symbol(i.path.value, detail: "import", kind: 1, range: i.range, selection: i.path.range, map: map)
        case .evidence(let e):
            let children = e.members.map { member(of: $0, map: map) }
            return symbol("evidence", kind: 23, range: e.range, selection: e.range.lowerBound..<e.range.lowerBound + 8, map: map, children: children)
        case .define(let d):
            let text = map.source.text(d.range)
            let detail = d.parameters == nil ? nil : String(text.drop { $0 != "(" }.prefix { $0 != ")" }) + ")"
            return symbol(d.name.name, detail: detail, kind: d.parameters == nil ? 14 : 12, range: d.range, selection: d.name.range, map: map)
        case .point(let p):
            return symbol(p.id.name, detail: p.wording.value, kind: 6, range: p.range, selection: p.id.range, map: map)
        case .grading(let g):
            var grades: [JSONValue] = []
            for case .grades(let names, _) in g.statements {
                grades += names.map { symbol($0.value, detail: "grade", kind: 22, range: $0.range, selection: $0.range, map: map) }
            }
            return symbol("grading", kind: 3, range: g.range, selection: g.range.lowerBound..<g.range.lowerBound + 7, map: map, children: grades)
        case .extends(let e):
            return symbol(e.path.value, detail: "extends", kind: 1, range: e.range, selection: e.path.range, map: map)
        case .removal, .gradingAmendment: return nil
        }
    }

    static func member(of member: EvidenceMember, map: PositionMap) -> JSONValue {
        func fields(_ list: [FieldDeclaration]) -> [JSONValue] {
            list.map { f in
                symbol(f.name.name, detail: map.source.text(f.type.range), kind: 8, range: f.name.range.lowerBound..<f.type.range.upperBound, selection: f.name.range, map: map)
            }
        }
        switch member {
        case .kinds(let names, let range):
            let values = names.map { symbol($0.name, kind: 22, range: $0.range, selection: $0.range, map: map) }
            return symbol("kinds", kind: 10, range: range, selection: range.lowerBound..<range.lowerBound + 5, map: map, children: values)
        case .enumeration(let name, let values, let range):
            let children = values.map { symbol($0.name, kind: 22, range: $0.range, selection: $0.range, map: map) }
            return symbol(name.name, detail: "enum", kind: 10, range: range, selection: name.range, map: map, children: children)
        case .record(let name, let list, let range):
            return symbol(name.name, detail: "record", kind: 23, range: range, selection: name.range, map: map, children: fields(list))
        case .item(let list, let range):
            return symbol("item", kind: 5, range: range, selection: range.lowerBound..<range.lowerBound + 4, map: map, children: fields(list))
        }
    }
}
