import Testing

@testable import MarkCore

/// The renderer escapes what it quotes, keeps every note's location and, under a redaction,
/// names learner inputs by label without quoting them.
@Suite struct DiagnosticRendererTests {
    let main = SourceFile(path: "a.rules", text: "library \"a\"\ndefine x = \"\u{1B}[2J\"\n")
    let other = SourceFile(path: "b.rules", text: "library \"b\"\ndefine x = 1\n")

    @Test func sourceLinesAndMessagesAreEscaped() {
        let d = Diagnostic(.error, id: "t", "bad text '\u{1B}[2J'\nerror: forged", path: "a.rules", range: 23..<27)
        let text = DiagnosticRenderer().render([d], sources: ["a.rules": main])
        #expect(
            text == """
                a.rules:2:12: error: bad text '\\u{1B}[2J'\\nerror: forged
                  |
                2 | define x = "\\u{1B}[2J"
                  |            ^~~~~~~~~

                """)
    }

    @Test func notesInAnotherFileKeepTheirLocation() {
        let note = Diagnostic.Note(message: "first defined here", path: "b.rules", range: 19..<20)
        let d = Diagnostic(.error, id: "t", "'x' is defined twice", path: "a.rules", range: 19..<20, notes: [note])
        let text = DiagnosticRenderer().render([d], sources: ["a.rules": main, "b.rules": other])
        #expect(
            text == """
                a.rules:2:8: error: 'x' is defined twice
                  |
                2 | define x = "\\u{1B}[2J"
                  |        ^
                b.rules:2:8: note: first defined here
                  |
                2 | define x = 1
                  |        ^

                """)
    }

    @Test func redactedInputsAreLabelledAndNotQuoted() {
        let sheet = SourceFile(path: "people/fatima.csv", text: "learner,grade\nL-2301 Fatima Begum,Meritt\n")
        let d = Diagnostic(.error, id: "t", "'Meritt' is not a grade for learner 'L-2301 Fatima Begum'", path: "people/fatima.csv", range: 34..<40)
        let rules = Diagnostic(.error, id: "t", "'x' is unused", path: "a.rules", range: 19..<20)
        let redaction = DiagnosticRedaction(
            label: { $0 == "people/fatima.csv" ? "input 2" : nil }, message: LearnerMasking.withholdingQuotes)
        let text = DiagnosticRenderer(redaction: redaction).render([d, rules], sources: ["people/fatima.csv": sheet, "a.rules": main])
        #expect(
            text == """
                input 2:2:21: error: '…' is not a grade for learner '…'
                a.rules:2:8: error: 'x' is unused
                  |
                2 | define x = "\\u{1B}[2J"
                  |        ^

                """)
    }

    @Test func quotesAreWithheldButApostrophesAreNot() {
        #expect(
            LearnerMasking.withholdingQuotes("the assessor's row for 'L-1' has \"Fatima\" and 'an unclosed")
                == "the assessor's row for '…' has \"…\" and '…")
    }
}
