import MarkCore

/// `textDocument/hover`: what the name under the cursor is — a point's wording and marks, a
/// definition's text, an evidence field's type and comment, a grade's rule.
struct Hover {
    let workspace: Workspace

    func hover(_ uri: String, _ position: LSPPosition) -> JSONValue {
        guard let (index, document) = workspace.index(uri) else { return .null }
        let map = PositionMap(source: document.source)
        let offset = map.offset(position)
        guard let at = index.occurrence(at: offset, in: document.path), let text = describe(at.key, index: index) else { return .null }
        return .object([
            "contents": .object(["kind": .string("markdown"), "value": .string(text)]),
            "range": map.range(at.range).json,
        ])
    }

    /// Markdown describing a symbol, from its declaration.
    func describe(_ key: SymbolKey, index: RulesIndex) -> String? {
        let lookup = DeclarationLookup(index: index)
        switch key {
        case .point(let id):
            guard let (p, file) = lookup.point(id) else { return nil }
            var lines = ["**point** `\(id)`", "", p.wording.value]
            var facts: [String] = []
            for s in p.statements {
                switch s {
                case .marks(let e, _): facts.append("marks \(file.source.text(e.range))")
                case .computedMarks(_, let r): facts.append(file.source.text(r))
                case .partialMarks(let e, _): facts.append("partial marks \(file.source.text(e.range))")
                case .requiredFor(let g, _): facts.append("required for \(g.raw)")
                default: break
                }
            }
            if !facts.isEmpty { lines += ["", facts.joined(separator: " · ")] }
            return lines.joined(separator: "\n") + lookup.comment(before: p.range, in: file)
        case .definition(let name):
            guard let (d, file) = lookup.definition(name) else { return nil }
            return Hover.code(file.source.text(d.range)) + lookup.comment(before: d.range, in: file)
        case .field(let name):
            let found = lookup.fields(name)
            if found.isEmpty, let builtin = ["id": "text", "kind": "kind", "date": "date"][name] {
                return Hover.code("\(name): \(builtin)") + "\nEvery evidence item has it."
            }
            return found.isEmpty ? nil : found.map { f in
                let owner = f.record.map { "a field of record `\($0)`" } ?? "a field of every evidence item"
                return Hover.code(f.file.source.text(f.declaration.name.range.lowerBound..<(f.declaration.scale?.range.upperBound ?? f.declaration.type.range.upperBound)))
                    + "\n" + owner + lookup.comment(before: f.declaration.name.range, in: f.file, trailing: true)
            }.joined(separator: "\n\n---\n\n")
        case .type(let name):
            guard let (range, file) = lookup.type(name) else { return nil }
            return Hover.code(file.source.text(range)) + lookup.comment(before: range, in: file)
        case .grade(let name):
            guard let grading = lookup.grading() else { return nil }
            var text = "**grade** \"\(name)\""
            for case .grades(let names, _) in grading.scheme.statements {
                text += " (grades, lowest first: " + names.map(\.raw).joined(separator: ", ") + ")"
            }
            for case .rule(let g, _, let range) in grading.scheme.statements where g.value == name {
                text += "\n" + Hover.code(grading.file.source.text(range))
            }
            return text
        case .component(let id):
            guard let (c, range, file) = lookup.component(id) else { return nil }
            var lines = ["**component** `\(id)`", "", c.title.value, "", "points " + c.points.map { "`\($0.name)`" }.joined(separator: ", ")]
            for case .grades(let names, _) in c.statements { lines.append("grades, lowest first: " + names.map(\.raw).joined(separator: ", ")) }
            return lines.joined(separator: "\n") + lookup.comment(before: range, in: file)
        case .local(let path, _):
            guard let file = index.files[path], let o = index.declarations(of: key).first, let whole = o.declarationRange else { return nil }
            let text = file.source.text(whole)
            if whole == o.range { return "`\(text)`: bound by the quantifier or aggregate around it" }
            return text.hasPrefix("let") ? Hover.code(text) : "parameter `\(text)`"
        case .file(let path):
            guard let file = index.files[path] else { return "`\(path)`" }
            var header = "`\(path)`"
            if case .header(let h)? = file.tree.declarations.first { header = "**\(h.kind.rawValue)** \(h.id.raw)\n\n`\(path)`" }
            return header + lookup.comment(before: 0..<0, in: file, fileStart: true)
        }
    }

