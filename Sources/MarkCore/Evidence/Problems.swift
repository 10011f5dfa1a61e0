import Foundation

/// Collects evidence problems as diagnostics that name the JSON path.
struct Problems {
    let source: SourceFile
    let json: JSONDocument
    var list: [Diagnostic] = []
    /// Whether a key of an object matched a field another key had matched: a duplicate key,
    /// in JSON read without the duplicate-key check.
    var duplicateKey = false

    mutating func add(_ node: Int, _ path: String, _ message: String) {
        guard list.count < EvidenceReader.problemLimit else { return }
        let offset = json.offset(node)
        list.append(Diagnostic(.error, id: "invalid-evidence", "\(path): \(message)", path: source.path, range: offset..<offset + 1))
    }

    /// The member's node, or a "missing" problem at the object.
    mutating func required(_ object: Int, _ key: String, _ path: String, what: String) -> Int? {
        if let v = json.member(object, key) { return v }
        add(object, path, "missing \"\(key)\": expected \(what)")
        return nil
    }

    mutating func unknownKeys(_ object: Int, _ path: String, allowed: [String]) {
        if Problems.allKeysAllowed(json, object, allowed) { return }
        for m in json.members(object) where !allowed.contains(m.key) {
            guard list.count < EvidenceReader.problemLimit else { return }
            let hint = Suggestion.didYouMean(m.key, among: allowed)
            list.append(
                Diagnostic(
                    .error, id: "invalid-evidence", "\(path): unknown field \"\(Problems.clip(m.key))\"\(hint)", path: source.path,
                    range: m.keyOffset..<m.keyOffset + 1))
        }
    }

    /// Whether every key of the object is, byte for byte, one of `allowed`: the common case,
    /// checked without decoding keys into strings.
    static func allKeysAllowed(_ json: JSONDocument, _ object: Int, _ allowed: [String]) -> Bool {
        guard json.kind(object) == .object else { return true }
        var k = object + 1
        let end = json.end(object)
        while k < end {
            var known = false
            for name in allowed where json.string(k, equals: name) {
                known = true
                break
            }
            if !known { return false }
            k = json.next(k + 1)
        }
        return true
    }

    mutating func text(_ node: Int?, _ path: String) -> String? {
        guard let node else { return nil }
        guard json.kind(node) == .string else {
            add(node, path, "expected text in quotes, found \(describe(node))")
            return nil
        }
        var s = json.string(node)
        let hasNUL = s.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return false }
            return memchr(base, 0, buffer.count) != nil
        }
        if hasNUL {
            add(node, path, "text contains a NUL character (\\u0000)")
            return nil
        }
        return s
    }

    mutating func date(_ node: Int?, _ path: String) -> CalendarDate? {
        guard let node else { return nil }
        guard json.kind(node) == .string, let d = CalendarDate(json.string(node)) else {
            add(node, path, dateProblem(node))
            return nil
        }
        return d
    }

    /// What is wrong with a value that should be a date: an impossible day written as a date
    /// ("2025-02-30" is not a real date), or anything else (expected a date as "YYYY-MM-DD").
    func dateProblem(_ node: Int) -> String {
        if json.kind(node) == .string, CalendarDate.isDateShaped(json.string(node)) {
            return "\(describe(node)) is not a real date"
        }
        return "expected a date as \"YYYY-MM-DD\", found \(describe(node))"
    }

    /// A short description of a JSON value that echoes no more learner text than needed.
    func describe(_ node: Int) -> String {
        switch json.kind(node) {
        case .null: "null"
        case .bool: json.bool(node) ? "true" : "false"
        case .number: "a number"
        case .string: "\"\(Problems.clip(json.string(node)))\""
        case .array: "a list"
        case .object: "an object"
        }
    }

    static func clip(_ s: String) -> String {
        let cleaned = TerminalText.escaped(s)
        return cleaned.count > 24 ? String(cleaned.prefix(24)) + "…" : cleaned
    }
}
