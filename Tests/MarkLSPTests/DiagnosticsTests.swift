import Foundation
import MarkCore
import MarkTestSupport
import Testing

@testable import MarkLSP

/// Diagnostics as the author types: the checker's messages, UTF-16 ranges, notes as related
/// information, re-checks on change, and changes to a library reaching the rulesets that import it.
@Suite struct DiagnosticsTests {
    static let unit = Harness.uri("unit.rules")
    static let common = Harness.uri("common.rules")

    @Test func aCleanRulesetHasNoDiagnostics() {
        let h = Harness()
        h.start()
        #expect(h.open(Self.unit, Harness.fixture("unit.rules")) == [])
        let published = h.notifications.last { $0["method"] == .string("textDocument/publishDiagnostics") }
        #expect(published?["params"]?["version"] == .int(1))
    }

    /// A ruleset with a misspelt field, an unknown grade, a duplicate point (with a note) and a
    /// non-ASCII wording before them: the published JSON is a golden file, and its messages are
    /// exactly the checker's.
    @Test func errorsMatchTheChecker() throws {
        let text = Harness.fixture("unit.rules")
            .replacingOccurrences(of: "i.kind = \"observation\"", with: "i.knd = \"observation\"")
            .replacingOccurrences(of: "required for \"Pass\"", with: "required for \"Pas\"")
            .replacingOccurrences(of: "Show the skill on two occasions.\" {", with: "Show the skill — twice 😀.\" {")
            + "\npoint observed \"Again.\" {\n  marks 1\n  met when true\n}\n"
        let h = Harness()
        h.start()
        let diagnostics = h.open(Self.unit, text)
        let golden = Harness.fixtures + "/../../Golden/unit-errors.json"
        var writer = JSONWriter(pretty: true)
        writer.value(nil, .array(diagnostics))
        let portable = writer.output.replacingOccurrences(of: "file://" + Harness.fixtures, with: "file://FIXTURES")
        if let problem = GoldenFile.check(portable + "\n", against: golden) { Issue.record(Comment(rawValue: problem)) }

        var loader = RuleLoader(root: Harness.fixtures)
        loader.overlay[Harness.fixtures + "/unit.rules"] = Array(text.utf8)
        let outcome = Checker.check(path: Harness.fixtures + "/unit.rules", loader: &loader)
        #expect(!outcome.diagnostics.isEmpty)
        #expect(diagnostics.map { $0["message"]?.string?.components(separatedBy: "\nnote: ").first } == outcome.diagnostics.map(\.message))
        #expect(diagnostics.map { $0["code"]?.string } == outcome.diagnostics.map(\.id))
    }

    @Test func rangesAreInUTF16Units() {
        let h = Harness()
        h.start()
        let text = Harness.fixture("unit.rules").replacingOccurrences(of: "define minimum = 2", with: "define minimum = \"é😀\" + nope")
        let diagnostics = h.open(Self.unit, text)
        let (line, character) = Harness.position(of: "nope", in: text)
        let nope = diagnostics.first { $0["message"]?.string?.contains("'nope'") == true }
        #expect(nope?["range"]?["start"] == .object(["line": .int(line), "character": .int(character)]))
        // "é😀" is 3 UTF-16 units (7 bytes), so the column is 3 + 4 less than a byte count would say.
        #expect(character == "define minimum = \"é😀\" + ".utf16.count)
    }

    @Test func aChangeIsRecheckedAndAFixClearsTheDiagnostics() {
        let h = Harness()
        h.start()
        let good = Harness.fixture("unit.rules")
        h.open(Self.unit, good)
        let broken = good.replacingOccurrences(of: "verified(i)", with: "verifed(i)")
        let errors = h.change(Self.unit, broken, version: 2)
        #expect(errors.map { $0["message"]?.string } == ["unknown function 'verifed'; did you mean 'verified'?"])
        #expect(h.change(Self.unit, good, version: 3) == [])
    }

    @Test func editingALibraryRechecksTheRulesetsThatImportIt() {
        let h = Harness()
        h.start()
        h.open(Self.unit, Harness.fixture("unit.rules"))
        let library = Harness.fixture("common.rules")
        h.open(Self.common, library)
        h.notifications = []
        // Renaming the definition in the (unsaved) library breaks the ruleset that calls it.
        h.change(Self.common, library.replacingOccurrences(of: "define verified(", with: "define checked("), version: 2)
        let unitErrors = Harness.diagnostics(in: h.notifications, for: Self.unit)
        #expect(unitErrors.map { $0["message"]?.string } == ["unknown function 'verified'"])
        // Closing the library: the ruleset reads it from disk again, and is clean.
        h.notifications = []
        h.notify("textDocument/didClose", .object(["textDocument": .object(["uri": .string(Self.common)])]))
        #expect(Harness.diagnostics(in: h.notifications, for: Self.common) == [])
        #expect(h.notifications.contains { $0["params"]?["uri"] == .string(Self.unit) && $0["params"]?["diagnostics"] == .array([]) })
    }

    @Test func incrementalChangesAreAppliedToo() {
        let h = Harness()
        h.start()
        let text = Harness.fixture("unit.rules")
        h.open(Self.unit, text)
        let (line, character) = Harness.position(of: "verified(i)", in: text)
        let sent = h.notify("textDocument/didChange", .object([
            "textDocument": .object(["uri": .string(Self.unit), "version": .int(2)]),
            "contentChanges": .array([.object([
                "range": .object([
                    "start": .object(["line": .int(line), "character": .int(character + 5)]),
                    "end": .object(["line": .int(line), "character": .int(character + 6)]),
                ]),
                "text": .string(""),
            ])]),
        ]))
        #expect(Harness.diagnostics(in: sent, for: Self.unit).map { $0["message"]?.string } == ["unknown function 'verifed'; did you mean 'verified'?"])
    }

    @Test func testFilesGetDiagnostics() {
        let h = Harness()
        h.start()
        let tests = Harness.uri("unit.tests")
        let text = Harness.fixture("unit.tests")
        #expect(h.open(tests, text, language: "mark-tests") == [])
        let failing = h.change(tests, text.replacingOccurrences(of: "expect observed met", with: "expect observed not met"), version: 2)
        #expect(failing.count == 1)
        #expect(failing.first?["message"]?.string?.contains("observed") == true)
        let misspelt = h.change(tests, text.replacingOccurrences(of: "expect observed met", with: "expect obsreved met"), version: 3)
        #expect(misspelt.map { $0["message"]?.string } == ["ruleset 'unit' has no marking point 'obsreved'; did you mean 'observed'?"])
        let syntax = h.change(tests, text + "\ncas \"x\" {}\n", version: 4)
        #expect(syntax.first?["message"]?.string == "expected 'case', 'ruleset' or 'equivalent', found 'cas'; did you mean 'case'?")
        // A ruleset with errors, being edited: the test file says its cases were not run.
        #expect(h.change(tests, text, version: 5) == [])
        h.open(Self.unit, Harness.fixture("unit.rules").replacingOccurrences(of: "verified(i)", with: "verifed(i)"))
        let blocked = Harness.diagnostics(in: h.notifications, for: tests)
        #expect(blocked.first?["message"]?.string?.hasSuffix("the cases were not run") == true)
        #expect(blocked.first?["relatedInformation"]?.elements.first?["location"]?["uri"] == .string(Self.unit))
    }
}
