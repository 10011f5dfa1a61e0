/// xAPI statements (IEEE 9274.1.1) through a mapping: each statement is one evidence item, and
/// a mapping's sources are paths into the statement (`actor.account.name`, `timestamp`,
/// `result.extensions[https://centre.example/xapi/csat]`: a key with dots goes in brackets).
/// Statements are grouped by learner and unit in the order each group first appears.
extension EvidenceImport {
    /// A statement as an import row.
    struct XAPIRow: ImportRow {
        let json: JSONDocument
        let file: SourceFile
        let statement: Int
        /// Each entry's sources as key paths (nil: a fixed value).
        let paths: [[[String]?]]
        let separator: String

        func node(entry e: Int, source s: Int) -> Int? {
            guard let keys = paths[e][s] else { return nil }
            var node = statement
            for key in keys {
                guard json.kind(node) == .object, let next = json.member(node, key) else { return nil }
                node = next
            }
            return node
        }

        func text(entry e: Int, source s: Int) -> String? {
            guard let n = node(entry: e, source: s) else { return nil }
            switch json.kind(n) {
            case .string: return json.string(n)
            case .number: return json.numberText(n)
            case .bool: return json.bool(n) ? "true" : "false"
            case .null, .object: return nil
            case .array:
                // A list of values (a list field), joined as a list cell is.
                let parts = json.elements(n).compactMap { json.kind($0) == .string ? json.string($0) : json.kind($0) == .number ? json.numberText($0) : nil }
                return parts.joined(separator: separator)
            }
        }

        func hasText(entry e: Int, source s: Int) -> Bool { !(text(entry: e, source: s) ?? "").isEmpty }

        func problem(entry e: Int, source s: Int?, _ message: String) -> ImportProblem {
            let at = s.flatMap { node(entry: e, source: $0) } ?? statement
            let offset = json.offset(at)
            return ImportProblem(diagnostic: Diagnostic(.error, id: "invalid-statement", message, path: file.path, range: offset..<offset + 1), source: file)
        }
    }

    /// A statement path: keys separated by dots, a key in brackets taken whole.
    static func statementPath(_ text: String) -> [String] {
        var keys: [String] = []
        var current = ""
        var inBrackets = false
        for c in text {
            if inBrackets {
                if c == "]" { inBrackets = false } else { current.append(c) }
            } else if c == "[" {
                if !current.isEmpty { keys.append(current) }
                current = ""
                inBrackets = true
            } else if c == "." {
                if !current.isEmpty { keys.append(current) }
                current = ""
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { keys.append(current) }
        return keys
    }

    /// Imports a file of xAPI statements: a JSON array of statements, or an object whose
    /// `statements` member is one (as a learning record store returns them).
    public static func xapi(_ file: SourceFile, mapping: ImportMapping, catalog: RulesetCatalog, pretty: Bool, emit: (Imported) -> Void) -> Summary {
        var summary = Summary()
        let json: JSONDocument
        do {
            json = try JSONReader.parse(file.bytes)
        } catch {
            summary.add(
                ImportProblem(
                    diagnostic: Diagnostic(.error, id: "invalid-json", "invalid JSON: \(error.message)", path: file.path, range: error.offset..<error.offset + 1), source: file))
            return summary
        }
        var list = json.root
        if json.kind(list) == .object, let inner = json.member(list, "statements") { list = inner }
        guard json.kind(list) == .array else {
            let offset = json.offset(list)
            summary.add(
                ImportProblem(
                    diagnostic: Diagnostic(.error, id: "invalid-statement", "expected a list of xAPI statements, or an object with \"statements\"", path: file.path, range: offset..<offset + 1),
                    source: file))
            return summary
        }
        let paths = mapping.entries.map { entry in
            entry.sources.map { source -> [String]? in
                if case .named(let name) = source.source { return statementPath(name) }
                return nil
            }
        }
        var plans = Plans(mapping, catalog)
        var groups: [Group<XAPIRow>] = []
        var index: [[String]: Int] = [:]
        for statement in json.elements(list) {
            summary.rows += 1
            let row = XAPIRow(json: json, file: file, statement: statement, paths: paths, separator: mapping.separator)
            guard json.kind(statement) == .object else {
                summary.add(row.problem(entry: 0, source: nil, "expected a statement (an object), found \(json.kind(statement) == .array ? "a list" : "a value")"))
                continue
            }
            let key = key(row, plans.base) ?? []
            if let g = index[key] {
                groups[g].rows.append((row, file.location(of: json.offset(statement)).line))
            } else {
                index[key] = groups.count
                groups.append(Group(key: key, rows: [(row, file.location(of: json.offset(statement)).line)]))
            }
        }
        for group in groups {
            if let f = finish(group, plans: &plans, pretty: pretty) { summary.record(f, mapping: mapping, emit: emit) }
        }
        return summary
    }

    /// A file name for a submission under `--out`: `LEARNER.UNIT.json`, with anything but
    /// letters, digits, `-` and `_` as `_`, and a number added if the name is taken.
    public static func fileName(learner: String, unit: String, taken: Set<String>) -> String {
        func clean(_ s: String) -> String {
            String(s.prefix(80).map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "_" })
        }
        let base = clean(learner) + "." + clean(unit)
        var name = base + ".json"
        var n = 2
        while taken.contains(name) {
            name = base + "-\(n).json"
            n += 1
        }
        return name
    }
}
