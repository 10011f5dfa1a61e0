import Foundation
import MarkCore
import Testing

@testable import MarkLSP

/// Components are symbols too: hover, go to definition and references for a component id,
/// from a grade rule (`observation is "Pass"`) and a counting rule.
@Suite struct ComponentNavigationTests {
    static let uri = Harness.uri("epa.rules")
    static let text = """
        ruleset "epa" {
          title "An end-point assessment"
          version "1.0.0"
          unit "LSP-02"
          applies from 2025-09-01
        }

        import "common.rules"

        point seen "Seen at work." {
          marks 1
          met when count(i in items where i.kind = "observation") >= 1
        }

        point told "Told in discussion." {
          marks 1
          met when count(i in items where i.kind = "witness_testimony") >= 1
        }

        grading {
          grades "Fail", "Pass"
          # The observation at work.
          component observation "The observation" {
            points seen
            grades "Fail", "Pass"
            grade "Pass" when seen is met
          }
          component discussion "The professional discussion" {
            points told
            grades "Fail", "Pass"
            grade "Pass" when told is met
          }
          grade "Pass" when observation is "Pass" and at least 1 of (discussion) are "Pass"
        }
        """

    static func started() -> Harness {
        let h = Harness()
        h.start()
        h.open(uri, text)
        return h
    }

    static func at(_ needle: String, occurrence: Int = 1, offset: Int = 1) -> JSONValue {
        let (line, character) = Harness.position(of: needle, in: text, occurrence: occurrence)
        return Harness.at(uri, line, character + offset)
    }

    @Test func hoverOnAComponentUseShowsItsTitlePointsAndGrades() {
        let h = Self.started()
        let hover = h.request("textDocument/hover", Self.at("observation is"))["result"]?["contents"]?["value"]?.string
        #expect(hover == "**component** `observation`\n\nThe observation\n\npoints `seen`\ngrades, lowest first: \"Fail\", \"Pass\"\n\nThe observation at work.", "\(hover ?? "nil")")
    }

    @Test func definitionOfAComponentUseIsItsDeclaration() {
        let h = Self.started()
        for (use, declaration) in [("observation is", "component observation"), ("discussion) are", "component discussion")] {
            let found = h.request("textDocument/definition", Self.at(use))["result"]?.elements ?? []
            #expect(found.count == 1, "\(use)")
            #expect(found.first?["range"]?["start"]?["line"]?.int == Harness.position(of: declaration, in: Self.text).0, "\(use)")
        }
    }

    @Test func referencesOfAComponentListItsDeclarationAndUses() {
        let h = Self.started()
        let (line, character) = Harness.position(of: "component discussion", in: Self.text)
        let found = h.request("textDocument/references", .object([
            "textDocument": .object(["uri": .string(Self.uri)]),
            "position": .object(["line": .int(line), "character": .int(character + 11)]),
            "context": .object(["includeDeclaration": .bool(true)]),
        ]))["result"]?.elements ?? []
        let lines = found.compactMap { $0["range"]?["start"]?["line"]?.int }
        #expect(lines == [line, Harness.position(of: "discussion) are", in: Self.text).0])
    }

    /// The labels offered at the end of `insert`, written in place of `marker`.
    static func labels(replacing marker: String, with insert: String) -> [String: String] {
        let h = Harness()
        h.start()
        let edited = text.replacingOccurrences(of: marker, with: insert)
        h.open(uri, edited)
        let (line, character) = Harness.position(of: insert, in: edited, offset: insert.utf16.count)
        let items = h.request("textDocument/completion", Harness.at(uri, line, character))["result"]?["items"]?.elements ?? []
        var out: [String: String] = [:]
        for i in items { if let label = i["label"]?.string { out[label] = i["detail"]?.string ?? "" } }
        return out
    }

    @Test func completionOffersComponentsAndTheirGrades() {
        let names = Self.labels(replacing: "grade \"Pass\" when observation is", with: "grade \"Pass\" when ")
        #expect(names["observation"] == "The observation" && names["discussion"] == "The professional discussion", "\(names)")
        let grades = Self.labels(replacing: "observation is \"Pass\"", with: "observation is \"")
        #expect(grades.keys.sorted() == ["Fail", "Pass"] && grades["Pass"] == "grade of observation", "\(grades)")
        let counted = Self.labels(replacing: "(discussion) are \"Pass\"", with: "(discussion) are \"")
        #expect(counted.keys.sorted() == ["Fail", "Pass"] && counted["Fail"] == "component grade", "\(counted)")
    }
}
