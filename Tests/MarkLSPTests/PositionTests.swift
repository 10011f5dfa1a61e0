import MarkCore
import Testing

@testable import MarkLSP

/// Byte offsets and the protocol's UTF-16 positions, both ways, and file URIs.
@Suite struct PositionTests {
    @Test func charactersCountUTF16Units() {
        // "é" is 2 bytes and 1 unit; "😀" is 4 bytes and 2 units (a surrogate pair).
        let source = SourceFile(path: "x", text: "aé😀b\nz")
        let map = PositionMap(source: source)
        #expect(map.position(0) == LSPPosition(line: 0, character: 0))
        #expect(map.position(1) == LSPPosition(line: 0, character: 1))
        #expect(map.position(3) == LSPPosition(line: 0, character: 2))
        #expect(map.position(7) == LSPPosition(line: 0, character: 4))
        #expect(map.position(8) == LSPPosition(line: 0, character: 5))
        #expect(map.position(9) == LSPPosition(line: 1, character: 0))
        for offset in [0, 1, 3, 7, 8, 9, 10] {
            #expect(map.offset(map.position(offset)) == offset, "offset \(offset)")
        }
    }

    @Test func positionsOutsideTheTextAreClamped() {
        let source = SourceFile(path: "x", text: "ab😀\ncd")
        let map = PositionMap(source: source)
        // Inside the surrogate pair: the character's start.
        #expect(map.offset(LSPPosition(line: 0, character: 3)) == 2)
        // Past the line's end: the end of the line, before its line feed.
        #expect(map.offset(LSPPosition(line: 0, character: 99)) == 6)
        // Past the last line: the end of the text.
        #expect(map.offset(LSPPosition(line: 7, character: 0)) == source.bytes.count)
        #expect(map.end == LSPPosition(line: 1, character: 2))
    }

    @Test func crlfAndLoneCREndLines() {
        let source = SourceFile(path: "x", text: "a\r\nbc\rd")
        let map = PositionMap(source: source)
        #expect(map.position(3) == LSPPosition(line: 1, character: 0))
        #expect(map.position(6) == LSPPosition(line: 2, character: 0))
        #expect(map.offset(LSPPosition(line: 0, character: 5)) == 1)
        #expect(map.offset(LSPPosition(line: 2, character: 1)) == 7)
    }

    @Test func fileURIsAndPaths() {
        #expect(DocumentURI.path("file:///tmp/a%20b/c%C3%A9.rules") == "/tmp/a b/cé.rules")
        #expect(DocumentURI.path("file://localhost/tmp/x.rules") == "/tmp/x.rules")
        #expect(DocumentURI.path("file:///tmp/./y/../x.rules") == "/tmp/x.rules")
        #expect(DocumentURI.path("untitled:Untitled-1") == nil)
        #expect(DocumentURI.path("file://otherhost/x.rules") == nil)
        #expect(DocumentURI.path("file:///tmp/%00x") == nil)
        #expect(DocumentURI.uri("/tmp/a b/cé#.rules") == "file:///tmp/a%20b/c%C3%A9%23.rules")
        #expect(DocumentURI.path(DocumentURI.uri("/tmp/a b/cé#.rules")) == "/tmp/a b/cé#.rules")
    }
}
