/// A centre's mapping file (docs/import.md): which column of its export (or which part of an
/// xAPI statement) fills each field of `evidence/1`, how lists are separated, which words mean
/// yes and no, and how the export's words translate into a ruleset's values.
///
/// ```text
/// learner.id = "Learner ID"
/// verified_by.signed = "Signed"
/// needs[1].found_by = "Need 1 found by"
/// unit = fixed "CS-XM-03"
/// list separator ";"
/// yes "Yes" "Y"
/// value kind "Direct Observation" = observation
/// ```
public struct ImportMapping: Sendable {
    /// Where a field's value comes from.
    public enum Source: Sendable, Equatable {
        /// A column (CSV) or a statement path (xAPI), by name.
        case named(String)
        /// The same text for every row.
        case fixed(String)
    }

    /// One `PATH = SOURCE…` line: the first source that is present and not empty gives the value.
    public struct Entry: Sendable {
        /// The field it fills.
        public var path: FieldPath
        /// Its sources, in order, with where each is written in the mapping file.
        public var sources: [(source: Source, range: Range<Int>)]
        /// Where the path is written.
        public var range: Range<Int>
    }

    /// The mapping file, for diagnostics.
    public var file: SourceFile
    /// The field lines, in file order.
    public var entries: [Entry] = []
    /// What separates the values of a list written in one cell.
    public var separator = ";"
    /// Words (compared ignoring case) that mean yes and no.
    public var yes = ["yes", "y", "true"]
    public var no = ["no", "n", "false"]
    /// Translations, by enumeration name: the export's word (ignoring case) → the ruleset's value.
    public var values: [String: [String: String]] = [:]
    /// Each entry's sources: the text of a fixed one, nil for a named one.
    var fixedTexts: [[String?]] = []
    /// The entry of each envelope field the mapping fills, by path (`learner.id`).
    var envelopeEntries: [String: Int] = [:]
    /// Where each translation's value is written, to report one the ruleset does not know.
    var valueRanges: [(enumeration: String, value: String, range: Range<Int>)] = []

    /// Reads a mapping file; every mistake is reported at its line and column.
    public static func parse(_ file: SourceFile) -> Result<ImportMapping, DiagnosticList> {
        var mapping = ImportMapping(file: file)
        var problems: [Diagnostic] = []
        func problem(_ message: String, _ range: Range<Int>) {
            problems.append(Diagnostic(.error, id: "invalid-mapping", message, path: file.path, range: range))
        }
        if let bad = UTF8Check.firstInvalid(file.bytes) {
            problem("the mapping file is not valid UTF-8 text", bad..<bad + 1)
            return .failure(DiagnosticList(problems))
        }
        var customYes: [String]?
        var customNo: [String]?
        var seen: [String: Range<Int>] = [:]
        for line in MappingLexer.lines(file.bytes) {
            let tokens: [MappingLexer.Token]
            switch MappingLexer.tokens(file.bytes, line) {
            case .failure(let e):
                problem(e.message, e.offset..<e.offset + 1)
                continue
            case .success(let t): tokens = t
            }
            guard let first = tokens.first else { continue }
            let words = tokens.map { $0.quoted ? nil : $0.text }
            if words.count >= 2 && words[0] == "list" && words[1] == "separator" {
                guard tokens.count == 3, tokens[2].quoted, !tokens[2].text.isEmpty else {
                    problem("write the list separator in quotes: list separator \";\"", first.range)
                    continue
                }
                mapping.separator = tokens[2].text
            } else if words[0] == "yes" || words[0] == "no" {
                let list = tokens.dropFirst()
                guard !list.isEmpty, list.allSatisfy({ $0.quoted && !$0.text.isEmpty }) else {
                    problem("list the words for \(first.text) in quotes: \(first.text) \"\(first.text == "yes" ? "Yes" : "No")\" \"\(first.text == "yes" ? "Y" : "N")\"", first.range)
                    continue
                }
                if first.text == "yes" { customYes = list.map { $0.text.lowercased() } } else { customNo = list.map { $0.text.lowercased() } }
            } else if words[0] == "value" {
                guard tokens.count == 5, let name = words[1], tokens[2].quoted, words[3] == "=", let value = words[4] else {
                    problem("a translation reads: value ENUMERATION \"exported word\" = value, such as: value kind \"Direct Observation\" = observation", first.range)
                    continue
                }
                mapping.values[name, default: [:]][tokens[2].text.lowercased()] = value
                mapping.valueRanges.append((name, value, tokens[4].range))
            } else if tokens.count >= 2, !tokens[0].quoted, tokens[1].text == "=", !tokens[1].quoted {
                let pathToken = tokens[0]
                guard let path = FieldPath(pathToken.text) else {
                    problem("'\(TerminalText.escaped(pathToken.text))' is not a field path; write fields with dots and list positions from 1 in brackets, such as needs[1].description", pathToken.range)
                    continue
                }
                if let earlier = seen[path.description] {
                    problems.append(
                        Diagnostic(
                            .error, id: "invalid-mapping", "\(path) is mapped twice", path: file.path, range: pathToken.range,
                            notes: [Diagnostic.Note(message: "first mapped here", path: file.path, range: earlier)]))
                    continue
                }
                seen[path.description] = pathToken.range
                var sources: [(Source, Range<Int>)] = []
                var k = 2
                var bad = false
                while k < tokens.count {
                    if tokens[k].quoted {
                        sources.append((.named(tokens[k].text), tokens[k].range))
                    } else if tokens[k].text == "fixed", k + 1 < tokens.count, tokens[k + 1].quoted {
                        sources.append((.fixed(tokens[k + 1].text), tokens[k].range.lowerBound..<tokens[k + 1].range.upperBound))
                        k += 1
                    } else {
                        problem("expected a column name in quotes (or fixed \"text\"), found '\(TerminalText.escaped(tokens[k].text))'", tokens[k].range)
                        bad = true
                        break
                    }
                    k += 1
                }
                if bad { continue }
                if sources.isEmpty {
                    problem("\(path) = needs a column name in quotes, such as \(path) = \"Column\"", pathToken.range)
                    continue
                }
                mapping.entries.append(Entry(path: path, sources: sources, range: pathToken.range))
            } else {
                problem(
                    "expected a field line (situation = \"Description\"), list separator, yes, no or value" + Suggestion.didYouMean(first.text, among: ["list", "yes", "no", "value"]),
                    first.range)
            }
        }
        mapping.fixedTexts = mapping.entries.map { entry in
            entry.sources.map { if case .fixed(let text) = $0.source { text } else { nil } }
        }
        for (e, entry) in mapping.entries.enumerated() where entry.path.isEnvelope { mapping.envelopeEntries[entry.path.description] = e }
        if let customYes { mapping.yes = customYes }
        if let customNo { mapping.no = customNo }
        if let clash = mapping.yes.first(where: { mapping.no.contains($0) }) {
            problem("\"\(clash)\" cannot mean both yes and no", 0..<0)
        }
        if mapping.entries.isEmpty && problems.isEmpty {
            problem("the mapping has no field lines; start from 'mark template UNIT --format mapping'", 0..<0)
        }
        return problems.isEmpty ? .success(mapping) : .failure(DiagnosticList(problems))
    }
}

