import Testing

@testable import MarkCore

/// Cells converted straight from their bytes (`ImportCells`) write exactly what the general
/// conversion (`ImportPlan.convert`) writes, and only take cells it accepts: every cell of a
/// corpus of plain, padded, cased, defused, non-ASCII and wrong texts is tried both ways.
@Suite struct ImportCellsTests {
    static let schema = EvidenceSchema(
        kinds: ["observation", "witness_testimony"],
        enumerations: ["kind": ["observation", "witness_testimony"], "role": ["assessor", "witness", "line_manager"]],
        records: [
            "item": RecordSchema(name: "item", fields: [
                FieldSchema(name: "id", type: .text), FieldSchema(name: "kind", type: .enumeration("kind")), FieldSchema(name: "date", type: .date),
                FieldSchema(name: "signed", type: .boolean), FieldSchema(name: "csat", type: .optional(.number), scale: 0...10),
                FieldSchema(name: "count", type: .optional(.number)),
                FieldSchema(name: "role", type: .enumeration("role")),
                FieldSchema(name: "roles", type: .list(.enumeration("role"))),
                FieldSchema(name: "notes", type: .list(.text)),
            ])
        ])

    static let mapping = """
        learner.id = "L"
        unit = fixed "U"
        started = "S"
        submitted = "T"
        assessor = "A"
        id = "I"
        kind = "K"
        date = "D"
        signed = "Signed"
        csat = "C"
        count = "N"
        role = "R"
        roles = "Roles"
        notes = "Notes"
        yes "Ja" "Y"
        no "Nein"
        value role "Employer" = witness
        value role "Line-Manager" = line_manager

        """

    static let texts: [String] = [
        "x", "Ja", "ja", "JA", "y", "Y", "Nein", "nein", "n", "yes", "no", "true", "Y es",
        "0", "7", "-0", "-7", "007", "10", "11", "-1", "9.5", ".5", "5.", "1e1", "+5", "--5", "1-2", "999999999999999", "1000000000000000",
        "2025-10-08", "2025-02-30", "2025-2-3", "08/10/2025", "8/1/2026", "29/02/2025", "28/02/2025", "1/1/99", "10/08", "08/10/2025/1", "/10/2025",
        "2025-10-08T14:30:00Z", "31/12/2024",
        "observation", "Observation", "Witness Testimony", "witness-testimony", "WITNESS_TESTIMONY", "witnes", "Employer", "EMPLOYER", "line manager",
        "Line-Manager", "assessor", "line_manager",
        "assessor;witness", "Employer; Line-Manager", "assessor;;witness;", ";", "assessor;bogus", "a;b;c",
        "'=SUM(A1)", "'-5", "'+1", "'@x", "'x", "'",
        "café", "Café Témoin", "\u{212A}", "e\u{301}", " \u{301}yes", "yes\u{301}", "\u{FEFF}7",
        "say \"hi\"", "back\\slash", "line\nbreak", "tab\there", "\u{1}", "x\u{2028}y",
    ]

    /// Each text, padded with spaces, tabs and line breaks, and upper-cased.
    static var corpus: [String] {
        var all: [String] = []
        for t in texts {
            all += [t, " \(t) ", "\t\(t)\r\n", t.uppercased(), "\(t)\n"]
        }
        return all
    }

    static func plan() throws -> ImportPlan {
        let mapping = try ImportMapping.parse(SourceFile(path: "m", text: Self.mapping)).get()
        return try ImportPlan.compile(mapping, schema: schema).get()
    }

    /// The general way: what a row writer writes for the cell (nil: a problem).
    func general(_ plan: ImportPlan, _ e: Int, _ text: String, list: Bool) -> String? {
        let raw = ImportRowWriter<EvidenceImport.CSVRow>.undefused(text)
        var w = JSONWriter()
        w.beginObject()
        let key = JSONWriter.Key("v")
        if list {
            w.beginArray(key)
            for piece in raw.listPieces(plan.mapping.separator) {
                guard case .success(let v) = plan.convert(piece, entry: e, list: true) else { return nil }
                v.write(&w)
            }
            w.endArray()
        } else {
            guard case .success(let v) = plan.convert(raw, entry: e, list: false) else { return nil }
            v.write(&w, key)
        }
        w.endObject()
        return w.output
    }

    /// The byte way (nil: the cell is left to the general way).
    func bytes(_ plan: ImportPlan, _ e: Int, _ text: String, list: Bool) -> String? {
        var w = JSONWriter()
        w.beginObject()
        let key = JSONWriter.Key("v")
        let utf8 = Array(text.utf8)
        if list {
            w.beginArray(key)
            guard utf8.withUnsafeBufferPointer({ plan.cells.writeList($0, entry: e, &w) }) else { return nil }
            w.endArray()
        } else {
            guard utf8.withUnsafeBufferPointer({ plan.cells.write($0, entry: e, key: key, &w) }) else { return nil }
        }
        w.endObject()
        return w.output
    }

    @Test func bytesWriteWhatTheGeneralWayWrites() throws {
        let plan = try Self.plan()
        var taken: Set<String> = []
        for (e, entry) in plan.mapping.entries.enumerated() where !entry.path.isEnvelope {
            let path = entry.path.description
            let list = path == "roles" || path == "notes"
            for text in Self.corpus where !text.isEmpty {
                guard let fast = bytes(plan, e, text, list: list) else { continue }
                taken.insert("\(path) \(text)")
                let slow = general(plan, e, text, list: list)
                #expect(slow == fast, "\(path) = \(text.debugDescription)")
            }
        }
        // The common cells are taken by the byte way (else this test would prove nothing).
        for expected in [
            "id x", "id café", "id say \"hi\"", "id 'x", "signed Ja", "signed  y ", "signed NEIN", "csat 10", "csat -0", "count 999999999999999",
            "date 2025-10-08", "date 8/1/2026", "date \t31/12/2024\r\n", "kind Witness Testimony", "kind witness-testimony", "role EMPLOYER",
            "role Line-Manager", "role line manager", "roles Employer; Line-Manager", "roles assessor;;witness;", "notes a;b;c",
        ] {
            let isTaken = taken.contains(expected)
            #expect(isTaken, "\(expected.debugDescription) was left to the general way")
        }
        // A wrong value, a decimal, a defused formula, a non-ASCII typed cell: the general way.
        for declined in ["csat 11", "csat 9.5", "date 29/02/2025", "signed yes", "id '=SUM(A1)", "signed \u{212A}", "roles assessor;bogus", "kind \u{FEFF}7", "count 1000000000000000"] {
            let isTaken = taken.contains(declined)
            #expect(!isTaken, "\(declined.debugDescription) was taken by the byte way")
        }
    }

    @Test func aFixedSourceOrAnEnumerationWithNonASCIIWordsGoesTheGeneralWay() throws {
        let text = Self.mapping.replacingOccurrences(of: "csat = \"C\"", with: "csat = fixed \"3\"") + "value kind \"Témoin\" = witness_testimony\n"
        let mapping = try ImportMapping.parse(SourceFile(path: "m", text: text)).get()
        let plan = try ImportPlan.compile(mapping, schema: Self.schema).get()
        let index = { (path: String) in mapping.entries.firstIndex { $0.path.description == path }! }
        #expect(!plan.cells.takes(index("csat")))
        #expect(!plan.cells.takes(index("kind")))
        #expect(plan.cells.takes(index("role")))
        #expect(plan.cells.sources[index("csat")] == -1)
        #expect(plan.cells.sources[index("role")] == 1)
    }
}
