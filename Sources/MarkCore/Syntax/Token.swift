/// The kind of a token, without its text: the text is read from the source by range.
public enum TokenKind: UInt8, Sendable, Equatable {
    case identifier, string, number, date
    case leftBrace, rightBrace, leftParen, rightParen, leftBracket, rightBracket
    case comma, colon, dot, equals, doubleEquals, notEquals
    case less, lessEqual, greater, greaterEqual, plus, minus, star, slash
    /// A byte that starts no token; the lexer has already reported it.
    case unknown
    case endOfFile

    /// How the token kind is named in "expected …" messages.
    public var description: String {
        switch self {
        case .identifier: "a name"
        case .string: "a string"
        case .number: "a number"
        case .date: "a date"
        case .leftBrace: "'{'"
        case .rightBrace: "'}'"
        case .leftParen: "'('"
        case .rightParen: "')'"
        case .leftBracket: "'['"
        case .rightBracket: "']'"
        case .comma: "','"
        case .colon: "':'"
        case .dot: "'.'"
        case .equals: "'='"
        case .doubleEquals: "'=='"
        case .notEquals: "'!='"
        case .less: "'<'"
        case .lessEqual: "'<='"
        case .greater: "'>'"
        case .greaterEqual: "'>='"
        case .plus: "'+'"
        case .minus: "'-'"
        case .star: "'*'"
        case .slash: "'/'"
        case .unknown: "an unknown character"
        case .endOfFile: "end of file"
        }
    }
}

/// A token: its kind and half-open byte range in the source. Tokens carry no payload.
public struct Token: Sendable, Equatable {
    /// What sort of token this is.
    public var kind: TokenKind
    /// Where it is in the source, in UTF-8 bytes.
    public var range: Range<Int>
    /// Whether the token is the first on its line (used for error recovery).
    public var startsLine: Bool
}

/// A `#` comment, kept so the formatter can put it back.
public struct Comment: Sendable, Equatable {
    /// The comment's text, from `#` to the end of the line.
    public var text: String
    /// Where it is in the source.
    public var range: Range<Int>
    /// Whether code precedes the comment on its line (a trailing comment).
    public var isTrailing: Bool
}
