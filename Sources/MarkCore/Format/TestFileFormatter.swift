/// `mark fmt` for rule test files (`.tests`): one canonical layout that keeps every token,
/// string and comment as written. Two-space indentation by nesting (case blocks and the
/// brackets of JSON values), single spaces between words outside strings, a space before a
/// trailing comment, no trailing whitespace, at most one blank line kept where the author left
/// one (none after `{` or before `}`), one blank line between top-level entries, and one
/// newline at the end. Formatting twice gives the text formatting once gives.
public enum TestFileFormatter {
    /// The formatted text of a `.tests` file.
    public static func format(_ text: String) -> String {
        var out: [String] = []
        var depth = 0
        var pendingBlank = false
        /// Whether the last line written is top-level code (not a comment), so a blank line follows it.
        var afterTopLevelEntry = false
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = normalise(Substring(raw.hasSuffix("\r") ? raw.dropLast() : raw))
            if line.code.isEmpty && line.comment == nil {
                pendingBlank = !out.isEmpty
                continue
            }
            let closes = line.code.first == "}" || line.code.first == "]"
            let level = max(0, depth - (closes ? 1 : 0))
            let opensBlock = out.last.map { $0.hasSuffix("{") || $0.hasSuffix("[") } ?? false
            if (pendingBlank && !closes && !opensBlock) || (level == 0 && afterTopLevelEntry && !closes) {
                out.append("")
            }
            pendingBlank = false
            var printed = String(repeating: "  ", count: level) + line.code
            if let comment = line.comment { printed += (line.code.isEmpty ? "" : " ") + comment }
            out.append(printed)
            depth = max(0, depth + line.opened)
            afterTopLevelEntry = depth == 0 && !line.code.isEmpty
        }
        return out.isEmpty ? "" : out.joined(separator: "\n") + "\n"
    }

    /// A line's code with runs of spaces outside strings made single, its comment, and how many
    /// more brackets it opens than it closes.
    static func normalise(_ line: Substring) -> (code: String, comment: String?, opened: Int) {
        var code = ""
        var opened = 0
        var inString = false
        var escaped = false
        var space = false
        var index = line.startIndex
        while index < line.endIndex {
            let c = line[index]
            if inString {
                code.append(c)
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
            } else if c == "#" {
                let comment = String(line[index...])
                while code.last == " " { code.removeLast() }
                return (code, String(comment.reversed().drop { $0 == " " || $0 == "\t" }.reversed()), opened)
            } else if c == " " || c == "\t" {
                space = !code.isEmpty
            } else {
                if space { code.append(" ") }
                space = false
                code.append(c)
                if c == "\"" { inString = true }
                if c == "{" || c == "[" { opened += 1 }
                if c == "}" || c == "]" { opened -= 1 }
            }
            index = line.index(after: index)
        }
        return (code, nil, opened)
    }
}
