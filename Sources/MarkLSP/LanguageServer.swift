import MarkCore

/// The language server behind `mark lsp`: the protocol's lifecycle (initialize, shutdown,
/// exit) and the requests and notifications it answers, one message at a time.
///
/// It keeps no state but the open documents and their latest analysis, so memory stays flat
/// however long the session. Every message gets its reply or is ignored as the protocol says:
/// a request with an unknown method gets MethodNotFound, a request before `initialize`
/// ServerNotInitialized, one after `shutdown` InvalidRequest; an unknown notification is
/// dropped. Nothing a client sends stops the server but `exit` or the end of its input.
public final class LanguageServer {
    enum State { case starting, running, shuttingDown }

    private var state = State.starting
    let workspace = Workspace()
    private let version: String
    /// What each open document's diagnostics were last published as, so unchanged ones are not
    /// sent again.
    private var published: [String: String] = [:]
    /// The exit status, once `exit` has been received: 0 after `shutdown`, 1 without it.
    public private(set) var exitStatus: Int32?

    /// Whether `shutdown` has been received.
    public var isShuttingDown: Bool { state == .shuttingDown }

    /// Creates a server that reports `version` as its own.
    public init(version: String) {
        self.version = version
    }

    /// Handles one message body; returns what to send back, in order (a reply, notifications).
    public func handle(_ body: [UInt8]) -> [JSONValue] {
        switch IncomingMessage.decode(body) {
        case .failure(let rejected):
            return [Outgoing.error(rejected.id, rejected.error)]
        case .success(.response):
            return []
        case .success(.notification(let method, let params)):
            return notify(method, params)
        case .success(.request(let id, let method, let params)):
            do throws(RPCError) {
                return [Outgoing.result(id, try request(method, params))]
            } catch {
                return [Outgoing.error(id, error)]
            }
        }
    }

    /// The reply to a frame that could not be read as a message.
    public func malformed(_ reason: String) -> [JSONValue] {
        [Outgoing.error(.null, RPCError(.parseError, "cannot read the message: \(reason)"))]
    }

    private func request(_ method: String, _ params: Params) throws(RPCError) -> JSONValue {
        switch state {
        case .starting:
            guard method == "initialize" else { throw RPCError(.serverNotInitialized, "the first request must be 'initialize'") }
            return initialize(params)
        case .shuttingDown:
            throw RPCError(.invalidRequest, "the server is shutting down: only 'exit' is accepted")
        case .running:
            break
        }
        switch method {
        case "initialize": throw RPCError(.invalidRequest, "'initialize' was already received")
        case "shutdown":
            state = .shuttingDown
            return .null
        case "textDocument/hover":
            return Hover(workspace: workspace).hover(try params.textDocumentURI(), try params.position("position"))
        case "textDocument/definition":
            return Navigation(workspace: workspace).definition(try params.textDocumentURI(), try params.position("position"))
        case "textDocument/references":
            let include = params.node(["context", "includeDeclaration"]).map { params.document.bool($0) } ?? false
            return Navigation(workspace: workspace).references(try params.textDocumentURI(), try params.position("position"), includeDeclaration: include)
        case "textDocument/documentSymbol":
            return Navigation(workspace: workspace).symbols(try params.textDocumentURI())
        case "textDocument/completion":
            let uri = try params.textDocumentURI()
            if let tests = workspace.documents[uri], tests.kind == .tests { return TestsCompletion.complete(tests, try params.position("position")) }
            return Completion(workspace: workspace).complete(uri, try params.position("position"))
        case "textDocument/formatting":
            return Edits(workspace: workspace).format(try params.textDocumentURI())
        case "textDocument/codeAction":
            return Edits(workspace: workspace).codeActions(try params.textDocumentURI(), try params.range("range"))
        default:
            throw RPCError(.methodNotFound, "mark lsp does not handle '\(method)'")
        }
    }

