/// Parses a rule test file. Hand-written: a cursor over the bytes, one statement per line,
/// JSON values (after `to`, or an inline `submission { … }`) scanned by balancing brackets and
/// checked with the strict JSON reader. A mistake is a compiler-style diagnostic
/// (`path:line:col: error: …`); parsing carries on at the next statement, so one run reports
/// every mistake.
public struct RuleTestParser {
    let source: SourceFile
    let bytes: [UInt8]
    var position = 0
    var diagnostics: [Diagnostic] = []

    /// Parses a test file; the diagnostics are errors (an empty list means it parsed cleanly).
    public static func parse(_ source: SourceFile) -> (file: RuleTestFile, diagnostics: [Diagnostic]) {
        var parser = RuleTestParser(source: source, bytes: source.bytes)
        let file = parser.parseFile()
        return (file, parser.diagnostics)
    }

    static let statementWords: Set<String> = ["submission", "change", "remove", "expect"]

    mutating func parseFile() -> RuleTestFile {
        var file = RuleTestFile(source: source, ruleset: nil, cases: [])
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        skipTrivia()
        while position < bytes.count {
            let start = position
            guard let (word, range) = word() else {
                error("expected 'case \"name\" { … }' or 'ruleset \"file.rules\"'", start..<start + 1)
                skipToTopLevelKeyword()
                continue
            }
            switch word {
            case "ruleset":
                guard let (path, pathRange) = string(what: "the ruleset's path in quotes, as in ruleset \"unit.rules\"") else {
                    skipToTopLevelKeyword()
                    continue
                }
                if file.ruleset != nil {
                    error("the ruleset is named twice", range)
                } else if !file.cases.isEmpty {
                    error("name the ruleset before the first case", range)
                } else {
                    file.ruleset = (path, pathRange)
                }
                endOfStatement()
            case "equivalent":
                if let e = parseEquivalent(start: start) { file.equivalents.append(e) }
                endOfStatement()
            case "case":
                if let c = parseCase(start: start, existing: file.cases) { file.cases.append(c) }
            default:
                error(
                    "expected 'case', 'ruleset' or 'equivalent', found '\(word)'"
                        + Suggestion.didYouMean(word, among: ["case", "ruleset", "equivalent"]),
                    range)
                skipToTopLevelKeyword()
            }
            skipTrivia()
        }
        return file
    }

