/// How many blank lines go before the next piece of output.
enum BlankLines {
    /// None: the first line of a file or block, and a block's closing brace.
    case none
    /// Exactly one: between top-level declarations.
    case one
    /// One if the author left at least one blank line there, else none.
    case asWritten
}

/// Collects the formatted lines and puts every comment of the source back among them.
///
/// Constructs are emitted in source order, each with the source range it came from. Before a
/// construct, every comment not yet placed that starts before the construct ends is printed
/// on its own line: comments between constructs stay where they were, and a comment inside a
/// construct that is reformatted (a multi-line expression, a one-line `enum`) moves to just
/// before it. After a construct, a comment on the same source line, with nothing but spaces
/// and commas before it, stays at the end of the construct's last line.
struct FormatWriter {
    private let source: SourceLayout
    private let comments: [Comment]
    private var nextComment = 0
    private var lines: [String] = []
    /// The end of the last source construct or comment placed.
    private var lastEnd = 0
    /// The blank-line rule for the next line emitted; it then reverts to `.asWritten`.
    var blankLines = BlankLines.none

    /// A writer for a file with these bytes and comments.
    init(bytes: [UInt8], comments: [Comment]) {
        self.source = SourceLayout(bytes: bytes)
        self.comments = comments
    }

    /// The source bytes, for the layouts' questions about braces and blank lines.
    var layout: SourceLayout { source }

    /// Emits a construct written at `span` as `text` (lines relative to `indent`), after the
    /// comments that come before its end. Those comments are indented by `commentIndent`
    /// (default `indent`).
    mutating func emit(_ text: [String], indent: Int, span: Range<Int>, commentIndent: Int? = nil) {
        placeComments(before: span.upperBound, indent: commentIndent ?? indent, constructStart: span.lowerBound)
        separate(from: lastEnd, to: span.lowerBound)
        let pad = String(repeating: " ", count: indent)
        for line in text { lines.append(pad + line) }
        lastEnd = max(lastEnd, span.upperBound)
        attachTrailingComment()
    }

    /// Prints, each on its own line at `indent`, the unplaced comments that start before
    /// `offset`. For a comment inside the construct starting at `constructStart`, a blank line
    /// is considered only in the source before the construct.
    mutating func placeComments(before offset: Int, indent: Int, constructStart: Int? = nil) {
        let pad = String(repeating: " ", count: indent)
        while nextComment < comments.count, comments[nextComment].range.lowerBound < offset {
            let comment = comments[nextComment]
            let start = min(comment.range.lowerBound, constructStart ?? comment.range.lowerBound)
            separate(from: lastEnd, to: start)
            lines.append(pad + FormatWriter.trimmed(comment.text))
            lastEnd = max(lastEnd, comment.range.upperBound)
            nextComment += 1
        }
    }

    /// Whether any comment not yet placed starts in `range`.
    func hasComment(in range: Range<Int>) -> Bool {
        comments[nextComment...].contains { range.contains($0.range.lowerBound) }
    }

    /// The formatted text: lines joined by LF, ending with one LF (empty for an empty file).
    func finish() -> String {
        lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    /// Applies the pending blank-line rule to the gap between two source offsets.
    private mutating func separate(from: Int, to: Int) {
        switch blankLines {
        case .none: break
        case .one: lines.append("")
        case .asWritten: if from < to && source.hasBlankLine(from..<to) { lines.append("") }
        }
        blankLines = .asWritten
    }

    private mutating func attachTrailingComment() {
        guard nextComment < comments.count, !lines.isEmpty else { return }
        let comment = comments[nextComment]
        guard source.onlySeparators(from: lastEnd, to: comment.range.lowerBound) else { return }
        lines[lines.count - 1] += " " + FormatWriter.trimmed(comment.text)
        lastEnd = comment.range.upperBound
        nextComment += 1
    }

    /// A comment's text without trailing spaces and tabs (no line may end in whitespace).
    static func trimmed(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars
        while let last = scalars.last, last == " " || last == "\t" || last == "\r" { scalars.removeLast() }
        return String(scalars)
    }
}