    /// A fenced block of rules text.
    static func code(_ text: String) -> String { "```mark-rules\n" + text + "\n```" }
}

/// Finds the declaration of a symbol in the indexed files, and the comment written above it.
struct DeclarationLookup {
    let index: RulesIndex

    /// A field declaration with the record it belongs to (nil for an item field).
    struct Field {
        var declaration: FieldDeclaration
        var record: String?
        var file: ParsedRules
    }

    private var files: [ParsedRules] { index.order.compactMap { index.files[$0] } }

    func point(_ id: String) -> (MarkingPoint, ParsedRules)? {
        for file in files {
            for case .point(let p) in file.tree.declarations where p.id.name == id { return (p, file) }
        }
        return nil
    }

    func definition(_ name: String) -> (Definition, ParsedRules)? {
        for file in files {
            for case .define(let d) in file.tree.declarations where d.name.name == name { return (d, file) }
        }
        return nil
    }

    func evidence() -> [(EvidenceMember, ParsedRules)] {
        files.flatMap { file in
            file.tree.declarations.flatMap { d -> [(EvidenceMember, ParsedRules)] in
                if case .evidence(let e) = d { return e.members.map { ($0, file) } }
                return []
            }
        }
    }

    func fields(_ name: String) -> [Field] {
        allFields().filter { $0.declaration.name.name == name }
    }

    func allFields() -> [Field] {
        evidence().flatMap { member, file -> [Field] in
            switch member {
            case .record(let r, let list, _): return list.map { Field(declaration: $0, record: r.name, file: file) }
            case .item(let list, _): return list.map { Field(declaration: $0, record: nil, file: file) }
            default: return []
            }
        }
    }

    func type(_ name: String) -> (Range<Int>, ParsedRules)? {
        for (member, file) in evidence() {
            switch member {
            case .enumeration(let n, _, let range) where n.name == name: return (range, file)
            case .record(let n, _, let range) where n.name == name: return (range, file)
            default: continue
            }
        }
        return nil
    }

    /// The values of an enumeration (`kind` is the item kinds), if it is declared.
    func enumValues(_ name: String) -> [String]? {
        for (member, _) in evidence() {
            switch member {
            case .enumeration(let n, let values, _) where n.name == name: return values.map(\.name)
            case .kinds(let names, _) where name == "kind": return names.map(\.name)
            default: continue
            }
        }
        return nil
    }

    func grading() -> (scheme: GradingScheme, file: ParsedRules)? {
        for file in files {
            for case .grading(let g) in file.tree.declarations { return (g, file) }
        }
        return nil
    }

    /// The component `id` of the grading scheme, where it is written and its file.
    func component(_ id: String) -> (ComponentScheme, Range<Int>, ParsedRules)? {
        guard let grading = grading() else { return nil }
        for case .component(let c, let range) in grading.scheme.statements where c.id.name == id { return (c, range, grading.file) }
        return nil
    }

    /// The own-line comments directly above a declaration (and, with `trailing`, a comment at
    /// the end of its line), as text after a blank line; empty when there are none.
    func comment(before range: Range<Int>, in file: ParsedRules, trailing: Bool = false, fileStart: Bool = false) -> String {
        let source = file.source
        var lines: [String] = []
        if fileStart {
            for c in file.tree.comments {
                guard !c.isTrailing, source.location(of: c.range.lowerBound).line == lines.count + 1 else { break }
                lines.append(c.text)
            }
        } else {
            var expected = source.location(of: range.lowerBound).line - 1
            for c in file.tree.comments.reversed() where c.range.upperBound <= range.lowerBound {
                let line = source.location(of: c.range.lowerBound).line
                if line > expected { continue }
                guard line == expected, !c.isTrailing else { break }
                lines.insert(c.text, at: 0)
                expected -= 1
            }
        }
        if trailing {
            let line = source.location(of: range.lowerBound).line
            if let c = file.tree.comments.first(where: { $0.isTrailing && source.location(of: $0.range.lowerBound).line == line }) { lines.append(c.text) }
        }
        let text = lines.map { line in
            var s = Substring(line)
            if s.hasPrefix("#") { s = s.dropFirst() }
            if s.hasPrefix(" ") { s = s.dropFirst() }
            return String(s)
        }.joined(separator: "\n")
        return text.isEmpty ? "" : "\n\n" + text
    }
}
