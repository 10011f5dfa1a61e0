import Testing

@testable import MarkCore

/// The evidence reader: every problem names the JSON path, line and column, and says what was
/// expected; nothing is marked from a submission that fails.
@Suite struct EvidenceReaderTests {
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

    func problems(_ json: String) -> [String] {
        let source = SourceFile(path: "s.json", text: json)
        switch EvidenceReader.open(source).flatMap({ EvidenceReader.submission($0, schema: ruleset.schema) }) {
        case .success: return []
        case .failure(let list):
            return list.items.map { d in
                let loc = source.location(of: d.range.lowerBound)
                return "\(loc.line):\(loc.column): \(d.message)"
            }
        }
    }

    @Test func validSubmissionReads() {
        #expect(problems(Fixtures.submissionJSON([Fixtures.item("E1")])) == [])
    }

    @Test func wrongTypeNamesPathLineAndColumn() {
        let json = Fixtures.submissionJSON([Fixtures.item("E1", extra: "\"score\": \"high\"")])
        let p = problems(json)
        #expect(p.count == 1)
        #expect(p.first?.hasSuffix("$.items[0].score: expected a number, found \"high\"") == true)
        #expect(p.first?.hasPrefix("3:") == true, "\(p)")
    }

    @Test func unparseableDateAndUnknownKindAndMisspeltField() {
        let json = Fixtures.submissionJSON([
            Fixtures.item("E1", kind: "observaton"),
            Fixtures.item("E2", date: "2025-02-30"),
            Fixtures.item("E3", extra: "\"scroe\": 3"),
        ])
        let p = problems(json).joined(separator: "\n")
        #expect(p.contains("$.items[0].kind: unknown item kind \"observaton\" (expected one of observation, witness_testimony, reflective_account); did you mean 'observation'?"))
        #expect(p.contains("$.items[1].date: \"2025-02-30\" is not a real date"))
        #expect(p.contains("$.items[2]: unknown field \"scroe\"; did you mean 'score'?"))
    }

