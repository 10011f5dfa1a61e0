/// A recursive-descent parser for `.rules` files.
///
/// It reports every error in one run: a statement that fails to parse records one diagnostic
/// and the parser skips to the next statement or block boundary, so errors do not cascade.
/// Nesting depth is capped, so deeply nested input gives an error rather than a stack overflow.
public struct Parser {
    let source: SourceFile
    let tokens: [Token]
    var index = 0
    var depth = 0
    var diagnostics: [Diagnostic]
    static let maxDepth = 100
    /// Whether an expression is being parsed: its outermost `parseExpression` checks the height
    /// of the finished tree.
    var inExpression = false
    /// The tallest expression tree accepted. The nesting and chain limits bound the parser's own
    /// recursion, not the tree's height (runs of different operators and nested parentheses add
    /// up), and the checker, formatter and evaluator recurse once per level of the tree.
    static let maxExpressionHeight = 256

    /// Words that cannot be used as names.
    static let reserved: Set<String> = [
        "and", "or", "not", "in", "is", "where", "for", "true", "false", "otherwise", "mentions", "within",
    ]
    static let topLevelKeywords = ["ruleset", "library", "import", "evidence", "define", "point", "grading"]

    /// Thrown inside the parser after a diagnostic is recorded; caught at a statement boundary.
    struct Recovery: Error {}

    /// Parses a file, returning the tree and every diagnostic from lexing and parsing.
    public static func parse(_ source: SourceFile) -> (file: RuleFile, diagnostics: [Diagnostic]) {
        let lexer = Lexer.tokenize(source)
        var parser = Parser(source: source, tokens: lexer.tokens, diagnostics: lexer.diagnostics)
        let declarations = parser.parseFile()
        return (RuleFile(declarations: declarations, comments: lexer.comments), parser.diagnostics)
    }

    init(source: SourceFile, tokens: [Token], diagnostics: [Diagnostic]) {
        self.source = source
        self.tokens = tokens
        self.diagnostics = diagnostics
    }

    // MARK: Token access

    var current: Token { tokens[index] }
    var previousEnd: Int { index > 0 ? tokens[index - 1].range.upperBound : 0 }

    func peek(_ offset: Int = 1) -> Token { tokens[min(index + offset, tokens.count - 1)] }

    func text(_ token: Token) -> String { source.text(token.range) }

    /// Whether the current token is the identifier `word` (compared byte for byte, without
    /// building a string: the parser asks this often).
    func at(_ word: StaticString) -> Bool {
        let t = current
        guard t.kind == .identifier, t.range.count == word.utf8CodeUnitCount else { return false }
        let p = word.utf8Start
        var i = 0
        for b in source.bytes[t.range] {
            if b != p[i] { return false }
            i += 1
        }
        return true
    }

    /// Whether a token is the identifier `word`.
    func isWord(_ token: Token, _ word: StaticString) -> Bool {
        guard token.kind == .identifier, token.range.count == word.utf8CodeUnitCount else { return false }
        let p = word.utf8Start
        var i = 0
        for b in source.bytes[token.range] {
            if b != p[i] { return false }
            i += 1
        }
        return true
    }

    func at(_ kind: TokenKind) -> Bool { current.kind == kind }

    @discardableResult
    mutating func advance() -> Token {
        let t = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return t
    }

    // MARK: Errors

    mutating func report(_ id: String, _ message: String, at range: Range<Int>, severity: Severity = .error) {
        diagnostics.append(Diagnostic(severity, id: id, message, path: source.path, range: range))
    }

    /// Records "expected X" at the current token and throws to recover.
    mutating func fail(_ expected: String, id: String = "expected") throws(Recovery) -> Never {
        // The lexer has already reported a byte that starts no token.
        if current.kind == .unknown { throw Recovery() }
        report(id, "expected \(expected), found \(describe(current))", at: current.range)
        throw Recovery()
    }

    func describe(_ token: Token) -> String {
        switch token.kind {
        case .identifier: "'\(text(token))'"
        case .string: "a string"
        case .number: "the number \(text(token))"
        case .date: "the date \(text(token))"
        case .endOfFile: "end of file"
        case .unknown: "'\(TerminalText.escaped(text(token)))'"
        default: token.kind.description
        }
    }

    mutating func expect(_ kind: TokenKind, _ context: String) throws(Recovery) -> Token {
        if at(kind) { return advance() }
        try fail("\(kind.description) \(context)")
    }

