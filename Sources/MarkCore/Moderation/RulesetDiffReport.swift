/// Writes a `RulesetDiff` as text for a moderator or as JSON (`rules-diff/1`).
public enum RulesetDiffReport {
    /// The JSON format's identifier.
    public static let format = "rules-diff/1"

    /// The text report.
    public static func text(_ diff: RulesetDiff) -> String {
        var out = "Rule versions compared by meaning\n"
        func describe(_ label: String, _ v: RulesetDiff.Version) -> String {
            var line = "  \(label)  \(v.path) — \(v.id) \(v.version) (sha256 \(v.sha256.prefix(12)))"
            if !v.bases.isEmpty { line += ", extending " + v.bases.joined(separator: ", ") }
            let imports = v.files.dropFirst().filter { !v.bases.contains($0) }
            if !imports.isEmpty { line += ", importing " + imports.joined(separator: ", ") }
            return line + "\n"
        }
        out += describe("old", diff.old)
        out += describe("new", diff.new)
        guard diff.meaningChanged else {
            out += "\nNo change in meaning: "
            out += diff.sourcesIdentical ? "the sources are identical.\n" : "the versions differ only in layout and comments.\n"
            return out
        }
        for section in RulesetDiff.Section.allCases {
            let changes = diff.changes.filter { $0.section == section }
            guard !changes.isEmpty else { continue }
            out += "\n\(section.title)\n"
            for c in changes {
                out += "  " + c.kind.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0) + " " + c.summary + "\n"
                if let s = c.old { out += "      old  \(s.path):\(s.line)  \(s.text)\n" }
                if let s = c.new { out += "      new  \(s.path):\(s.line)  \(s.text)\n" }
                if !c.affects.isEmpty { out += "      may change: " + c.affects.joined(separator: ", ") + "\n" }
            }
        }
        let counts = RulesetDiff.Section.allCases.compactMap { s -> String? in
            let n = diff.changes.filter { $0.section == s }.count
            return n == 0 ? nil : "\(s.rawValue) \(n)"
        }
        let n = diff.changes.count
        out += "\n\(n) change\(n == 1 ? "" : "s") in meaning (\(counts.joined(separator: ", "))).\n"
        return out
    }

    /// The JSON report.
    public static func json(_ diff: RulesetDiff) -> String {
        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.string("format", format)
        for (key, v) in [("old", diff.old), ("new", diff.new)] {
            w.beginObject(key)
            w.string("path", v.path)
            w.string("id", v.id)
            w.string("version", v.version)
            w.string("sha256", v.sha256)
            w.beginArray("files")
            for f in v.files { w.string(nil, f) }
            w.endArray()
            if !v.bases.isEmpty {
                w.beginArray("extends")
                for f in v.bases { w.string(nil, f) }
                w.endArray()
            }
            w.endObject()
        }
        w.bool("meaningChanged", diff.meaningChanged)
        w.bool("sourcesIdentical", diff.sourcesIdentical)
        w.beginArray("renamedPoints")
        for r in diff.renamedPoints {
            w.beginObject()
            w.string("old", r.old)
            w.string("new", r.new)
            w.endObject()
        }
        w.endArray()
        w.beginArray("changes")
        for c in diff.changes {
            w.beginObject()
            w.string("section", c.section.rawValue)
            w.string("kind", c.kind.rawValue)
            w.string("subject", c.subject)
            w.string("aspect", c.aspect)
            w.string("summary", c.summary)
            for (key, side) in [("old", c.old), ("new", c.new)] {
                if let side {
                    w.beginObject(key)
                    w.string("path", side.path)
                    w.int("line", side.line)
                    w.string("text", side.text)
                    w.endObject()
                } else {
                    w.null(key)
                }
            }
            w.beginArray("affects")
            for a in c.affects { w.string(nil, a) }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.output + "\n"
    }
}
