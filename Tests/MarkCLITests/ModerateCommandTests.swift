import Foundation
import Testing

/// End-to-end tests of `mark moderate`.
@Suite struct ModerateCommandTests {
    static let fixtures = "Tests/fixtures/moderation"
    static let results = "\(fixtures)/results/samples.ndjson"
    static let rules = ["--rules", "\(fixtures)/rules"]

    @Test func stageOneAndStageTwoExitStatuses() throws {
        let stands = try MarkProcess.run(["moderate", Self.results, "\(Self.fixtures)/decisions.csv", "--tolerance", "4"] + Self.rules)
        #expect(stands.status == 0, "\(stands.stderr)")
        #expect(stands.stdout.hasPrefix("Moderation report: the centre's marks stand (stage 1)\n"))
        #expect(!stands.stdout.contains("Stage 2"))
        let fails = try MarkProcess.run(["moderate", Self.results, "\(Self.fixtures)/moderator-marks.csv", "--tolerance", "2"] + Self.rules)
        #expect(fails.status == 1)
        #expect(fails.stdout.contains("Proposal: adjust the marks of A-22 by -3 marks"))
        #expect(fails.stdout.contains("    A-22      3  -3.33        -4       -3        3  lenient"))
        #expect(fails.stdout.contains("Extended sample"))
    }

    @Test func usageErrors() throws {
        let none = try MarkProcess.run(["moderate", Self.results, "\(Self.fixtures)/decisions.csv"])
        #expect(none.status == 64 && none.stderr.contains("give the tolerance in marks"))
        #expect(try MarkProcess.run(["moderate", Self.results, "\(Self.fixtures)/decisions.csv", "--tolerance", "x"]).status == 64)
        #expect(try MarkProcess.run(["moderate", Self.results, "\(Self.fixtures)/decisions.csv", "--tolerance", "2", "--format", "pdf"]).status == 64)
        let help = try MarkProcess.run(["moderate", "--help"])
        #expect(help.status == 0 && help.stdout.contains("USAGE: mark moderate RESULTS… DECISIONS.csv --tolerance N"))
    }

    @Test func jsonHtmlAndPseudonyms() throws {
        let args = ["moderate", Self.results, "\(Self.fixtures)/moderator-marks.csv", "--tolerance", "2"] + Self.rules
        let json = try MarkProcess.run(args + ["--format", "json"])
        #expect(json.status == 1)
        #expect(json.stdout.contains("\"format\": \"moderation/1\""))
        #expect(json.stdout.contains("\"action\": \"adjust\""))
        let html = try MarkProcess.run(args + ["--format", "html"])
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>") && html.stdout.contains("<h2>Proposal: adjust the marks of A-22 by -3 marks</h2>"))
        let masked = try MarkProcess.run(args + ["--pseudonymise"], environment: ["MARK_PSEUDONYM_KEY": "k"])
        #expect(masked.status == 1)
        for id in ["L-2201", "A-22", "moderator-marks.csv", "Samples/"] { #expect(!masked.stdout.contains(id) && !masked.stderr.contains(id), "\(id)") }
        #expect(masked.stdout.contains("Proposal: adjust the marks of PA-"))
    }
}
