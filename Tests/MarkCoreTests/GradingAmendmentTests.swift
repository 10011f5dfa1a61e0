import Foundation
import Testing

@testable import MarkCore

/// An extending ruleset changes one statement of the base's grading scheme: `replace grade …
/// when`, `remove grade`, `replace floor`, `remove floor`, and a bare `grade`/`floor` adding one.
@Suite struct GradingAmendmentTests {
    static let base = """
        ruleset "rapport" {
          title "Building rapport"
          version "1.0.0"
          unit "CS-RAP-01"
          applies from 2025-01-01 until 2025-12-31
        }

        evidence {
          kinds observation
          item {
            greeting: boolean
            questions: number
          }
        }

        point greets "Greet the customer warmly." {
          marks 1
          met when any(i in items where i.greeting)
        }

        point asks "Ask open questions." {
          marks 2
          met when any(i in items where i.questions >= 3)
        }

        grading {
          grades "Not yet", "Pass", "Merit"
          floor greets at met
          grade "Pass" when total >= 2
          grade "Merit" when total >= 3
        }

        """

    static func ruleset(_ amendments: String) throws -> Ruleset {
        let outcome = VersionsTests.check(VersionsTests.header() + amendments, base: base)
        return try #require(outcome.ruleset, "\(outcome.diagnostics.map(\.message))")
    }

    static func grade(_ r: Ruleset, questions: Int, greeting: Bool = true) throws -> MarkingResult {
        try Fixtures.mark(r, VersionsTests.submission(questions: questions, greeting: greeting))
    }

    @Test func theBaseAsWritten() throws {
        let r = try Self.ruleset("")
        #expect(try Self.grade(r, questions: 3).grade == "Merit")
        #expect(try Self.grade(r, questions: 3, greeting: false).grade == "Not yet")
        #expect(try Self.grade(r, questions: 0).grade == "Not yet")
    }

    @Test func aReplacedRuleChangesThatGradeOnlyAndIsLocatedInTheExtension() throws {
        let r = try Self.ruleset("replace grade \"Merit\" when total >= 3 and asks is met and greets is met\nreplace grade \"Pass\" when asks is met\n")
        #expect(try Self.grade(r, questions: 3).grade == "Merit")
        #expect(try Self.grade(r, questions: 0).grade == "Not yet")
        #expect(try Self.grade(r, questions: 3, greeting: false).grade == "Not yet", "the base's floor is kept")
        let merit = try #require(r.grading.rules[2])
        #expect(merit.location.file == 0, "the replaced rule is the extension's")
        #expect(r.sources[merit.location.file].text(merit.location.range).hasPrefix("total >= 3 and asks is met"))
    }

    @Test func aRemovedRuleLeavesTheGradeOnTheScaleWithoutARule() throws {
        let r = try Self.ruleset("remove grade \"Pass\"\n")
        #expect(r.grading.grades == ["Not yet", "Pass", "Merit"])
        #expect(r.grading.rules[1] == nil)
        // Pass needs only its required points (none): any submission above the floor has it.
        #expect(try Self.grade(r, questions: 0).grade == "Pass")
    }

    @Test func floorsAreReplacedRemovedAndAdded() throws {
        let removed = try Self.ruleset("remove floor greets\n")
        #expect(removed.grading.floors.isEmpty)
        #expect(try Self.grade(removed, questions: 3, greeting: false).grade == "Pass")
        let marks = try Self.ruleset("remove floor greets\nfloor asks at 2 marks\n")
        #expect(marks.grading.floors.count == 1)
        #expect(try Self.grade(marks, questions: 2).floorsFailed == ["asks"])
        let replaced = try Self.ruleset("replace floor greets at partially met\n")
        #expect(replaced.grading.floors.map(\.level) == [.partiallyMet])
    }

    @Test func diffShowsOnlyTheChangedStatements() throws {
        var loader = RuleLoader(root: "mem", libraries: [])
        loader.overlay["mem/base.rules"] = Array(Self.base.utf8)
        let v1 = try #require(Checker.check(path: "mem/base.rules", loader: &loader).ruleset)
        let v2 = try Self.ruleset("replace grade \"Merit\" when total >= 3 and asks is met\nremove floor greets\n")
        let changes = RulesetDiff.compare(old: v1, new: v2).changes.filter { $0.section == .grading }
        #expect(changes.map(\.summary) == ["rule for \"Merit\" changed", "floor on 'greets' (at met) removed"])
        #expect(changes[0].old?.path == "mem/base.rules")
        #expect(changes[0].new?.path == "mem/v2.rules")
        #expect(changes[0].new?.line == 7)
    }

    @Test func formattingKeepsTheAmendments() throws {
        let text = VersionsTests.header() + "replace   grade \"Merit\"   when total>=3\nremove   grade \"Pass\"\nreplace floor greets   at 1 marks\nremove floor   asks\nfloor asks at met\n"
        let once = try #require(Formatter.format(SourceFile(path: "v2.rules", text: text)))
        #expect(once.contains("replace grade \"Merit\" when total >= 3\n"))
        #expect(once.contains("remove grade \"Pass\"\n"))
        #expect(once.contains("replace floor greets at 1 marks\n"))
        #expect(once.contains("remove floor asks\n"))
        #expect(once.contains("\nfloor asks at met\n"))
        #expect(try #require(Formatter.format(SourceFile(path: "v2.rules", text: once))) == once)
        #expect(SyntaxDump.dump(Parser.parse(SourceFile(path: "a", text: text)).file) == SyntaxDump.dump(Parser.parse(SourceFile(path: "a", text: once)).file))
    }

    @Test func misuseIsLocatedAtTheName() {
        let outcome = VersionsTests.check(VersionsTests.header() + "remove floor asks\nreplace grade \"Merrit\" when total >= 1\n", base: Self.base)
        let errors = outcome.diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.id) == ["unknown-floor", "unknown-grade"])
        #expect(errors.allSatisfy { $0.path == "mem/v2.rules" })
        #expect(errors[1].message.contains("did you mean 'Merit'?"))
    }
}
