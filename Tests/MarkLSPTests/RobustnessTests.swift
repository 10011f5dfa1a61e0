import Foundation
import MarkCore
import Testing

@testable import MarkLSP

/// Every rules file of the test corpora (each a kind of error: syntax, names, types, imports,
/// cycles, bytes that are not text, hostile nesting) opened in the server, with every request
/// asked at positions all through it: each gets a reply, never a crash or a hang.
@Suite struct RobustnessTests {
    static let testsRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().path

    static var corpus: [String] {
        let enumerator = FileManager.default.enumerator(atPath: testsRoot)
        var found: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            if relative.hasSuffix(".rules") || relative.hasSuffix(".tests") { found.append(testsRoot + "/" + relative) }
        }
        return found.sorted()
    }

    @Test func everyRequestOnEveryBrokenFileGetsAReply() throws {
        let files = Self.corpus
        #expect(files.count > 40)
        let h = Harness()
        h.start(root: Self.testsRoot)
        var asked = 0
        for path in files {
            guard let bytes = FileManager.default.contents(atPath: path), bytes.count < 256 << 10 else { continue }
            let text = String(decoding: bytes, as: UTF8.self)
            let uri = DocumentURI.uri(path)
            h.open(uri, text, language: path.hasSuffix(".tests") ? "mark-tests" : "mark-rules")
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            // About 8 lines of each file, at the start, the middle and past the end of each.
            let step = max(1, lines.count / 8)
            for line in stride(from: 0, through: lines.count, by: step) {
                let width = line < lines.count ? lines[line].utf16.count : 0
                for character in Set([0, width / 2, width + 3]) {
                    for method in ["textDocument/hover", "textDocument/definition", "textDocument/completion", "textDocument/references"] {
                        let reply = h.request(method, Harness.at(uri, line, character))
                        #expect(reply["result"] != nil, "\(method) at \(path):\(line):\(character): \(reply.text)")
                        asked += 1
                    }
                }
            }
            for method in ["textDocument/documentSymbol", "textDocument/formatting"] {
                #expect(h.request(method, .object(["textDocument": .object(["uri": .string(uri)])]))["result"] != nil, "\(method) \(path)")
            }
            let whole = JSONValue.object([
                "textDocument": .object(["uri": .string(uri)]),
                "range": .object(["start": .object(["line": .int(0), "character": .int(0)]), "end": .object(["line": .int(lines.count), "character": .int(0)])]),
            ])
            #expect(h.request("textDocument/codeAction", whole)["result"] != nil, "codeAction \(path)")
            h.notify("textDocument/didClose", .object(["textDocument": .object(["uri": .string(uri)])]))
        }
        #expect(asked > 2000)
    }

    /// Bodies that are JSON but not what the methods expect: wrong types everywhere.
    @Test func wrongShapesGetErrorsOrAreIgnored() {
        let h = Harness()
        h.start()
        let bodies = [
            #"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"textDocument":"x","position":[]}}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":5},"position":{"line":"a","character":0}}}"#,
            #"{"jsonrpc":"2.0","id":3,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///x"},"range":{"start":{}}}}"#,
            #"{"jsonrpc":"2.0","id":4,"method":"textDocument/hover","params":[1,2,3]}"#,
            #"{"jsonrpc":"2.0","id":5,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///x"},"position":{"line":1e300,"character":0}}}"#,
        ]
        for body in bodies {
            let replies = h.send(body)
            #expect(replies.count == 1 && replies[0]["error"]?["code"] == .int(RPCErrorCode.invalidParams.rawValue), "\(body)")
        }
        let notifications = [
            #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///x.rules"}}}"#,
            #"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///never-opened.rules"},"contentChanges":[{"text":"x"}]}}"#,
            #"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"contentChanges":7}}"#,
            #"{"jsonrpc":"2.0","method":"textDocument/didClose","params":{}}"#,
        ]
        for body in notifications { #expect(h.send(body) == [], "\(body)") }
        #expect(h.request("shutdown")["result"] == .null)
    }
}
