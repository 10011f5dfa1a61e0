/// Questions the formatter asks of the original source bytes: where blank lines were, where a
/// block's `{` is, and whether a comment trails a construct on the same line.
struct SourceLayout {
    /// The source bytes.
    let bytes: [UInt8]

    /// Whether `range` contains a blank line: two line breaks with only spaces and tabs
    /// between them.
    func hasBlankLine(_ range: Range<Int>) -> Bool {
        var sawNewline = false
        var blankSoFar = false
        for i in clamp(range) {
            switch bytes[i] {
            case UInt8(ascii: "\n"):
                if sawNewline && blankSoFar { return true }
                sawNewline = true
                blankSoFar = true
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                break
            default:
                blankSoFar = false
            }
        }
        return false
    }

    /// The offset of the first `{` at or after `offset`, skipping comments. A block's brace
    /// follows its head with only spaces, line breaks and comments between.
    func openingBrace(from offset: Int) -> Int {
        var i = max(0, offset)
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "{"): return i
            case UInt8(ascii: "#"):
                while i < bytes.count, bytes[i] != UInt8(ascii: "\n") { i += 1 }
            default: i += 1
            }
        }
        return bytes.count
    }

    /// Whether only spaces, tabs and commas stand between `from` and `to`: a comment at `to`
    /// then trails the construct ending at `from`, on the same line.
    func onlySeparators(from: Int, to: Int) -> Bool {
        guard from <= to else { return false }
        for i in clamp(from..<to) {
            switch bytes[i] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: ","): continue
            default: return false
            }
        }
        return true
    }

    private func clamp(_ range: Range<Int>) -> Range<Int> {
        let lo = max(0, min(range.lowerBound, bytes.count))
        return lo..<max(lo, min(range.upperBound, bytes.count))
    }
}