    mutating func parseCase(start: Int, existing: [RuleTestCase]) -> RuleTestCase? {
        guard let (name, nameRange) = string(what: "the case's name in quotes, as in case \"merit sample\" {") else {
            skipToTopLevelKeyword()
            return nil
        }
        if existing.contains(where: { $0.name == name }) {
            error("there is already a case named \"\(name)\"", nameRange)
        }
        var c = RuleTestCase(name: name, nameRange: nameRange, range: start..<start, submission: nil, changes: [], expectations: [])
        skipSpaces()
        if peekWord() == "from" {
            _ = word()
            guard let (base, baseRange) = string(what: "the name of an earlier case in quotes") else {
                skipToTopLevelKeyword()
                return nil
            }
            if let earlier = existing.last(where: { $0.name == base }) {
                c.submission = earlier.submission
                c.changes = earlier.changes
            } else {
                error(
                    "no earlier case is named \"\(base)\"" + Suggestion.didYouMean(base, among: existing.map(\.name)), baseRange)
            }
        }
        skipSpaces()
        guard peek() == UInt8(ascii: "{") else {
            error("expected '{' to open the case", position..<position + 1)
            skipToTopLevelKeyword()
            return nil
        }
        position += 1
        endOfStatement()
        var ownSubmission = false
        while true {
            skipTrivia()
            if position >= bytes.count {
                error("expected '}' to close case \"\(name)\"", nameRange)
                break
            }
            if peek() == UInt8(ascii: "}") {
                position += 1
                endOfStatement()
                break
            }
            let statementStart = position
            guard let (word, range) = word() else {
                error("expected a statement: submission, change, remove or expect", statementStart..<statementStart + 1)
                skipToStatement()
                continue
            }
            if word == "case" || word == "ruleset" {
                error("expected '}' to close case \"\(name)\" before '\(word)'", range)
                position = statementStart
                break
            }
            switch word {
            case "submission":
                if ownSubmission { error("case \"\(name)\" names its submission twice", range) }
                ownSubmission = true
                skipSpaces()
                if peek() == UInt8(ascii: "{") {
                    guard let json = jsonValue() else { skipToStatement(); continue }
                    // A case's own submission replaces an inherited one and its changes.
                    c.submission = .inline(range: json)
                    c.changes = []
                } else {
                    guard let (path, pathRange) = string(what: "a JSON file's path in quotes, or a JSON object") else {
                        skipToStatement()
                        continue
                    }
                    c.submission = .file(path, range: pathRange)
                    c.changes = []
                }
            case "change", "remove":
                guard let (pathText, pathRange) = string(what: "a JSON path in quotes, as in \"$.items[0].date\"") else {
                    skipToStatement()
                    continue
                }
                var path = RuleTestJSONPath(steps: [])
                switch RuleTestJSONPath.parse(pathText) {
                case .failure(let m):
                    error(m.text, pathRange)
                    skipToStatement()
                    continue
                case .success(let p): path = p
                }
                if word == "remove" {
                    c.changes.append(RuleTestChange(path: path, pathRange: pathRange, action: .remove))
                } else {
                    skipSpaces()
                    guard peekWord() == "to" else {
                        error("expected 'to' and a JSON value, as in change \"\(pathText)\" to false", position..<position + 1)
                        skipToStatement()
                        continue
                    }
                    _ = self.word()
                    skipSpaces()
                    guard let value = jsonValue() else {
                        skipToStatement()
                        continue
                    }
                    c.changes.append(RuleTestChange(path: path, pathRange: pathRange, action: .set(valueRange: value)))
                }
            case "expect":
                guard let e = parseExpectation(start: statementStart) else {
                    skipToStatement()
                    continue
                }
                c.expectations.append(e)
            default:
                error(
                    "unknown statement '\(word)'; a case holds submission, change, remove and expect"
                        + Suggestion.didYouMean(word, among: RuleTestParser.statementWords),
                    range)
                skipToStatement()
                continue
            }
            endOfStatement()
        }
        c.range = start..<position
        if c.submission == nil {
            error("case \"\(name)\" has no submission: add submission \"file.json\" (or from \"an earlier case\")", nameRange)
        }
        if c.expectations.isEmpty {
            error("case \"\(name)\" expects nothing: add expect grade \"…\" or expect point_id met", nameRange)
        }
        return c
    }

    /// `equivalent "total >= 18" to "total >= 17" because "every total is even"`.
    mutating func parseEquivalent(start: Int) -> RuleTestEquivalent? {
        guard let (original, originalRange) = string(what: "the rule text as written in quotes, as in equivalent \"total >= 18\" to \"total >= 17\" because \"…\"") else { return nil }
        guard let (mutated, _) = keywordString("to", what: "the mutated text in quotes"),
            let (reason, _) = keywordString("because", what: "why no submission can tell the two apart, in quotes")
        else { return nil }
        if reason.allSatisfy({ $0 == " " || $0 == "\t" }) {
            error("say why the mutant is equivalent: no submission can tell the two apart because …", originalRange)
            return nil
        }
        return RuleTestEquivalent(original: original, mutated: mutated, reason: reason, range: start..<position)
    }

    /// The word `keyword`, then a string in quotes; an error saying both are expected when the
    /// word is missing.
    mutating func keywordString(_ keyword: String, what: String) -> (String, Range<Int>)? {
        skipSpaces()
        guard peekWord() == keyword else {
            error("expected '\(keyword)' and \(what)", position..<position + 1)
            return nil
        }
        _ = word()
        return string(what: what)
    }

