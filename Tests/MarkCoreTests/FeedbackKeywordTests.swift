import Foundation
import Testing

@testable import MarkCore

/// Feedback can quote the keywords a rule found, so an assessor can see, and overrule, a
/// keyword reading: a list of texts is written with each text quoted, an empty list as "none".
@Suite struct FeedbackKeywordTests {
    static let rules = """
        define loyalty_words = ["loyalty", "trust", "recommend"]
        define found = distinct(w for w in loyalty_words where any(i in items where (i.notes otherwise "") mentions w))
        point p "P" {
          marks 1
          met when count(found) >= 1
          feedback met "Your notes mention loyalty: {found}."
          feedback not met "Your notes mention loyalty: {found}."
        }

        grading {
          grades "Fail", "Pass"
          grade "Pass" when total >= 1
        }
        """

    func feedback(_ notes: String?) throws -> String {
        let items = [Fixtures.item("E1", extra: notes.map { "\"notes\": \"\($0)\"" } ?? "")]
        return try Fixtures.mark(Fixtures.ruleset(Self.rules), Fixtures.submissionJSON(items)).points[0].feedback
    }

    @Test func quotesTheWordsFoundInListOrder() throws {
        #expect(try feedback("I would recommend them; they earned my trust.") == "Your notes mention loyalty: 'trust', 'recommend'.")
        #expect(try feedback("Recommend.") == "Your notes mention loyalty: 'recommend'.")
    }

    @Test func anEmptyListIsNone() throws {
        #expect(try feedback("Nothing to say.") == "Your notes mention loyalty: none.")
        #expect(try feedback(nil) == "Your notes mention loyalty: none.")
    }

    @Test func numbersAndDatesInAListAreNotQuoted() {
        #expect(Value.list([.number(3), .text("a")]).rendered == "3, 'a'")
        #expect(Value.list([]).rendered == "none")
        #expect(Value.text("plain").rendered == "plain")
    }
}
