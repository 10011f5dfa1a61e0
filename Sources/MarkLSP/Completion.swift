import Foundation
import MarkCore

/// `textDocument/completion`: evidence fields after `x.`, enum values inside the quotes of a
/// comparison, grade names inside `required for "…"` and `grade "…"`, types after `:`, and
/// otherwise definitions, points, built-ins and the keywords that fit where the cursor is.
struct Completion {
    let workspace: Workspace

    /// The protocol's completion item kinds used here.
    enum Kind: Int {
        case function = 3, field = 5, variable = 6, module = 9, keyword = 14, enumMember = 20, constant = 21, event = 23, typeParameter = 25
    }

    static func item(_ label: String, _ kind: Kind, detail: String? = nil) -> JSONValue {
        .object(["label": .string(label), "kind": .int(kind.rawValue), "detail": detail.map { .string($0) }])
    }

    func complete(_ uri: String, _ position: LSPPosition) -> JSONValue {
        guard let (index, document) = workspace.index(uri) else { return .null }
        let map = PositionMap(source: document.source)
        let offset = map.offset(position)
        let bytes = document.source.bytes
        var lineStart = offset
        while lineStart > 0, bytes[lineStart - 1] != 10, bytes[lineStart - 1] != 13 { lineStart -= 1 }
        let line = String(decoding: bytes[lineStart..<offset], as: UTF8.self)
        let before = String(decoding: bytes[0..<offset], as: UTF8.self)
        let lookup = DeclarationLookup(index: index)
        let items = Completion.items(line: line, before: before, lookup: lookup)
        return .object(["isIncomplete": .bool(false), "items": .array(items)])
    }

    static func items(line: String, before: String, lookup: DeclarationLookup) -> [JSONValue] {
        if let quote = openQuote(line) {
            return stringItems(String(line[..<quote]), before: before, lookup: lookup)
        }
        let prefix = String(line.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" }.reversed())
        let head = line.dropLast(prefix.count)
        if head.hasSuffix(".") {
            let chain = String(head.dropLast().reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }.reversed())
            return fieldItems(chain.split(separator: ".").map(String.init), before: before, lookup: lookup)
        }
        let trimmed = head.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty && head.isEmpty {
            return topLevelKeywords.map { item($0, .keyword) }
        }
        if trimmed.hasSuffix(":") || trimmed.hasSuffix("list of") || trimmed.hasSuffix("optional") {
            var types = ["text", "number", "boolean", "date", "list of", "optional"].map { item($0, .keyword) }
            for (member, _) in lookup.evidence() {
                switch member {
                case .enumeration(let n, _, _): types.append(item(n.name, .typeParameter, detail: "enum"))
                case .record(let n, _, _): types.append(item(n.name, .typeParameter, detail: "record"))
                default: break
                }
            }
            return types
        }
        var out: [JSONValue] = []
        for file in lookup.index.order.compactMap({ lookup.index.files[$0] }) {
            for d in file.tree.declarations {
                switch d {
                case .define(let def):
                    out.append(item(def.name.name, def.parameters == nil ? .constant : .function, detail: file.source.text(def.range).split(separator: "\n").first.map(String.init)))
                case .point(let p):
                    out.append(item(p.id.name, .event, detail: p.wording.value))
                default: break
                }
            }
        }
        for c in components(lookup) { out.append(item(c.id.name, .module, detail: c.title.value)) }
        out += Builtin.allCases.map { item($0.rawValue, .function, detail: "built-in") }
        out += ["any", "all", "none", "distinct", "span"].map { item($0, .function, detail: "built-in") }
        out += ["items", "submission", "total"].map { item($0, .variable) }
        out += statementKeywords.map { item($0, .keyword) }
        return out
    }

    static let topLevelKeywords = ["ruleset", "library", "import", "evidence", "define", "point", "grading"]