/// Splits a mapping file into lines and tokens: bare words, `=`, and texts in double quotes
/// (a quote inside is written twice, as in CSV); `#` starts a comment outside quotes.
enum MappingLexer {
    struct LexError: Error {
        var message: String
        var offset: Int
    }

    struct Token {
        var text: String
        var quoted: Bool
        var range: Range<Int>
    }

    static func lines(_ bytes: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        for (i, b) in bytes.enumerated() where b == 10 {
            out.append(start..<i)
            start = i + 1
        }
        if start < bytes.count { out.append(start..<bytes.count) }
        return out
    }

    static func tokens(_ b: [UInt8], _ line: Range<Int>) -> Result<[Token], LexError> {
        var out: [Token] = []
        var i = line.lowerBound
        let end = line.upperBound
        func isSpace(_ x: UInt8) -> Bool { x == 32 || x == 9 || x == 13 }
        while i < end {
            let x = b[i]
            if isSpace(x) {
                i += 1
            } else if x == UInt8(ascii: "#") {
                break
            } else if x == UInt8(ascii: "\"") {
                let start = i
                var text: [UInt8] = []
                i += 1
                var closed = false
                while i < end {
                    if b[i] == UInt8(ascii: "\"") {
                        if i + 1 < end && b[i + 1] == UInt8(ascii: "\"") {
                            text.append(b[i])
                            i += 2
                            continue
                        }
                        closed = true
                        i += 1
                        break
                    }
                    text.append(b[i])
                    i += 1
                }
                if !closed { return .failure(LexError(message: "this text is never closed: add the closing '\"' (a quote inside is written twice: \"\")", offset: start)) }
                out.append(Token(text: String(decoding: text, as: UTF8.self), quoted: true, range: start..<i))
            } else if x == UInt8(ascii: "=") {
                out.append(Token(text: "=", quoted: false, range: i..<i + 1))
                i += 1
            } else {
                let start = i
                while i < end, !isSpace(b[i]), b[i] != UInt8(ascii: "="), b[i] != UInt8(ascii: "\""), b[i] != UInt8(ascii: "#") { i += 1 }
                out.append(Token(text: String(decoding: b[start..<i], as: UTF8.self), quoted: false, range: start..<i))
            }
        }
        return .success(out)
    }
}

/// A path to a field of `evidence/1`: names joined by dots, with list positions counted from 1
/// in brackets (`needs[2].found_by`). The envelope's fields are `learner.id`, `learner.name`,
/// `unit`, `started`, `submitted`, `assessor` and the optional `centre` and `group`; every other
/// path is inside an evidence item.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    /// One step: a field name, or a list position (0-based).
    public enum Step: Sendable, Hashable {
        case field(String)
        case index(Int)
    }

    /// The steps, in order.
    public var steps: [Step]

    /// The envelope fields a mapping can fill.
    public static let envelope = ["learner.id", "learner.name", "unit", "started", "submitted", "assessor", "centre", "group"]
    /// The envelope fields a row may leave empty (then the submission has none).
    public static let optionalEnvelope: Set<String> = ["learner.name", "centre", "group"]

    /// Whether the path names an envelope field rather than a field of an item.
    public var isEnvelope: Bool { FieldPath.envelope.contains(description) }

    /// Creates a path from steps.
    public init(steps: [Step]) { self.steps = steps }

    /// Parses `a.b[2].c`; nil when it is not such a path.
    public init?(_ text: String) {
        var steps: [Step] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            var name = Substring(part)
            var indices: [Int] = []
            while name.hasSuffix("]"), let open = name.lastIndex(of: "[") {
                guard let n = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]), n >= 1, n <= 1000 else { return nil }
                indices.insert(n - 1, at: 0)
                name = name[..<open]
            }
            guard let first = name.first, first.isLetter || first == "_",
                name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
            else { return nil }
            steps.append(.field(String(name)))
            steps += indices.map { .index($0) }
        }
        self.steps = steps
    }

    /// The path as written in a mapping file.
    public var description: String {
        var text = ""
        for step in steps {
            switch step {
            case .field(let name): text += text.isEmpty ? name : "." + name
            case .index(let i): text += "[\(i + 1)]"
            }
        }
        return text
    }
}
