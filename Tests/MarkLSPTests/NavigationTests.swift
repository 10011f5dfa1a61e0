import Foundation
import MarkCore
import Testing

@testable import MarkLSP

/// Hover, go to definition, references across imports, and the outline.
@Suite struct NavigationTests {
    static let unit = Harness.uri("unit.rules")
    static let common = Harness.uri("common.rules")
    static let unitText = Harness.fixture("unit.rules")
    static let commonText = Harness.fixture("common.rules")

    static func started() -> Harness {
        let h = Harness()
        h.start()
        h.open(unit, unitText)
        return h
    }

    static func hover(_ h: Harness, _ needle: String, in uri: String = unit, text: String = unitText, occurrence: Int = 1) -> String? {
        let (line, character) = Harness.position(of: needle, in: text, occurrence: occurrence)
        return h.request("textDocument/hover", Harness.at(uri, line, character + 1))["result"]?["contents"]?["value"]?.string
    }

    @Test func hoverShowsAPointsWordingAndMarks() {
        let h = Self.started()
        let text = Self.hover(h, "observed is met")
        #expect(text == "**point** `observed`\n\nShow the skill on two occasions.\n\nmarks 2 · required for \"Pass\"")
    }

    @Test func hoverShowsADefinitionWithItsComment() {
        let h = Self.started()
        #expect(Self.hover(h, "verified(i)") == """
            ```mark-rules
            define verified(i: item) = i.verified_by.signed and i.verified_by.role != "learner"
            ```

            Signed by someone other than the learner.
            """)
        #expect(Self.hover(h, "minimum", occurrence: 2) == "```mark-rules\ndefine minimum = 2\n```")
    }

    @Test func hoverShowsAFieldsTypeAndComment() {
        let h = Self.started()
        h.open(Self.common, Self.commonText)
        let signed = Self.hover(h, "signed and", in: Self.common, text: Self.commonText)
        #expect(signed == "```mark-rules\nsigned: boolean\n```\na field of record `verification`\n\nwhether the verifier signed it")
        let verifiedBy = Self.hover(h, "verified_by.signed", in: Self.common, text: Self.commonText)
        #expect(verifiedBy == "```mark-rules\nverified_by: verification\n```\na field of every evidence item\n\nWho verified the item.")
        #expect(Self.hover(h, "kind =") == "```mark-rules\nkind: kind\n```\nEvery evidence item has it.")
        #expect(Self.hover(h, "occasions >=")?.hasPrefix("```mark-rules\nlet occasions = count(") == true)
        #expect(Self.hover(h, "\"Pass\" when")?.contains("grade \"Pass\" when observed is met") == true)
        // Nothing to say about a keyword or a number.
        #expect(Self.hover(h, "marks 2") == nil)
    }

    @Test func definitionAcrossAnImport() {
        let h = Self.started()
        let (line, character) = Harness.position(of: "verified(i)", in: Self.unitText)
        let found = h.request("textDocument/definition", Harness.at(Self.unit, line, character))["result"]?.elements ?? []
        let (declLine, declCharacter) = Harness.position(of: "verified(i: item)", in: Self.commonText)
        #expect(found == [.object([
            "uri": .string(Self.common),
            "range": .object([
                "start": .object(["line": .int(declLine), "character": .int(declCharacter)]),
                "end": .object(["line": .int(declLine), "character": .int(declCharacter + 8)]),
            ]),
        ])])
        let (importLine, importCharacter) = Harness.position(of: "common.rules", in: Self.unitText)
        let file = h.request("textDocument/definition", Harness.at(Self.unit, importLine, importCharacter + 2))["result"]?.elements ?? []
        #expect(file.first?["uri"] == .string(Self.common))
        let (gradeLine, gradeCharacter) = Harness.position(of: "observed is met", in: Self.unitText)
        let point = h.request("textDocument/definition", Harness.at(Self.unit, gradeLine, gradeCharacter))["result"]?.elements ?? []
        #expect(point.first?["range"]?["start"]?["line"] == .int(Harness.position(of: "point observed", in: Self.unitText).0))
    }

    @Test func referencesFromALibraryReachTheRulesetsThatImportIt() {
        let h = Harness()
        h.start()
        h.open(Self.common, Self.commonText)
        let (line, character) = Harness.position(of: "verified(i: item)", in: Self.commonText)
        let params = JSONValue.object([
            "textDocument": .object(["uri": .string(Self.common)]),
            "position": .object(["line": .int(line), "character": .int(character + 2)]),
            "context": .object(["includeDeclaration": .bool(true)]),
        ])
        let found = h.request("textDocument/references", params)["result"]?.elements ?? []
        #expect(found.map { $0["uri"]?.string ?? "" } == [Self.common, Self.unit])
        #expect(found.last?["range"]?["start"]?["line"] == .int(Harness.position(of: "verified(i)", in: Self.unitText).0))
        // Without the declaration, only the use.
        guard case .object(var members) = params else { return }
        members[2] = JSONValue.Member("context", .object(["includeDeclaration": .bool(false)]))
        #expect(h.request("textDocument/references", .object(members))["result"]?.elements.count == 1)
    }

    @Test func referencesOfALocalStayInItsScope() {
        let h = Self.started()
        let (line, character) = Harness.position(of: "occasions =", in: Self.unitText)
        let found = h.request("textDocument/references", .object([
            "textDocument": .object(["uri": .string(Self.unit)]),
            "position": .object(["line": .int(line), "character": .int(character)]),
            "context": .object(["includeDeclaration": .bool(true)]),
        ]))["result"]?.elements ?? []
        // The let, its use in `met when`, and the {occasions} placeholder of the feedback.
        #expect(found.count == 3)
        let lines = found.compactMap { $0["range"]?["start"]?["line"]?.int }
        #expect(lines == [line, Harness.position(of: "occasions >=", in: Self.unitText).0, Harness.position(of: "{occasions}", in: Self.unitText).0])
    }

    @Test func theOutlineListsDeclarations() {
        let h = Self.started()
        let symbols = h.request("textDocument/documentSymbol", .object(["textDocument": .object(["uri": .string(Self.unit)])]))["result"]?.elements ?? []
        #expect(symbols.map { $0["name"]?.string ?? "" } == ["unit", "common.rules", "minimum", "observed", "grading"])
        #expect(symbols.map { $0["kind"]?.int ?? 0 } == [2, 1, 14, 6, 3])
        #expect(symbols[3]["detail"] == .string("Show the skill on two occasions."))
        #expect(symbols[4]["children"]?.elements.map { $0["name"]?.string ?? "" } == ["Fail", "Pass"])
        h.open(Self.common, Self.commonText)
        let library = h.request("textDocument/documentSymbol", .object(["textDocument": .object(["uri": .string(Self.common)])]))["result"]?.elements ?? []
        let evidence = library.first { $0["name"] == .string("evidence") }
        #expect(evidence?["children"]?.elements.map { $0["name"]?.string ?? "" } == ["kinds", "role", "verification", "item"])
        let tests = Harness.uri("unit.tests")
        h.open(tests, Harness.fixture("unit.tests"), language: "mark-tests")
        let cases = h.request("textDocument/documentSymbol", .object(["textDocument": .object(["uri": .string(tests)])]))["result"]?.elements ?? []
        #expect(cases.map { $0["name"]?.string ?? "" } == ["two observations"])
    }
}
