import Foundation
import MarkCore
import Testing

@testable import MarkLSP

/// initialize, shutdown and exit as the protocol orders them, error replies for what does not
/// fit, and whole sessions over framed byte streams.
@Suite struct LifecycleTests {
    @Test func requestsBeforeInitializeAreRefused() {
        let h = Harness()
        let reply = h.request("textDocument/hover", Harness.at(Harness.uri("unit.rules"), 0, 0))
        #expect(reply["error"]?["code"] == .int(RPCErrorCode.serverNotInitialized.rawValue))
        // Notifications before initialize are dropped, and publish nothing.
        #expect(h.open(Harness.uri("unit.rules"), "ruleset") == [])
    }

    @Test func initializeAnnouncesTheCapabilities() {
        let h = Harness()
        let reply = h.start()
        let capabilities = reply["result"]?["capabilities"]
        #expect(capabilities?["positionEncoding"] == .string("utf-16"))
        #expect(capabilities?["textDocumentSync"]?["change"] == .int(1))
        for provider in ["hoverProvider", "definitionProvider", "referencesProvider", "documentSymbolProvider", "documentFormattingProvider"] {
            #expect(capabilities?[provider] == .bool(true), "\(provider)")
        }
        #expect(capabilities?["completionProvider"]?["triggerCharacters"] == .array([.string("."), .string("\"")]))
        #expect(capabilities?["codeActionProvider"]?["codeActionKinds"] == .array([.string("quickfix")]))
        #expect(reply["result"]?["serverInfo"]?["name"] == .string("mark"))
        #expect(h.request("initialize")["error"]?["code"] == .int(RPCErrorCode.invalidRequest.rawValue))
    }

    @Test func unknownMethodsAndBadParams() {
        let h = Harness()
        h.start()
        let unknown = h.request("textDocument/semanticTokens/full")
        #expect(unknown["error"]?["code"] == .int(RPCErrorCode.methodNotFound.rawValue))
        #expect(unknown["error"]?["message"] == .string("mark lsp does not handle 'textDocument/semanticTokens/full'"))
        #expect(h.notify("workspace/somethingNew", .object(["x": .int(1)])) == [])
        #expect(h.notify("$/cancelRequest", .object(["id": .int(1)])) == [])
        let noPosition = h.request("textDocument/hover", .object(["textDocument": .object(["uri": .string("file:///x.rules")])]))
        #expect(noPosition["error"]?["code"] == .int(RPCErrorCode.invalidParams.rawValue))
        let negative = h.request("textDocument/hover", Harness.at("file:///x.rules", -1, 0))
        #expect(negative["error"]?["code"] == .int(RPCErrorCode.invalidParams.rawValue))
        // A document that is not open: no answer rather than an error.
        #expect(h.request("textDocument/hover", Harness.at("file:///nowhere.rules", 0, 0))["result"] == .null)
        // A body that is not JSON, and one that is a batch.
        #expect(h.send("{\"jsonrpc\":")[0]["error"]?["code"] == .int(RPCErrorCode.parseError.rawValue))
        #expect(h.send("[]")[0]["error"]?["code"] == .int(RPCErrorCode.invalidRequest.rawValue))
        // Still serving afterwards.
        #expect(h.request("shutdown")["result"] == .null)
    }

    @Test func shutdownThenExit() {
        let h = Harness()
        h.start()
        #expect(h.request("shutdown")["result"] == .null)
        #expect(h.server.isShuttingDown)
        let after = h.request("textDocument/documentSymbol", .object(["textDocument": .object(["uri": .string("file:///x.rules")])]))
        #expect(after["error"]?["code"] == .int(RPCErrorCode.invalidRequest.rawValue))
        #expect(h.server.exitStatus == nil)
        h.notify("exit")
        #expect(h.server.exitStatus == 0)
    }

    @Test func exitWithoutShutdownIsStatusOne() {
        let h = Harness()
        h.start()
        h.notify("exit")
        #expect(h.server.exitStatus == 1)
    }

    /// Messages framed as a client sends them, a malformed frame among them, through a session.
    static func session(_ input: [UInt8]) -> (Session.Ending, [JSONValue]) {
        var chunks = stride(from: 0, to: input.count, by: 7).map { Array(input[$0..<min($0 + 7, input.count)]) }
        var reader = MessageReader { chunks.isEmpty ? [] : chunks.removeFirst() }
        var output: [UInt8] = []
        let writer = MessageWriter { output += $0; return true }
        let ending = Session.run(server: LanguageServer(version: "test"), reader: &reader, writer: writer)
        var replies: [JSONValue] = []
        var outputChunks = [output]
        var back = MessageReader { outputChunks.isEmpty ? [] : outputChunks.removeFirst() }
        while case .message(let body) = back.next() {
            let document = try! JSONReader.parse(body)
            replies.append(JSONValue(document, node: document.root))
        }
        return (ending, replies)
    }

    @Test func aSessionOverFramedStreams() {
        var input = MessageWriter.framed(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#)
        input += Array("Content-Length: x\r\n\r\n".utf8)
        input += MessageWriter.framed(#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#)
        input += MessageWriter.framed(#"{"jsonrpc":"2.0","method":"exit"}"#)
        input += MessageWriter.framed(#"{"jsonrpc":"2.0","id":3,"method":"never read"}"#)
        let (ending, replies) = Self.session(input)
        #expect(ending == .exit(0))
        #expect(replies.count == 3)
        #expect(replies[0]["id"] == .int(1))
        #expect(replies[1]["id"] == .null)
        #expect(replies[1]["error"]?["code"] == .int(RPCErrorCode.parseError.rawValue))
        #expect(replies[2]["id"] == .int(2))
    }

    @Test func aClientThatVanishesEndsTheSession() {
        let initialize = MessageWriter.framed(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#)
        #expect(Self.session(initialize).0 == .endOfInput(afterShutdown: false, truncated: false))
        #expect(Self.session(initialize + Array("Content-Length: 50\r\n\r\n{".utf8)).0 == .endOfInput(afterShutdown: false, truncated: true))
        let shutdown = initialize + MessageWriter.framed(#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#)
        #expect(Self.session(shutdown).0 == .endOfInput(afterShutdown: true, truncated: false))
        // A client that stops reading: the session ends at the first failed write.
        var chunks = [initialize]
        var reader = MessageReader { chunks.isEmpty ? [] : chunks.removeFirst() }
        #expect(Session.run(server: LanguageServer(version: "t"), reader: &reader, writer: MessageWriter { _ in false }) == .writeFailed)
    }
}
