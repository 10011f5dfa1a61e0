import MarkCore

/// A position as the protocol counts it: a 0-based line, and a 0-based character offset in
/// UTF-16 code units within the line.
public struct LSPPosition: Sendable, Equatable, Comparable {
    /// 0-based line.
    public var line: Int
    /// 0-based offset in UTF-16 code units.
    public var character: Int

    /// Creates a position.
    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    var json: JSONValue { .object(["line": .int(line), "character": .int(character)]) }

    public static func < (a: LSPPosition, b: LSPPosition) -> Bool { (a.line, a.character) < (b.line, b.character) }
}

/// A half-open range of positions.
public struct LSPRange: Sendable, Equatable {
    /// Where it starts.
    public var start: LSPPosition
    /// Where it ends (excluded).
    public var end: LSPPosition

    var json: JSONValue { .object(["start": start.json, "end": end.json]) }
}

/// Converts between the engine's UTF-8 byte offsets and the protocol's UTF-16 positions, over
/// one source's line table (lines end at LF, CR LF or a lone CR, as for the protocol).
struct PositionMap {
    let source: SourceFile

    /// The position of a byte offset (clamped to the text).
    func position(_ offset: Int) -> LSPPosition {
        let bytes = source.bytes
        let clamped = max(0, min(offset, bytes.count))
        let loc = source.location(of: clamped)
        let lineStart = source.lineStarts[loc.line - 1 - source.lineOffset]
        var units = 0
        var i = lineStart
        while i < clamped {
            let b = bytes[i]
            if b & 0xC0 != 0x80 { units += b >= 0xF0 ? 2 : 1 }
            i += 1
        }
        return LSPPosition(line: loc.line - 1 - source.lineOffset, character: units)
    }

    /// The range of a byte range.
    func range(_ range: Range<Int>) -> LSPRange {
        LSPRange(start: position(range.lowerBound), end: position(range.upperBound))
    }

    /// The byte offset of a position: a line past the end is the end of the text, a character
    /// past the end of its line is the line's end, and a position inside a surrogate pair or a
    /// multi-byte character moves to that character's start.
    func offset(_ position: LSPPosition) -> Int {
        let bytes = source.bytes
        let starts = source.lineStarts
        guard position.line < starts.count else { return bytes.count }
        var i = starts[position.line]
        var end = position.line + 1 < starts.count ? starts[position.line + 1] : bytes.count
        while end > i, bytes[end - 1] == 10 || bytes[end - 1] == 13 { end -= 1 }
        var units = 0
        while i < end {
            let b = bytes[i]
            let width = b >= 0xF0 ? 2 : 1
            if units + width > position.character { break }
            units += width
            i += 1
            while i < end, bytes[i] & 0xC0 == 0x80 { i += 1 }
        }
        return i
    }

    /// The position just past the end of the text.
    var end: LSPPosition { position(source.bytes.count) }
}

/// `file://` URIs and the paths they name.
enum DocumentURI {
    /// The path of a `file:` URI (percent-escapes decoded), or nil for another scheme.
    static func path(_ uri: String) -> String? {
        guard uri.hasPrefix("file://") else { return nil }
        var rest = Substring(uri.dropFirst(7))
        // file://host/path: only an empty host or localhost names this machine.
        if !rest.hasPrefix("/") {
            guard let slash = rest.firstIndex(of: "/"), rest[..<slash].lowercased() == "localhost" else { return nil }
            rest = rest[slash...]
        }
        if let query = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<query] }
        var bytes: [UInt8] = []
        let utf8 = Array(rest.utf8)
        var i = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "%"), i + 2 < utf8.count, let hi = hex(utf8[i + 1]), let lo = hex(utf8[i + 2]) {
                bytes.append(hi << 4 | lo)
                i += 3
            } else {
                bytes.append(utf8[i])
                i += 1
            }
        }
        guard !bytes.contains(0), let path = String(validating: bytes, as: UTF8.self) else { return nil }
        return RuleLoader.normalise(path)
    }

    /// The `file:` URI of an absolute path, escaping what a URI path may not hold.
    static func uri(_ path: String) -> String {
        var out = "file://"
        for b in path.utf8 {
            let keep = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || "/-._~".utf8.contains(b)
            if keep {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                let h = String(b, radix: 16, uppercase: true)
                out += "%" + (h.count == 1 ? "0" + h : h)
            }
        }
        return out
    }

    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: b - 0x30
        case 0x41...0x46: b - 0x41 + 10
        case 0x61...0x66: b - 0x61 + 10
        default: nil
        }
    }
}
