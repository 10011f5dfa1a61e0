import Foundation
import MarkCLI
import MarkCore
import Testing

/// What `mark` hands out besides the terminal report: the provenance columns of the gradebook,
/// the text report's width and `--verbose`, the cohort's HTML pages and index, and Open Badges
/// 3.0 credentials with the properties the data model requires.
@Suite struct ResultsOutTests {
    static let merit = "Samples/exceeding-expectations-merit-kettle-and-courier.json"
    static let referral = "Samples/exceeding-expectations-referral-evidence-before-start.json"

    static func sha256(ofFile path: String) throws -> String {
        SHA256.hex([UInt8](try Data(contentsOf: URL(fileURLWithPath: MarkProcess.packageRoot + "/" + path))))
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func temporaryFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("mark-results-out-\(UUID().uuidString)").path
    }

    // MARK: Provenance

    @Test func everyGradebookRowNamesTheEngineRulesetAndInputThatDecidedIt() throws {
        let csv = try MarkProcess.run([Self.merit, "Samples/no-such-file.json", "--format", "csv"])
        let rows = csv.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = try #require(rows.first)
        #expect(Array(header.suffix(6)) == ["assessor", "engine_version", "ruleset_sha256", "input_sha256", "path", "error"])
        let cell = { (row: [String], column: String) in row[header.firstIndex(of: column)!] }
        let json = try Self.object(try MarkProcess.run([Self.merit, "--format", "json"]).stdout)
        let ruleset = try #require(json["ruleset"] as? [String: Any])
        #expect(cell(rows[1], "assessor") == "A-17")
        #expect(cell(rows[1], "engine_version") == MarkCommand.version)
        #expect(cell(rows[1], "ruleset_sha256") == ruleset["sha256"] as? String)
        #expect(cell(rows[1], "input_sha256") == (try Self.sha256(ofFile: Self.merit)))
        // A file that could not be read: the engine that tried, nothing else.
        #expect(cell(rows[2], "engine_version") == MarkCommand.version)
        #expect(cell(rows[2], "assessor") == "" && cell(rows[2], "ruleset_sha256") == "" && cell(rows[2], "input_sha256") == "")
    }

    @Test func theVerboseTextReportPrintsTheEngineAndTheFullRulesetHash() throws {
        let json = try Self.object(try MarkProcess.run([Self.merit, "--format", "json"]).stdout)
        let sha = try #require((json["ruleset"] as? [String: Any])?["sha256"] as? String)
        let plain = try MarkProcess.run([Self.merit]).stdout
        let verbose = try MarkProcess.run([Self.merit, "--verbose"]).stdout
        #expect(!plain.contains(sha) && plain.contains(String(sha.prefix(12))))
        #expect(verbose.contains("    sha256 \(sha)\n"))
        #expect(verbose.contains("Engine mark \(MarkCommand.version)\n"))
    }

    @Test(arguments: SampleGoldenTests.samples)
    func textReportsWrapAtEightyColumnsOffATerminal(_ name: String) throws {
        let text = try MarkProcess.run(["Samples/" + name]).stdout
        let long = text.split(separator: "\n").filter { $0.count > 80 }
        #expect(long.isEmpty, "\(name): \(long)")
    }

    // MARK: HTML

