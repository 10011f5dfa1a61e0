import Foundation
import MarkCore
import Testing

@testable import MarkLSP

/// Completion in a `.tests` file: the statements outside and inside a case, and the parts
/// of an `equivalent` statement in order.
@Suite struct TestsCompletionTests {
    static let uri = Harness.uri("unit.tests")

    /// The labels offered at the end of `typed`, added as a new last line of the fixture.
    static func labels(after typed: String) -> [String] {
        let h = Harness()
        h.start()
        let text = Harness.fixture("unit.tests") + "\n" + typed
        h.open(uri, text, language: "mark-tests")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let result = h.request("textDocument/completion", Harness.at(uri, lines.count - 1, lines.last!.utf16.count))["result"]
        return result?["items"]?.elements.compactMap { $0["label"]?.string } ?? []
    }

    @Test func outsideACaseTheTopLevelStatements() {
        #expect(Self.labels(after: "") == ["ruleset", "case", "equivalent"])
        #expect(Self.labels(after: "equ") == ["ruleset", "case", "equivalent"])
    }

    @Test func theEquivalentStatementPartByPart() {
        #expect(Self.labels(after: "equivalent \"a >= 2\" ") == ["to"])
        #expect(Self.labels(after: "equivalent \"a >= 2\" to \"a > 2\" ") == ["because"])
        #expect(Self.labels(after: "equivalent \"a >= 2\" to \"a > 2\" because \"no\" ") == [])
        // Inside the quotes, nothing: the text is the author's.
        #expect(Self.labels(after: "equivalent \"a >") == [])
    }

    @Test func insideACaseItsStatements() {
        #expect(Self.labels(after: "case \"new\" {\n  ") == ["submission", "change", "remove", "expect"])
    }

    /// After `expect` inside a case, what an expectation is about, `component` among them.
    @Test func afterExpectWhatAnExpectationIsAbout() {
        #expect(Self.labels(after: "case \"new\" {\n  expect ") == ["grade", "total", "component"])
        #expect(Self.labels(after: "case \"new\" {\n  expect comp") == ["grade", "total", "component"])
        // Outside a case `expect` is not a statement: nothing.
        #expect(Self.labels(after: "expect ") == [])
    }
}
