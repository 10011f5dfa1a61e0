/// Writes CSV per RFC 4180 (CRLF line ends; fields with a comma, quote or line break quoted, quotes
/// doubled). A cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a
/// tab or a carriage return) is written with a leading `'`, so opening a report cannot run code.
public enum CSVWriter {
    /// One record, with its CRLF.
    public static func row(_ cells: [String]) -> String {
        var out = ""
        for (i, c) in cells.enumerated() {
            if i > 0 { out += "," }
            appendCell(c, to: &out)
        }
        return out + "\r\n"
    }

    /// One cell, defused and quoted as needed.
    public static func cell(_ text: String) -> String {
        var out = ""
        appendCell(text, to: &out)
        return out
    }

    /// Appends one cell: a cell starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`;
    /// a cell holding a comma, a quote, CR or LF is quoted, its quotes doubled; any other cell
    /// is copied as it is. The scan stops at the first byte that needs quotes.
    public static func appendCell(_ value: String, to out: inout String) {
        var needsQuotes = false
        var first = true
        var neutralise = false
        for b in value.utf8 {
            if first {
                neutralise = b == UInt8(ascii: "=") || b == UInt8(ascii: "+") || b == UInt8(ascii: "-") || b == UInt8(ascii: "@")
                    || b == 0x09 || b == 0x0D
                first = false
            }
            if b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") || b == 0x0A || b == 0x0D {
                needsQuotes = true
                break
            }
        }
        if !needsQuotes {
            if neutralise { out += "'" }
            out += value
            return
        }
        out += neutralise ? "\"'" : "\""
        var start = value.startIndex
        while let quote = value[start...].firstIndex(of: "\"") {
            out += value[start...quote]
            out += "\""
            start = value.index(after: quote)
        }
        out += value[start...]
        out += "\""
    }
}
