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
