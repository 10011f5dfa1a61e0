/// A report a moderator sends a centre, as blocks rendered as plain text, Markdown or an HTML
/// page. Every cell and sentence is escaped for the form it is written in.
public struct ModerationDocument: Sendable {
    /// One block of the report.
    public enum Block: Sendable {
        /// A section heading.
        case heading(String)
        /// A sentence or paragraph.
        case paragraph(String)
        /// A bulleted list.
        case list([String])
        /// A table: the header row, then the rows; `right` names right-aligned columns.
        case table([[String]], right: Set<Int>)
    }

    /// The title.
    public var title: String
    /// The blocks, in order.
    public var blocks: [Block] = []

    /// Creates an empty document.
    public init(title: String) {
        self.title = title
    }

    /// Plain text: the title, headings as lines, lists indented, tables aligned.
    public func text() -> String {
        let x = TerminalText.escaped
        var out = x(title) + "\n"
        for block in blocks {
            switch block {
            case .heading(let h): out += "\n" + x(h) + "\n"
            case .paragraph(let p): out += "  " + x(p) + "\n"
            case .list(let items): for i in items { out += "    - " + x(i) + "\n" }
            case .table(let rows, let right): out += ModerationText.table(rows, right: right, indent: "    ")
            }
        }
        return out
    }

    /// Markdown: `#` headings, `-` lists and pipe tables; characters Markdown reads as markup are
    /// escaped with a backslash.
    public func markdown() -> String {
        func md(_ s: String) -> String {
            var out = ""
            for c in TerminalText.escaped(s) {
                if "\\`*_[]<>|#".contains(c) { out.append("\\") }
                out.append(c)
            }
            return out
        }
        var out = "# " + md(title) + "\n"
        for block in blocks {
            switch block {
            case .heading(let h): out += (out.hasSuffix("\n\n") ? "" : "\n") + "## " + md(h) + "\n\n"
            case .paragraph(let p): out += md(p) + "\n\n"
            case .list(let items):
                for i in items { out += "- " + md(i) + "\n" }
                out += "\n"
            case .table(let rows, let right):
                guard let header = rows.first else { continue }
                out += "| " + header.map(md).joined(separator: " | ") + " |\n"
                out += "|" + header.indices.map { right.contains($0) ? " ---: |" : " --- |" }.joined() + "\n"
                for row in rows.dropFirst() { out += "| " + row.map(md).joined(separator: " | ") + " |\n" }
                out += "\n"
            }
        }
        while out.hasSuffix("\n\n") { out.removeLast() }
        return out
    }

    /// A self-contained HTML page.
    public func html() -> String {
        let x = HTMLText.escaped
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>\(x(title))</title>\n"
        out += "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse}"
        out += "td,th{border:1px solid #999;padding:.2em .5em}td.n{text-align:right}</style>\n</head>\n<body>\n<h1>\(x(title))</h1>\n"
        for block in blocks {
            switch block {
            case .heading(let h): out += "<h2>\(x(h))</h2>\n"
            case .paragraph(let p): out += "<p>\(x(p))</p>\n"
            case .list(let items): out += "<ul>\n" + items.map { "<li>\(x($0))</li>\n" }.joined() + "</ul>\n"
            case .table(let rows, let right):
                guard let header = rows.first else { continue }
                out += "<table>\n<tr>" + header.map { "<th>\(x($0))</th>" }.joined() + "</tr>\n"
                for row in rows.dropFirst() {
                    out += "<tr>" + row.enumerated().map { right.contains($0.offset) ? "<td class=\"n\">\(x($0.element))</td>" : "<td>\(x($0.element))</td>" }.joined() + "</tr>\n"
                }
                out += "</table>\n"
            }
        }
        return out + "</body>\n</html>\n"
    }
}
