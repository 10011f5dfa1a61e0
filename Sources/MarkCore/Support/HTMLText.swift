/// Makes text from the inputs safe inside an HTML page: nothing a learner, an assessor or a rules
/// author writes can open a tag, end an attribute, run a script or reorder the text around it.
///
/// Control and reordering characters are first made visible as `TerminalText` does (a U+202E
/// shows as `\u{202E}`), then `&`, `<`, `>`, `"` and `'` become character references.
public enum HTMLText {
    /// The text, escaped for an element's content or a quoted attribute value.
    public static func escaped(_ text: String) -> String {
        let visible = TerminalText.escaped(text)
        guard visible.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return visible
        }
        var out = ""
        out.reserveCapacity(visible.utf8.count + 16)
        for c in visible.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
