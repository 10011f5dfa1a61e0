/// Makes text from the inputs safe to print on a terminal: a learner id, a name, an item id, a
/// quoted evidence value or a path cannot move the cursor, start a new line, recolour the
/// screen or reorder what follows.
///
/// Every character that could do so is written as a visible Swift-style escape:
/// `\n`, `\r`, `\t` for the three common ones, `\u{1B}` (hex, upper case, no leading zeros) for
/// every other C0 control, DEL, C1 control (U+0080–U+009F), bidirectional embedding, override
/// and isolate (U+202A–U+202E, U+2066–U+2069), the marks U+200E/U+200F, the line and paragraph
/// separators U+2028/U+2029, and U+061C. Everything else, including a backslash and other
/// non-ASCII text, is printed as it is (so the form is for reading, not for reversing).
public enum TerminalText {
    /// The text with every control or reordering character escaped visibly (see the type).
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            out += escape(scalar) ?? String(scalar)
        }
        return out
    }

    /// Like `escaped`, but tabs become one space: for a quoted source line, where a tab is
    /// harmless and the marker below must stay under its column.
    public static func escapedLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            out += scalar == "\t" ? " " : escape(scalar) ?? String(scalar)
        }
        return out
    }

    /// Whether a character is printed as an escape.
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    static func escape(_ scalar: Unicode.Scalar) -> String? {
        guard needsEscape(scalar) else { return nil }
        switch scalar {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default: return "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        }
    }
}
