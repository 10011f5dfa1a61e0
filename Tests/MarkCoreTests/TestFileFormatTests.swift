import Foundation
import Testing

@testable import MarkCore

/// `mark fmt` on rule test files (`.tests`): the layout, comments kept, idempotence, `--check`.
@Suite struct TestFileFormatTests {
    static let messy = """
        # Tests for a unit.   
        ruleset   "unit.rules"
        case "one"   {


          submission "../Samples/a.json"   # the sample
        expect grade   "Pass"
              change "$.items[0]" to {
          "id": "X  Y",
                 "tags": ["a",   "b"]
        }

        }
        # The second case.
        case "two" from "one" {
          expect total 3
        }
        """

    static let formatted = """
        # Tests for a unit.
        ruleset "unit.rules"

        case "one" {
          submission "../Samples/a.json" # the sample
          expect grade "Pass"
          change "$.items[0]" to {
            "id": "X  Y",
            "tags": ["a", "b"]
          }
        }

        # The second case.
        case "two" from "one" {
          expect total 3
        }

        """

    @Test func theLayoutIsCanonicalAndKeepsCommentsAndStrings() {
        #expect(TestFileFormatter.format(Self.messy) == Self.formatted)
    }

    @Test func formattingTwiceIsFormattingOnce() {
        #expect(TestFileFormatter.format(Self.formatted) == Self.formatted)
    }

    @Test func theFormattedFileParsesToTheSameCases() {
        let before = RuleTestParser.parse(SourceFile(path: "unit.tests", text: Self.messy)).file
        let after = RuleTestParser.parse(SourceFile(path: "unit.tests", text: Self.formatted)).file
        #expect(before.cases.map(\.name) == after.cases.map(\.name))
        #expect(before.cases.map(\.expectations.count) == after.cases.map(\.expectations.count))
        #expect(before.ruleset?.path == after.ruleset?.path)
    }
}
