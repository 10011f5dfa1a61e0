import Foundation
import Testing

@testable import MarkCore

/// `extends` (a later version keeps the base and replaces, adds or removes), `extend
/// evidence`, the library search path and variants chosen by the submission's `ruleset`.
@Suite struct VersionsTests {
    static let base = """
        ruleset "rapport" {
          title "Building rapport"
          version "1.0.0"
          unit "CS-RAP-01"
          applies from 2025-01-01 until 2025-12-31
        }

        evidence {
          kinds observation, witness_testimony
          item {
            greeting: boolean
            questions: number
          }
        }

        define open_questions = 3

        point greets "Greet the customer warmly." {
          marks 1
          met when any(i in items where i.greeting)
        }

        point asks "Ask open questions." {
          marks 2
          met when any(i in items where i.questions >= open_questions)
        }

        grading {
          grades "Not yet", "Pass"
          grade "Pass" when total >= 3
        }

        """

    static func header(_ version: String = "2.0.0") -> String {
        """
        ruleset "rapport" {
          version "\(version)"
          applies from 2026-01-01
        }

        extends "base.rules" version "1.0.0"

        """
    }

    /// Checks `mem/v2.rules` holding `text`, with the base beside it, from memory.
    static func check(_ text: String, base: String = VersionsTests.base) -> Checker.Outcome {
        var loader = RuleLoader(root: "mem", libraries: [])
        loader.overlay["mem/base.rules"] = Array(base.utf8)
        loader.overlay["mem/v2.rules"] = Array(text.utf8)
        return Checker.check(path: "mem/v2.rules", loader: &loader)
    }

    static func submission(questions: Int, greeting: Bool = true) -> String {
        """
        {"format": "evidence/1", "learner": {"id": "L-1"}, "unit": "CS-RAP-01", "started": "2026-02-01",
         "submitted": "2026-06-01", "assessor": "A-1",
         "items": [{"id": "OBS-1", "kind": "observation", "date": "2026-03-01", "greeting": \(greeting), "questions": \(questions)}]}
        """
    }

    @Test func aReplacedDefinitionChangesOneThresholdAndKeepsTheRest() throws {
        let outcome = Self.check(Self.header() + "replace define open_questions = 4\n")
        let r = try #require(outcome.ruleset, "\(outcome.diagnostics.map(\.message))")
        #expect(r.title == "Building rapport")
        #expect(r.unit == "CS-RAP-01")
        #expect(r.version == "2.0.0")
        #expect(r.points.map(\.id) == ["greets", "asks"])
        #expect(try Fixtures.mark(r, Self.submission(questions: 3)).points[1].verdict == .notMet)
        #expect(try Fixtures.mark(r, Self.submission(questions: 4)).points[1].verdict == .met)
        #expect(try Fixtures.mark(r, Self.submission(questions: 4)).grade == "Pass")
    }

    @Test func theHashCoversTheBase() throws {
        let text = Self.header() + "replace define open_questions = 4\n"
        let a = try #require(Self.check(text).ruleset)
        let b = try #require(Self.check(text, base: Self.base.replacingOccurrences(of: "warmly", with: "kindly")).ruleset)
        #expect(a.sourceHash != b.sourceHash)
        #expect(a.sources.map(\.path) == ["mem/v2.rules", "mem/base.rules"])
    }

    @Test func aReplacedPointKeepsItsPlaceAndANewPointComesLast() throws {
        let text = Self.header() + """
            replace point greets "Greet the customer by name." {
              marks 1
              met when any(i in items where i.greeting and i.kind = "observation")
            }

            point thanks "Thank the customer." {
              marks 1
              met when count(items) >= 1
            }

            """
        let r = try #require(Self.check(text).ruleset)
        #expect(r.points.map(\.id) == ["greets", "asks", "thanks"])
        #expect(r.points[0].wording == "Greet the customer by name.")
        #expect(r.points[0].location.file == 0)
        #expect(r.points[1].location.file == 1)
    }

    @Test func aRemovedPointIsGoneAndTheGradingMayBeReplaced() throws {
        let text = Self.header() + """
            remove point greets

            grading {
              grades "Not yet", "Pass"
              grade "Pass" when total >= 2
            }

            """
        let r = try #require(Self.check(text).ruleset)
        #expect(r.points.map(\.id) == ["asks"])
        #expect(r.maximumMarks == Marks(2))
        #expect(try Fixtures.mark(r, Self.submission(questions: 3, greeting: false)).grade == "Pass")
    }

    @Test func misuseIsLocatedInTheExtension() {
        let outcome = Self.check(Self.header("1.0.0") + "remove point great\nreplace define open = 2\npoint asks \"Ask.\" {\n  met when true\n}\n")
        let ids = outcome.diagnostics.filter { $0.severity == .error }.map(\.id)
        #expect(ids.contains("unknown-point"))
        #expect(ids.contains("unknown-definition"))
        #expect(ids.contains("duplicate-point"))
        #expect(ids.contains("extends-same-version"))
        #expect(outcome.diagnostics.filter { $0.severity == .error }.allSatisfy { $0.path == "mem/v2.rules" })
        #expect(outcome.ruleset == nil)
    }

    @Test func extendEvidenceAddsKindsValuesAndFields() throws {
        let text = Self.header() + """
            extend evidence {
              kinds customer_feedback
              enum tone { warm, cold }
              item {
                tone: optional tone
              }
            }

            point warm "Sound warm." {
              marks 1
              met when any(i in items where (i.tone otherwise "cold") = "warm")
            }

            """
        let r = try #require(Self.check(text).ruleset, "\(Self.check(text).diagnostics.map(\.message))")
        #expect(r.schema.kinds == ["observation", "witness_testimony", "customer_feedback"])
        #expect(r.schema.enumerations["tone"] == ["warm", "cold"])
        #expect(r.schema.item.fields.map(\.name).suffix(3) == ["greeting", "questions", "tone"])
        #expect(EvidenceJSONSchema.text(for: r).contains("\"customer_feedback\""))
    }

