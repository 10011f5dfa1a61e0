import Foundation
import MarkCore
import Testing

@testable import MarkLSP

/// Completion of fields, enum values, grades, types and names, and the edits: formatting and
/// the "did you mean" quick fixes.
@Suite struct CompletionTests {
    static let unit = Harness.uri("unit.rules")

    /// The labels offered at the end of `insert`, written in place of `marker` in the fixture.
    static func labels(replacing marker: String, with insert: String) -> [String] {
        let h = Harness()
        h.start()
        let text = Harness.fixture("unit.rules").replacingOccurrences(of: marker, with: insert)
        h.open(unit, text)
        let (line, character) = Harness.position(of: insert, in: text, offset: insert.utf16.count)
        let result = h.request("textDocument/completion", Harness.at(unit, line, character))["result"]
        return result?["items"]?.elements.compactMap { $0["label"]?.string } ?? []
    }

    @Test func fieldsOfAnItem() {
        #expect(Self.labels(replacing: "i.kind = \"observation\"", with: "i.") == ["id", "kind", "date", "verified_by", "reflection"])
    }

    @Test func fieldsOfARecordAndTheSubmission() {
        #expect(Self.labels(replacing: "i.kind = \"observation\"", with: "i.verified_by.s") == ["role", "signed"])
        #expect(Self.labels(replacing: "i.kind = \"observation\"", with: "submission.") == ["learner", "unit", "started", "submitted", "assessor"])
    }

    @Test func enumValuesInsideTheQuotesOfAComparison() {
        #expect(Self.labels(replacing: "i.kind = \"observation\"", with: "i.verified_by.role != \"") == ["assessor", "witness", "learner"])
        #expect(Self.labels(replacing: "i.kind = \"observation\"", with: "i.kind in [\"observation\", \"") == ["observation", "witness_testimony"])
    }

    @Test func gradesInsideRequiredFor() {
        #expect(Self.labels(replacing: "required for \"Pass\"", with: "required for \"") == ["Fail", "Pass"])
    }

    @Test func namesAndKeywordsElsewhere() {
        let labels = Self.labels(replacing: "met when occasions >= minimum", with: "met when ")
        for expected in ["minimum", "verified", "observed", "count", "week_of", "items", "is missing", "otherwise"] {
            #expect(labels.contains(expected), "\(expected)")
        }
        #expect(Self.labels(replacing: "define minimum = 2", with: "de") == ["ruleset", "library", "import", "evidence", "define", "point", "grading"])
    }

    @Test func formattingGivesMarkFmtsLayout() {
        let h = Harness()
        h.start()
        let messy = Harness.fixture("unit.rules").replacingOccurrences(of: "define minimum = 2", with: "define   minimum=2   ")
        h.open(Self.unit, messy)
        let params = JSONValue.object(["textDocument": .object(["uri": .string(Self.unit)]), "options": .object(["tabSize": .int(2), "insertSpaces": .bool(true)])])
        let edits = h.request("textDocument/formatting", params)["result"]?.elements ?? []
        #expect(edits.count == 1)
        #expect(edits.first?["newText"]?.string == Harness.fixture("unit.rules"))
        #expect(edits.first?["range"]?["start"] == .object(["line": .int(0), "character": .int(0)]))
        h.change(Self.unit, Harness.fixture("unit.rules"), version: 2)
        #expect(h.request("textDocument/formatting", params)["result"] == .array([]))
        // A file that does not parse is left alone.
        h.change(Self.unit, "ruleset \"x\" {", version: 3)
        #expect(h.request("textDocument/formatting", params)["result"] == .array([]))
    }

    @Test func quickFixesApplyTheSuggestion() {
        let h = Harness()
        h.start()
        let text = Harness.fixture("unit.rules")
            .replacingOccurrences(of: "verified(i)", with: "verifed(i)")
            .replacingOccurrences(of: "required for \"Pass\"", with: "required for \"Pas\"")
        h.open(Self.unit, text)
        let whole = JSONValue.object([
            "textDocument": .object(["uri": .string(Self.unit)]),
            "range": .object(["start": .object(["line": .int(0), "character": .int(0)]), "end": .object(["line": .int(99), "character": .int(0)])]),
            "context": .object(["diagnostics": .array([])]),
        ])
        let actions = h.request("textDocument/codeAction", whole)["result"]?.elements ?? []
        #expect(actions.map { $0["title"]?.string ?? "" } == ["Change to 'Pass'", "Change to 'verified'"])
        let edits = actions.compactMap { $0["edit"]?["changes"]?[Self.unit]?.elements.first }
        #expect(edits.map { $0["newText"]?.string ?? "" } == ["\"Pass\"", "verified"])
        let (line, character) = Harness.position(of: "verifed", in: text)
        #expect(edits.last?["range"] == .object([
            "start": .object(["line": .int(line), "character": .int(character)]),
            "end": .object(["line": .int(line), "character": .int(character + 7)]),
        ]))
        #expect(actions.first?["kind"] == .string("quickfix"))
        #expect(actions.first?["diagnostics"]?.elements.first?["code"] == .string("unknown-grade"))
    }
}
