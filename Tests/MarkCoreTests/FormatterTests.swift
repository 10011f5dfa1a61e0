import Foundation
import MarkTestSupport
import Testing

@testable import MarkCore

/// Tests of the canonical formatter (`mark fmt`): golden files, idempotency and round trip over
/// the fixtures and every file under `Rules/`, and the same properties over generated files.
///
/// Golden pairs live in `Fixtures/format/NAME.input.rules` and `NAME.expected.rules`. Run with
/// `MARK_RECORD=1` to rewrite the expected files from the formatter's current output.
@Suite struct FormatterTests {
    // MARK: Golden files

    @Test(arguments: FormatFixtures.names)
    func goldenFile(_ name: String) throws {
        let input = try FormatFixtures.read(FormatFixtures.inputURL(name))
        let output = try #require(Formatter.format(SourceFile(path: name, text: input)), "\(name) does not parse")
        let expectedURL = FormatFixtures.expectedURL(name)
        if FormatFixtures.recording {
            if let problem = GoldenFile.check(output, against: expectedURL.path) { Issue.record(Comment(rawValue: problem)) }
            return
        }
        guard FileManager.default.fileExists(atPath: expectedURL.path) else {
            Issue.record("missing \(expectedURL.lastPathComponent); run the tests with MARK_RECORD=1 to record it")
            return
        }
        let expected = try FormatFixtures.read(expectedURL)
        #expect(output == expected, "\(name): formatted output differs from \(expectedURL.lastPathComponent)")
        // The expected file is itself canonical.
        #expect(Formatter.format(SourceFile(path: name, text: expected)) == expected)
    }

    @Test func thereAreEnoughGoldenFiles() {
        #expect(FormatFixtures.names.count >= 6)
    }

    // MARK: Round trip over fixtures and Rules/

    @Test func roundTripOverFixturesAndRulesFolder() throws {
        var checked = 0
        for name in FormatFixtures.names {
            let text = try FormatFixtures.read(FormatFixtures.inputURL(name))
            #expect(FormatRoundTrip.check(text, label: name), "\(name) did not round-trip")
            checked += 1
        }
        var skipped: [String] = []
        for url in FormatFixtures.rulesFolderFiles() {
            let text = try FormatFixtures.read(url)
            // Files others are writing may not parse yet; the formatter only takes clean files.
            guard Formatter.format(SourceFile(path: url.path, text: text)) != nil else {
                skipped.append(url.lastPathComponent)
                continue
            }
            #expect(FormatRoundTrip.check(text, label: url.path), "\(url.path) did not round-trip")
            checked += 1
        }
        if !skipped.isEmpty { print("note: skipped Rules/ files that do not parse: \(skipped.joined(separator: ", "))") }
        #expect(checked >= FormatFixtures.names.count)
        #expect(checked >= 6)
    }

    // MARK: Generated files

    @Test func roundTripOverGeneratedFiles() {
        var failures = 0
        for seed in UInt64(1)...300 {
            var generator = FormatRuleGenerator(seed: seed)
            let text = generator.file()
            let (_, diagnostics) = Parser.parse(SourceFile(path: "gen", text: text))
            guard diagnostics.isEmpty else {
                Issue.record("generator bug: seed \(seed) does not parse: \(diagnostics.map(\.message))\n\(text)")
                failures += 1
                continue
            }
            if !FormatRoundTrip.check(text, label: "seed \(seed)") {
                Issue.record("seed \(seed) failed; input:\n\(text)")
                failures += 1
            }
            if failures > 3 { break }
        }
    }

    // MARK: Specific rules

    @Test func emptyAndCommentOnlyFiles() {
        #expect(Formatter.format(SourceFile(path: "e", text: "")) == "")
        #expect(Formatter.format(SourceFile(path: "e", text: "\n\n  \n")) == "")
        #expect(Formatter.format(SourceFile(path: "c", text: "\n\n# one   \n\n\n# two")) == "# one\n\n# two\n")
    }

    @Test func rejectsSourceWithErrors() {
        #expect(Formatter.format(SourceFile(path: "bad", text: "point p1 {")) == nil)
        #expect(Formatter.format(SourceFile(path: "bad", text: "define x = a == b")) == nil)
    }