    static let statementKeywords = [
        "marks", "partial marks", "required for", "let", "met when", "partially met when", "feedback met", "feedback partially met",
        "feedback not met", "grades", "floor", "grade", "and", "or", "not", "in", "not in", "is", "is missing", "is present", "is met",
        "is partially met", "is not met", "where", "for", "otherwise", "mentions", "within", "days", "weeks", "between", "true", "false",
        "component", "points", "combine", "gives",
    ]

    /// Where an unclosed string starts on the line, if the cursor is inside one.
    static func openQuote(_ line: String) -> String.Index? {
        var open: String.Index?
        var i = line.startIndex
        while i < line.endIndex {
            let c = line[i]
            if c == "#" && open == nil { return nil }
            if c == "\\" && open != nil {
                i = line.index(after: i)
                if i < line.endIndex { i = line.index(after: i) }
                continue
            }
            if c == "\"" { open = open == nil ? i : nil }
            i = line.index(after: i)
        }
        return open
    }

    /// Inside quotes: grade names after `required for`, `grade` and `grades`, enum values after
    /// a comparison with a field of an enum type.
    static func stringItems(_ head: String, before: String, lookup: DeclarationLookup) -> [JSONValue] {
        let trimmed = head.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("required for") || trimmed == "grade" || trimmed.hasPrefix("grades") {
            guard let grading = lookup.grading() else { return [] }
            return grading.scheme.statements.flatMap { s -> [JSONValue] in
                if case .grades(let names, _) = s { return names.map { item($0.value, .enumMember, detail: "grade") } }
                return []
            }
        }
        // `observation is "…"`: that component's grades; `… components are "…"`: every component's.
        if let id = lastMatch(#"([A-Za-z_][A-Za-z0-9_]*)\s+is\s*$"#, in: trimmed), let c = components(lookup).first(where: { $0.id.name == id }) {
            return componentGrades([c]).map { item($0, .enumMember, detail: "grade of \(id)") }
        }
        if lastMatch(#"(\))\s*are\s*$"#, in: trimmed) != nil || lastMatch(#"(components)\s+are\s*$"#, in: trimmed) != nil {
            return componentGrades(components(lookup)).map { item($0, .enumMember, detail: "component grade") }
        }
        let pattern = #"([A-Za-z_][A-Za-z0-9_.]*)\s*(?:!=|=|not\s+in\s*\[[^\]]*|in\s*\[[^\]]*)\s*$"#
        guard let chain = lastMatch(pattern, in: trimmed) else { return [] }
        let parts = chain.split(separator: ".").map(String.init)
        guard let type = resolveFieldType(parts, before: before, lookup: lookup), let values = lookup.enumValues(type)
        else { return [] }
        return values.map { item($0, .enumMember, detail: type) }
    }

    /// The components of the grading scheme, in the order written.
    static func components(_ lookup: DeclarationLookup) -> [ComponentScheme] {
        guard let grading = lookup.grading() else { return [] }
        var out: [ComponentScheme] = []
        for case .component(let c, _) in grading.scheme.statements { out.append(c) }
        return out
    }

    /// The grades of the components' scales, lowest first, each once.
    static func componentGrades(_ components: [ComponentScheme]) -> [String] {
        var out: [String] = []
        for c in components {
            for case .grades(let names, _) in c.statements { for n in names where !out.contains(n.value) { out.append(n.value) } }
        }
        return out
    }

    /// The fields of what a chain `x.a.b` names.
    static func fieldItems(_ chain: [String], before: String, lookup: DeclarationLookup) -> [JSONValue] {
        guard let first = chain.first else { return [] }
        if chain.count == 1 && first == "submission" {
            return SubmissionFields.all.map { item($0.name, .field, detail: String(describing: $0.type)) }
        }
        let record: String?
        if chain.count == 1 {
            record = recordOf(variable: first, before: before, lookup: lookup, depth: 0)
        } else {
            record = resolveFieldType(chain, before: before, lookup: lookup)
        }
        var fields = lookup.allFields()
        if let record { fields = fields.filter { $0.record == (record == "item" ? nil : record) } }
        var seen: Set<String> = []
        var out: [JSONValue] = []
        if record == nil || record == "item" {
            out += [("id", "text"), ("kind", "kind"), ("date", "date")].map { item($0.0, .field, detail: $0.1) }
            seen = ["id", "kind", "date"]
        }
        for f in fields where seen.insert(f.declaration.name.name).inserted {
            out.append(item(f.declaration.name.name, .field, detail: f.file.source.text(f.declaration.type.range)))
        }
        return out
    }

