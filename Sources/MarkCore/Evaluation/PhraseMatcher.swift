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

    /// Whether `phrase` occurs in `text`, ignoring case, starting and ending at word boundaries.
    public static func contains(_ text: String, phrase: String) -> Bool {
        var t = text
        var p = phrase
        return t.withUTF8 { tb in
            p.withUTF8 { pb in
                if pb.isEmpty { return true }
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

    @inline(__always)
    static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 || b >= 0x80
    }

    static func search(_ text: UnsafeBufferPointer<UInt8>, _ phrase: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = text.count
        let m = phrase.count
        guard m <= n else { return false }
        let first = fold(phrase[0])
        var i = 0
        while i <= n - m {
            if fold(text[i]) == first && (i == 0 || !isWordByte(text[i - 1]) || !isWordByte(phrase[0])) {
                var j = 1
                while j < m && fold(text[i + j]) == fold(phrase[j]) { j += 1 }
                if j == m && (i + m == n || !isWordByte(text[i + m]) || !isWordByte(phrase[m - 1])) { return true }
            }
            i += 1
        }
        return false
    }
}