    @Test func formattingAnExtensionIsIdempotentAndKeepsItsMeaning() throws {
        let text = Self.header() + "replace   define open_questions=4\nremove   point greets\nextend evidence {\n  kinds   role_play\n}\n"
        let source = SourceFile(path: "v2.rules", text: text)
        let once = try #require(Formatter.format(source))
        let twice = try #require(Formatter.format(SourceFile(path: "v2.rules", text: once)))
        #expect(once == twice)
        #expect(once.contains("replace define open_questions = 4\n"))
        #expect(once.contains("remove point greets\n"))
        #expect(once.contains("extend evidence {\n  kinds role_play\n}\n"))
        #expect(SyntaxDump.dump(Parser.parse(source).file) == SyntaxDump.dump(Parser.parse(SourceFile(path: "v2.rules", text: once)).file))
    }

    @Test func anImportIsFoundOnTheLibraryPathAndConfinedToIt() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("mark-lib-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        for folder in ["shared", "unit", "outside"] {
            try FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
        let library = "library \"common\"\n\nevidence {\n  kinds observation\n  item {\n    greeting: boolean\n  }\n}\n"
        try library.write(toFile: root + "/shared/common.rules", atomically: true, encoding: .utf8)
        try library.write(toFile: root + "/outside/secret.rules", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: root + "/shared/linked.rules", withDestinationPath: root + "/outside/secret.rules")
        func unit(_ imported: String) throws -> Checker.Outcome {
            let text = Fixtures.header() + "import \"\(imported)\"\n\npoint p \"P.\" {\n  marks 1\n  met when any(i in items where i.greeting)\n}\n\ngrading {\n  grades \"No\", \"Yes\"\n  grade \"Yes\" when total >= 1\n}\n"
            try text.write(toFile: root + "/unit/unit.rules", atomically: true, encoding: .utf8)
            var loader = RuleLoader(root: root + "/unit", libraries: [root + "/shared"])
            return Checker.check(path: root + "/unit/unit.rules", loader: &loader)
        }
        #expect(try unit("common.rules").ruleset != nil)
        let linked = try unit("linked.rules")
        #expect(linked.ruleset == nil)
        #expect(linked.diagnostics.contains { $0.message.contains("outside the library folder") })
        let escaping = try unit("../outside/secret.rules")
        #expect(escaping.diagnostics.contains { $0.message.contains("leaves the rules folder") })
        var without = RuleLoader(root: root + "/unit", libraries: [])
        #expect(Checker.check(path: root + "/unit/unit.rules", loader: &without).ruleset == nil)
    }

    @Test func variantsAreChosenByTheSubmissionsRuleset() throws {
        func variant(_ id: String, _ name: String?) throws -> Ruleset {
            let text = """
                ruleset "\(id)" {
                  title "Rapport"
                  version "1.0.0"
                  unit "CS-RAP-05"
                  \(name.map { "variant \"\($0)\"" } ?? "")
                  applies from 2025-01-01
                }

                """ + Fixtures.evidence + "point p \"P.\" {\n  marks 1\n  met when count(items) >= 1\n}\n\ngrading {\n  grades \"No\", \"Yes\"\n  grade \"Yes\" when total >= 1\n}\n"
            return try #require(Checker.check(source: SourceFile(path: id + ".rules", text: text)).ruleset)
        }
        let a = try variant("rapport-classroom", "classroom")
        let b = try variant("rapport-workplace", "workplace")
        #expect(AppliesOverlap.diagnostics([a, b]).isEmpty)
        #expect(AppliesOverlap.diagnostics([a, try variant("rapport-plain", nil)]).count == 1)
        let catalog = RulesetCatalog(rulesets: [a, b], diagnostics: [], sources: [:])
        let started = try #require(CalendarDate("2025-06-01"))
        #expect(try catalog.select(unit: "CS-RAP-05", started: started, ruleset: "rapport-workplace").get() == 1)
        guard case .failure(let unnamed) = catalog.select(unit: "CS-RAP-05", started: started) else { Issue.record("chose one"); return }
        #expect(unnamed.text.contains("has 2 variants"))
        guard case .failure(let unknown) = catalog.select(unit: "CS-RAP-05", started: started, ruleset: "rapport-workplac") else { Issue.record("chose one"); return }
        #expect(unknown.text.contains("did you mean 'rapport-workplace'?"))
    }

    @Test func evidenceOfAPointNotMetIsMarkedAsNotCounted() throws {
        let r = Fixtures.ruleset("""
            point two "Two items." {
              marks 1
              met when count(i in items where i.verified_by.signed) >= 2
            }

            grading {
              grades "No", "Yes"
              grade "Yes" when total >= 1
            }

            """)
        let one = try Fixtures.mark(r, Fixtures.submissionJSON([Fixtures.item("OBS-1")]))
        #expect(ResultJSON.render(one, engineVersion: "0", pretty: true).contains("\"evidenceCounted\": false"))
        let both = try Fixtures.mark(r, Fixtures.submissionJSON([Fixtures.item("OBS-1"), Fixtures.item("OBS-2")]))
        #expect(!ResultJSON.render(both, engineVersion: "0", pretty: true).contains("evidenceCounted"))
    }
}
