/// How an exported cell becomes a typed `evidence/1` value: yes/no words for booleans, ISO and
/// UK dates (and xAPI timestamps), numbers within a field's scale, and enumeration values
/// translated by the mapping or matched ignoring case, spaces and hyphens.
extension ImportPlan {
    /// A converted value, ready to write.
    enum Converted {
        case text(String)
        case number(Double)
        case boolean(Bool)
        case date(CalendarDate)

        /// Writes the value as a list element.
        func write(_ w: inout JSONWriter) {
            switch self {
            case .text(let s): w.string(nil, s)
            case .number(let n): w.number(nil, n)
            case .boolean(let b): w.bool(nil, b)
            case .date(let d): w.string(nil, d.description)
            }
        }

        /// Writes the value under a key prepared by the plan.
        func write(_ w: inout JSONWriter, _ key: JSONWriter.Key) {
            switch self {
            case .text(let s): w.string(key, s)
            case .number(let n): w.number(key, n)
            case .boolean(let b): w.bool(key, b)
            case .date(let d): w.string(key, d.description)
            }
        }
    }

    /// The value of entry `e`'s field from a cell's text, or what is wrong with it.
    func convert(_ raw: String, entry e: Int, list: Bool) -> Result<Converted, Message> {
        let (type, scale) = entryTypes[e]
        switch type {
        case .text:
            return .success(.text(raw))
        case .number:
            let t = raw.trimmingWhitespace
            guard t.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }), let n = Double(t), n.isFinite else {
                return .failure(Message("expected a number, found \(ImportPlan.quote(raw))"))
            }
            if let scale, !scale.contains(n) {
                return .failure(Message("expected a number from \(JSONWriter.format(scale.lowerBound)) to \(JSONWriter.format(scale.upperBound)), found \(ImportPlan.quote(raw))"))
            }
            return .success(.number(n))
        case .boolean:
            let t = raw.trimmingWhitespace.lowercasedASCIIFirst
            if mapping.yes.contains(t) { return .success(.boolean(true)) }
            if mapping.no.contains(t) { return .success(.boolean(false)) }
            return .failure(Message("expected \(mapping.yes[0]) or \(mapping.no[0]), found \(ImportPlan.quote(raw))"))
        case .date:
            let t = raw.trimmingWhitespace
            // Already a real YYYY-MM-DD date: written as it is.
            if CalendarDate(t) != nil { return .success(.text(t)) }
            return ImportPlan.date(t).map { .date($0) }
        case .enumeration(let name):
            let values = enumerationValues[e]
            let t = raw.trimmingWhitespace
            if let translations = entryTranslations[e], let translated = translations[t.lowercasedASCIIFirst] { return .success(.text(translated)) }
            if values.contains(t) { return .success(.text(t)) }
            let folded = ImportPlan.fold(t)
            if let v = values.first(where: { ImportPlan.fold($0) == folded }) { return .success(.text(v)) }
            let what = name == "kind" ? "an item kind" : "a value of '\(name)'"
            return .failure(Message(
                "\(ImportPlan.quote(raw)) is not \(what) (expected one of \(values.joined(separator: ", ")), or a 'value \(name) \"…\" = …' line in the mapping)"
                    + Suggestion.didYouMean(folded, among: values)))
        default:
            return .failure(Message("a field of type \(type) cannot be read from a cell"))
        }
    }

    /// A date written `YYYY-MM-DD`, `DD/MM/YYYY` (one-digit day and month allowed), or as an
    /// xAPI timestamp (`2025-10-08T14:30:00Z`: its date as written).
    static func date(_ t: String) -> Result<CalendarDate, Message> {
        var iso = t
        if t.count > 10, t.utf8.count > 10, Array(t.utf8)[10] == UInt8(ascii: "T") { iso = String(t.prefix(10)) }
        let parts = t.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }), parts[0].count <= 2, parts[1].count <= 2,
            parts[2].count == 4
        {
            iso = "\(parts[2])-\(parts[1].count == 1 ? "0" : "")\(parts[1])-\(parts[0].count == 1 ? "0" : "")\(parts[0])"
        }
        if let d = CalendarDate(iso) { return .success(d) }
        var shaped = iso
        if shaped.withUTF8({ CalendarDate.isDateShaped(utf8: $0) }) { return .failure(Message("\(quote(t)) is not a real date")) }
        return .failure(Message("expected a date as YYYY-MM-DD or DD/MM/YYYY, found \(quote(t))"))
    }

    /// Lower case, with spaces and hyphens as underscores: "Witness testimony" → witness_testimony.
    static func fold(_ s: String) -> String {
        String(s.lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }

    /// A cell's text for a message: quoted, escaped, and cut short (it may be learner text).
    static func quote(_ s: String) -> String {
        let cleaned = TerminalText.escaped(s)
        return "\"" + (cleaned.count > 24 ? String(cleaned.prefix(24)) + "…" : cleaned) + "\""
    }
}

extension String {
    /// `lowercased()`, without its Unicode tables for ASCII text (cells are mostly ASCII).
    var lowercasedASCIIFirst: String {
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return lowercased() }
        guard utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return self }
        return String(decoding: utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    /// The pieces between each `separator`, trimmed, empty ones left out: a list written in one
    /// cell. (Bytes are compared: a UTF-8 separator only matches at character boundaries.)
    func listPieces(_ separator: String) -> [String] {
        let sep = Array(separator.utf8)
        let u = Array(utf8)
        var pieces: [String] = []
        func piece(_ r: Range<Int>) {
            let t = String(decoding: u[r], as: UTF8.self).trimmingWhitespace
            if !t.isEmpty { pieces.append(t) }
        }
        var start = 0
        var i = 0
        while !sep.isEmpty, i + sep.count <= u.count {
            if u[i] == sep[0], u[i..<i + sep.count].elementsEqual(sep) {
                piece(start..<i)
                i += sep.count
                start = i
            } else {
                i += 1
            }
        }
        piece(start..<u.count)
        return pieces
    }

    /// The text without spaces, tabs or line breaks at either end.
    var trimmingWhitespace: String {
        func blank(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 }
        guard let first = utf8.first, let last = utf8.last, blank(first) || blank(last) else { return self }
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" || f == "\r\n" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" || l == "\r\n" { s = s.dropLast() }
        return String(s)
    }
}
