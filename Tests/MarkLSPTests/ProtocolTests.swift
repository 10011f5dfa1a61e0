import Foundation
import MarkCore
import Testing

@testable import MarkLSP

/// The protocol layer: Content-Length framing in and out, and JSON-RPC decoding, including
/// every malformed input the reader must survive.
@Suite struct ProtocolTests {
    /// A reader over fixed chunks (an empty chunk would end the stream early, so none is given).
    static func reader(_ chunks: [[UInt8]]) -> MessageReader {
        var rest = chunks
        return MessageReader { rest.isEmpty ? [] : rest.removeFirst() }
    }

    static func frame(_ body: String) -> [UInt8] { MessageWriter.framed(body) }

    @Test func messagesInOneChunkAndByteByByte() {
        let two = Self.frame("{\"a\":1}") + Self.frame("{\"b\":2}")
        var whole = Self.reader([two])
        #expect(whole.next() == .message(Array("{\"a\":1}".utf8)))
        #expect(whole.next() == .message(Array("{\"b\":2}".utf8)))
        #expect(whole.next() == .end(truncated: false))
        var bytes = Self.reader(two.map { [$0] })
        #expect(bytes.next() == .message(Array("{\"a\":1}".utf8)))
        #expect(bytes.next() == .message(Array("{\"b\":2}".utf8)))
        #expect(bytes.next() == .end(truncated: false))
    }

    @Test func headerNamesAnyCaseAndOtherHeadersAreAccepted() {
        let body = "{\"é\":\"😀\"}"
        let count = Array(body.utf8).count
        let framed = Array("content-length: \(count)\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n\(body)".utf8)
        var reader = Self.reader([framed])
        #expect(reader.next() == .message(Array(body.utf8)))
    }

    @Test func aBadHeaderIsReportedAndTheNextMessageIsRead() {
        let cases: [(String, String)] = [
            ("Content-Type: x\r\n\r\n", "the header has no Content-Length"),
            ("Content-Length: ten\r\n\r\n", "Content-Length is not a whole number of bytes"),
            ("Content-Length: -4\r\n\r\n", "Content-Length is not a whole number of bytes"),
            ("Content-Length: 99999999999999999999\r\n\r\n", "Content-Length is not a whole number of bytes"),
            ("no colon here\r\n\r\n", "a header line is not 'Name: value'"),
            ("Content-Length: 2\r\nContent-Length: 3\r\n\r\n", "Content-Length is given twice"),
        ]
        for (header, reason) in cases {
            var reader = Self.reader([Array(header.utf8) + Self.frame("{}")])
            #expect(reader.next() == .malformed(reason), "\(header)")
            #expect(reader.next() == .message(Array("{}".utf8)), "\(header)")
        }
    }

    @Test func aHeaderWithoutEndIsCutOffAtTheLimit() {
        let junk = [UInt8](repeating: UInt8(ascii: "x"), count: MessageReader.maxHeaderBytes + 100)
        var reader = Self.reader([junk, Self.frame("{}")])
        guard case .malformed(let reason) = reader.next() else {
            Issue.record("expected a malformed frame")
            return
        }
        #expect(reason.contains("longer than \(MessageReader.maxHeaderBytes) bytes"))
        #expect(reader.next() == .message(Array("{}".utf8)))
    }

    @Test func aBodyOverTheLimitIsSkippedNotKept() {
        let size = MessageReader.maxBodyBytes + 1
        var chunks: [[UInt8]] = [Array("Content-Length: \(size)\r\n\r\n".utf8)]
        let block = [UInt8](repeating: 32, count: 1 << 20)
        var left = size
        while left > 0 {
            chunks.append(Array(block.prefix(left)))
            left -= min(left, block.count)
        }
        chunks.append(Self.frame("{}"))
        var reader = Self.reader(chunks)
        #expect(reader.next() == .malformed("the message is \(size) bytes, more than the limit of \(MessageReader.maxBodyBytes)"))
        #expect(reader.next() == .message(Array("{}".utf8)))
    }