    @Test func crlfBecomesLF() {
        let text = "ruleset \"r\" {\r\n  title \"T\" # note \r\n}\r\n"
        #expect(Formatter.format(SourceFile(path: "r", text: text)) == "ruleset \"r\" {\n  title \"T\" # note\n}\n")
    }

    @Test func byteOrderMarkIsDropped() {
        let text = "\u{FEFF}library \"l\"\n"
        #expect(Formatter.format(SourceFile(path: "l", text: text)) == "library \"l\"\n")
    }

    @Test func lineBreaksAtOneHundredColumns() {
        // `define v = ` is 11 columns: a body of 89 fits exactly, 90 does not.
        let fits = "define v = " + chain(totalLength: 89)
        let breaks = "define v = " + chain(totalLength: 90)
        #expect(fits.count == 100)
        #expect(Formatter.format(SourceFile(path: "f", text: fits)) == fits + "\n")
        let broken = Formatter.format(SourceFile(path: "b", text: breaks))
        #expect(broken == "define v =\n    " + chain(totalLength: 90) + "\n")
    }

    @Test func longChainsBreakBeforeEachOperator() {
        let a = String(repeating: "a", count: 40)
        let b = String(repeating: "b", count: 40)
        let c = String(repeating: "c", count: 40)
        let text = "point p \"w\" { met when \(a) and \(b) or \(c) and \(a) and \(b) }"
        let expected = """
            point p "w" {
              met when
                  \(a) and \(b)
                  or \(c)
                    and \(a)
                    and \(b)
            }

            """
        #expect(Formatter.format(SourceFile(path: "p", text: text)) == expected)
    }

    @Test func longQuantifiersBreakAfterWhere() {
        let long = String(repeating: "v", count: 50)
        let text = "define d = count(x in items where x.\(long) and x.\(long)) >= 2"
        let expected = """
            define d =
                count(x in items where
                    x.\(long)
                    and x.\(long)) >= 2

            """
        #expect(Formatter.format(SourceFile(path: "d", text: text)) == expected)
    }

    @Test func commentInsideAnExpressionMovesBeforeTheStatement() {
        let text = "point p \"w\" {\n  met when a and # why\n    b # after\n}\n"
        let expected = "point p \"w\" {\n  # why\n  met when a and b # after\n}\n"
        #expect(Formatter.format(SourceFile(path: "p", text: text)) == expected)
    }

    @Test func blankLinesInBlocksAreKeptAsAtMostOne() {
        let text = "point p \"w\" {\n\n\n  marks 1\n\n\n\n  marks 2\n  marks 3\n\n}\n"
        let expected = "point p \"w\" {\n  marks 1\n\n  marks 2\n  marks 3\n}\n"
        #expect(Formatter.format(SourceFile(path: "p", text: text)) == expected)
    }

    @Test func declarationsAreSeparatedByOneBlankLine() {
        let text = "import \"a\"\nimport \"b\"\n\n\nimport \"c\"\ndefine x = 1\ndefine y = 2\npoint p \"w\" {}\ngrading {}"
        let expected = "import \"a\"\nimport \"b\"\n\nimport \"c\"\n\ndefine x = 1\ndefine y = 2\n\npoint p \"w\" {}\n\ngrading {}\n"
        #expect(Formatter.format(SourceFile(path: "d", text: text)) == expected)
    }

    @Test func syntaxDumpIgnoresLayoutButNotMeaning() {
        func dump(_ text: String) -> String { SyntaxDump.dump(Parser.parse(SourceFile(path: "d", text: text)).file) }
        #expect(dump("define x = a and b") == dump("define   x=\n a\n and b # c"))
        #expect(dump("define x = a and b") != dump("define x = (a and b)"))
        #expect(dump("define x = a and b") != dump("define x = a or b"))
        #expect(dump("define f() = 1") != dump("define f = 1"))
        #expect(dump("define x = 1.0") != dump("define x = 1"))
        #expect(dump("point p \"w\" { met when p is met }") == "(point p \"w\"\n  (met-when (is-met p)))\n")
    }

