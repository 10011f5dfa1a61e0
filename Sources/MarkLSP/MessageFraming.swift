/// What the reader found next in the byte stream from the client.
public enum Frame: Sendable, Equatable {
    /// A message body: the bytes announced by `Content-Length`.
    case message([UInt8])
    /// A header block that cannot be used (no or a bad `Content-Length`, too long, too large):
    /// the reader has skipped past it, and the reason is for the error reply.
    case malformed(String)
    /// The stream ended; `truncated` when it ended inside a message.
    case end(truncated: Bool)
}

/// Reads JSON-RPC messages framed as the Language Server Protocol frames them: header lines
/// `Name: value` ended by CR LF, a blank line, then exactly `Content-Length` bytes of body.
///
/// A bad header never stops the reader: it reports `.malformed` and carries on after the
/// header block (and after the announced body, when its length was readable but too large),
/// so one broken message costs one error reply, not the session. Header blocks are capped at
/// `maxHeaderBytes` and bodies at `maxBodyBytes`, so a client cannot make the server hold
/// unbounded input.
public struct MessageReader {
    /// The longest header block accepted.
    public static let maxHeaderBytes = 8 << 10
    /// The largest body accepted: 64 MB, room for a 16 MB rules file escaped as JSON.
    public static let maxBodyBytes = 64 << 20

    private let readChunk: () -> [UInt8]
    private var buffer: [UInt8] = []
    private var start = 0
    private var ended = false

    /// Creates a reader over a source of chunks; an empty chunk means the stream has ended.
    public init(readChunk: @escaping () -> [UInt8]) {
        self.readChunk = readChunk
    }

    /// Reads the next frame.
    public mutating func next() -> Frame {
        // The header block: up to and including the blank line.
        var searchFrom = start
        var headerEnd: Int?
        while headerEnd == nil {
            headerEnd = MessageReader.find([13, 10, 13, 10], in: buffer, from: searchFrom, before: buffer.count)
            if headerEnd != nil { break }
            if buffer.count - start > MessageReader.maxHeaderBytes {
                // No blank line within the limit: drop what was read and start afresh.
                buffer.removeAll(keepingCapacity: true)
                start = 0
                return .malformed("the header is longer than \(MessageReader.maxHeaderBytes) bytes, or is not ended by a blank line (CR LF CR LF)")
            }
            searchFrom = max(start, buffer.count - 3)
            guard fill() else {
                let truncated = buffer[start...].contains { $0 != 13 && $0 != 10 && $0 != 32 && $0 != 9 }
                return .end(truncated: truncated)
            }
        }
        let header = Array(buffer[start..<headerEnd!])
        start = headerEnd! + 4
        let length: Int
        switch MessageReader.contentLength(header) {
        case .failure(let problem):
            compact()
            return .malformed(problem.reason)
        case .success(let n): length = n
        }
        if length > MessageReader.maxBodyBytes {
            guard skip(length) else { return .end(truncated: true) }
            return .malformed("the message is \(length) bytes, more than the limit of \(MessageReader.maxBodyBytes)")
        }
        while buffer.count - start < length {
            guard fill() else { return .end(truncated: true) }
        }
        let body = Array(buffer[start..<start + length])
        start += length
        compact()
        return .message(body)
    }

    /// Why a header block gives no usable length.
    struct HeaderProblem: Error {
        var reason: String
    }

    /// The `Content-Length` of a header block (without its final blank line).
    static func contentLength(_ header: [UInt8]) -> Result<Int, HeaderProblem> {
        var length: Int?
        let text = String(decoding: header, as: UTF8.self)
        for line in text.split(separator: "\r\n", omittingEmptySubsequences: false) {
            guard let colon = line.firstIndex(of: ":") else {
                return .failure(HeaderProblem(reason: "a header line is not 'Name: value'"))
            }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingSpaces
            guard name == "content-length" else { continue }
            guard !value.isEmpty, value.count <= 18, value.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(value) else {
                return .failure(HeaderProblem(reason: "Content-Length is not a whole number of bytes"))
            }
            if length != nil && length != n { return .failure(HeaderProblem(reason: "Content-Length is given twice")) }
            length = n
        }
        guard let length else { return .failure(HeaderProblem(reason: "the header has no Content-Length")) }
        return .success(length)
    }

    /// Reads one more chunk into the buffer; false at the end of the stream.
    private mutating func fill() -> Bool {
        if ended { return false }
        let chunk = readChunk()
        if chunk.isEmpty {
            ended = true
            return false
        }
        buffer.append(contentsOf: chunk)
        return true
    }

    /// Discards `count` bytes of body without keeping them; false if the stream ends first.
    private mutating func skip(_ count: Int) -> Bool {
        var left = count
        while true {
            let have = min(left, buffer.count - start)
            start += have
            left -= have
            compact()
            if left == 0 { return true }
            guard fill() else { return false }
        }
    }

    /// Drops consumed bytes once they are most of the buffer, so it does not grow with the session.
    private mutating func compact() {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 1 << 20)
            start = 0
        } else if start > 4096 && start * 2 > buffer.count {
            buffer.removeSubrange(0..<start)
            start = 0
        }
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int, before end: Int) -> Int? {
        guard end - from >= needle.count else { return nil }
        var i = from
        while i + needle.count <= end {
            if bytes[i] == needle[0] && bytes[i + 1] == needle[1] && bytes[i + 2] == needle[2] && bytes[i + 3] == needle[3] {
                return i
            }
            i += 1
        }
        return nil
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}

/// Frames outgoing messages: `Content-Length: N` CR LF CR LF, then the UTF-8 body.
public struct MessageWriter {
    private let writeBytes: ([UInt8]) -> Bool

    /// Creates a writer over a sink that returns false once writing has failed.
    public init(writeBytes: @escaping ([UInt8]) -> Bool) {
        self.writeBytes = writeBytes
    }

    /// Writes one message; false if the client can no longer be written to.
    public func write(_ body: String) -> Bool {
        let bytes = Array(body.utf8)
        return writeBytes(Array("Content-Length: \(bytes.count)\r\n\r\n".utf8) + bytes)
    }

    /// The framed bytes of a body, for tests and for clients built on this package.
    public static func framed(_ body: String) -> [UInt8] {
        let bytes = Array(body.utf8)
        return Array("Content-Length: \(bytes.count)\r\n\r\n".utf8) + bytes
    }
}
