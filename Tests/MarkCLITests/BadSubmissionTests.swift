import Foundation
import Testing

/// Bad submissions give a clear error and a non-zero exit, never a crash and never a grade.
@Suite struct BadSubmissionTests {
    func temporaryFolder() throws -> String {
        let dir = NSTemporaryDirectory() + "mark-bad-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    let sample = MarkProcess.packageRoot + "/Samples/exceeding-expectations-merit-kettle-and-courier.json"

    @Test func malformedJSONExitsOneWithLocation() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/bad.json"
        try "{\"format\": \"evidence/1\",\n  \"unit\": tru }".write(toFile: path, atomically: true, encoding: .utf8)
        let r = try MarkProcess.run([path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.json:2:11: error: invalid JSON: invalid literal"))
        #expect(!r.stdout.contains("Grade"))
        let json = try MarkProcess.run([path, "--format", "json"])
        #expect(json.status == 1)
        #expect(json.stdout.contains("\"errors\""))
        #expect(!json.stdout.contains("\"grade\""))
    }

    @Test func unitWithNoRulesetIsAnError() throws {
        let text = try String(contentsOfFile: sample, encoding: .utf8).replacingOccurrences(of: "CS-EXC-04", with: "CS-EXC-4")
        let r = try MarkProcess.run(["-"], stdin: text)
        #expect(r.status == 1)
        #expect(r.stderr.contains("no ruleset marks unit \"CS-EXC-4\""))
        #expect(r.stderr.contains("did you mean 'CS-EXC-04'?"))
    }

    @Test func startDateOutsideEveryVersionIsAnError() throws {
        let text = try String(contentsOfFile: sample, encoding: .utf8).replacingOccurrences(of: "\"started\": \"2025-09-15\"", with: "\"started\": \"2020-01-01\"")
        let r = try MarkProcess.run(["-"], stdin: text)
        #expect(r.status == 1)
        #expect(r.stderr.contains("applies to a learner who started on 2020-01-01"))
    }

    @Test func twoRulesetsClaimingOneUnitAndDateIsAnError() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let rules = MarkProcess.packageRoot + "/Rules/"
        try FileManager.default.copyItem(atPath: rules + "customer-service-common.rules", toPath: dir + "/customer-service-common.rules")
        let original = try String(contentsOfFile: rules + "exceeding-expectations.rules", encoding: .utf8)
        try original.write(toFile: dir + "/a.rules", atomically: true, encoding: .utf8)
        try original.replacingOccurrences(of: "ruleset \"exceeding-expectations\"", with: "ruleset \"exceeding-expectations-copy\"")
            .write(toFile: dir + "/b.rules", atomically: true, encoding: .utf8)
        let r = try MarkProcess.run([sample, "--rules", dir])
        #expect(r.status == 1)
        #expect(r.stderr.contains("2 rulesets claim unit \"CS-EXC-04\""))
    }

    @Test func hugeSubmissionIsHandled() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/huge.json"
        // About 200 MB: a valid envelope whose one text field is enormous.
        var text = "{\"format\": \"evidence/1\", \"learner\": {\"id\": \"L-1\", \"name\": \""
        text += String(repeating: "abcdefghij", count: 20_000_000)
        text += "\"}, \"unit\": \"CS-EXC-04\", \"started\": \"2025-09-15\", \"submitted\": \"2026-03-01\", \"assessor\": \"A-1\", \"items\": []}"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        text = ""
        // Over the default limit of 64M: refused before it is read (docs/limits.md) …
        let refused = try MarkProcess.run([path, "--format", "json"])
        #expect(refused.status == 1)
        #expect(refused.stderr == "\(path): error: larger than the limit of 64M (67108864 bytes) for a submission; raise it with --max-size\n")
        // … and marked when the limit is raised.
        let r = try MarkProcess.run([path, "--format", "json", "--max-size", "256M"])
        #expect(r.status == 0, "\(r.stderr.prefix(500))")
        #expect(r.stdout.contains("\"grade\": \"Referral\""))
        #expect(!r.stdout.contains("abcdefghij"), "the learner's name is not printed")
    }

    @Test func missingSubmissionFileIsAnError() throws {
        let r = try MarkProcess.run(["no-such-submission.json"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("no-such-submission.json: error: no such file"))
    }
}