    /// `a or a or …` whose flat text is exactly `totalLength` characters.
    private func chain(totalLength: Int) -> String {
        var text = "a"
        while text.count + 5 <= totalLength { text += " or a" }
        return text + String(repeating: "a", count: totalLength - text.count)
    }
}

// MARK: - Round-trip checking

/// Checks the formatter's promises on one source text.
private enum FormatRoundTrip {
    /// Formats `text` and checks: the output parses cleanly to the same tree (by
    /// ``SyntaxDump``), keeps every comment in order, is a fixed point of the formatter, and
    /// follows the layout rules (LF, one final newline, no trailing whitespace, spaces for
    /// indentation, at most one blank line in a row). Records issues; returns whether all held.
    static func check(_ text: String, label: String) -> Bool {
        let source = SourceFile(path: label, text: text)
        let (file, diagnostics) = Parser.parse(source)
        guard !diagnostics.contains(where: { $0.severity == .error }) else {
            Issue.record("\(label): input does not parse: \(diagnostics.map(\.message))")
            return false
        }
        let output = Formatter.format(file, source: source)
        var ok = true
        func require(_ condition: Bool, _ what: String) {
            if !condition {
                ok = false
                Issue.record("\(label): \(what)\n--- output ---\n\(output)")
            }
        }
        let outputSource = SourceFile(path: label + " (formatted)", text: output)
        let (reparsed, outputDiagnostics) = Parser.parse(outputSource)
        require(outputDiagnostics.isEmpty, "output does not parse: \(outputDiagnostics.map(\.message))")
        let before = SyntaxDump.dump(file)
        let after = SyntaxDump.dump(reparsed)
        require(before == after, "the tree changed\n--- before ---\n\(before)--- after ---\n\(after)")
        require(commentTexts(reparsed) == commentTexts(file), "comments changed: \(commentTexts(file)) → \(commentTexts(reparsed))")
        let again = Formatter.format(reparsed, source: outputSource)
        require(again == output, "not idempotent; second pass:\n\(again)")
        require(Formatter.format(source) == output, "the two entry points disagree")
        require(output.isEmpty || output.hasSuffix("\n") && !output.hasSuffix("\n\n"), "must end with exactly one newline")
        require(!output.hasPrefix("\n") && !output.contains("\n\n\n"), "blank lines at the start or two in a row")
        require(!output.utf8.contains(UInt8(ascii: "\r")), "contains a carriage return")
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            require(line.last != " " && line.last != "\t", "trailing whitespace in \(line.debugDescription)")
            require(!line.hasPrefix("\t"), "tab indentation in \(line.debugDescription)")
        }
        return ok
    }

    /// Comment texts in order, without the trailing whitespace the formatter removes.
    static func commentTexts(_ file: RuleFile) -> [String] {
        file.comments.map { FormatWriter.trimmed($0.text) }
    }
}

// MARK: - Fixtures

/// Where the golden files and the repository's rule files are.
private enum FormatFixtures {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let folder = testsFolder.appendingPathComponent("Fixtures/format")
    static let packageRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    static let recording = ProcessInfo.processInfo.environment["MARK_RECORD"] == "1"

    /// The names of the golden pairs: `NAME` for each `NAME.input.rules`.
    static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let suffix = ".input.rules"
        return files.filter { $0.hasSuffix(suffix) }.map { String($0.dropLast(suffix.count)) }.sorted()
    }()

    static func inputURL(_ name: String) -> URL { folder.appendingPathComponent(name + ".input.rules") }
    static func expectedURL(_ name: String) -> URL { folder.appendingPathComponent(name + ".expected.rules") }

    static func read(_ url: URL) throws -> String {
        String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    /// Every `.rules` file under `Rules/` at the package root, at any depth (none if absent).
    static func rulesFolderFiles() -> [URL] {
        let root = packageRoot.appendingPathComponent("Rules")
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var urls: [URL] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(".rules") { urls.append(root.appendingPathComponent(relative)) }
        }
        return urls.sorted { $0.path < $1.path }
    }
}

// MARK: - Generated rule files

