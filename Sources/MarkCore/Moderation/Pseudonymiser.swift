/// Replaces learner and assessor ids by keyed pseudonyms for moderation outputs that leave a
/// centre.
///
/// A pseudonym is `P-` (a learner) or `PA-` (an assessor) followed by the first 12 hex digits of
/// HMAC-SHA256(key, id). The centre,
/// which keeps the key, gets the same pseudonym for the same learner every time (so samples and
/// reports can be matched up); anyone without the key can neither reverse it nor test a guessed
/// id against it.
public struct Pseudonymiser: Sendable {
    /// The secret key.
    let key: [UInt8]

    /// Where the key comes from: the environment variable named here, or `--key-file`.
    public static let environmentVariable = "MARK_PSEUDONYM_KEY"

    /// Creates a pseudonymiser; nil when the key is empty.
    public init?(key: [UInt8]) {
        guard !key.isEmpty else { return nil }
        self.key = key
    }

    /// The key read from a key file's bytes: trailing line breaks (LF or CRLF) are not part of it.
    public static func key(fromFile bytes: [UInt8]) -> [UInt8] {
        var key = bytes
        while let last = key.last, last == 0x0A || last == 0x0D { key.removeLast() }
        return key
    }

    /// The pseudonym for a learner id.
    public func pseudonym(_ id: String) -> String {
        "P-" + HMACSHA256.hex(Array(id.utf8), key: key).prefix(12)
    }

    /// The pseudonym for an assessor id: the same code as for a learner, with its own prefix.
    public func assessorPseudonym(_ id: String) -> String {
        "PA-" + HMACSHA256.hex(Array(id.utf8), key: key).prefix(12)
    }
}

/// How learner identities appear in a moderation output: as they are, or pseudonymised.
public struct LearnerMasking: Sendable {
    /// The pseudonymiser, when outputs are pseudonymised.
    public var pseudonymiser: Pseudonymiser?

    /// Learner ids and paths as they are.
    public static let none = LearnerMasking(pseudonymiser: nil)

    /// Creates a masking; nil means no pseudonymisation.
    public init(pseudonymiser: Pseudonymiser?) {
        self.pseudonymiser = pseudonymiser
    }

    /// Whether ids are replaced.
    public var isOn: Bool { pseudonymiser != nil }

    /// The learner id to print.
    public func learner(_ id: String) -> String {
        pseudonymiser?.pseudonym(id) ?? id
    }

    /// The assessor id to print.
    public func assessor(_ id: String) -> String {
        pseudonymiser?.assessorPseudonym(id) ?? id
    }

    /// A submission path to print, or nil when paths are withheld (they may contain names).
    public func path(_ path: String) -> String? {
        isOn ? nil : path
    }

    /// A message as a pseudonymised output prints it: anything quoted in it ('…' or "…"), which
    /// may be a learner id, a name or evidence text, is withheld as '…'. Unchanged when ids are
    /// not pseudonymised.
    public func message(_ text: String) -> String {
        isOn ? LearnerMasking.withholdingQuotes(text) : text
    }

    /// The text with the content of every quoted span replaced by `…`. A quote opens at the start
    /// or after a character that is not a letter or digit (so "assessor's" opens nothing) and
    /// closes at the next same quote that is followed by the end or such a character.
    public static func withholdingQuotes(_ text: String) -> String {
        let chars = Array(text)
        var out = ""
        var i = 0
        func isWordy(_ c: Character) -> Bool { c.isLetter || c.isNumber }
        while i < chars.count {
            let c = chars[i]
            if c == "'" || c == "\"", i == 0 || !isWordy(chars[i - 1]) {
                var j = i + 1
                while j < chars.count, !(chars[j] == c && (j + 1 == chars.count || !isWordy(chars[j + 1]))) { j += 1 }
                if j < chars.count {
                    out += "\(c)…\(c)"
                    i = j + 1
                    continue
                }
                // An unclosed quote: withhold the rest.
                out += "\(c)…"
                break
            }
            out.append(c)
            i += 1
        }
        return out
    }
}