    mutating func parseExpectation(start: Int) -> RuleTestExpectation? {
        skipSpaces()
        let subjectStart = position
        guard let (subject, subjectRange) = word() else {
            error("expected grade \"…\", total N, component ID \"…\", or a point id and a verdict after 'expect'", subjectStart..<subjectStart + 1)
            return nil
        }
        skipSpaces()
        if subject == "grade" && peek() == UInt8(ascii: "\"") {
            guard let (grade, gradeRange) = string(what: "the grade in quotes") else { return nil }
            return RuleTestExpectation(kind: .grade(grade), range: start..<position, subjectRange: gradeRange)
        }
        if subject == "component", peek() != nil, peekWord() != "met", peekWord() != "partially", peekWord() != "not" {
            guard let (id, idRange) = word() else {
                error("expected a component id after 'expect component', as in expect component observation \"Pass\"", position..<position + 1)
                return nil
            }
            skipSpaces()
            guard peek() == UInt8(ascii: "\"") else {
                error("expected the grade of component '\(id)' in quotes, as in expect component \(id) \"Pass\"", position..<position + 1)
                return nil
            }
            guard let (grade, gradeRange) = string(what: "the component's grade in quotes") else { return nil }
            return RuleTestExpectation(kind: .component(id: id, grade: grade), range: start..<position, subjectRange: idRange.lowerBound..<gradeRange.upperBound)
        }
        if subject == "total", let b = peek(), b == UInt8(ascii: "-") || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) {
            let numberStart = position
            while let b = peek(), RuleTestJSON.isNumberByte(b) { position += 1 }
            guard let n = Double(source.text(numberStart..<position)), n.isFinite else {
                error("expected a number of marks", numberStart..<position)
                return nil
            }
            return RuleTestExpectation(kind: .total(n), range: start..<position, subjectRange: numberStart..<position)
        }
        let verdictStart = position
        guard let (first, firstRange) = word() else {
            error("expected a verdict after '\(subject)': met, partially met or not met", verdictStart..<verdictStart + 1)
            return nil
        }
        var level: VerdictLevel?
        switch first {
        case "met": level = .met
        case "partially", "not":
            skipSpaces()
            if peekWord() == "met" {
                _ = word()
                level = first == "not" ? .notMet : .partiallyMet
            }
        default: break
        }
        guard let level else {
            error(
                "expected a verdict: met, partially met or not met" + Suggestion.didYouMean(first, among: ["met", "partially", "not"]),
                firstRange.lowerBound..<max(position, firstRange.upperBound))
            return nil
        }
        return RuleTestExpectation(kind: .verdict(point: subject, level), range: start..<position, subjectRange: subjectRange)
    }

    // MARK: - Scanning

    func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    /// Skips spaces and tabs (not line breaks).
    mutating func skipSpaces() {
        while let b = peek(), b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") { position += 1 }
    }

    /// Skips white space, line breaks and comments.
    mutating func skipTrivia() {
        while let b = peek() {
            if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") || b == UInt8(ascii: "\n") {
                position += 1
            } else if b == UInt8(ascii: "#") {
                while let c = peek(), c != UInt8(ascii: "\n") { position += 1 }
            } else {
                return
            }
        }
    }

    /// After a statement only a comment may follow on its line.
    mutating func endOfStatement() {
        skipSpaces()
        guard let b = peek(), b != UInt8(ascii: "\n"), b != UInt8(ascii: "#") else { return }
        if b == UInt8(ascii: "}") { return }
        let start = position
        while let c = peek(), c != UInt8(ascii: "\n") { position += 1 }
        error("unexpected '\(TerminalText.escaped(source.text(start..<position)))' after the statement; write one statement per line", start..<position)
    }

    func peekWord() -> String? {
        var end = position
        while end < bytes.count, Lexer.isIdentifierByte(bytes[end]) { end += 1 }
        return end > position ? source.text(position..<end) : nil
    }

    mutating func word() -> (String, Range<Int>)? {
        skipSpaces()
        guard let b = peek(), Lexer.isIdentifierByte(b), !(b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) else { return nil }
        let start = position
        while let c = peek(), Lexer.isIdentifierByte(c) { position += 1 }
        return (source.text(start..<position), start..<position)
    }

    /// A JSON string on the current line.
    mutating func string(what: String) -> (String, Range<Int>)? {
        skipSpaces()
        let start = position
        guard peek() == UInt8(ascii: "\"") else {
            error("expected \(what)", start..<start + 1)
            return nil
        }
        position += 1
        while let b = peek(), b != UInt8(ascii: "\"") {
            if b == UInt8(ascii: "\n") { break }
            position += b == UInt8(ascii: "\\") && position + 1 < bytes.count ? 2 : 1
        }
        guard peek() == UInt8(ascii: "\"") else {
            error("unterminated string: expected '\"' before the end of the line", start..<position)
            return nil
        }
        position += 1
        do {
            let document = try JSONReader.parse(Array(bytes[start..<position]))
            return (document.string(document.root), start..<position)
        } catch {
            self.error("invalid string: \(error.message)", (start + error.offset)..<(start + error.offset + 1))
            return nil
        }
    }

    /// A JSON value: a balanced `{…}` or `[…]` (which may span lines), or a scalar. Returns
    /// its byte range after checking it with the JSON reader.
    mutating func jsonValue() -> Range<Int>? {
        skipSpaces()
        let start = position
        guard let first = peek(), first != UInt8(ascii: "\n"), first != UInt8(ascii: "#") else {
            error("expected a JSON value (true, false, null, a number, \"text\", [ … ] or { … })", start..<start + 1)
            return nil
        }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            var depth = 0
            while let b = peek() {
                if b == UInt8(ascii: "\"") {
                    position += 1
                    while let c = peek(), c != UInt8(ascii: "\"") && c != UInt8(ascii: "\n") {
                        position += c == UInt8(ascii: "\\") && position + 1 < bytes.count ? 2 : 1
                    }
                    if peek() == UInt8(ascii: "\"") { position += 1 }
                    continue
                }
                if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") { depth += 1 }
                if b == UInt8(ascii: "}") || b == UInt8(ascii: "]") { depth -= 1 }
                position += 1
                if depth == 0 { break }
            }
            if depth != 0 {
                error("this JSON value is not closed: expected '\(first == UInt8(ascii: "{") ? "}" : "]")'", start..<start + 1)
                return nil
            }
        } else if first == UInt8(ascii: "\"") {
            guard let (_, range) = string(what: "a JSON value") else { return nil }
            return range
        } else {
            while let b = peek(), Lexer.isIdentifierByte(b) || RuleTestJSON.isNumberByte(b) { position += 1 }
            if position == start {
                error("expected a JSON value (true, false, null, a number, \"text\", [ … ] or { … })", start..<start + 1)
                return nil
            }
        }
        do {
            _ = try JSONReader.parse(Array(bytes[start..<position]))
        } catch {
            self.error("invalid JSON: \(error.message)", (start + error.offset)..<(start + error.offset + 1))
            return nil
        }
        return start..<position
    }

    /// Recovery inside a case: skip to the next line that starts a statement or closes the case.
    mutating func skipToStatement() {
        while position < bytes.count {
            while let b = peek(), b != UInt8(ascii: "\n") { position += 1 }
            skipTrivia()
            if let w = peekWord(), RuleTestParser.statementWords.contains(w) || w == "case" || w == "ruleset" { return }
            if peek() == UInt8(ascii: "}") { return }
        }
    }

    /// Recovery at the top level: skip to the next line starting with `case` or `ruleset`.
    mutating func skipToTopLevelKeyword() {
        while position < bytes.count {
            while let b = peek(), b != UInt8(ascii: "\n") { position += 1 }
            skipTrivia()
            if let w = peekWord(), w == "case" || w == "ruleset" || w == "equivalent" { return }
        }
    }

    mutating func error(_ message: String, _ range: Range<Int>) {
        let lo = min(range.lowerBound, bytes.count)
        diagnostics.append(Diagnostic(.error, id: "rule-test-syntax", message, path: source.path, range: lo..<max(lo, min(range.upperBound, bytes.count))))
    }
}