/// FormatSeededRandom: a small, fast, seeded generator, so every run generates the same files.
private struct FormatSeededRandom {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Writes random but valid `.rules` source, following the grammar the parser accepts, with
/// messy layout: random spacing and line breaks between tokens, blank lines, CRLF, and own-line
/// and trailing comments (some with trailing spaces) in any gap between tokens.
private struct FormatRuleGenerator {
    private var random: FormatSeededRandom
    private var commentNumber = 0

    init(seed: UInt64) { random = FormatSeededRandom(state: seed) }

    private static let names = ["alpha", "beta", "gamma", "score", "items", "submission", "total", "deadline", "x", "y", "p1", "p_2", "_tmp"]
    private static let fields = ["kind", "date", "words", "topic", "and", "not", "in", "or", "where", "deadline"]
    private static let functions = ["f", "late", "within_term", "g2"]
    private static let strings = [
        "\"Pass\"", "\"Merit\"", "\"with \\\"quotes\\\"\"", "\"{name} placeholder \\{not\\}\"", "\"unicode é ü 日本\"",
        "\"tab\\there\"", "\"\"", "\"a # not a comment\"",
    ]
    private static let numbers = ["0", "1", "3", "42", "2.5", "007", "100"]
    private static let dates = ["2025-09-01", "2026-02-28", "2024-02-29"]
    private static let commentTails = ["", " note", " TODO: check this", " trailing spaces   ", "#", " { braces } and \"quotes\"", "\t tab"]

    /// One random file.
    mutating func file() -> String {
        var tokens: [String] = []
        let count = int(7)
        for _ in 0..<count { tokens += declaration() }
        return layOut(tokens)
    }

    // MARK: Randomness

