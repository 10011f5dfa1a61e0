extension Checker {
    static let primitiveTypes: [String: ValueType] = ["text": .text, "number": .number, "boolean": .boolean, "date": .date]
    static let builtinItemFields = ["id", "kind", "date"]

    /// Builds the evidence schema from the one `evidence` declaration among the files.
    mutating func buildSchema() {
        var declarations: [(EvidenceDeclaration, Int)] = []
        for (file, tree) in trees.enumerated() {
            for case .evidence(let e) in tree.declarations where !e.extends { declarations.append((e, file)) }
        }
        guard let (declaration, file) = declarations.first else {
            if case .header(let h)? = trees[0].declarations.first, h.kind == .ruleset {
                error(
                    "missing-evidence", "no evidence declaration: declare 'evidence { … }' here or import a library that does",
                    h.id.range, file: 0)
            }
            return
        }
        for (extra, extraFile) in declarations.dropFirst() {
            error(
                "duplicate-evidence", "there is already an evidence declaration; a ruleset reads one evidence shape",
                extra.range.lowerBound..<extra.range.lowerBound + 8, file: extraFile,
                notes: [note("the first is here", declaration.range.lowerBound..<declaration.range.lowerBound + 8, file: file)])
        }
        var kinds: [String] = []
        var enumerations: [String: [String]] = [:]
        var recordDecls: [(Identifier, [FieldDeclaration])] = []
        var itemFields: [FieldDeclaration]?
        var declared: [String: Range<Int>] = [:]

        func declare(_ checker: inout Checker, _ name: Identifier) -> Bool {
            if Checker.primitiveTypes[name.name] != nil || name.name == "item" || name.name == "kind" {
                checker.error("reserved-type-name", "'\(name.name)' is a built-in type name", name.range, file: file)
                return false
            }
            if let first = declared[name.name] {
                checker.error(
                    "duplicate-type", "'\(name.name)' is declared twice", name.range, file: file,
                    notes: [checker.note("first declared here", first, file: file)])
                return false
            }
            declared[name.name] = name.range
            return true
        }

        for member in declaration.members {
            switch member {
            case .kinds(let names, let range):
                if !kinds.isEmpty { error("duplicate-kinds", "item kinds are declared twice", range, file: file) }
                kinds = uniqueNames(names, what: "item kind", file: file)
            case .enumeration(let name, let cases, _):
                if declare(&self, name) { enumerations[name.name] = uniqueNames(cases, what: "value", file: file) }
            case .record(let name, let fields, _):
                if declare(&self, name) { recordDecls.append((name, fields)) }
            case .item(let fields, let range):
                if itemFields != nil { error("duplicate-item", "the item is declared twice", range, file: file) }
                itemFields = fields
            }
        }
        if kinds.isEmpty {
            error("missing-kinds", "the evidence declaration needs 'kinds a, b, …' listing the item kinds", declaration.range.lowerBound..<declaration.range.lowerBound + 8, file: file)
        }
        enumerations["kind"] = kinds
        let recordNames = Set(recordDecls.map(\.0.name))
        var records: [String: RecordSchema] = [:]
        for (name, fields) in recordDecls {
            records[name.name] = RecordSchema(name: name.name, fields: resolveFields(fields, enumerations: enumerations, records: recordNames, file: file))
        }
        var item = RecordSchema(name: "item", fields: [
            FieldSchema(name: "id", type: .text), FieldSchema(name: "kind", type: .enumeration("kind")),
            FieldSchema(name: "date", type: .date),
        ])
        if let itemFields {
            for f in itemFields where Checker.builtinItemFields.contains(f.name.name) {
                error("builtin-item-field", "every item already has '\(f.name.name)'; do not declare it", f.name.range, file: file)
            }
            item.fields += resolveFields(itemFields.filter { !Checker.builtinItemFields.contains($0.name.name) }, enumerations: enumerations, records: recordNames, file: file)
        } else {
            error("missing-item", "the evidence declaration needs 'item { … }' listing the fields of an evidence item", declaration.range.lowerBound..<declaration.range.lowerBound + 8, file: file)
        }
        records["item"] = item
        schema = EvidenceSchema(kinds: kinds, enumerations: enumerations, records: records)
    }

    /// The names in order, each once; a repeat is an error. With `existing` (from `extend
    /// evidence`), the names are added after those, and one already there is an error too.
    mutating func uniqueNames(_ names: [Identifier], what: String, file: Int, adding existing: [String]? = nil) -> [String] {
        var out = existing ?? []
        for n in names {
            if out.contains(n.name) {
                let message = existing == nil ? "\(what) '\(n.name)' is listed twice" : "'\(n.name)' is already \(what)"
                error("duplicate-value", message, n.range, file: file)
            } else {
                out.append(n.name)
            }
        }
        return out
    }

    mutating func resolveFields(_ fields: [FieldDeclaration], enumerations: [String: [String]], records: Set<String>, file: Int) -> [FieldSchema] {
        var out: [FieldSchema] = []
        for f in fields {
            if out.contains(where: { $0.name == f.name.name }) {
                error("duplicate-field", "field '\(f.name.name)' is declared twice", f.name.range, file: file)
                continue
            }
            let type = resolveType(f.type, enumerations: enumerations, records: records, file: file)
            out.append(
                FieldSchema(
                    name: f.name.name, type: type, scale: f.scale.flatMap { resolveScale($0, for: type, file: file) },
                    description: comment(before: f.name.range.lowerBound, file: file)))
        }
        return out
    }

    /// The comment lines just above `offset` (none blank between), without their `#`.
    func comment(before offset: Int, file: Int) -> String? {
        let source = sources[file]
        var line = source.location(of: offset).line - 1
        var lines: [String] = []
        for c in trees[file].comments.reversed() where c.range.lowerBound < offset && !c.isTrailing {
            let at = source.location(of: c.range.lowerBound).line
            if at > line { continue }
            guard at == line else { break }
            var text = Substring(c.text.dropFirst())
            if text.first == " " { text = text.dropFirst() }
            lines.insert(String(text), at: 0)
            line -= 1
        }
        return lines.isEmpty ? nil : lines.joined(separator: " ")
    }

    /// The values of a scale, or an error when the field is not a number or the scale is empty.
    mutating func resolveScale(_ scale: ScaleSyntax, for type: ValueType, file: Int) -> ClosedRange<Double>? {
        var inner = type.unwrapped
        if let element = inner.element { inner = element.unwrapped }
        guard inner == .number || inner.isError else {
            error("scale-not-number", "only a number field can have a scale ('from … to …'); this field is \(type)", scale.range, file: file)
            return nil
        }
        guard let low = Double(scale.low), let high = Double(scale.high), low.isFinite, high.isFinite else {
            error("bad-scale", "a scale's ends must be numbers such as 0 and 10", scale.range, file: file)
            return nil
        }
        guard low <= high else {
            error("bad-scale", "a scale runs from its lowest to its highest value: 'from \(scale.low) to \(scale.high)' is empty", scale.range, file: file)
            return nil
        }
        return low...high
    }

    mutating func resolveType(_ t: TypeSyntax, enumerations: [String: [String]], records: Set<String>, file: Int) -> ValueType {
        switch t {
        case .named(let id):
            if let p = Checker.primitiveTypes[id.name] { return p }
            if enumerations[id.name] != nil { return .enumeration(id.name) }
            if records.contains(id.name) || id.name == "item" { return .record(id.name) }
            let candidates = Array(Checker.primitiveTypes.keys) + Array(enumerations.keys) + Array(records) + ["item"]
            error("unknown-type", "unknown type '\(id.name)'" + Suggestion.didYouMean(id.name, among: candidates), id.range, file: file)
            return .error
        case .list(let element, _):
            return .list(resolveType(element, enumerations: enumerations, records: records, file: file))
        case .optional(let wrapped, let range):
            let inner = resolveType(wrapped, enumerations: enumerations, records: records, file: file)
            if case .list = inner {
                error("optional-list", "a list is never missing (an absent list is empty); drop 'optional'", range, file: file)
                return inner
            }
            if case .optional = inner {
                error("optional-optional", "'optional optional' means the same as 'optional'", range, file: file)
                return inner
            }
            return .optional(inner)
        }
    }

    /// Resolves a parameter type, using the built schema.
    mutating func resolveParameterType(_ t: TypeSyntax, file: Int) -> ValueType {
        guard let schema else { return .error }
        return resolveType(t, enumerations: schema.enumerations, records: Set(schema.records.keys), file: file)
    }
}
