import Foundation
import MarkCore
import MarkLSP

/// Drives a `LanguageServer` in-process with JSON-RPC messages, as an editor would.
final class Harness {
    let server = LanguageServer(version: "test")
    private var nextID = 0
    /// Notifications the server sent (diagnostics), oldest first, since the last `drain`.
    var notifications: [JSONValue] = []

    /// The fixture workspace: a library, a ruleset importing it, a test file and a sample.
    static let fixtures: String = {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        return here.appendingPathComponent("Fixtures/workspace").path
    }()

    static func uri(_ name: String) -> String { "file://" + fixtures + "/" + name }

    static func fixture(_ name: String) -> String {
        (try? String(contentsOfFile: fixtures + "/" + name, encoding: .utf8)) ?? ""
    }

    /// Sends a raw body; returns everything the server answered.
    @discardableResult
    func send(_ body: String) -> [JSONValue] {
        server.handle(Array(body.utf8))
    }

    /// Sends a request and returns its reply (keeping any notifications that came with it).
    func request(_ method: String, _ params: JSONValue = .object([])) -> JSONValue {
        nextID += 1
        let replies = send(JSONValue.object(["jsonrpc": .string("2.0"), "id": .int(nextID), "method": .string(method), "params": params]).text)
        notifications += replies.filter { $0["id"] == nil }
        return replies.first { $0["id"] == .int(nextID) } ?? .null
    }

    /// Sends a notification; returns what the server sent because of it.
    @discardableResult
    func notify(_ method: String, _ params: JSONValue = .object([])) -> [JSONValue] {
        let replies = send(JSONValue.object(["jsonrpc": .string("2.0"), "method": .string(method), "params": params]).text)
        notifications += replies
        return replies
    }

    /// `initialize` with the fixture workspace as the root, then `initialized`.
    @discardableResult
    func start(root: String = Harness.fixtures) -> JSONValue {
        let reply = request("initialize", .object(["processId": .null, "rootUri": .string("file://" + root), "capabilities": .object([])]))
        notify("initialized")
        return reply
    }

    /// Opens a document; returns the diagnostics published for it.
    @discardableResult
    func open(_ uri: String, _ text: String, language: String = "mark-rules", version: Int = 1) -> [JSONValue] {
        let sent = notify("textDocument/didOpen", .object(["textDocument": .object([
            "uri": .string(uri), "languageId": .string(language), "version": .int(version), "text": .string(text),
        ])]))
        return Harness.diagnostics(in: sent, for: uri)
    }

    /// Replaces a document's text; returns the diagnostics published for it.
    @discardableResult
    func change(_ uri: String, _ text: String, version: Int) -> [JSONValue] {
        let sent = notify("textDocument/didChange", .object([
            "textDocument": .object(["uri": .string(uri), "version": .int(version)]),
            "contentChanges": .array([.object(["text": .string(text)])]),
        ]))
        return Harness.diagnostics(in: sent, for: uri)
    }

    static func diagnostics(in messages: [JSONValue], for uri: String) -> [JSONValue] {
        let published = messages.last { $0["method"] == .string("textDocument/publishDiagnostics") && $0["params"]?["uri"] == .string(uri) }
        return published?["params"]?["diagnostics"]?.elements ?? []
    }

    /// Params naming a document and a position.
    static func at(_ uri: String, _ line: Int, _ character: Int) -> JSONValue {
        .object(["textDocument": .object(["uri": .string(uri)]), "position": .object(["line": .int(line), "character": .int(character)])])
    }

    /// The 0-based line and UTF-16 character of the first occurrence of `needle` in `text`
    /// (plus `offset` characters into it).
    static func position(of needle: String, in text: String, offset: Int = 0, occurrence: Int = 1) -> (Int, Int) {
        var searchStart = text.startIndex
        var found = text.startIndex
        for _ in 0..<occurrence {
            guard let r = text.range(of: needle, range: searchStart..<text.endIndex) else { return (-1, -1) }
            found = r.lowerBound
            searchStart = r.upperBound
        }
        let before = text[..<found]
        let line = before.filter { $0 == "\n" }.count
        let lineStart = before.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
        return (line, text[lineStart..<found].utf16.count + offset)
    }
}

extension JSONValue {
    /// The elements of an array (empty for anything else).
    var elements: [JSONValue] {
        if case .array(let a) = self { return a }
        return []
    }

    /// The string, for a string value.
    var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The number, for a whole number.
    var int: Int? {
        if case .int(let i) = self { return i }
        return nil
    }
}