    /// The type name of the field a chain ends in (`i.verified_by.role` → `role`; `i.kind` → `kind`).
    static func resolveFieldType(_ chain: [String], before: String, lookup: DeclarationLookup) -> String? {
        guard chain.count >= 2 else { return nil }
        if chain.count == 2 && chain[1] == "kind" { return "kind" }
        var record = recordOf(variable: chain[0], before: before, lookup: lookup, depth: 0) ?? "item"
        var type: String?
        for name in chain.dropFirst() {
            let owner: String? = record == "item" ? nil : record
            guard let f = lookup.allFields().first(where: { $0.record == owner && $0.declaration.name.name == name }) else { return nil }
            type = named(f.declaration)
            record = type ?? ""
        }
        return type
    }

    /// The record a variable holds: `i: item` as a parameter, or `n in i.needs` as a binder
    /// (the nearest such text before the cursor); `items` is the list of items.
    static func recordOf(variable: String, before: String, lookup: DeclarationLookup, depth: Int) -> String? {
        guard depth < 8 else { return nil }
        let name = NSRegularExpression.escapedPattern(for: variable)
        let parameter = lastMatch(#"\b"# + name + #"\s*:\s*(?:list\s+of\s+|optional\s+)*([A-Za-z_][A-Za-z0-9_]*)"#, in: before)
        let binder = lastMatch(#"\b"# + name + #"\s+in\s+([A-Za-z_][A-Za-z0-9_.]*)"#, in: before)
        if let binder, binderIsLater(variable, in: before) {
            if binder == "items" { return "item" }
            let parts = binder.split(separator: ".").map(String.init)
            if parts.count == 1 { return recordOf(variable: parts[0], before: before, lookup: lookup, depth: depth + 1) }
            var record = recordOf(variable: parts[0], before: before, lookup: lookup, depth: depth + 1) ?? "item"
            for part in parts.dropFirst() {
                let owner: String? = record == "item" ? nil : record
                guard let f = lookup.allFields().first(where: { $0.record == owner && $0.declaration.name.name == part }), let t = named(f.declaration) else { return nil }
                record = t
            }
            return record
        }
        return parameter
    }

    /// Whether the variable's latest binding before the cursor is a binder (`x in …`) rather
    /// than a parameter (`x: T`).
    static func binderIsLater(_ variable: String, in text: String) -> Bool {
        let name = NSRegularExpression.escapedPattern(for: variable)
        let b = lastRange(#"\b"# + name + #"\s+in\s"#, in: text)
        let p = lastRange(#"\b"# + name + #"\s*:"#, in: text)
        guard let b else { return false }
        guard let p else { return true }
        return b.location > p.location
    }

    /// The type name a field's type comes down to (`list of need` → `need`).
    static func named(_ field: FieldDeclaration) -> String? {
        var t = field.type
        while true {
            switch t {
            case .named(let id): return id.name
            case .list(let inner, _), .optional(let inner, _): t = inner
            }
        }
    }

    static func lastMatch(_ pattern: String, in text: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return nil }
        let ns = text as NSString
        guard let m = regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).last, m.numberOfRanges > 1 else { return nil }
        return ns.substring(with: m.range(at: 1))
    }

    static func lastRange(_ pattern: String, in text: String) -> NSRange? {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return nil }
        return regex.matches(in: text, range: NSRange(location: 0, length: (text as NSString).length)).last?.range
    }
}

