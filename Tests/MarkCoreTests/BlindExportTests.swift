import Testing

@testable import MarkCore

/// The blind export: evidence without grades, names or (on request) real ids; the key; reading back.
@Suite struct BlindExportTests {
    static let evidence = #"{"format":"evidence/1","learner":{"id":"L-1","name":"Ann Example"},"unit":"U","started":"2025-09-01","submitted":"2026-01-01","assessor":"A-1","items":[{"id":"E1","kind":"observation","score":2.5,"n":3,"ok":true,"note":null}]}"#

    func selection() -> Sampler.Selection {
        var record = ModerationSamplingTests.record("L-1", assessor: "A-1", total: 22)
        record.path = "s/L-1.json"
        return Sampler.draw([record], plan: SamplePlan(), scales: GradeScales(results: [record]))
    }

    @Test func evidenceWithoutNameAndTheSheet() throws {
        let export = BlindExport.export(selection(), masking: .none) { _ in .success(Array(Self.evidence.utf8)) }
        #expect(export.diagnostics.isEmpty && export.key == nil)
        #expect(export.files.map(\.name) == ["L-1-U.json", "decisions.csv"])
        let text = export.files[0].text
        #expect(text == #"{"format":"evidence/1","learner":{"id":"L-1"},"unit":"U","started":"2025-09-01","submitted":"2026-01-01","assessor":"A-1","items":[{"id":"E1","kind":"observation","score":2.5,"n":3,"ok":true,"note":null}]}"# + "\n")
        #expect(export.files[1].text == "learner,unit,rater,grade,marks\r\nL-1,U,,,\r\n")
    }

    @Test func pseudonymisedExportHasAKeyThatReadsBack() throws {
        let masking = LearnerMasking(pseudonymiser: Pseudonymiser(key: Array("k".utf8)))
        let export = BlindExport.export(selection(), masking: masking) { _ in .success(Array(Self.evidence.utf8)) }
        let pseudonym = masking.learner("L-1")
        #expect(export.files[0].name == pseudonym + "-U.json")
        #expect(!export.files.contains { $0.text.contains("L-1") || $0.text.contains("A-1") || $0.text.contains("Ann") })
        let keyText = try #require(export.key)
        let key = try BlindExport.readKey(SourceFile(path: "key.csv", text: keyText)).get()
        #expect(key == [pseudonym: "L-1"])
        let sheet = try DecisionSheet.read(SourceFile(path: "d.csv", text: "learner,grade\n\(pseudonym),Pass\nL-9,Pass\n")).get()
        #expect(sheet.readingPseudonyms(key).decisions.map(\.learner) == ["L-1", "L-9"])
    }

    @Test func unreadableOrInvalidSubmissionsAreErrors() {
        let bad = BlindExport.export(selection(), masking: .none) { _ in .success(Array("{nope".utf8)) }
        #expect(bad.diagnostics.first?.message.hasPrefix("the submission is not valid JSON") == true)
        #expect(BlindExport.fileName("../x y", "U/1") == "__x_y-U_1.json")
    }
}
