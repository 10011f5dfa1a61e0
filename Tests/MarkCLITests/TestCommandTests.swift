import Foundation
import Testing

/// End-to-end tests of `mark test`: the shipped rule tests, coverage, failures that point at
/// the rule line, and usage errors.
@Suite struct TestCommandTests {
    static func lastLine(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: true).last.map(String.init) ?? ""
    }

    static func temporaryFolder() throws -> String {
        let folder = NSTemporaryDirectory() + "mark-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func shippedRuleTestsPass() throws {
        let r = try MarkProcess.run(["test", "Rules"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let last = Self.lastLine(r.stdout)
        #expect(last.range(of: #"^[1-9][0-9]* passed, 0 failed$"#, options: .regularExpression) != nil, "last line: \(last)")
        #expect(r.stderr.isEmpty, "\(r.stderr)")
    }

    @Test func shippedRulesetsAreFullyCovered() throws {
        let r = try MarkProcess.run(["test", "--require-coverage", "Rules"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let coverageLines = r.stdout.split(separator: "\n").filter { $0.hasPrefix("coverage: Rules/") }
        let rulesets = try FileManager.default.contentsOfDirectory(atPath: MarkProcess.packageRoot + "/Rules").filter { $0.hasSuffix(".tests") }
        #expect(coverageLines.count >= rulesets.count && rulesets.count >= 5, "\(r.stdout)")
        for line in coverageLines {
            #expect(line.contains("(100%)"), "not fully covered: \(line)\n\(r.stdout)")
        }
        #expect(r.stdout.contains("rulesets fully covered"))
        let summary = r.stdout.split(separator: "\n").first { $0.hasSuffix("fully covered") }.map(String.init) ?? ""
        let numbers = summary.split(separator: " ").compactMap { Int($0) }
        #expect(numbers.count == 2 && numbers[0] == numbers[1], "\(summary)")
        #expect(Self.lastLine(r.stdout).hasSuffix(" passed, 0 failed"))
    }

    /// The acceptance test of the issue: break a threshold in a copy of a shipped ruleset and
    /// the named test fails, pointing at the line of the broken threshold.
    @Test func aBrokenThresholdInACopyFailsANamedTestAtTheRightLine() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fm = FileManager.default
        let root = MarkProcess.packageRoot
        try fm.createDirectory(atPath: folder + "/Rules", withIntermediateDirectories: true)
        for file in ["exceeding-expectations.rules", "exceeding-expectations.tests", "customer-service-common.rules"] {
            try fm.copyItem(atPath: root + "/Rules/" + file, toPath: folder + "/Rules/" + file)
        }
        try fm.copyItem(atPath: root + "/Samples", toPath: folder + "/Samples")
        let before = try MarkProcess.run(["test", "Rules"], directory: folder)
        #expect(before.status == 0, "the copy passes before the change: \(before.stdout)")
        let passedBefore = Int(Self.lastLine(before.stdout).split(separator: " ").first ?? "") ?? 0

        // Raise the partial threshold of personalised_communication from 1 to 2.
        let rulesPath = folder + "/Rules/exceeding-expectations.rules"
        var lines = try String(contentsOfFile: rulesPath, encoding: .utf8).components(separatedBy: "\n")
        guard let index = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "partially met when personal = 1" }) else {
            Issue.record("Rules/exceeding-expectations.rules no longer has 'partially met when personal = 1'; update this test")
            return
        }
        lines[index] = lines[index].replacingOccurrences(of: "personal = 1", with: "personal = 2")
        try lines.joined(separator: "\n").write(toFile: rulesPath, atomically: true, encoding: .utf8)
        let column = lines[index].distance(from: lines[index].startIndex, to: lines[index].range(of: "personal = 2")!.lowerBound) + 1

        let after = try MarkProcess.run(["test", "Rules"], directory: folder)
        #expect(after.status == 1)
        #expect(after.stdout.contains("case \"merit sample: kettle and courier\": personalised_communication is not met, expected partially met"), "\(after.stdout)")
        #expect(after.stdout.contains("Rules/exceeding-expectations.rules:\(index + 1):\(column): note: decided by 'partially met when personal = 2', which did not hold (personal = 1)"), "\(after.stdout)")
        #expect(after.stdout.contains("\(index + 1) |   partially met when personal = 2"), "\(after.stdout)")
        #expect(after.stdout.contains("FAIL Rules/exceeding-expectations.tests"))
        // Every case still runs; the kettle case (and any other that relies on the threshold) fails.
        let counts = Self.lastLine(after.stdout).split(separator: " ").compactMap { Int($0) }
        #expect(counts.count == 2 && counts[1] >= 1 && counts[0] + counts[1] == passedBefore, "\(after.stdout)")
    }

    @Test func aGradeFailureNamesTheRuleThatDecidedIt() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sample = MarkProcess.packageRoot + "/Samples/" + (try ExplainCommandTests.sample("exceeding-expectations-merit"))
        try """
            ruleset "\(MarkProcess.packageRoot)/Rules/exceeding-expectations.rules"
            case "hoping for distinction" {
              submission "\(sample)"
              expect grade "Distinction"
              expect verified_ownership met
            }
            """.write(toFile: folder + "/x.tests", atomically: true, encoding: .utf8)
        let r = try MarkProcess.run(["test", folder + "/x.tests"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("x.tests:4:3: error: case \"hoping for distinction\": the grade is Merit, expected Distinction"), "\(r.stdout)")
        #expect(r.stdout.contains("note: decided by the rule for \"Distinction\", which did not hold: 'total >= distinction_total' is false (total = 20)"), "\(r.stdout)")
        #expect(Self.lastLine(r.stdout) == "0 passed, 1 failed")
    }

    @Test func mistakesInATestFileAreCompilerStyleErrors() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try """
            ruleset "\(MarkProcess.packageRoot)/Rules/exceeding-expectations.rules"
            case "typo" {
              submision "x.json"
              expect grade "Merit"
            }
            """.write(toFile: folder + "/bad.tests", atomically: true, encoding: .utf8)
        let r = try MarkProcess.run(["test", folder + "/bad.tests"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.tests:3:3: error: unknown statement 'submision'; a case holds submission, change, remove and expect; did you mean 'submission'?"), "\(r.stderr)")
        #expect(r.stderr.contains("3 |   submision \"x.json\""))
        #expect(Self.lastLine(r.stdout) == "0 passed, 1 failed")
    }

    @Test func unknownPointsAndGradesAreNamed() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sample = MarkProcess.packageRoot + "/Samples/" + (try ExplainCommandTests.sample("exceeding-expectations-merit"))
        try """
            ruleset "\(MarkProcess.packageRoot)/Rules/exceeding-expectations.rules"
            case "misspelt" {
              submission "\(sample)"
              expect unstated_need met
              expect grade "Merrit"
            }
            """.write(toFile: folder + "/names.tests", atomically: true, encoding: .utf8)
        let r = try MarkProcess.run(["test", folder + "/names.tests"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("names.tests:4:10: error: ruleset 'exceeding-expectations' has no marking point 'unstated_need'; did you mean 'unstated_needs'?"), "\(r.stdout)")
        #expect(r.stdout.contains("has no grade \"Merrit\""), "\(r.stdout)")
        #expect(Self.lastLine(r.stdout) == "0 passed, 1 failed")
    }

    @Test func requireCoverageFailsWhenAnOutcomeIsUntested() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sample = MarkProcess.packageRoot + "/Samples/" + (try ExplainCommandTests.sample("exceeding-expectations-merit"))
        try """
            ruleset "\(MarkProcess.packageRoot)/Rules/exceeding-expectations.rules"
            case "one sample" {
              submission "\(sample)"
              expect grade "Merit"
            }
            """.write(toFile: folder + "/one.tests", atomically: true, encoding: .utf8)
        let plain = try MarkProcess.run(["test", "--coverage", folder])
        #expect(plain.status == 0, "coverage alone reports; it does not fail: \(plain.stdout)")
        #expect(plain.stdout.contains("point 'verified_ownership' is never not met"), "\(plain.stdout)")
        #expect(plain.stdout.contains("coverage: 0 of 1 ruleset fully covered"))
        let strict = try MarkProcess.run(["test", "--require-coverage", folder])
        #expect(strict.status == 1)
        #expect(Self.lastLine(strict.stdout) == "1 passed, 0 failed")
    }

    @Test func usageAndMissingFiles() throws {
        let none = try MarkProcess.run(["test"])
        #expect(none.status == 64)
        #expect(none.stderr.contains("name at least one .tests file or folder"))
        let option = try MarkProcess.run(["test", "--coverag", "Rules"])
        #expect(option.status == 64)
        #expect(option.stderr.contains("did you mean '--coverage'?"))
        let missing = try MarkProcess.run(["test", "no/such.tests"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no/such.tests: error: no such file or folder"))
        #expect(Self.lastLine(missing.stdout) == "0 passed, 1 failed")
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let empty = try MarkProcess.run(["test", folder])
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("no .tests files"))
        let help = try MarkProcess.run(["test", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: mark test"))
    }
}
