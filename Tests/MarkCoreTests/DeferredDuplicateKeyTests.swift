import Testing

@testable import MarkCore

/// The marker reads evidence without the JSON reader's duplicate-key check and finds duplicate
/// keys as it matches keys to the declaration (see `EvidenceReader.open(_:deferringDuplicateKeys:)`):
/// every submission must fail or pass exactly as with the check, with the same first error.
@Suite struct DeferredDuplicateKeyTests {
    let ruleset = Fixtures.ruleset("""
        point p "P" {
          marks 1
          met when count(items) >= 1
        }

        grading {
          grades "Fail", "Pass"
          grade "Pass" when total >= 1
        }
        """)

    /// The messages the marker gives, and those of reading with the check from the start.
    func outcomes(_ json: String) -> (marker: [String], strict: [String]) {
        let source = SourceFile(path: "s.json", text: json)
        var marker = Marker(catalog: RulesetCatalog(rulesets: [ruleset], diagnostics: [], sources: [:]))
        let viaMarker: [String]
        switch marker.mark(source) {
        case .marked(let r): viaMarker = ["marked \(r.grade)"]
        case .failed(_, let diagnostics, _): viaMarker = diagnostics.map { "\($0.range.lowerBound): \($0.message)" }
        }
        let strict: [String]
        switch EvidenceReader.open(source) {
        case .failure(let list): strict = list.items.map { "\($0.range.lowerBound): \($0.message)" }
        case .success(let d):
            switch EvidenceReader.submission(d, schema: ruleset.schema) {
            case .failure(let list): strict = list.items.map { "\($0.range.lowerBound): \($0.message)" }
            case .success: strict = ["marked Pass"]
            }
        }
        return (viaMarker, strict)
    }

    @Test func duplicateKeyInAnItemIsReportedAsWithTheCheck() {
        let json = Fixtures.submissionJSON([Fixtures.item("E1", extra: #""score": 3, "score": 4"#)])
        let (marker, strict) = outcomes(json)
        #expect(marker == strict)
        #expect(marker.count == 1 && marker[0].contains("invalid JSON: duplicate key \"score\""), "\(marker)")
    }

    @Test func duplicateKeyInANestedRecordIsReported() {
        let item = #"{"id": "E1", "kind": "observation", "date": "2025-03-01", "verified_by": {"role": "assessor", "signed": true, "role": "witness"}}"#
        let (marker, strict) = outcomes(Fixtures.submissionJSON([item]))
        #expect(marker == strict)
        #expect(marker.first?.contains("duplicate key \"role\"") == true, "\(marker)")
    }

    @Test func duplicateKeyInTheEnvelopeAndTheLearnerIsReported() {
        let envelope = Fixtures.submissionJSON([Fixtures.item("E1")]).replacingOccurrences(of: #""assessor": "A-1","#, with: #""assessor": "A-1", "assessor": "A-2","#)
        let learner = Fixtures.submissionJSON([Fixtures.item("E1")]).replacingOccurrences(of: #""id": "L-1","#, with: #""id": "L-1", "id": "L-2","#)
        for json in [envelope, learner] {
            let (marker, strict) = outcomes(json)
            #expect(marker == strict)
            #expect(marker.first?.contains("invalid JSON: duplicate key") == true, "\(marker)")
        }
    }

    @Test func duplicateKeyBesideAnotherProblemIsReportedFirstAsWithTheCheck() {
        // An unknown field and a duplicate unknown key; a duplicate key with an unknown unit.
        let unknown = Fixtures.submissionJSON([Fixtures.item("E1", extra: #""scroe": 3, "scroe": 4"#)])
        let wrongUnit = Fixtures.submissionJSON([Fixtures.item("E1", extra: #""score": 3, "score": 4"#)], unit: "T-9")
        for json in [unknown, wrongUnit] {
            let (marker, strict) = outcomes(json)
            #expect(marker == strict)
            #expect(marker.first?.contains("duplicate key") == true, "\(marker)")
        }
    }

    @Test func submissionsWithoutDuplicatesMarkOrFailAsBefore() {
        let good = Fixtures.submissionJSON([Fixtures.item("E1", extra: #""score": 3"#)])
        let bad = Fixtures.submissionJSON([Fixtures.item("E1", extra: #""scroe": 3"#)])
        #expect(outcomes(good).marker == ["marked Pass"])
        #expect(outcomes(bad).marker == outcomes(bad).strict)
        #expect(outcomes(bad).marker.first?.contains("unknown field \"scroe\"") == true)
    }
}
