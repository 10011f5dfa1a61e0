/// Prints diagnostics the way compilers do: `path:line:col: error: message`, then the source
/// line with a gutter and a marker under the column.
public struct DiagnosticRenderer: Sendable {
    /// Whether to colour the output with ANSI escapes (only on a terminal, never with NO_COLOR).
    public var colour: Bool

    /// Creates a renderer.
    public init(colour: Bool = false) {
        self.colour = colour
    }

    /// Renders one diagnostic; `source` supplies line and column and the quoted line.
    public func render(_ d: Diagnostic, source: SourceFile?) -> String {
        var out = ""
        let head = header(path: d.path, range: d.range, source: source)
        out += paint(head + ":", "1") + " " + paint(d.severity.rawValue + ":", severityColour(d.severity))
        out += " " + paint(d.message, "1") + "\n"
        if let source { out += excerpt(range: d.range, source: source) }
        for note in d.notes {
            if let range = note.range, note.path == source?.path {
                out += paint(header(path: note.path, range: range, source: source) + ":", "1")
                out += " " + paint("note:", "36") + " " + note.message + "\n"
                if let source { out += excerpt(range: range, source: source) }
            } else {
                out += paint("note:", "36") + " " + note.message + "\n"
            }
        }
        return out
    }

    /// Renders a list of diagnostics, each followed by its excerpt.
    public func render(_ diagnostics: [Diagnostic], sources: [String: SourceFile]) -> String {
        diagnostics.map { render($0, source: sources[$0.path]) }.joined()
    }

    private func header(path: String, range: Range<Int>, source: SourceFile?) -> String {
        guard let source else { return path }
        let loc = source.location(of: range.lowerBound)
        return "\(path):\(loc.line):\(loc.column)"
    }

    private func excerpt(range: Range<Int>, source: SourceFile) -> String {
        let loc = source.location(of: range.lowerBound)
        var line = source.lineText(loc.line)
        // Long lines (a 1 MB single line, say) are cut around the column so output stays readable.
        var column = loc.column
        let lineBytes = Array(line.utf8)
        if lineBytes.count > 160 {
            let start = max(0, min(column - 1 - 60, lineBytes.count - 120))
            let end = min(lineBytes.count, start + 120)
            line = (start > 0 ? "…" : "") + String(decoding: lineBytes[start..<end], as: UTF8.self)
                + (end < lineBytes.count ? "…" : "")
            column = column - start + (start > 0 ? 1 : 0)
        }
        line = line.replacingTabsAndControls()
        let gutter = String(loc.line)
        let pad = String(repeating: " ", count: gutter.count)
        // Place the marker under the column, counting characters rather than bytes.
        let prefixBytes = Array(line.utf8).prefix(max(0, column - 1))
        let prefixWidth = String(decoding: prefixBytes, as: UTF8.self).count
        let localLine = loc.line - source.lineOffset
        let lineEnd = source.lineStarts.count > localLine ? source.lineStarts[localLine] : source.bytes.count
        let span = max(1, min(range.upperBound, lineEnd) - range.lowerBound)
        let width = max(1, min(span, max(1, line.count - prefixWidth)))
        let marker = String(repeating: " ", count: prefixWidth) + "^"
            + String(repeating: "~", count: width - 1)
        return "\(pad) |\n\(gutter) | \(line)\n\(pad) | " + paint(marker, "32") + "\n"
    }

    private func severityColour(_ s: Severity) -> String {
        switch s {
        case .error: "1;31"
        case .warning: "1;35"
        case .note: "1;36"
        }
    }

    private func paint(_ text: String, _ code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

extension String {
    /// Replaces tabs with a space and other control characters with U+FFFD so a quoted line
    /// keeps its columns and cannot move the terminal's cursor.
    func replacingTabsAndControls() -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            if scalar == "\t" {
                out.append(" ")
            } else if scalar.value < 0x20 || scalar.value == 0x7F {
                out.append("\u{FFFD}")
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
