import Foundation
import MarkCore

/// Edits the server offers: the canonical layout (`mark fmt`) and the checker's "did you
/// mean …?" fixes as quick fixes.
struct Edits {
    let workspace: Workspace

    /// `textDocument/formatting`: one edit replacing the whole text with `mark fmt`'s layout;
    /// no edits when it is already formatted or does not parse (formatting needs a whole tree).
    func format(_ uri: String) -> JSONValue {
        guard let document = workspace.documents[uri], document.kind == .rules else { return .array([]) }
        guard let formatted = Formatter.format(document.source), Array(formatted.utf8) != document.source.bytes else { return .array([]) }
        let map = PositionMap(source: document.source)
        let whole = LSPRange(start: LSPPosition(line: 0, character: 0), end: map.end)
        return .array([.object(["range": whole.json, "newText": .string(formatted)])])
    }

    /// `textDocument/codeAction`: for each diagnostic in the range whose message ends in a
    /// suggestion, a quick fix that writes the suggested name in place of the misspelt one.
    func codeActions(_ uri: String, _ range: LSPRange) -> JSONValue {
        guard let document = workspace.documents[uri] else { return .array([]) }
        let map = PositionMap(source: document.source)
        let lower = map.offset(range.start)
        let upper = map.offset(range.end)
        var converter = DiagnosticJSON(workspace: workspace)
        var actions: [JSONValue] = []
        for d in workspace.diagnostics(uri) {
            guard d.range.lowerBound <= upper && lower <= d.range.upperBound, let replacement = Edits.fix(d, source: document.source) else { continue }
            let edit = JSONValue.object(["range": map.range(d.range).json, "newText": .string(replacement.text)])
            actions.append(.object([
                "title": .string("Change to '\(replacement.name)'"),
                "kind": .string("quickfix"),
                "diagnostics": .array([converter.json(d, in: map)]),
                "isPreferred": .bool(true),
                "edit": .object(["changes": .object([JSONValue.Member(uri, .array([edit]))])]),
            ]))
        }
        return .array(actions)
    }

    /// The text that fixes a diagnostic, from its "did you mean 'x'?": the name alone where the
    /// range covers a name, the name in quotes where it covers a string.
    static func fix(_ d: Diagnostic, source: SourceFile) -> (name: String, text: String)? {
        let marker = "did you mean '"
        guard !d.range.isEmpty, d.message.hasSuffix("'?"), let start = d.message.range(of: marker, options: .backwards) else { return nil }
        let name = String(d.message[start.upperBound...].dropLast(2))
        guard !name.isEmpty, !name.contains("\"") && !name.contains("\\") && !name.contains("\n") else { return nil }
        let written = source.text(d.range)
        let isName = written.utf8.allSatisfy { $0 == UInt8(ascii: "_") || ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 122) }
        if isName { return (name, name) }
        if written.count >= 2, written.hasPrefix("\""), written.hasSuffix("\""), !written.dropFirst().dropLast().contains("\"") {
            return (name, "\"" + name + "\"")
        }
        return nil
    }
}
