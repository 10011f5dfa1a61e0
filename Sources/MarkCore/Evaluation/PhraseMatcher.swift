/// Case-insensitive phrase matching at word boundaries: "unstated need" is found in
/// "An Unstated Need, found by questioning" but not in "unstated needless".
public enum PhraseMatcher {
    /// Whether the text (or any text of a list) contains the phrase (or any phrase of a list).
    public static func mentions(_ text: Value, _ phrases: Value) -> Bool {
        switch text {
        case .text(let t):
            switch phrases {
            case .text(let p): return contains(t, phrase: p)
            case .list(let ps):
                for case .text(let p) in ps where contains(t, phrase: p) { return true }
                return false
            default: return false
            }
        case .list(let texts):
            for t in texts where mentions(t, phrases) { return true }
            return false
        default:
            return false
        }
    }

    /// The number of words in a text: runs of characters between Unicode white space.
    public static func words(_ text: String) -> Int {
        var t = text
        return t.withUTF8 { b in
            var count = 0
            var inWord = false
            var i = 0
            while i < b.count {
                let w = whitespace(b, i)
                if w > 0 {
                    inWord = false
                    i += w
                    continue
                }
                if !inWord { count += 1 }
                inWord = true
                i += 1
            }
            return count
        }
    }

    /// Whether `phrase` occurs in `text`, ignoring case, starting and ending at word boundaries.
    /// A space in the phrase matches any run of Unicode white space in the text ("repeat
    /// business" is found in "repeat\nbusiness" and "repeat\u{A0} business").
    public static func contains(_ text: String, phrase: String) -> Bool {
        var t = text
        var p = phrase
        return t.withUTF8 { tb in
            p.withUTF8 { pb in
                if isASCII(pb) { return search(tb, pb) }
                // Non-ASCII phrase: fold both with full Unicode lowercasing.
                let lt = Array(text.lowercased().utf8)
                let lp = Array(phrase.lowercased().utf8)
                return lt.withUnsafeBufferPointer { a in lp.withUnsafeBufferPointer { b in search(a, b) } }
            }
        }
    }

    static func isASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        for x in b where x >= 0x80 { return false }
        return true
    }

    @inline(__always)
    static func fold(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b | 0x20 : b }

    /// The length in bytes of the Unicode white-space character at `i`, or 0.
    @inline(__always)
    static func whitespace(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let x = b[i]
        if x < 0x80 { return x == 32 || (x >= 9 && x <= 13) ? 1 : 0 }
        guard let (scalar, length) = scalar(b, i) else { return 0 }
        return scalar.properties.isWhitespace ? length : 0
    }

    /// The scalar starting at `i` and its length, when `i` starts a well-formed one.
    static func scalar(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Unicode.Scalar, Int)? {
        let x = b[i]
        let length = x >= 0xF0 ? 4 : x >= 0xE0 ? 3 : x >= 0xC0 ? 2 : 1
        guard length > 1, i + length <= b.count else { return nil }
        var value = UInt32(x) & (0xFF >> (length + 1))
        for k in 1..<length {
            let c = b[i + k]
            guard c & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(c & 0x3F)
        }
        return Unicode.Scalar(value).map { ($0, length) }
    }

    /// Whether the character starting at `i` is part of a word: an ASCII letter, digit or `_`,
    /// or a non-ASCII letter, mark or digit (not white space or punctuation such as ’ or —).
    static func isWord(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        let x = b[i]
        if x < 0x80 { return (x >= 48 && x <= 57) || (x >= 65 && x <= 90) || (x >= 97 && x <= 122) || x == 95 }
        guard let (scalar, _) = scalar(b, i) else { return true }
        let p = scalar.properties
        return p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark
    }

    /// Whether the character that ends just before `i` is part of a word.
    static func isWord(_ b: UnsafeBufferPointer<UInt8>, endingBefore i: Int) -> Bool {
        var start = i - 1
        while start > 0, b[start] & 0xC0 == 0x80, i - start < 4 { start -= 1 }
        return isWord(b, at: start)
    }

    static func search(_ text: UnsafeBufferPointer<UInt8>, _ phrase: UnsafeBufferPointer<UInt8>) -> Bool {
        // Trim white space around the phrase; an empty phrase is everywhere.
        var lo = 0
        var hi = phrase.count
        while lo < hi, whitespace(phrase, lo) > 0 { lo += whitespace(phrase, lo) }
        while hi > lo, phrase[hi - 1] < 0x80, whitespace(phrase, hi - 1) > 0 { hi -= 1 }
        while hi > lo {
            // A trailing non-ASCII space (U+00A0 …): step back over it.
            var start = hi - 1
            while start > lo, phrase[start] & 0xC0 == 0x80 { start -= 1 }
            guard whitespace(phrase, start) == hi - start else { break }
            hi = start
        }
        if lo == hi { return true }
        let n = text.count
        let startsWord = isWord(phrase, at: lo)
        let endsWord = isWord(phrase, endingBefore: hi)
        let first = fold(phrase[lo])
        var i = 0
        while i < n {
            if fold(text[i]) == first && (i == 0 || !startsWord || !isWord(text, endingBefore: i)) {
                if let end = match(text, from: i, phrase, lo, hi), end == n || !endsWord || !isWord(text, at: end) { return true }
            }
            i += 1
        }
        return false
    }

    /// Where a match of `phrase[lo..<hi]` starting at `text[i]` ends, or nil.
    static func match(_ text: UnsafeBufferPointer<UInt8>, from i: Int, _ phrase: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> Int? {
        var t = i
        var p = lo
        let n = text.count
        while p < hi {
            let space = whitespace(phrase, p)
            if space > 0 {
                // A run of white space in the phrase matches a run of any length ≥ 1 in the text.
                while p < hi, case let w = whitespace(phrase, p), w > 0 { p += w }
                guard t < n, whitespace(text, t) > 0 else { return nil }
                while t < n, case let w = whitespace(text, t), w > 0 { t += w }
                continue
            }
            guard t < n, fold(text[t]) == fold(phrase[p]) else { return nil }
            t += 1
            p += 1
        }
        return t
    }
}