    private mutating func int(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
    private mutating func chance(_ percent: Int) -> Bool { int(100) < percent }
    private mutating func pick(_ options: [String]) -> String { options[int(options.count)] }

    // MARK: Layout

    private mutating func layOut(_ tokens: [String]) -> String {
        var text = leadingGap()
        for (i, token) in tokens.enumerated() {
            if i > 0 { text += gap(between: tokens[i - 1], and: token) }
            text += token
        }
        if chance(30) { text += " " + comment() }
        if chance(50) { text += chance(50) ? "\n" : "\n\n  \n" }
        return text
    }

    private mutating func leadingGap() -> String {
        switch int(4) {
        case 0: "\n\n"
        case 1: comment() + "\n\n"
        default: ""
        }
    }

    private mutating func comment() -> String {
        commentNumber += 1
        return "#c\(commentNumber)" + pick(FormatRuleGenerator.commentTails)
    }

    private static let tight: Set<String> = ["(", ")", "[", "]", ",", ".", "{", "}", ":"]

    private mutating func gap(between left: String, and right: String) -> String {
        let roll = int(100)
        switch roll {
        case 0..<55: return " "
        case 55..<63: return FormatRuleGenerator.tight.contains(left) || FormatRuleGenerator.tight.contains(right) ? "" : "  "
        case 63..<73: return "\n" + String(repeating: " ", count: int(6))
        case 73..<77: return "\n\n" + String(repeating: " ", count: int(4))
        case 77..<80: return "\n \t\n\n\n  "
        case 80..<83: return "\t"
        case 83..<86: return "\r\n  "
        case 86..<93: return " " + comment() + "\n" + String(repeating: " ", count: int(4))
        default: return "\n  " + comment() + (chance(30) ? "\n\n" : "\n") + "  "
        }
    }

    // MARK: Declarations

    private mutating func declaration() -> [String] {
        switch int(9) {
        case 0: return header()
        case 1: return ["library", pick(FormatRuleGenerator.strings)]
        case 2: return ["import", pick(FormatRuleGenerator.strings)]
        case 3: return evidence()
        case 4, 5: return definition()
        case 6, 7: return point()
        default: return grading()
        }
    }

    private mutating func header() -> [String] {
        var tokens = ["ruleset", pick(FormatRuleGenerator.strings), "{"]
        for _ in 0..<int(4) {
            if chance(30) {
                tokens += ["applies", "from", pick(FormatRuleGenerator.dates)]
                if chance(50) { tokens += ["until", pick(FormatRuleGenerator.dates)] }
            } else {
                tokens += [pick(["title", "version", "unit", "qualification"]), pick(FormatRuleGenerator.strings)]
            }
        }
        return tokens + ["}"]
    }

    private mutating func evidence() -> [String] {
        var tokens = ["evidence", "{"]
        for _ in 0..<int(5) {
            switch int(4) {
            case 0:
                tokens += ["kinds", pick(FormatRuleGenerator.names)]
                for _ in 0..<int(3) { tokens += [",", pick(FormatRuleGenerator.names)] }
            case 1:
                tokens += ["enum", pick(FormatRuleGenerator.names), "{"]
                let count = int(4)
                for i in 0..<count {
                    if i > 0 && chance(70) { tokens.append(",") }
                    tokens.append(pick(FormatRuleGenerator.names))
                }
                if count > 0 && chance(20) { tokens.append(",") }
                tokens.append("}")
            case 2: tokens += ["record", pick(FormatRuleGenerator.names)] + fields()
            default: tokens += ["item"] + fields()
            }
        }
        return tokens + ["}"]
    }

    private mutating func fields() -> [String] {
        var tokens = ["{"]
        for _ in 0..<int(4) {
            tokens += [pick(FormatRuleGenerator.names), ":"] + type()
            if chance(40) { tokens.append(",") }
        }
        return tokens + ["}"]
    }

    private mutating func type(depth: Int = 0) -> [String] {
        switch depth < 3 ? int(5) : 4 {
        case 0: return ["list", "of"] + type(depth: depth + 1)
        case 1: return ["optional"] + type(depth: depth + 1)
        default: return [pick(["text", "number", "boolean", "date", "band"])]
        }
    }

    private mutating func definition() -> [String] {
        var tokens = ["define", pick(FormatRuleGenerator.names)]
        if chance(50) {
            tokens.append("(")
            for i in 0..<int(3) {
                if i > 0 { tokens.append(",") }
                tokens += [pick(FormatRuleGenerator.names), ":"] + type()
            }
            tokens.append(")")
        }
        return tokens + ["="] + expression(depth: 4)
    }

    private mutating func point() -> [String] {
        var tokens = ["point", pick(FormatRuleGenerator.names), pick(FormatRuleGenerator.strings), "{"]
        for _ in 0..<int(7) {
            switch int(8) {
            case 0: tokens += ["marks"] + expression(depth: 1)
            case 1: tokens += ["partial", "marks"] + expression(depth: 1)
            case 2: tokens += ["required", "for", pick(FormatRuleGenerator.strings)]
            case 3: tokens += ["let", pick(FormatRuleGenerator.names), "="] + expression(depth: 3)
            case 4: tokens += ["met", "when"] + expression(depth: 4)
            case 5: tokens += ["partially", "met", "when"] + expression(depth: 4)
            default: tokens += ["feedback"] + level(allowNotMet: true) + [pick(FormatRuleGenerator.strings)]
            }
        }
        return tokens + ["}"]
    }

    private mutating func level(allowNotMet: Bool) -> [String] {
        switch int(allowNotMet ? 3 : 2) {
        case 0: ["met"]
        case 1: ["partially", "met"]
        default: ["not", "met"]
        }
    }

    private mutating func grading() -> [String] {
        var tokens = ["grading", "{"]
        for _ in 0..<int(5) {
            switch int(3) {
            case 0:
                tokens += ["grades", pick(FormatRuleGenerator.strings)]
                for _ in 0..<int(3) { tokens += [",", pick(FormatRuleGenerator.strings)] }
            case 1: tokens += ["floor", pick(FormatRuleGenerator.names), "at"] + level(allowNotMet: false)
            default: tokens += ["grade", pick(FormatRuleGenerator.strings), "when"] + expression(depth: 4)
            }
        }
        return tokens + ["}"]
    }

    // MARK: Expressions, by the grammar's precedence levels

    private mutating func expression(depth: Int) -> [String] {
        var tokens = conjunction(depth: depth)
        while depth > 0 && chance(30) { tokens += ["or"] + conjunction(depth: depth) }
        return tokens
    }

    private mutating func conjunction(depth: Int) -> [String] {
        var tokens = negation(depth: depth)
        while depth > 0 && chance(35) { tokens += ["and"] + negation(depth: depth) }
        return tokens
    }

    private mutating func negation(depth: Int) -> [String] {
        depth > 0 && chance(12) ? ["not"] + negation(depth: depth - 1) : comparison(depth: depth)
    }

    private mutating func comparison(depth: Int) -> [String] {
        let lhs = additive(depth: depth)
        guard chance(40) else { return lhs }
        switch int(10) {
        case 0:
            let tests = [["missing"], ["present"], ["not", "missing"], ["not", "present"], ["met"], ["partially", "met"], ["not", "met"]]
            return lhs + ["is"] + tests[int(tests.count)]
        case 1: return lhs + ["within"] + additive(depth: depth - 1) + ["of"] + additive(depth: depth - 1)
        case 2: return lhs + ["not", "in"] + additive(depth: depth - 1)
        default:
            return lhs + [pick(["=", "!=", "<", "<=", ">", ">=", "in", "mentions"])] + additive(depth: depth - 1)
        }
    }

    private mutating func additive(depth: Int) -> [String] {
        var tokens = multiplicative(depth: depth)
        while depth > 0 && chance(25) { tokens += [pick(["+", "-"])] + multiplicative(depth: depth - 1) }
        return tokens
    }

    private mutating func multiplicative(depth: Int) -> [String] {
        var tokens = unary(depth: depth)
        while depth > 0 && chance(15) { tokens += [pick(["*", "/"])] + unary(depth: depth - 1) }
        return tokens
    }

    private mutating func unary(depth: Int) -> [String] {
        depth > 0 && chance(10) ? ["-"] + unary(depth: depth - 1) : postfix(depth: depth)
    }

    private mutating func postfix(depth: Int) -> [String] {
        var tokens = primary(depth: depth)
        while chance(20) { tokens += [".", pick(FormatRuleGenerator.fields)] }
        if depth > 0 && chance(10) { tokens += ["otherwise"] + unary(depth: depth - 1) }
        return tokens
    }

    private mutating func primary(depth: Int) -> [String] {
        let d = depth - 1
        switch depth > 0 ? int(22) : int(8) {
        case 0: return [pick(FormatRuleGenerator.numbers)]
        case 1: return [pick(FormatRuleGenerator.numbers), pick(["days", "weeks"])]
        case 2: return [pick(FormatRuleGenerator.strings)]
        case 3: return [pick(FormatRuleGenerator.dates)]
        case 4: return [pick(["true", "false"])]
        case 5, 6, 7: return [pick(FormatRuleGenerator.names)]
        case 8, 9: return ["("] + expression(depth: d) + [")"]
        case 10: return ["["] + list(depth: d) + ["]"]
        case 11, 12: return [pick(FormatRuleGenerator.functions), "("] + list(depth: d) + [")"]
        case 13, 14:
            let q = pick(["any", "all", "none", "count"])
            var tokens = [q, "(", pick(FormatRuleGenerator.names), "in"] + additive(depth: d)
            if q == "all" || q == "none" || chance(60) { tokens += ["where"] + expression(depth: d) }
            return tokens + [")"]
        case 15, 16:
            var tokens = [pick(["sum", "min", "max", "span", "distinct"]), "("]
            if chance(20) { tokens = ["count", "(", "distinct"] }
            tokens += expression(depth: d) + ["for", pick(FormatRuleGenerator.names), "in"] + additive(depth: d)
            if chance(50) { tokens += ["where"] + expression(depth: d) }
            return tokens + [")"]
        case 17:
            // `count(distinct(…))` reads as `count(distinct …)`: keep such an argument in parentheses.
            var argument = additive(depth: d)
            if argument.first == "distinct" { argument = ["("] + argument + [")"] }
            return [pick(["count", "sum", "distinct"]), "("] + argument + [")"]
        case 18: return [pick(["days", "weeks"]), "between"] + additive(depth: d) + ["and"] + additive(depth: d)
        default: return [pick(FormatRuleGenerator.names)]
        }
    }

    private mutating func list(depth: Int) -> [String] {
        var tokens: [String] = []
        let count = int(4)
        for i in 0..<count {
            if i > 0 { tokens.append(",") }
            tokens += expression(depth: depth)
        }
        if count > 0 && chance(15) { tokens.append(",") }
        return tokens
    }
}
