import Testing

@testable import MarkCore

/// The mapping file's lines and how cells become typed values: dates in ISO, UK and xAPI form,
/// yes/no words, numbers on a scale, enumeration values translated or matched loosely.
@Suite struct ImportMappingTests {
    static let schema = EvidenceSchema(
        kinds: ["observation", "witness_testimony"],
        enumerations: ["kind": ["observation", "witness_testimony"], "role": ["assessor", "witness"]],
        records: [
            "item": RecordSchema(name: "item", fields: [
                FieldSchema(name: "id", type: .text), FieldSchema(name: "kind", type: .enumeration("kind")), FieldSchema(name: "date", type: .date),
                FieldSchema(name: "signed", type: .boolean), FieldSchema(name: "csat", type: .optional(.number), scale: 0...10),
                FieldSchema(name: "role", type: .enumeration("role")),
            ])
        ])

    static func plan(_ text: String) throws -> ImportPlan {
        let mapping = try ImportMapping.parse(SourceFile(path: "m", text: text)).get()
        return try ImportPlan.compile(mapping, schema: schema).get()
    }

    static let lines = """
        learner.id = "L"
        unit = fixed "U"
        started = "S"
        submitted = "T"
        assessor = "A"
        id = "I"   # the item's reference
        kind = "K" "Method"
        date = "D"
        signed = "Signed"
        csat = "C"
        role = "R"
        yes "Ja" "Y"
        no "Nein"
        value role "Employer" = witness

        """

    func converted(_ plan: ImportPlan, _ path: String, _ text: String) -> String {
        let e = plan.mapping.entries.firstIndex { $0.path.description == path }!
        switch plan.convert(text, entry: e, list: false) {
        case .success(.text(let s)): return s
        case .success(.number(let n)): return JSONWriter.format(n)
        case .success(.boolean(let b)): return b ? "true" : "false"
        case .success(.date(let d)): return d.description
        case .failure(let m): return "error: " + m.text
        }
    }

    @Test func cellsBecomeTypedValues() throws {
        let plan = try Self.plan(Self.lines)
        #expect(converted(plan, "date", "08/10/2025") == "2025-10-08")
        #expect(converted(plan, "date", "8/1/2026") == "2026-01-08")
        #expect(converted(plan, "date", " 2025-10-08 ") == "2025-10-08")
        #expect(converted(plan, "date", "2025-10-08T23:30:00-05:00") == "2025-10-08")
        #expect(converted(plan, "date", "29/02/2025") == "error: \"29/02/2025\" is not a real date")
        #expect(converted(plan, "date", "10/08") == "error: expected a date as YYYY-MM-DD or DD/MM/YYYY, found \"10/08\"")
        #expect(converted(plan, "signed", "ja") == "true")
        #expect(converted(plan, "signed", "NEIN") == "false")
        #expect(converted(plan, "signed", "yes") == "error: expected ja or nein, found \"yes\"")
        #expect(converted(plan, "csat", "9.5") == "9.5")
        #expect(converted(plan, "csat", "11") == "error: expected a number from 0 to 10, found \"11\"")
        #expect(converted(plan, "csat", "1e1") == "error: expected a number, found \"1e1\"")
        #expect(converted(plan, "kind", "Witness Testimony") == "witness_testimony")
        #expect(converted(plan, "role", "employer") == "witness")
        #expect(converted(plan, "role", "assesor").hasSuffix("did you mean 'assessor'?"))
        #expect(plan.mapping.entries.first { $0.path.description == "kind" }?.sources.map(\.source) == [.named("K"), .named("Method")])
        #expect(plan.mapping.entries.first { $0.path.description == "unit" }?.sources.map(\.source) == [.fixed("U")])
    }

    @Test func mistakesAreLocated() throws {
        func problems(_ text: String) -> [String] {
            let source = SourceFile(path: "m", text: text)
            switch ImportMapping.parse(source) {
            case .failure(let list): return list.items.map { "\(source.location(of: $0.range.lowerBound).line): \($0.message)" }
            case .success(let mapping):
                guard case .failure(let list) = ImportPlan.compile(mapping, schema: Self.schema) else { return [] }
                return list.items.map { "\(source.location(of: $0.range.lowerBound).line): \($0.message)" }
            }
        }
        #expect(problems(Self.lines + "needs[0] = \"N\"\n") == ["15: 'needs[0]' is not a field path; write fields with dots and list positions from 1 in brackets, such as needs[1].description"])
        #expect(problems(Self.lines + "kind.x = \"N\"\n") == ["15: kind is a value of type kind: it has no fields"])
        #expect(problems(Self.lines + "date[2] = \"N\"\n") == ["15: date is a value of type date, not a list"])
        #expect(problems(Self.lines + "csat = fixed \"lots\"\n").first == "15: csat is mapped twice")
        #expect(problems(Self.lines.replacingOccurrences(of: "csat = \"C\"", with: "csat = fixed \"lots\"")) == ["10: fixed csat: expected a number, found \"lots\""])
        #expect(problems(Self.lines + "value role \"Boss\" = manager\n") == ["15: 'manager' is not a value of 'role' (expected one of assessor, witness)"])
        #expect(problems(Self.lines + "yes \"Nein\"\n") == ["1: \"nein\" cannot mean both yes and no"])
        #expect(problems(Self.lines + "situation = \"S\n") == ["15: this text is never closed: add the closing '\"' (a quote inside is written twice: \"\")"])
        #expect(problems(Self.lines.replacingOccurrences(of: "date = \"D\"\n", with: "")) == ["1: the mapping has no line for date, which every evidence item needs (date = \"Column\")"])
        #expect(problems(Self.lines + "mapping \"x\"\n") == ["15: expected a field line (situation = \"Description\"), list separator, yes, no or value"])
    }
}
