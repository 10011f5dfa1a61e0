import Foundation
import Testing

/// `mark lsp` as an editor runs it: framed messages on stdin, framed replies on stdout, the
/// exit status the protocol gives; and the editor configurations in docs/editors start it.
@Suite struct LSPCommandTests {
    static func framed(_ body: String) -> String { "Content-Length: \(body.utf8.count)\r\n\r\n" + body }

    @Test func aSessionOnStandardInputAndOutput() throws {
        let uri = "file://" + MarkProcess.packageRoot + "/Rules/unknown-draft.rules"
        let text = #"ruleset \"draft\" {\n  title \"t\"\n}\n"#
        let input = [
            #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#,
            #"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
            #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"\#(uri)","languageId":"mark-rules","version":1,"text":"\#(text)"}}}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#,
            #"{"jsonrpc":"2.0","method":"exit"}"#,
        ].map(Self.framed).joined()
        let out = try MarkProcess.run(["lsp", "--stdio"], stdin: input)
        #expect(out.status == 0)
        #expect(out.stderr == "")
        let replies = out.stdout.components(separatedBy: "Content-Length: ").dropFirst()
        #expect(replies.count == 3)
        #expect(replies.first?.contains(#""id":1,"result":{"capabilities""#) == true)
        #expect(replies.dropFirst().first?.contains(#""message":"the ruleset header needs 'version \"…\"'""#) == true)
        #expect(replies.last?.hasSuffix(#"{"jsonrpc":"2.0","id":2,"result":null}"#) == true)
    }

    @Test func aClientThatGoesAwayOrBadUsage() throws {
        let gone = try MarkProcess.run(["lsp"], stdin: Self.framed(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#))
        #expect(gone.status == 1)
        #expect(gone.stderr == "mark lsp: the client closed the connection without 'shutdown' and 'exit'\n")
        let usage = try MarkProcess.run(["lsp", "Rules"])
        #expect(usage.status == 64)
        #expect(usage.stderr.hasPrefix("mark lsp: 'mark lsp' takes no files"))
    }

    @Test func theEditorConfigurationsStartMarkLSP() throws {
        let editors = MarkProcess.packageRoot + "/docs/editors/"
        let package = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: editors + "vscode/package.json"))) as? [String: Any]
        let main = try #require(package?["main"] as? String)
        let extensionSource = try String(contentsOfFile: editors + "vscode/" + main, encoding: .utf8)
        #expect(extensionSource.contains(#"args: ["lsp"]"#))
        let languages = ((package?["contributes"] as? [String: Any])?["languages"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
        #expect(languages == ["mark-rules", "mark-tests"])
        for id in languages ?? [] { #expect(extensionSource.contains(#"language: "\#(id)""#), "\(id)") }
        #expect((package?["dependencies"] as? [String: String])?["vscode-languageclient"] != nil)
        #expect(try String(contentsOfFile: editors + "neovim/mark.lua", encoding: .utf8).contains(#"cmd = { "mark", "lsp" }"#))
        #expect(try String(contentsOfFile: editors + "emacs/mark-rules.el", encoding: .utf8).contains(#". ("mark" "lsp"))"#))
    }
}
