/// Cells converted straight from their bytes: the common case of an import — plain ASCII yes/no
/// words, whole numbers, ISO and UK dates, enumeration values and any text — written into the
/// JSON without making a string per cell. Anything else (a fixed value, a defused formula,
/// non-ASCII text in a typed cell, a decimal, a wrong value) goes the general way
/// (`ImportPlan.convert`), which writes the same bytes and words every message: this path only
/// ever takes a cell that path would accept, and writes what it would write.
struct ImportCells: Sendable {
    /// How entry `e`'s cells are converted from bytes.
    enum Kind: Sendable {
        case text, number, boolean, date, enumeration
        /// Always the general way.
        case general
    }

    /// Byte strings kept in one array, each a range of it (no array per string to retain).
    struct Pool: Sendable {
        var bytes: [UInt8] = []

        mutating func add(_ s: String) -> Range<Int> {
            let start = bytes.count
            bytes.append(contentsOf: s.utf8)
            return start..<bytes.count
        }

        mutating func add(quoted s: String) -> Range<Int> {
            let start = bytes.count
            JSONWriter.appendQuoted(s, to: &bytes)
            return start..<bytes.count
        }
    }

    /// An enumeration entry's words, as ranges of `wordTable` (each row a word to match and the
    /// quoted value it writes): the mapping's translations (keys in lower case), the values as
    /// declared, and the values folded (`ImportPlan.fold`), in the order the general path
    /// tries them.
    struct Words: Sendable {
        var translations: Range<Int> = 0..<0
        var values: Range<Int> = 0..<0
        var folded: Range<Int> = 0..<0
    }

    var kinds: [Kind] = []
    /// Each entry's number of sources, or -1 when one is fixed (it always has text).
    var sources: [Int] = []
    var scales: [ClosedRange<Double>?] = []
    /// Each enumeration entry's words (empty ranges for any other entry).
    var words: [Words] = []
    var wordTable: [(word: Range<Int>, value: Range<Int>)] = []
    var yes: [Range<Int>] = []
    var no: [Range<Int>] = []
    var separator: Range<Int> = 0..<0
    var pool = Pool()

    init() {}

    /// The tables for a plan's entries.
    init(_ plan: ImportPlan) {
        let mapping = plan.mapping
        for (e, (type, scale)) in plan.entryTypes.enumerated() {
            var kind: Kind
            switch type {
            case .text: kind = .text
            case .number: kind = .number
            case .boolean: kind = .boolean
            case .date: kind = .date
            case .enumeration: kind = .enumeration
            default: kind = .general
            }
            let fixed = mapping.fixedTexts[e].contains(where: { $0 != nil })
            if fixed { kind = .general }
            sources.append(fixed ? -1 : mapping.fixedTexts[e].count)
            var table = Words()
            if kind == .enumeration {
                let values = plan.enumerationValues[e]
                let translations = plan.entryTranslations[e] ?? [:]
                // Strings compare by canonical equivalence, bytes do not: only ASCII words (for
                // which the two agree) are matched as bytes.
                let ascii = { (s: String) in s.utf8.allSatisfy { $0 < 0x80 } }
                if values.allSatisfy({ ascii($0) && ascii(ImportPlan.fold($0)) }) && translations.allSatisfy({ ascii($0.key) && ascii($0.value) }) {
                    var start = wordTable.count
                    for (word, value) in translations.sorted(by: { $0.key < $1.key }) { wordTable.append((pool.add(word), pool.add(quoted: value))) }
                    table.translations = start..<wordTable.count
                    start = wordTable.count
                    for v in values { wordTable.append((pool.add(v), pool.add(quoted: v))) }
                    table.values = start..<wordTable.count
                    start = wordTable.count
                    for v in values { wordTable.append((pool.add(ImportPlan.fold(v)), pool.add(quoted: v))) }
                    table.folded = start..<wordTable.count
                } else {
                    kind = .general
                }
            }
            kinds.append(kind)
            scales.append(scale)
            words.append(table)
        }
        let ascii = { (s: String) in s.utf8.allSatisfy { $0 < 0x80 } }
        if mapping.yes.allSatisfy(ascii) && mapping.no.allSatisfy(ascii) {
            yes = mapping.yes.map { pool.add($0) }
            no = mapping.no.map { pool.add($0) }
        } else {
            // Non-ASCII words for yes and no: booleans go the general way.
            for e in kinds.indices where kinds[e] == .boolean { kinds[e] = .general }
        }
        separator = pool.add(mapping.separator)
    }