    @Test func impossibleDatesAreNotRealButMalformedOnesAreNotDates() {
        let json = Fixtures.submissionJSON([
            Fixtures.item("E1", date: "2025-02-29"),
            Fixtures.item("E2", date: "2025-2-3"),
            Fixtures.item("E3", date: "2025-13-01"),
            Fixtures.item("E4", date: "2024-02-29"),
        ])
        let p = problems(json).map { $0.split(separator: " ", maxSplits: 1).last.map(String.init) ?? $0 }
        #expect(
            p == [
                "$.items[0].date: \"2025-02-29\" is not a real date",
                "$.items[1].date: expected a date as \"YYYY-MM-DD\", found \"2025-2-3\"",
                "$.items[2].date: \"2025-13-01\" is not a real date",
            ], "\(p)")
    }

    @Test func missingRequiredFieldAndDuplicateIDs() {
        let json = Fixtures.submissionJSON([
            "{\"id\": \"E1\", \"kind\": \"observation\", \"date\": \"2025-03-01\"}",
            Fixtures.item("E2"), Fixtures.item("E2"),
        ])
        let p = problems(json).joined(separator: "\n")
        #expect(p.contains("$.items[0]: missing required field \"verified_by\" (verification)"))
        #expect(p.contains("$.items[2].id: item id \"E2\" is already used by $.items[1]"))
    }

    /// A repeated id names the latest earlier item with it, whether the submission has a few
    /// items (ids searched) or many (ids in a dictionary).
    @Test func aRepeatedIDNamesTheLatestEarlierItem() {
        for filler in [0, 40] {
            let others = (0..<filler).map { Fixtures.item("F\($0)") }
            let json = Fixtures.submissionJSON([Fixtures.item("E1"), Fixtures.item("E1")] + others + [Fixtures.item("E1")])
            let p = problems(json).map { $0.split(separator: " ", maxSplits: 1).last.map(String.init) ?? $0 }
            #expect(
                p == [
                    "$.items[1].id: item id \"E1\" is already used by $.items[0]",
                    "$.items[\(filler + 2)].id: item id \"E1\" is already used by $.items[1]",
                ], "\(filler) other items: \(p)")
        }
    }

    @Test func envelopeProblems() {
        #expect(problems("[]").first?.contains("$: expected an object") == true)
        let noFormat = problems("{\"learner\": {\"id\": \"L\"}, \"unit\": \"T-1\", \"started\": \"2025-01-01\", \"submitted\": \"2025-02-01\", \"assessor\": \"A\", \"items\": []}")
        #expect(noFormat.first?.contains("missing \"format\"") == true)
        let badOrder = Fixtures.submissionJSON([], started: "2025-06-01", submitted: "2025-05-01")
        #expect(problems(badOrder).first?.contains("is before the start date") == true)
        let future = problems(Fixtures.submissionJSON([]).replacingOccurrences(of: "evidence/1", with: "evidence/9"))
        #expect(future.first?.contains("expected \"evidence/1\"") == true)
    }

    /// The envelope's optional `centre` and `group` reach the submission; anything but text is
    /// located; the item kinds become the submission's methods, sorted and distinct.
    @Test func centreGroupAndMethods() throws {
        let json = Fixtures.submissionJSON([Fixtures.item("E1", kind: "witness_testimony"), Fixtures.item("E2"), Fixtures.item("E3")])
            .replacingOccurrences(of: "\"items\"", with: "\"centre\": \"C-1\", \"group\": \"G-A\", \"items\"")
        let doc = try EvidenceReader.open(SourceFile(path: "s.json", text: json)).get()
        let s = try EvidenceReader.submission(doc, schema: ruleset.schema).get()
        #expect(s.centre == "C-1" && s.group == "G-A")
        #expect(s.methods == ["observation", "witness_testimony"])
        let plain = try EvidenceReader.submission(try EvidenceReader.open(SourceFile(path: "s.json", text: Fixtures.submissionJSON([]))).get(), schema: ruleset.schema).get()
        #expect(plain.centre == nil && plain.group == nil && plain.methods.isEmpty)
        let bad = problems(json.replacingOccurrences(of: "\"C-1\"", with: "7"))
        #expect(bad.count == 1 && bad[0].contains("$.centre: expected text"), "\(bad)")
    }

    @Test func escapedNulInTextIsRejected() {
        let json = Fixtures.submissionJSON([Fixtures.item("E1", extra: "\"notes\": \"a\\u0000b\"")])
        #expect(problems(json).first?.contains("$.items[0].notes: text contains a NUL character") == true)
    }

    @Test func malformedJSONIsLocated() {
        let p = problems("{\"format\": \"evidence/1\",\n \"items\": [1, 2,]}")
        #expect(p.count == 1)
        #expect(p.first?.hasPrefix("2:") == true, "\(p)")
        #expect(p.first?.contains("invalid JSON") == true)
    }

    @Test func deepNestingAndHugeNumbersAreErrors() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(problems(deep).first?.contains("nested too deeply") == true)
        let huge = Fixtures.submissionJSON([Fixtures.item("E1", extra: "\"score\": 1e400")])
        #expect(problems(huge).first?.contains("too large") == true, "\(problems(huge))")
    }

    @Test func nullForOptionalAndAbsentListsAreFine() {
        let json = Fixtures.submissionJSON([Fixtures.item("E1", extra: "\"score\": null, \"notes\": null")])
        #expect(problems(json) == [])
    }

    @Test func truncatedFileIsAnError() {
        let full = Fixtures.submissionJSON([Fixtures.item("E1")])
        for cut in stride(from: 1, to: full.utf8.count - 1, by: 37) {
            let truncated = String(decoding: Array(full.utf8).prefix(cut), as: UTF8.self)
            #expect(!problems(truncated).isEmpty, "cut at \(cut)")
        }
    }
}