    private func initialize(_ params: Params) -> JSONValue {
        state = .running
        let rootURI = params.elements("workspaceFolders").first?.string("uri") ?? params.string("rootUri")
        workspace.root = rootURI.flatMap(DocumentURI.path) ?? params.string("rootPath").map(RuleLoader.normalise)
        return .object([
            "capabilities": LanguageServer.capabilities,
            "serverInfo": .object(["name": .string("mark"), "version": .string(version)]),
        ])
    }

    /// What the server can do, as `initialize` announces it.
    static let capabilities: JSONValue = .object([
        "positionEncoding": .string("utf-16"),
        "textDocumentSync": .object(["openClose": .bool(true), "change": .int(1), "save": .object(["includeText": .bool(false)])]),
        "hoverProvider": .bool(true),
        "completionProvider": .object(["triggerCharacters": .array([.string("."), .string("\"")])]),
        "definitionProvider": .bool(true),
        "referencesProvider": .bool(true),
        "documentSymbolProvider": .bool(true),
        "documentFormattingProvider": .bool(true),
        "codeActionProvider": .object(["codeActionKinds": .array([.string("quickfix")])]),
    ])

    private func notify(_ method: String, _ params: Params) -> [JSONValue] {
        if method == "exit" {
            exitStatus = state == .shuttingDown ? 0 : 1
            return []
        }
        guard state == .running else { return [] }
        switch method {
        case "textDocument/didOpen":
            guard let uri = params.string("textDocument", "uri"), let text = params.string("textDocument", "text") else { return [] }
            workspace.open(uri: uri, languageID: params.string("textDocument", "languageId"), version: params.int("textDocument", "version") ?? 0, text: text)
            return publish(changed: uri)
        case "textDocument/didChange":
            guard let uri = params.string("textDocument", "uri"), let document = workspace.documents[uri] else { return [] }
            var text = document.source
            for change in params.elements("contentChanges") {
                guard let newText = change.string("text") else { continue }
                if let range = try? change.range("range") {
                    let map = PositionMap(source: text)
                    let lower = map.offset(range.start)
                    let upper = max(lower, map.offset(range.end))
                    text = SourceFile(path: text.path, bytes: Array(text.bytes[..<lower]) + Array(newText.utf8) + Array(text.bytes[upper...]))
                } else {
                    text = SourceFile(path: text.path, text: newText)
                }
            }
            _ = workspace.change(uri: uri, version: params.int("textDocument", "version") ?? document.version + 1, text: String(decoding: text.bytes, as: UTF8.self))
            return publish(changed: uri)
        case "textDocument/didClose":
            guard let uri = params.string("textDocument", "uri"), workspace.documents[uri] != nil else { return [] }
            workspace.close(uri: uri)
            published[uri] = nil
            let cleared = Outgoing.notification("textDocument/publishDiagnostics", .object(["uri": .string(uri), "diagnostics": .array([])]))
            return [cleared] + publish(changed: nil)
        case "textDocument/didSave", "workspace/didChangeWatchedFiles":
            // Files on disk may have changed (an import, a sample a test reads).
            workspace.forgetAnalyses()
            return publish(changed: nil, force: method == "textDocument/didSave")
        default:
            // $/cancelRequest, $/setTrace, workspace/didChangeConfiguration and the like.
            return []
        }
    }

    /// Diagnostics for the changed document (always) and for every other open document whose
    /// diagnostics changed with it.
    private func publish(changed: String?, force: Bool = false) -> [JSONValue] {
        var out: [JSONValue] = []
        let uris = workspace.documents.keys.sorted { a, b in (a == changed ? 0 : 1, a) < (b == changed ? 0 : 1, b) }
        for uri in uris {
            guard let message = DiagnosticJSON.publish(uri, workspace: workspace) else { continue }
            let key = message["params"]?["diagnostics"]?.text ?? ""
            if uri == changed || force || published[uri] != key {
                published[uri] = key
                out.append(message)
            }
        }
        return out
    }
}
