import Foundation

/// A file of source text held as UTF-8 bytes, with a line table for turning byte offsets into
/// 1-based line and column numbers when a diagnostic is printed.
public struct SourceFile: Sendable {
    /// The path as the user named it; used in diagnostics.
    public let path: String
    /// The raw bytes of the file (UTF-8 expected, but any bytes are accepted).
    public let bytes: [UInt8]
    /// Byte offset at which each line starts; `lineStarts[0] == 0`. Computed on first use:
    /// evidence files need it only when there is something to report.
    public var lineStarts: [Int] { lineTable.starts(of: bytes) }
    private let lineTable = LineTable()
    /// Lines before this text in the file it came from (an NDJSON line is one line of a larger
    /// file); added to every reported line number.
    public var lineOffset = 0
    /// Whether a diagnostic may quote this file's lines: false for a file that was not accepted
    /// as what it claims to be (a `.rules` file that is not UTF-8 text or does not start with a
    /// declaration), so nothing of its content is printed.
    public var isQuotable = true

    /// Creates a source file from raw bytes.
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    /// Creates a source file from a string.
    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// The 1-based line and column (counted in UTF-8 bytes) of a byte offset.
    public func location(of offset: Int) -> SourceLocation {
        let lineStarts = self.lineStarts
        let clamped = max(0, min(offset, bytes.count))
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= clamped { lo = mid } else { hi = mid - 1 }
        }
        return SourceLocation(line: lo + 1 + lineOffset, column: clamped - lineStarts[lo] + 1)
    }

    /// The text of a 1-based line, without its line terminator; invalid UTF-8 is repaired.
    public func lineText(_ reportedLine: Int) -> String {
        let lineStarts = self.lineStarts
        let line = reportedLine - lineOffset
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        while end > start, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The text of a byte range, with invalid UTF-8 repaired.
    public func text(_ range: Range<Int>) -> String {
        let lo = max(0, min(range.lowerBound, bytes.count))
        let hi = max(lo, min(range.upperBound, bytes.count))
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }
}

/// The start of every line, found once on first use and shared by copies of a source file.
/// A line ends at LF, CRLF or a lone CR.
final class LineTable: @unchecked Sendable {
    private let lock = NSLock()
    private var cached: [Int]?

    func starts(of bytes: [UInt8]) -> [Int] {
        lock.lock()
        defer { lock.unlock() }
        if let cached { return cached }
        var starts = [0]
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            guard memchr(base, 13, buffer.count) != nil else {
                // LF only (the usual case): jump from line feed to line feed.
                var offset = 0
                while offset < buffer.count, let hit = memchr(base + offset, 10, buffer.count - offset) {
                    let index = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
                    starts.append(index + 1)
                    offset = index + 1
                }
                return
            }
            // LF, CRLF (one break) and a lone CR (old Mac OS) each end a line.
            var i = 0
            while i < buffer.count {
                if buffer[i] == 13 && i + 1 < buffer.count && buffer[i + 1] == 10 { i += 1 }
                if buffer[i] == 10 || buffer[i] == 13 { starts.append(i + 1) }
                i += 1
            }
        }
        cached = starts
        return starts
    }
}

/// A 1-based line and column in a source file.
public struct SourceLocation: Sendable, Equatable, Hashable, Comparable {
    /// 1-based line number.
    public var line: Int
    /// 1-based column, counted in UTF-8 bytes from the start of the line.
    public var column: Int

    /// Creates a location.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}
