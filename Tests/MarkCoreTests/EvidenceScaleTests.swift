import Testing

@testable import MarkCore

/// Number fields declared with a scale (`from 0 to 10`) reject values outside it when a
/// submission is read, with the JSON path.
@Suite struct EvidenceScaleTests {
    static let body = """
        define rated(i: item) = (i.score otherwise 0) >= 8
        point p "P" {
          marks 1
          met when any(i in items where rated(i))
        }

        grading {
          grades "Fail", "Pass"
          grade "Pass" when total >= 1
        }
        """

    static func rules(_ scale: String) -> String {
        Fixtures.header() + Fixtures.evidence.replacingOccurrences(of: "score: optional number", with: "score: optional number \(scale)")
            .replacingOccurrences(of: "tags: list of text", with: "tags: list of text\n    ratings: list of number \(scale)") + body
    }

    static func ruleset(_ scale: String = "from 0 to 10") -> Ruleset {
        let outcome = Checker.check(source: SourceFile(path: "test.rules", text: rules(scale)))
        return outcome.ruleset!
    }

    func problems(_ items: [String], _ r: Ruleset = EvidenceScaleTests.ruleset()) -> [String] {
        let source = SourceFile(path: "s.json", text: Fixtures.submissionJSON(items))
        switch EvidenceReader.open(source).flatMap({ EvidenceReader.submission($0, plan: EvidencePlan(for: r)) }) {
        case .success: return []
        case .failure(let list): return list.items.map(\.message)
        }
    }

    @Test func valuesOnTheScaleAreRead() {
        for v in ["0", "10", "7.5", "1e1", "-0"] {
            #expect(problems([Fixtures.item("E1", extra: "\"score\": \(v)")]) == [], "\(v)")
        }
        #expect(problems([Fixtures.item("E1", extra: "\"score\": null")]) == [])
    }

    @Test func valuesOffTheScaleAreLocatedErrors() {
        #expect(problems([Fixtures.item("E1", extra: "\"score\": -1")]) == ["$.items[0].score: expected a number from 0 to 10, found -1"])
        #expect(problems([Fixtures.item("E1"), Fixtures.item("E2", extra: "\"score\": 11")]) == ["$.items[1].score: expected a number from 0 to 10, found 11"])
        #expect(problems([Fixtures.item("E1", extra: "\"score\": 1e20")]) == ["$.items[0].score: expected a number from 0 to 10, found 1e20"])
        #expect(problems([Fixtures.item("E1", extra: "\"score\": 10.01")]) == ["$.items[0].score: expected a number from 0 to 10, found 10.01"])
    }

    @Test func everyElementOfAListIsOnTheScale() {
        #expect(problems([Fixtures.item("E1", extra: "\"ratings\": [3, 12, 4]")]) == ["$.items[0].ratings[1]: expected a number from 0 to 10, found 12"])
    }

    @Test func negativeAndFractionalScales() {
        let r = Self.ruleset("from -100 to 100")
        #expect(problems([Fixtures.item("E1", extra: "\"score\": -100")], r) == [])
        #expect(problems([Fixtures.item("E1", extra: "\"score\": -101")], r) == ["$.items[0].score: expected a number from -100 to 100, found -101"])
        let half = Self.ruleset("from 0.5 to 1.5")
        #expect(problems([Fixtures.item("E1", extra: "\"score\": 0.25")], half) == ["$.items[0].score: expected a number from 0.5 to 1.5, found 0.25"])
    }

    @Test func scaleMistakesAreCheckErrors() {
        func errors(_ text: String) -> [String] {
            Checker.check(source: SourceFile(path: "test.rules", text: text)).diagnostics.filter { $0.severity == .error }.map(\.message)
        }
        let onText = Fixtures.header() + Fixtures.evidence.replacingOccurrences(of: "notes: optional text", with: "notes: optional text from 0 to 10") + Self.body
        #expect(errors(onText) == ["only a number field can have a scale ('from … to …'); this field is optional text"])
        #expect(errors(Self.rules("from 10 to 0")).contains("a scale runs from its lowest to its highest value: 'from 10 to 0' is empty"))
        let onParameter = Self.rules("from 0 to 10").replacingOccurrences(of: "define rated(i: item)", with: "define rated(i: item from 0 to 1)")
        #expect(errors(onParameter) == ["a scale ('from … to …') belongs on an evidence field, not a parameter"])
        let noTo = Self.rules("from 0 10")
        #expect(errors(noTo).first?.contains("expected 'to'") == true, "\(errors(noTo))")
    }

    @Test func formatterKeepsTheScale() throws {
        let text = Self.rules("from 0 to 10")
        let formatted = try #require(Formatter.format(SourceFile(path: "test.rules", text: text)))
        #expect(formatted.contains("score: optional number from 0 to 10\n"))
        #expect(formatted.contains("ratings: list of number from 0 to 10\n"))
    }
}
