/// Splits rule source into tokens. It never throws: a problem becomes a diagnostic and the
/// lexer carries on, so the parser always receives a complete token stream ending in
/// `endOfFile`.
public struct Lexer {
    private let source: SourceFile
    private let bytes: [UInt8]
    private var position = 0
    private var lineHasToken = false
    /// The tokens read, ending with `endOfFile`.
    public private(set) var tokens: [Token] = []
    /// The comments read, in source order.
    public private(set) var comments: [Comment] = []
    /// Problems found while lexing.
    public private(set) var diagnostics: [Diagnostic] = []

    /// Lexes a whole file.
    public static func tokenize(_ source: SourceFile) -> Lexer {
        var lexer = Lexer(source: source)
        lexer.run()
        return lexer
    }

    private init(source: SourceFile) {
        self.source = source
        self.bytes = source.bytes
        tokens.reserveCapacity(bytes.count / 4 + 1)
    }

    private mutating func run() {
        // A UTF-8 byte order mark at the start is harmless: skip it.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        while position < bytes.count {
            let b = bytes[position]
            switch b {
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                // LF, CR LF and a lone CR (old Mac files) all end a line.
                position += 1
                lineHasToken = false
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                position += 1
            case UInt8(ascii: "#"):
                lexComment()
            case UInt8(ascii: "\""):
                lexString()
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                lexNumberOrDate()
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
                let start = position
                while position < bytes.count, Lexer.isIdentifierByte(bytes[position]) { position += 1 }
                add(.identifier, start)
            default:
                lexPunctuation(b)
            }
        }
        tokens.append(Token(kind: .endOfFile, range: bytes.count..<bytes.count, startsLine: !lineHasToken))
    }

    static func isIdentifierByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_")
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    private mutating func add(_ kind: TokenKind, _ start: Int) {
        tokens.append(Token(kind: kind, range: start..<position, startsLine: !lineHasToken))
        lineHasToken = true
    }

    private mutating func error(_ id: String, _ message: String, _ range: Range<Int>) {
        diagnostics.append(Diagnostic(.error, id: id, message, path: source.path, range: range))
    }

    private mutating func lexComment() {
        let start = position
        while position < bytes.count, bytes[position] != UInt8(ascii: "\n"), bytes[position] != UInt8(ascii: "\r") {
            if !validateScalar() { continue }
        }
        let end = position
        comments.append(Comment(text: source.text(start..<end), range: start..<end, isTrailing: lineHasToken))
    }

    /// Checks the UTF-8 sequence at `position`, reports it if invalid or a NUL, and advances
    /// past it. Returns false when it reported a problem.
    private mutating func validateScalar() -> Bool {
        let b = bytes[position]
        if b == 0 {
            error("nul-byte", "NUL byte in source", position..<position + 1)
            position += 1
            return false
        }
        if b < 0x80 {
            position += 1
            return true
        }
        let length = UTF8Validation.sequenceLength(bytes, at: position)
        if length == 0 {
            error("invalid-utf8", "invalid UTF-8 byte 0x\(String(b, radix: 16, uppercase: true))", position..<position + 1)
            position += 1
            return false
        }
        position += length
        return true
    }

    private mutating func lexString() {
        let start = position
        position += 1
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                position += 1
                add(.string, start)
                return
            }
            if b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") { break }
            if b == UInt8(ascii: "\\") {
                position += 1
                guard position < bytes.count, bytes[position] != UInt8(ascii: "\n"), bytes[position] != UInt8(ascii: "\r") else { break }
                let escaped = bytes[position]
                if !StringLiteralDecoding.isValidEscape(escaped) {
                    let message = escaped < 0x80 && escaped >= 0x20
                        ? "unknown escape '\\\(Character(Unicode.Scalar(escaped)))' in string; write '\\\\' for a backslash"
                        : "unknown escape in string"
                    error("invalid-escape", message, position - 1..<position + 1)
                }
                _ = validateScalar()
                continue
            }
            _ = validateScalar()
        }
        error("unterminated-string", "unterminated string: expected '\"' before the end of the line", start..<position)
        add(.string, start)
    }

    private mutating func lexNumberOrDate() {
        let start = position
        while position < bytes.count, Lexer.isDigit(bytes[position]) { position += 1 }
        // A date: four digits, '-', two digits, '-', two digits.
        if position - start == 4, matchesDateTail(at: position) {
            position += 6
            add(.date, start)
            return
        }
        if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "."), Lexer.isDigit(bytes[position + 1]) {
            position += 1
            while position < bytes.count, Lexer.isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, Lexer.isIdentifierByte(bytes[position]) {
            // `12abc` is one bad token rather than a number followed by a name.
            while position < bytes.count, Lexer.isIdentifierByte(bytes[position]) { position += 1 }
            error("invalid-number", "invalid number '\(source.text(start..<position))'", start..<position)
        }
        add(.number, start)
    }

    private func matchesDateTail(at p: Int) -> Bool {
        guard p + 6 <= bytes.count else { return false }
        return bytes[p] == UInt8(ascii: "-") && Lexer.isDigit(bytes[p + 1]) && Lexer.isDigit(bytes[p + 2])
            && bytes[p + 3] == UInt8(ascii: "-") && Lexer.isDigit(bytes[p + 4]) && Lexer.isDigit(bytes[p + 5])
            && (p + 6 == bytes.count || !Lexer.isIdentifierByte(bytes[p + 6]))
    }

    private mutating func lexPunctuation(_ b: UInt8) {
        let start = position
        let next: UInt8 = position + 1 < bytes.count ? bytes[position + 1] : 0
        var kind: TokenKind
        var width = 1
        switch b {
        case UInt8(ascii: "{"): kind = .leftBrace
        case UInt8(ascii: "}"): kind = .rightBrace
        case UInt8(ascii: "("): kind = .leftParen
        case UInt8(ascii: ")"): kind = .rightParen
        case UInt8(ascii: "["): kind = .leftBracket
        case UInt8(ascii: "]"): kind = .rightBracket
        case UInt8(ascii: ","): kind = .comma
        case UInt8(ascii: ":"): kind = .colon
        case UInt8(ascii: "."): kind = .dot
        case UInt8(ascii: "+"): kind = .plus
        case UInt8(ascii: "-"): kind = .minus
        case UInt8(ascii: "*"): kind = .star
        case UInt8(ascii: "/"): kind = .slash
        case UInt8(ascii: "="):
            if next == UInt8(ascii: "=") { kind = .doubleEquals; width = 2 } else { kind = .equals }
        case UInt8(ascii: "!"):
            if next == UInt8(ascii: "=") {
                kind = .notEquals
                width = 2
            } else {
                kind = .unknown
                error("unexpected-character", "unexpected character '!'; write 'not' to negate a condition", start..<start + 1)
            }
        case UInt8(ascii: "<"):
            if next == UInt8(ascii: "=") { kind = .lessEqual; width = 2 } else { kind = .less }
        case UInt8(ascii: ">"):
            if next == UInt8(ascii: "=") { kind = .greaterEqual; width = 2 } else { kind = .greater }
        default:
            kind = .unknown
            position = start
            if validateScalar() {
                let text = source.text(start..<position)
                error("unexpected-character", "unexpected character '\(TerminalText.escaped(text))'", start..<position)
            }
            // Swallow a run of unknown bytes as one token so one stray blob gives one error.
            add(.unknown, start)
            return
        }
        position += width
        add(kind, start)
    }
}

/// UTF-8 validation shared by the lexer and anything else that checks raw bytes.
enum UTF8Validation {
    /// The length of the valid UTF-8 sequence starting at `i`, or 0 if it is invalid
    /// (overlong forms, surrogates and values above U+10FFFF are invalid).
    static func sequenceLength(_ bytes: [UInt8], at i: Int) -> Int {
        let b0 = bytes[i]
        func cont(_ k: Int) -> UInt8? {
            guard i + k < bytes.count else { return nil }
            let c = bytes[i + k]
            return c & 0xC0 == 0x80 ? c : nil
        }
        switch b0 {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return cont(1) == nil ? 0 : 2
        case 0xE0...0xEF:
            guard let b1 = cont(1), cont(2) != nil else { return 0 }
            if b0 == 0xE0 && b1 < 0xA0 { return 0 }
            if b0 == 0xED && b1 > 0x9F { return 0 }
            return 3
        case 0xF0...0xF4:
            guard let b1 = cont(1), cont(2) != nil, cont(3) != nil else { return 0 }
            if b0 == 0xF0 && b1 < 0x90 { return 0 }
            if b0 == 0xF4 && b1 > 0x8F { return 0 }
            return 4
        default: return 0
        }
    }
}