    @Test func htmlForSeveralSubmissionsNeedsAnOutFolder() throws {
        let r = try MarkProcess.run(["Samples", "--format", "html"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("give --out DIR"))
    }

    @Test func aCohortGetsAPageEachAndAnIndexWithTheGradeDistribution() throws {
        let out = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let broken = Self.temporaryFolder() + ".json"
        try "{\"format\": \"evidence/1\"".write(toFile: broken, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: broken) }
        let r = try MarkProcess.run(["Samples", broken, "--format", "html", "--out", out, "--quiet"])
        #expect(r.status == 1)
        let index = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        let pages = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".report.html") }
        #expect(pages.count == SampleGoldenTests.samples.count)
        for page in pages { #expect(index.contains("href=\"./\(page)\""), "\(page) is not linked") }
        // One chart per ruleset, each with a bar and a label per grade; the numbers are also a table.
        #expect(index.components(separatedBy: "<svg ").count - 1 == 5)
        #expect(index.contains("<title id=\"chart-2-title\">Grade distribution: Referral 2, Pass 0, Merit 1, Distinction 1</title>"))
        #expect(index.contains("<tr><th scope=\"row\">Merit</th><td class=\"number\">1</td><td class=\"number\">25.0%</td></tr>"))
        #expect(index.contains("<h2 id=\"failed\">Could not be marked</h2>") && index.contains(HTMLText.escaped(broken)))
        #expect(!index.contains("<script") && !index.contains("src=") && !index.contains("<link") && !index.contains("url("))
        let page = try String(contentsOfFile: out + "/exceeding-expectations-merit-kettle-and-courier.report.html", encoding: .utf8)
        #expect(page.contains("<dt>Input SHA-256</dt><dd class=\"hash\">\(try Self.sha256(ofFile: Self.merit))</dd>"))
    }

    @Test func learnerTextIsEscapedOnThePage() {
        #expect(HTMLText.escaped("<b a='1'>&\"x\"</b>\u{202E}") == "&lt;b a=&#39;1&#39;&gt;&amp;&quot;x&quot;&lt;/b&gt;\\u{202E}")
    }

    // MARK: Open Badges

    static let badge = ["--format", "openbadges", "--issuer", "https://centre.example.org/", "--issuer-name", "Example Centre", "--issued", "2026-03-02"]

    @Test func aCredentialHasThePropertiesTheOpenBadges3DataModelRequires() throws {
        let r = try MarkProcess.run([Self.merit] + Self.badge)
        #expect(r.status == 0, "\(r.stderr)")
        let c = try Self.object(r.stdout)
        #expect(c["@context"] as? [String] == ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"])
        let id = try #require(c["id"] as? String)
        #expect(id.range(of: "^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", options: .regularExpression) != nil, "\(id)")
        let types = try #require(c["type"] as? [String])
        #expect(types.first == "VerifiableCredential" && (types.contains("AchievementCredential") || types.contains("OpenBadgeCredential")))
        #expect((c["name"] as? String)?.isEmpty == false)
        let issuer = try #require(c["issuer"] as? [String: Any])
        #expect(issuer["id"] as? String == "https://centre.example.org/")
        #expect(issuer["type"] as? [String] == ["Profile"])
        #expect(issuer["name"] as? String == "Example Centre")
        #expect(c["validFrom"] as? String == "2026-03-02T00:00:00Z")
        #expect(c["proof"] == nil, "signing is the issuing platform's")

        let subject = try #require(c["credentialSubject"] as? [String: Any])
        #expect(subject["type"] as? [String] == ["AchievementSubject"])
        let identifier = try #require((subject["identifier"] as? [[String: Any]])?.first)
        #expect(identifier["type"] as? String == "IdentityObject")
        #expect(identifier["identityHash"] as? String == "L-1042" && identifier["hashed"] as? Bool == false)
        #expect((identifier["identityType"] as? String)?.isEmpty == false)

        let achievement = try #require(subject["achievement"] as? [String: Any])
        let achievementID = try #require(achievement["id"] as? String)
        #expect(achievementID == "https://centre.example.org/achievements/CS-EXC-04/exceeding-expectations/1.1.5")
        #expect(achievement["type"] as? [String] == ["Achievement"])
        #expect(achievement["name"] as? String == "Exceeding customer expectations")
        #expect((achievement["description"] as? String)?.contains("CS-EXC-04") == true)
        #expect(((achievement["criteria"] as? [String: Any])?["narrative"] as? String)?.isEmpty == false)
        let description = try #require((achievement["resultDescription"] as? [[String: Any]])?.first)
        #expect(description["type"] as? [String] == ["ResultDescription"])
        #expect(description["name"] as? String == "Grade" && description["resultType"] as? String == "LetterGrade")
        #expect(description["allowedValue"] as? [String] == ["Referral", "Pass", "Merit", "Distinction"])
        let alignment = try #require(achievement["alignment"] as? [[String: Any]])
        #expect(alignment.count == 7)
        for a in alignment {
            #expect(a["type"] as? [String] == ["Alignment"])
            let name = try #require(a["targetName"] as? String)
            #expect(a["targetUrl"] as? String == achievementID + "#" + name)
        }

        let result = try #require((subject["result"] as? [[String: Any]])?.first)
        #expect(result["type"] as? [String] == ["Result"])
        #expect(result["resultDescription"] as? String == description["id"] as? String)
        #expect(result["value"] as? String == "Merit")

        let evidence = try #require(c["evidence"] as? [[String: Any]])
        #expect(evidence.map { $0["name"] as? String } == ["E1", "E2"])
        for e in evidence { #expect(e["type"] as? [String] == ["Evidence"]) }

        // The same inputs give the same credential, byte for byte.
        #expect(try MarkProcess.run([Self.merit] + Self.badge).stdout == r.stdout)
    }

    @Test func theLowestGradeEarnsNoCredential() throws {
        let r = try MarkProcess.run([Self.referral] + Self.badge)
        #expect(r.status == 0)
        #expect(r.stdout == "")
        let out = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        _ = try MarkProcess.run(["Samples", "--out", out, "--quiet"] + Self.badge)
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(files.allSatisfy { $0.hasSuffix(".credential.json") })
        #expect(files.contains("exceeding-expectations-merit-kettle-and-courier.credential.json"))
        #expect(!files.contains("exceeding-expectations-referral-evidence-before-start.credential.json"))
        #expect(files.count == 11)
    }

    @Test func openBadgesNeedsAnIssuer() throws {
        let r = try MarkProcess.run([Self.merit, "--format", "openbadges"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("needs --issuer URL"))
        #expect(try MarkProcess.run([Self.merit, "--format", "openbadges", "--issuer", "centre"]).status == 64)
        #expect(try MarkProcess.run([Self.merit, "--issuer", "https://x.example"]).status == 64)
        #expect(try MarkProcess.run([Self.merit] + Self.badge.dropLast() + ["2026-02-30"]).status == 64)
    }
}
