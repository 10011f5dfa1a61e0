import MarkCore
import Testing

/// Line and column from byte offsets, for every kind of line break.
@Suite struct SourceFileLineTests {
    @Test func lfCrlfAndLoneCrEachEndOneLine() {
        let source = SourceFile(path: "x", text: "a\rb\r\nc\nd\r\re")
        #expect(source.location(of: 0) == SourceLocation(line: 1, column: 1))
        #expect(source.location(of: 2) == SourceLocation(line: 2, column: 1))
        #expect(source.location(of: 3) == SourceLocation(line: 2, column: 2), "the CR of a CRLF is still on line 2")
        #expect(source.location(of: 5) == SourceLocation(line: 3, column: 1), "CRLF is one break")
        #expect(source.location(of: 7) == SourceLocation(line: 4, column: 1))
        #expect(source.location(of: 10) == SourceLocation(line: 6, column: 1), "two lone CRs are two breaks")
        #expect(source.lineText(2) == "b")
        #expect(source.lineText(5) == "")
        #expect(source.lineText(6) == "e")
    }

    @Test func lfOnlyIsUnchanged() {
        let source = SourceFile(path: "x", text: "ab\ncd\n")
        #expect(source.lineStarts == [0, 3, 6])
        #expect(source.location(of: 4) == SourceLocation(line: 2, column: 2))
    }
}

/// The lexer ends comments and lines at a lone CR as well as at LF and CR LF.
@Suite struct CarriageReturnLexingTests {
    @Test func commentsEndAtALoneCR() {
        // With comments running to the next LF, the definition would be swallowed by the
        // comment and the file would have no error.
        let source = SourceFile(path: "x.rules", text: "library \"x\"\r# a comment\rdefine a = 1 +\r")
        let outcome = Checker.check(source: source)
        let errors = outcome.diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.message) == ["expected a value or condition, found end of file"])
        #expect(errors.first.map { source.location(of: $0.range.lowerBound) } == SourceLocation(line: 4, column: 1))
    }

    @Test func formattingACRFileKeepsItsComments() throws {
        let source = SourceFile(path: "x.rules", text: "library \"x\"\r# a comment\rdefine a = 1\r")
        let formatted = try #require(Formatter.format(source))
        #expect(formatted == "library \"x\"\n\n# a comment\ndefine a = 1\n")
    }

    @Test func aStringStopsAtALoneCR() {
        let source = SourceFile(path: "x.rules", text: "library \"x\r\"\r")
        let errors = Checker.check(source: source).diagnostics.filter { $0.severity == .error }
        #expect(errors.first?.id == "unterminated-string")
    }
}
