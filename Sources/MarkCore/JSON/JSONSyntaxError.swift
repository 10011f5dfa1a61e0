/// A syntax error: byte offset into the input and a message saying what was expected.
///
/// The offset points at the offending byte: at the end of the input for
/// `unexpected end of input`, at the opening quote for `unterminated string`, at the
/// backslash for a bad escape, at the lead byte of a malformed UTF-8 sequence, at the first
/// byte of a misspelt `true`/`false`/`null` or of a number that is too large, and at the
/// second of two equal keys.
/// `SourceFile.location(of:)` turns it into a line and column.
public struct JSONSyntaxError: Error, Sendable, Equatable {
    /// Byte offset of the offending byte, relative to the start of the parsed bytes.
    public var offset: Int
    /// What went wrong, in words an author understands, e.g. `expected a value`.
    public var message: String

    /// Creates a syntax error.
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }
}
