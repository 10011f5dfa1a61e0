extension FormatWriter {
    /// The indentation of each nesting level.
    static let indentStep = 2

    /// Emits a braced block: `head {`, the contents one level in, `}`. A block with no
    /// contents and no comments inside prints as `head {}`.
    ///
    /// - Parameters:
    ///   - head: the text before the brace, such as `point p1 "Wording"`.
    ///   - range: the whole block's source range, ending just after its `}`.
    ///   - braceSearchStart: a source offset after the head's last string or name, where the
    ///     search for the `{` starts.
    ///   - isEmpty: whether the block has no contents.
    ///   - contents: emits the contents at the indentation it is given.
    mutating func block(
        _ head: String, range: Range<Int>, braceSearchStart: Int, indent: Int, isEmpty: Bool,
        contents: (inout FormatWriter, Int) -> Void
    ) {
        let openEnd = layout.openingBrace(from: braceSearchStart) + 1
        let closeStart = range.upperBound - 1
        if isEmpty && !hasComment(in: openEnd..<closeStart) {
            emit([head + " {}"], indent: indent, span: range)
            return
        }
        emit([head + " {"], indent: indent, span: range.lowerBound..<openEnd)
        blankLines = .none
        let inner = indent + FormatWriter.indentStep
        contents(&self, inner)
        placeComments(before: range.upperBound, indent: inner)
        blankLines = .none
        emit(["}"], indent: indent, span: closeStart..<range.upperBound)
    }
}