    @Test func theStreamEndingInsideAMessageIsTruncated() {
        var insideBody = Self.reader([Array("Content-Length: 10\r\n\r\n{\"a\"".utf8)])
        #expect(insideBody.next() == .end(truncated: true))
        var insideHeader = Self.reader([Array("Content-Len".utf8)])
        #expect(insideHeader.next() == .end(truncated: true))
        var between = Self.reader([Self.frame("{}") + Array("\r\n".utf8)])
        #expect(between.next() == .message(Array("{}".utf8)))
        #expect(between.next() == .end(truncated: false))
    }

    @Test func theWriterCountsBytesNotCharacters() {
        var out: [UInt8] = []
        let writer = MessageWriter { out += $0; return true }
        #expect(writer.write("\"é😀\""))
        #expect(String(decoding: out, as: UTF8.self) == "Content-Length: 8\r\n\r\n\"é😀\"")
        let failing = MessageWriter { _ in false }
        #expect(!failing.write("{}"))
    }

    static func rejected(_ body: String) -> RejectedMessage? {
        if case .failure(let r) = IncomingMessage.decode(Array(body.utf8)) { return r }
        return nil
    }

    @Test func malformedJSONRPCGetsTheRightErrorAndId() {
        #expect(Self.rejected("{not json")?.error.code == .parseError)
        #expect(Self.rejected("{not json")?.id == .null)
        #expect(Self.rejected("\u{FEFF}{}")?.error.code == .parseError)
        #expect(Self.rejected("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\"}]")?.error.message == "the message is a batch (an array); send one message at a time")
        #expect(Self.rejected("42")?.error.code == .invalidRequest)
        let noVersion = Self.rejected("{\"id\":7,\"method\":\"initialize\"}")
        #expect(noVersion?.error.code == .invalidRequest)
        #expect(noVersion?.id == .int(7))
        #expect(Self.rejected("{\"jsonrpc\":\"2.0\",\"id\":\"a\"}")?.id == .string("a"))
        #expect(Self.rejected("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"x\"}")?.error.code == .invalidRequest)
        #expect(Self.rejected("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"x\"}")?.error.code == .invalidRequest)
        #expect(Self.rejected("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":3}")?.error.code == .invalidRequest)
        #expect(Self.rejected("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":1}")?.error.code == .invalidRequest)
        #expect(Self.rejected("{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"x\"}")?.error.code == .parseError)
    }

    @Test func requestsNotificationsAndResponsesAreTold() throws {
        guard case .success(.request(let id, let method, _)) = IncomingMessage.decode(Array("{\"jsonrpc\":\"2.0\",\"id\":\"x1\",\"method\":\"shutdown\"}".utf8)) else {
            Issue.record("not a request")
            return
        }
        #expect(id == .string("x1"))
        #expect(method == "shutdown")
        guard case .success(.notification(let name, let params)) = IncomingMessage.decode(Array("{\"jsonrpc\":\"2.0\",\"method\":\"exit\",\"params\":{\"a\":{\"b\":\"c\"}}}".utf8)) else {
            Issue.record("not a notification")
            return
        }
        #expect(name == "exit")
        #expect(params.string("a", "b") == "c")
        guard case .success(.response) = IncomingMessage.decode(Array("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":null}".utf8)) else {
            Issue.record("not a response")
            return
        }
    }

    @Test func jsonValuesAreWrittenByTheProjectsWriter() {
        let value = JSONValue.object(["a": .int(1), "b": .array([.string("x\n\"y\""), .bool(true), .null, .number(0.5)]), "skipped": nil])
        #expect(value.text == "{\"a\":1,\"b\":[\"x\\n\\\"y\\\"\",true,null,0.5]}")
        let document = try! JSONReader.parse(Array(value.text.utf8))
        #expect(JSONValue(document, node: document.root) == value)
    }
}
