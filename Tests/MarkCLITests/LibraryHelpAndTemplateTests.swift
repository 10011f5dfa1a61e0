import Foundation
import Testing

/// `--lib` is listed in the help of every command that reads rules (and not of one that does
/// not), and `mark template` writes the envelope's `"ruleset"` for a variant of its unit.
@Suite struct LibraryHelpAndTemplateTests {
    @Test func everyRulesReadingCommandListsLib() throws {
        let readers = ["check", "compare", "diff", "explain", "why-not", "import", "sample", "agree", "moderate", "schema", "template", "test", "verify"]
        for command in readers {
            let help = try MarkProcess.run([command, "--help"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("  --lib DIR             A folder of shared libraries"), "mark \(command) --help")
            // Listed among the options, before -h, --help.
            let lib = try #require(help.stdout.range(of: "--lib DIR"), "mark \(command) --help")
            let ownHelp = try #require(help.stdout.range(of: "-h, --help"), "mark \(command) --help")
            #expect(lib.lowerBound < ownHelp.lowerBound, "mark \(command) --help")
        }
        #expect(try MarkProcess.run(["--help", "check"]).stdout.contains("--lib DIR"))
        #expect(try MarkProcess.run(["Samples", "--help"]).stdout.contains("--lib DIR"))
        #expect(!(try MarkProcess.run(["merge", "--help"]).stdout.contains("--lib DIR")))
    }

    @Test func aVariantsTemplateNamesItsRuleset() throws {
        let root = NSTemporaryDirectory() + "mark-variant-template-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root + "/variants", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let doc = try String(contentsOfFile: MarkProcess.packageRoot + "/docs/language.md", encoding: .utf8)
        for name in ["variants/rapport-classroom.rules", "variants/rapport-workplace.rules"] {
            let start = doc.range(of: "title=\"\(name)\"\n")!.upperBound
            try String(doc[start..<doc.range(of: "```", range: start..<doc.endIndex)!.lowerBound]).write(toFile: root + "/" + name, atomically: true, encoding: .utf8)
        }
        let workplace = try MarkProcess.run(["template", "rapport-workplace", "--rules", "variants"], directory: root)
        #expect(workplace.status == 0, "\(workplace.stderr)")
        #expect(workplace.stdout.contains("  \"assessor\": \"text\",\n  \"ruleset\": \"rapport-workplace\",\n  \"centre\": \"optional text\",\n"))
        // A unit without variants needs no "ruleset": its template has none.
        let plain = try MarkProcess.run(["template", "anticipating-needs"])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(!plain.stdout.contains("\"ruleset\""))
    }
}