    /// Whether entry `e`'s cells may be converted from bytes.
    @inline(__always)
    func takes(_ e: Int) -> Bool { e < kinds.count && kinds[e] != .general }

    /// Writes a scalar cell's value (`key` nil: a list element); false when the cell must go the
    /// general way. The bytes are valid UTF-8 (the CSV reader has checked them).
    func write(_ cell: UnsafeBufferPointer<UInt8>, entry e: Int, key: JSONWriter.Key?, _ w: inout JSONWriter) -> Bool {
        guard e < kinds.count, !ImportCells.isDefused(cell) else { return false }
        let kind = kinds[e]
        if kind == .text {
            w.string(key, utf8: cell)
            return true
        }
        guard kind != .general, !cell.contains(where: { $0 >= 0x80 }) else { return false }
        return pool.bytes.withUnsafeBufferPointer { pool in
            let t = ImportCells.trimmed(cell)
            switch kind {
            case .boolean:
                if contains(yes, t, pool, lowercasing: true) {
                    w.boolean(key, true)
                    return true
                }
                if contains(no, t, pool, lowercasing: true) {
                    w.boolean(key, false)
                    return true
                }
                return false
            case .number:
                guard let n = ImportCells.wholeNumber(t) else { return false }
                if let scale = scales[e], !scale.contains(Double(n)) { return false }
                w.integer(key, n)
                return true
            case .date:
                if t.count == 10, CalendarDate.day(utf8: t) != nil {
                    w.string(key, utf8: t)
                    return true
                }
                return ImportCells.ukDate(t) { iso in
                    guard CalendarDate.day(utf8: iso) != nil else { return false }
                    w.string(key, utf8: iso)
                    return true
                }
            case .enumeration:
                // As the general way tries them: the mapping's translations (ignoring case), the
                // values as declared, then the values folded.
                let table = words[e]
                if let value = first(table.translations, t, pool, lowercasing: true) ?? first(table.values, t, pool, lowercasing: false) {
                    w.quoted(key, UnsafeBufferPointer(rebasing: pool[value]))
                    return true
                }
                guard t.count <= 32 else { return false }
                var folded: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
                return withUnsafeMutableBytes(of: &folded) { raw in
                    let f = raw.bindMemory(to: UInt8.self)
                    for i in 0..<t.count { f[i] = t[i] == 32 || t[i] == 45 ? 95 : ImportCells.lower(t[i]) }
                    guard let value = first(table.folded, UnsafeBufferPointer(rebasing: UnsafeBufferPointer(f)[0..<t.count]), pool, lowercasing: false) else { return false }
                    w.quoted(key, UnsafeBufferPointer(rebasing: pool[value]))
                    return true
                }
            default:
                return false
            }
        }
    }

    /// Writes a list cell's elements (the array is open); false when the cell must go the general
    /// way (nothing is written then).
    func writeList(_ cell: UnsafeBufferPointer<UInt8>, entry e: Int, _ w: inout JSONWriter) -> Bool {
        guard e < kinds.count, kinds[e] != .general, !ImportCells.isDefused(cell), !cell.contains(where: { $0 >= 0x80 }) else { return false }
        return pool.bytes.withUnsafeBufferPointer { pool in
            let sep = UnsafeBufferPointer(rebasing: pool[separator])
            // Every piece must convert, or what was written of the list is taken back.
            let checkpoint = w.checkpoint
            var ok = true
            ImportCells.pieces(cell, sep) { piece in
                if ok && !write(piece, entry: e, key: nil, &w) { ok = false }
            }
            if !ok { w.restore(checkpoint) }
            return ok
        }
    }

    /// Calls `body` with each piece between separators, trimmed, empty ones left out (as
    /// `String.listPieces` splits the same ASCII text).
    static func pieces(_ cell: UnsafeBufferPointer<UInt8>, _ sep: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        func piece(_ r: Range<Int>) {
            let t = trimmed(UnsafeBufferPointer(rebasing: cell[r]))
            if !t.isEmpty { body(t) }
        }
        var start = 0
        var i = 0
        while !sep.isEmpty, i + sep.count <= cell.count {
            if cell[i] == sep[0], UnsafeBufferPointer(rebasing: cell[i..<i + sep.count]).elementsEqual(sep) {
                piece(start..<i)
                i += sep.count
                start = i
            } else {
                i += 1
            }
        }
        piece(start..<cell.count)
    }

