import MarkCore

/// A JSON-RPC error code, as the Language Server Protocol uses them.
public enum RPCErrorCode: Int, Sendable {
    case parseError = -32700
    case invalidRequest = -32600
    case methodNotFound = -32601
    case invalidParams = -32602
    case internalError = -32603
    case serverNotInitialized = -32002
    case requestFailed = -32803
}

/// An error reply: a code and a message for the editor to show or log.
public struct RPCError: Error, Sendable, Equatable {
    /// The code.
    public var code: RPCErrorCode
    /// The message.
    public var message: String

    /// Creates an error.
    public init(_ code: RPCErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }
}

/// A message that gets an error reply: the request's id when it could be read (else null).
public struct RejectedMessage: Error {
    /// The id to reply to.
    public var id: JSONValue
    /// The error.
    public var error: RPCError
}

/// A message from the client, decoded from its JSON body.
public enum IncomingMessage {
    /// A request, which gets exactly one reply with its id.
    case request(id: JSONValue, method: String, params: Params)
    /// A notification: no reply.
    case notification(method: String, params: Params)
    /// A reply to a request of ours (the server sends none, so these are ignored).
    case response

    /// Decodes a body; the error carries the request's id when it could be read (else null).
    public static func decode(_ body: [UInt8]) -> Result<IncomingMessage, RejectedMessage> {
        let document: JSONDocument
        do {
            document = try JSONReader.parse(body)
        } catch {
            return .failure(RejectedMessage(id: .null, error: RPCError(.parseError, "the message is not JSON: \(error.message) at byte \(error.offset)")))
        }
        let root = document.root
        guard document.kind(root) == .object else {
            let what = document.kind(root) == .array ? "a batch (an array); send one message at a time" : "not an object"
            return .failure(RejectedMessage(id: .null, error: RPCError(.invalidRequest, "the message is \(what)")))
        }
        var id = JSONValue.null
        var hasID = false
        if let node = document.member(root, "id") {
            switch document.kind(node) {
            case .string, .number:
                id = JSONValue(document, node: node)
                if case .number = id { return .failure(RejectedMessage(id: .null, error: RPCError(.invalidRequest, "a request's id must be a whole number or a string"))) }
                hasID = true
            case .null: hasID = true
            default: return .failure(RejectedMessage(id: .null, error: RPCError(.invalidRequest, "a request's id must be a whole number or a string")))
            }
        }
        guard let version = document.member(root, "jsonrpc"), document.string(version, equals: "2.0") else {
            return .failure(RejectedMessage(id: id, error: RPCError(.invalidRequest, "the message must have \"jsonrpc\": \"2.0\"")))
        }
        guard let methodNode = document.member(root, "method") else {
            if document.member(root, "result") != nil || document.member(root, "error") != nil { return .success(.response) }
            return .failure(RejectedMessage(id: id, error: RPCError(.invalidRequest, "the message has no method")))
        }
        guard document.kind(methodNode) == .string else {
            return .failure(RejectedMessage(id: id, error: RPCError(.invalidRequest, "the method must be a string")))
        }
        let method = document.string(methodNode)
        var params = Params(document: document, node: nil)
        if let p = document.member(root, "params") {
            guard document.kind(p) == .object || document.kind(p) == .array else {
                return .failure(RejectedMessage(id: id, error: RPCError(.invalidRequest, "params must be an object or an array")))
            }
            params = Params(document: document, node: p)
        }
        if hasID {
            if case .null = id { return .failure(RejectedMessage(id: .null, error: RPCError(.invalidRequest, "a request's id must not be null"))) }
            return .success(.request(id: id, method: method, params: params))
        }
        return .success(.notification(method: method, params: params))
    }
}

/// The params of a message, read through the project's JSON reader.
public struct Params {
    let document: JSONDocument
    let node: Int?

    /// The node at a path of object keys, if every step exists.
    func node(_ path: [String]) -> Int? {
        guard var at = node else { return nil }
        for key in path {
            guard let next = document.member(at, key) else { return nil }
            at = next
        }
        return at
    }

    /// A string at a path, if it is one.
    func string(_ path: String...) -> String? {
        guard let n = node(path), document.kind(n) == .string else { return nil }
        return document.string(n)
    }

    /// A whole number at a path, if it is one.
    func int(_ path: String...) -> Int? {
        guard let n = node(path), document.kind(n) == .number else { return nil }
        let v = document.number(n)
        guard v == v.rounded(), v.magnitude < 1e15 else { return nil }
        return Int(v)
    }

    /// The elements of an array at a path (empty when there is none).
    func elements(_ path: String...) -> [Params] {
        guard let n = node(path) else { return [] }
        return document.elements(n).map { Params(document: document, node: $0) }
    }

    /// Whether a path holds anything.
    func has(_ path: String...) -> Bool { node(path) != nil }

    /// The document's URI (`textDocument.uri`), or an invalid-params error.
    func textDocumentURI() throws(RPCError) -> String {
        guard let uri = string("textDocument", "uri") else { throw RPCError(.invalidParams, "params need textDocument.uri") }
        return uri
    }

    /// A position (`{line, character}`) at a path, or an invalid-params error.
    func position(_ path: String...) throws(RPCError) -> LSPPosition { try position(path) }

    /// A range (`{start, end}`) at a path, or an invalid-params error.
    func range(_ path: String...) throws(RPCError) -> LSPRange {
        let start = try position(path + ["start"])
        let end = try position(path + ["end"])
        return LSPRange(start: start, end: end)
    }

    private func position(_ path: [String]) throws(RPCError) -> LSPPosition {
        guard let n = node(path), let line = Params(document: document, node: n).int("line"),
            let character = Params(document: document, node: n).int("character"), line >= 0, character >= 0
        else { throw RPCError(.invalidParams, "params need \(path.joined(separator: ".")) as {line, character} (whole numbers from 0)") }
        return LSPPosition(line: line, character: character)
    }
}

/// Outgoing messages, as JSON values.
enum Outgoing {
    static func result(_ id: JSONValue, _ result: JSONValue) -> JSONValue {
        .object(["jsonrpc": .string("2.0"), "id": id, "result": result])
    }

    static func error(_ id: JSONValue, _ error: RPCError) -> JSONValue {
        .object([
            "jsonrpc": .string("2.0"), "id": id,
            "error": .object(["code": .int(error.code.rawValue), "message": .string(error.message)]),
        ])
    }

    static func notification(_ method: String, _ params: JSONValue) -> JSONValue {
        .object(["jsonrpc": .string("2.0"), "method": .string(method), "params": params])
    }
}
