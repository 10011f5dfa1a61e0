import Testing

@testable import MarkCore

/// Phrases match real text: across any run of Unicode white space, at word boundaries that
/// know non-ASCII punctuation; `words()` splits on Unicode white space.
@Suite struct PhraseMatchingTests {
    @Test(arguments: [
        "They promised repeat business.",
        "They promised repeat\nbusiness.",
        "They promised repeat\r\nbusiness.",
        "They promised repeat  business.",
        "They promised repeat\tbusiness.",
        "They promised repeat\u{A0}business.",
        "They promised repeat\u{2009}\u{A0} business.",
        "They promised repeat\u{3000}business.",
        "They promised “Repeat Business”.",
        "repeat business",
        "—repeat business—",
    ])
    func phraseMatchesAcrossAnyWhiteSpace(_ text: String) {
        #expect(PhraseMatcher.contains(text, phrase: "repeat business"))
    }

    @Test(arguments: [
        "They promised repeatbusiness.",
        "They promised repeat-business.",
        "They promised repeat businesses.",
        "They promised unrepeat business.",
        "They promised repeat\u{200B}business.",  // a zero-width space is not white space
        "They promised repeat",
    ])
    func phraseNeedsTheWholeWords(_ text: String) {
        #expect(!PhraseMatcher.contains(text, phrase: "repeat business"))
    }

    @Test func whiteSpaceInThePhraseIsAnyRun() {
        #expect(PhraseMatcher.contains("repeat business", phrase: "repeat   business"))
        #expect(PhraseMatcher.contains("repeat business", phrase: " repeat\nbusiness "))
        #expect(PhraseMatcher.contains("anything", phrase: "  "))
        // Non-ASCII phrases fold case with Unicode rules and still match across white space.
        #expect(PhraseMatcher.contains("Der Kunde war ÜBERAUS\nzufrieden", phrase: "überaus zufrieden"))
        #expect(!PhraseMatcher.contains("überauszufrieden", phrase: "überaus zufrieden"))
    }

    @Test func accentedLettersAreWordCharacters() {
        #expect(!PhraseMatcher.contains("café", phrase: "caf"))
        #expect(PhraseMatcher.contains("un café, merci", phrase: "café"))
    }

    @Test func wordsSplitOnUnicodeWhiteSpace() {
        #expect(PhraseMatcher.words("one two") == 2)
        #expect(PhraseMatcher.words("one\u{A0}two\u{2003}three\u{3000}four") == 4)
        #expect(PhraseMatcher.words("  one \n\n two\r\n") == 2)
        #expect(PhraseMatcher.words("") == 0)
        #expect(PhraseMatcher.words("\u{A0}\u{2028}") == 0)
        #expect(PhraseMatcher.words("naïve café") == 2)
    }

    @Test func mentionsInRulesUsesTheSameMatching() throws {
        let r = Fixtures.ruleset("point p \"P\" {\n  marks 1\n  met when any(i in items where (i.notes otherwise \"\") mentions \"repeat business\" and words(i.notes otherwise \"\") = 4)\n}\n" + EvaluatorTests.twoGrades)
        let result = try Fixtures.mark(r, Fixtures.submissionJSON([Fixtures.item("E1", extra: "\"notes\": \"Won repeat\\nbusiness\\u00a0today\"")]))
        #expect(result.points[0].verdict == .met)
    }
}