    private func contains(_ list: [Range<Int>], _ t: UnsafeBufferPointer<UInt8>, _ pool: UnsafeBufferPointer<UInt8>, lowercasing: Bool) -> Bool {
        for r in list where ImportCells.equal(t, UnsafeBufferPointer(rebasing: pool[r]), lowercasing: lowercasing) { return true }
        return false
    }

    private func first(_ list: Range<Int>, _ t: UnsafeBufferPointer<UInt8>, _ pool: UnsafeBufferPointer<UInt8>, lowercasing: Bool) -> Range<Int>? {
        for i in list where ImportCells.equal(t, UnsafeBufferPointer(rebasing: pool[wordTable[i].word]), lowercasing: lowercasing) { return wordTable[i].value }
        return nil
    }

    /// Whether `t` (lowered to ASCII lower case first, when asked) is `word`.
    static func equal(_ t: UnsafeBufferPointer<UInt8>, _ word: UnsafeBufferPointer<UInt8>, lowercasing: Bool) -> Bool {
        guard t.count == word.count else { return false }
        for i in 0..<t.count where (lowercasing ? lower(t[i]) : t[i]) != word[i] { return false }
        return true
    }

    @inline(__always)
    static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b + 0x20 : b }

    /// A formula a CSV writer defused with a leading `'` (the general way takes the `'` off).
    static func isDefused(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        guard cell.count >= 2, cell[0] == UInt8(ascii: "'") else { return false }
        return [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D].contains(cell[1])
    }

    /// ASCII bytes without spaces, tabs or line breaks at either end.
    static func trimmed(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        func blank(_ x: UInt8) -> Bool { x == 32 || x == 9 || x == 10 || x == 13 }
        var lo = 0
        var hi = b.count
        while lo < hi, blank(b[lo]) { lo += 1 }
        while hi > lo, blank(b[hi - 1]) { hi -= 1 }
        return UnsafeBufferPointer(rebasing: b[lo..<hi])
    }

    /// A whole number of at most 15 digits, with an optional minus sign (exact as a `Double`).
    static func wholeNumber(_ t: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        let negative = t.first == UInt8(ascii: "-")
        if negative { i = 1 }
        guard t.count > i, t.count - i <= 15 else { return nil }
        var v: Int64 = 0
        while i < t.count {
            let d = t[i] &- 48
            guard d < 10 else { return nil }
            v = v * 10 + Int64(d)
            i += 1
        }
        return negative ? -v : v
    }

    /// `D/M/YYYY` (one or two digits for the day and month) as `YYYY-MM-DD` bytes for `body`;
    /// false when the text has another shape.
    static func ukDate(_ t: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        guard let s1 = t.firstIndex(of: UInt8(ascii: "/")) else { return false }
        let rest = UnsafeBufferPointer(rebasing: t[(s1 + 1)...])
        guard let r2 = rest.firstIndex(of: UInt8(ascii: "/")) else { return false }
        let s2 = s1 + 1 + r2
        let day = 0..<s1, month = s1 + 1..<s2, year = s2 + 1..<t.count
        guard (1...2).contains(day.count), (1...2).contains(month.count), year.count == 4 else { return false }
        for i in 0..<t.count where i != s1 && i != s2 && !(t[i] >= 48 && t[i] <= 57) { return false }
        var iso: (UInt64, UInt64) = (0, 0)
        return withUnsafeMutableBytes(of: &iso) { raw in
            let b = raw.bindMemory(to: UInt8.self)
            for (k, i) in year.enumerated() { b[k] = t[i] }
            b[4] = UInt8(ascii: "-")
            b[5] = month.count == 1 ? 48 : t[month.lowerBound]
            b[6] = t[month.upperBound - 1]
            b[7] = UInt8(ascii: "-")
            b[8] = day.count == 1 ? 48 : t[day.lowerBound]
            b[9] = t[day.upperBound - 1]
            return body(UnsafeBufferPointer(rebasing: UnsafeBufferPointer(b)[0..<10]))
        }
    }
}
