/// Prints diagnostics the way compilers do: `path:line:col: error: message`, then the source
/// line with a gutter and a marker under the column.
///
/// Paths, messages and quoted lines are printed through `TerminalText`, so text from the inputs
/// cannot forge a line or drive the terminal. A line is quoted only from a source that was
/// accepted as what it claims to be (`SourceFile.isQuotable`), and never under a redaction.
public struct DiagnosticRenderer: Sendable {
    /// Whether to colour the output with ANSI escapes (only on a terminal, never with NO_COLOR).
    public var colour: Bool
    /// When set, paths are printed as labels, messages are redacted and no line is quoted (for
    /// pseudonymised outputs).
    public var redaction: DiagnosticRedaction?

    /// Creates a renderer.
    public init(colour: Bool = false, redaction: DiagnosticRedaction? = nil) {
        self.colour = colour
        self.redaction = redaction
    }

    /// Renders one diagnostic; `source` supplies line and column and the quoted line.
    public func render(_ d: Diagnostic, source: SourceFile?) -> String {
        render(d, sources: source.map { [$0.path: $0] } ?? [:])
    }

    /// Renders one diagnostic; its notes are placed in their own files when `sources` has them.
    public func render(_ d: Diagnostic, sources: [String: SourceFile]) -> String {
        var out = ""
        let source = sources[d.path]
        let head = header(path: d.path, range: d.range, source: source)
        out += paint(head + ":", "1") + " " + paint(d.severity.rawValue + ":", severityColour(d.severity))
        out += " " + paint(message(d.message, path: d.path), "1") + "\n"
        if let source, quotes(source) { out += excerpt(range: d.range, source: source) }
        for note in d.notes {
            // A note about a learner input is redacted like one; so is one with no file of its own.
            let notePath = note.range == nil ? d.path : note.path
            if let range = note.range, let noteSource = sources[note.path] {
                out += paint(header(path: note.path, range: range, source: noteSource) + ":", "1")
                out += " " + paint("note:", "36") + " " + message(note.message, path: notePath) + "\n"
                if quotes(noteSource) { out += excerpt(range: range, source: noteSource) }
            } else {
                out += paint("note:", "36") + " " + message(note.message, path: notePath) + "\n"
            }
        }
        return out
    }

    /// Renders a list of diagnostics, each followed by its excerpt.
    public func render(_ diagnostics: [Diagnostic], sources: [String: SourceFile]) -> String {
        diagnostics.map { render($0, sources: sources) }.joined()
    }

    private func redacted(_ path: String) -> Bool {
        redaction?.label(path) != nil
    }

    private func quotes(_ source: SourceFile) -> Bool {
        source.isQuotable && !redacted(source.path)
    }

    private func message(_ text: String, path: String) -> String {
        guard let redaction, redacted(path) else { return TerminalText.escaped(text) }
        return TerminalText.escaped(redaction.message(text))
    }

    private func header(path: String, range: Range<Int>, source: SourceFile?) -> String {
        let shown = TerminalText.escaped(redaction?.label(path) ?? path)
        guard let source else { return shown }
        let loc = source.location(of: range.lowerBound)
        return "\(shown):\(loc.line):\(loc.column)"
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
        let gutter = String(loc.line)
        let pad = String(repeating: " ", count: gutter.count)
        // Place the marker under the column, counting characters (escapes included) rather than bytes.
        let prefixBytes = Array(line.utf8).prefix(max(0, column - 1))
        let prefixWidth = TerminalText.escapedLine(String(decoding: prefixBytes, as: UTF8.self)).count
        line = TerminalText.escapedLine(line)
        let localLine = loc.line - source.lineOffset
        let lineEnd = source.lineStarts.count > localLine ? source.lineStarts[localLine] : source.bytes.count
        // The marker spans the range as printed (an escape is wider than the byte it stands for).
        let spanEnd = max(range.lowerBound, min(range.upperBound, lineEnd, source.bytes.count))
        let spanStart = min(range.lowerBound, spanEnd)
        let span = max(1, TerminalText.escapedLine(source.text(spanStart..<spanEnd)).count)
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

/// How a pseudonymised output shows diagnostics about the learners' inputs: the file as a label
/// that names no one (`input 2`), its line and column, the message with anything quoted in it
/// withheld, and no source line. Diagnostics about other files (the rules) print as usual.
public struct DiagnosticRedaction: Sendable {
    /// The label printed for a path, or nil when the path is not a learner input.
    public var label: @Sendable (String) -> String?
    /// The message as printed, for a diagnostic about a learner input.
    public var message: @Sendable (String) -> String

    /// Creates a redaction.
    public init(label: @escaping @Sendable (String) -> String?, message: @escaping @Sendable (String) -> String) {
        self.label = label
        self.message = message
    }
}
