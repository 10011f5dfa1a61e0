/// Writes a marking result as an unsigned Open Badges 3.0 `AchievementCredential` (a W3C
/// Verifiable Credential): the achievement is the unit as the ruleset defines it, the result is
/// the grade with its `ResultDescription`, the evidence is the items that counted, and the
/// alignments are the marking points. Signing (`proof`) is left to the issuing platform.
public enum OpenBadgesCredential {
    /// The JSON-LD contexts, in the order the specification gives them.
    public static let contexts = [
        "https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]

    /// Who issues the credential: a URL or DID that identifies the centre, and its name.
    public struct Issuer: Sendable, Equatable {
        /// The issuer's id: an `https:` URL (achievement ids are made under it) or a DID.
        public var id: String
        /// The name shown for the issuer.
        public var name: String
        /// The issue date, `YYYY-MM-DD` (the credential's `validFrom` is its start, UTC).
        public var issued: String

        /// An issuer; `name` defaults to the id.
        public init(id: String, name: String? = nil, issued: String) {
            self.id = id
            self.name = name ?? id
            self.issued = issued
        }
    }

    /// The credential's file name under `--out` for a result file name (`a.result.json` →
    /// `a.credential.json`).
    public static func fileName(_ resultName: String) -> String {
        (resultName.hasSuffix(".result.json") ? String(resultName.dropLast(12)) : resultName) + ".credential.json"
    }

    /// Whether a result earns a credential: a grade above the lowest.
    public static func earns(_ r: MarkingResult) -> Bool { r.gradeIndex > 0 }

    /// The achievement's id: under the issuer, by unit and ruleset version.
    static func achievementID(_ r: MarkingResult, _ issuer: Issuer) -> String {
        var base = issuer.id
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/achievements/" + HTMLIndex.href(r.unit).dropFirst(2) + "/" + HTMLIndex.href(r.ruleset.id).dropFirst(2) + "/"
            + HTMLIndex.href(r.ruleset.version).dropFirst(2)
    }

    /// A stable `urn:uuid:` for the credential: the same result, input and issuer give the same id.
    static func credentialID(_ r: MarkingResult, _ issuer: Issuer, inputSHA256: String) -> String {
        var hasher = SHA256()
        for part in [r.ruleset.sha256, inputSHA256, issuer.id, issuer.issued, r.grade] {
            hasher.update(Array(part.utf8))
            hasher.update([0])
        }
        var hex = Array(hasher.finalizeHex().prefix(32))
        hex[12] = "8"  // version 8: a name-based UUID of our own construction (RFC 9562)
        hex[16] = ["8", "9", "a", "b"][Int(String(hex[16]), radix: 16)! & 3]
        let s = String(hex)
        func part(_ a: Int, _ b: Int) -> Substring { s.dropFirst(a).prefix(b - a) }
        return "urn:uuid:\(part(0, 8))-\(part(8, 12))-\(part(12, 16))-\(part(16, 20))-\(part(20, 32))"
    }

    /// The credential for a result that earns one (see `earns`); `grades` is the ruleset's
    /// grade scale, lowest first; `inputSHA256` the digest of the submission's bytes.
    public static func render(_ r: MarkingResult, grades: [String], issuer: Issuer, inputSHA256: String, pretty: Bool) -> String {
        let achievement = achievementID(r, issuer)
        let gradeDescription = achievement + "#grade"
        var w = JSONWriter(pretty: pretty)
        w.beginObject()
        w.beginArray("@context")
        for c in contexts { w.string(nil, c) }
        w.endArray()
        w.string("id", credentialID(r, issuer, inputSHA256: inputSHA256))
        types(&w, "VerifiableCredential", "AchievementCredential")
        w.string("name", "\(r.ruleset.title): \(r.grade)")
        w.beginObject("issuer")
        w.string("id", issuer.id)
        types(&w, "Profile")
        w.string("name", issuer.name)
        w.endObject()
        w.string("validFrom", issuer.issued + "T00:00:00Z")
        w.beginObject("credentialSubject")
        types(&w, "AchievementSubject")
        w.beginArray("identifier")
        w.beginObject()
        w.string("type", "IdentityObject")
        w.string("identityType", "identifier")
        w.bool("hashed", false)
        w.string("identityHash", r.learnerID)
        w.endObject()
        w.endArray()
        writeAchievement(&w, r, id: achievement, gradeDescription: gradeDescription, grades: grades)
        w.beginArray("result")
        w.beginObject()
        types(&w, "Result")
        w.string("resultDescription", gradeDescription)
        w.string("value", r.grade)
        w.endObject()
        w.endArray()
        w.endObject()
        writeEvidence(&w, r, inputSHA256: inputSHA256)
        w.endObject()
        return w.output
    }

    static func writeAchievement(_ w: inout JSONWriter, _ r: MarkingResult, id: String, gradeDescription: String, grades: [String]) {
        w.beginObject("achievement")
        w.string("id", id)
        types(&w, "Achievement")
        w.string("name", r.ruleset.title)
        w.string("description", "Unit \(r.unit), \(r.ruleset.title), assessed with the \(r.ruleset.id) \(r.ruleset.version) ruleset (sha256 \(r.ruleset.sha256)).")
        w.string("humanCode", r.unit)
        w.beginObject("criteria")
        w.string("narrative", r.points.map { "- \($0.wording)" }.joined(separator: "\n"))
        w.endObject()
        w.beginArray("resultDescription")
        w.beginObject()
        w.string("id", gradeDescription)
        types(&w, "ResultDescription")
        w.string("name", "Grade")
        w.string("resultType", "LetterGrade")
        w.beginArray("allowedValue")
        for g in grades { w.string(nil, g) }
        w.endArray()
        w.endObject()
        w.endArray()
        w.beginArray("alignment")
        for p in r.points {
            w.beginObject()
            types(&w, "Alignment")
            w.string("targetName", p.id)
            w.string("targetDescription", p.wording)
            w.string("targetUrl", id + "#" + HTMLIndex.href(p.id).dropFirst(2))
            w.string("targetFramework", "\(r.ruleset.id) \(r.ruleset.version)")
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    /// One `Evidence` per item that counted for a point, in the order first cited.
    static func writeEvidence(_ w: inout JSONWriter, _ r: MarkingResult, inputSHA256: String) {
        var order: [String] = []
        var points: [String: [String]] = [:]
        for p in r.points {
            for e in p.evidence {
                if points[e] == nil { order.append(e) }
                points[e, default: []].append(p.id)
            }
        }
        w.beginArray("evidence")
        for e in order {
            w.beginObject()
            types(&w, "Evidence")
            w.string("name", e)
            w.string("description", "Evidence item \(e) of the submission with SHA-256 \(inputSHA256).")
            w.string("narrative", "Counted for " + points[e]!.joined(separator: ", ") + ".")
            w.endObject()
        }
        w.endArray()
    }

    static func types(_ w: inout JSONWriter, _ names: String...) {
        w.beginArray("type")
        for n in names { w.string(nil, n) }
        w.endArray()
    }
}