    mutating func expectWord(_ word: StaticString, _ context: String) throws(Recovery) {
        if at(word) {
            advance()
            return
        }
        try fail("'\(word)' \(context)")
    }

    mutating func expectIdentifier(_ what: String) throws(Recovery) -> Identifier {
        guard at(.identifier) else { try fail(what) }
        let name = text(current)
        if Parser.reserved.contains(name) {
            report("reserved-word", "'\(name)' is a reserved word and cannot be used as \(what)", at: current.range)
            throw Recovery()
        }
        let t = advance()
        return Identifier(name: name, range: t.range)
    }

    mutating func expectString(_ what: String) throws(Recovery) -> StringLiteral {
        guard at(.string) else { try fail(what) }
        let t = advance()
        return StringLiteral(raw: text(t), range: t.range)
    }

    // MARK: Recovery

    /// Skips to the next token that can start a statement of this block (a line starting with
    /// one of `keywords`), the block's closing brace, or a top-level keyword.
    mutating func skipToStatement(_ keywords: [String], inBlock: Bool) {
        var braces = 0
        var first = true
        while !at(.endOfFile) {
            if !first && current.startsLine && braces == 0 && current.kind == .identifier {
                let word = text(current)
                if keywords.contains(word) || Parser.topLevelKeywords.contains(word) || Parser.amendmentKeywords.contains(word) { return }
            }
            if at(.leftBrace) { braces += 1 }
            if at(.rightBrace) {
                if braces == 0 && inBlock { return }
                braces -= 1
                if braces < 0 { braces = 0 }
            }
            first = false
            advance()
        }
    }

    // MARK: File

    mutating func parseFile() -> [Declaration] {
        var declarations: [Declaration] = []
        while !at(.endOfFile) {
            let before = index
            do {
                declarations.append(try parseDeclaration())
            } catch {
                skipToStatement([], inBlock: false)
                if at(.rightBrace) && index == before { advance() }
            }
            if index == before { advance() }  // always make progress
        }
        return declarations
    }

    mutating func parseDeclaration() throws(Recovery) -> Declaration {
        guard at(.identifier) else {
            if at(.unknown) { throw Recovery() }
            if at(.rightBrace) {
                report("unbalanced-brace", "unexpected '}': no block is open here", at: current.range)
                advance()
                throw Recovery()
            }
            try fail("a declaration (\(Parser.topLevelKeywords.joined(separator: ", ")))")
        }
        let word = text(current)
        switch word {
        case "ruleset", "library": return .header(try parseHeader())
        case "import":
            let start = advance().range.lowerBound
            let path = try expectString("a quoted file path after 'import'")
            return .import(Import(path: path, range: start..<path.range.upperBound))
        case "evidence": return .evidence(try parseEvidence())
        case "define": return .define(try parseDefinition())
        case "point": return .point(try parseMarkingPoint())
        case "grading": return .grading(try parseGrading())
        case "extends": return .extends(try parseExtension())
        case "replace": return try parseReplacement()
        case "remove": return .removal(try parseRemoval())
        case "grade", "floor": return try parseGradingAddition()
        case "extend": return .evidence(try parseEvidenceExtension())
        default:
            let hint = Suggestion.didYouMean(word, among: Parser.topLevelKeywords)
            report(
                "unknown-declaration",
                "expected a declaration (\(Parser.topLevelKeywords.joined(separator: ", "))), found '\(word)'\(hint)",
                at: current.range)
            throw Recovery()
        }
    }

    /// Parses `{ statements }`, calling `statement` for each; handles recovery inside.
    mutating func parseBlock(
        _ keywords: [String], context: String, statement: (inout Parser) throws(Recovery) -> Void
    ) throws(Recovery) -> Int {
        _ = try expect(.leftBrace, "to open \(context)")
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxDepth {
            report("nesting-too-deep", "blocks are nested too deeply", at: current.range)
            throw Recovery()
        }
        while !at(.rightBrace) {
            if at(.endOfFile) || (current.startsLine && at(.identifier) && Parser.topLevelKeywords.contains(text(current))
                && !keywords.contains(text(current)))
            {
                report("expected", "expected '}' to close \(context)", at: current.range)
                return previousEnd
            }
            let before = index
            do {
                try statement(&self)
            } catch {
                skipToStatement(keywords, inBlock: true)
            }
            if index == before { advance() }
        }
        return advance().range.upperBound
    }
}
