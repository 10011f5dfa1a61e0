import Foundation
import Testing

/// Usage messages, finding the rules, a forced ruleset that does not fit, CR line breaks and
/// the --max-steps option.
@Suite struct SmallDefectTests {
    static let sample = "Samples/exceeding-expectations-merit-kettle-and-courier.json"

    static func folder() throws -> String {
        let root = NSTemporaryDirectory() + "mark-small-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return root
    }

    @Test func usageErrorsOfTheDefaultCommandSayMark() throws {
        let r = try MarkProcess.run([Self.sample, "--bogus"])
        #expect(r.status == 64)
        #expect(r.stderr == "mark: unknown option '--bogus'\nRun 'mark mark --help' for usage.\n")
        let fmt = try MarkProcess.run(["fmt", "--bogus"])
        #expect(fmt.stderr.hasPrefix("mark fmt: unknown option '--bogus'"))
    }

    @Test func withoutRulesItSaysHowToNameThem() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let hint = "no rules to mark with: there is no Rules folder here and no installed rules; name a rules folder or file with --rules DIR (or --rules FILE), or set MARK_RULES\n"
        let r = try MarkProcess.run([MarkProcess.packageRoot + "/" + Self.sample], directory: root)
        #expect(r.status == 1)
        #expect(r.stderr == "mark: " + hint)
        let explain = try MarkProcess.run(["explain", MarkProcess.packageRoot + "/" + Self.sample], directory: root)
        #expect(explain.status == 1)
        #expect(explain.stderr == "mark explain: " + hint)
        let named = try MarkProcess.run([MarkProcess.packageRoot + "/" + Self.sample], environment: ["MARK_RULES": MarkProcess.packageRoot + "/Rules"], directory: root)
        #expect(named.status == 0, "\(named.stderr)")
    }

    @Test func aForcedRulesetForAnotherUnitIsAnError() throws {
        let r = try MarkProcess.run(["--rules", "Rules/service-promise.rules", Self.sample])
        #expect(r.status == 1)
        #expect(
            r.stderr.hasPrefix(
                "\(Self.sample):4:11: error: ruleset service-promise 1.0.4 marks unit \"CS-SP-05\", not \"CS-EXC-04\"; give --force to mark with it anyway\n"))
    }

    @Test func aForcedRulesetForAnotherStartDateNeedsForce() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let text = try String(contentsOfFile: MarkProcess.packageRoot + "/" + Self.sample, encoding: .utf8)
        let started = try #require(text.range(of: #""started": "\d{4}-\d{2}-\d{2}""#, options: .regularExpression))
        let early = text.replacingCharacters(in: started, with: "\"started\": \"2024-01-08\"")
        let path = root + "/early.json"
        try early.write(toFile: path, atomically: false, encoding: .utf8)
        let rules = MarkProcess.packageRoot + "/Rules/exceeding-expectations.rules"
        let r = try MarkProcess.run(["--rules", rules, path])
        #expect(r.status == 1)
        let line = early[..<early.range(of: "\"started\"")!.lowerBound].split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(
            r.stderr.hasPrefix(
                "\(path):\(line):14: error: ruleset exceeding-expectations 1.1.5 applies to learners who started from 2025-09-01, not on 2024-01-08; give --force to mark with it anyway\n"
            ), "\(r.stderr)")
        let forced = try MarkProcess.run(["--rules", rules, path, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        let folder = try MarkProcess.run(["--rules", MarkProcess.packageRoot + "/Rules", path])
        #expect(folder.status == 1, "a rules folder still chooses by date: no ruleset applies")
    }

    @Test func crOnlyLineBreaksCountInEvidenceAndRules() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try "{\"format\": \"evidence/1\",\r\"learner\": {\"id\": \"L\"},\r\"unit\": 5}".write(toFile: root + "/cr.json", atomically: false, encoding: .utf8)
        let r = try MarkProcess.run([root + "/cr.json"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("\(root)/cr.json:3:9: error: $.unit: expected text in quotes, found a number\n  |\n3 | \"unit\": 5}\n  |         ^\n"))
        for (name, separator) in [("cr", "\r"), ("crlf", "\r\n"), ("lf", "\n")] {
            let rules = ["ruleset \"x\" {", "  version \"1.0.0\"", "  bogus 1", "}", ""].joined(separator: separator)
            try rules.write(toFile: root + "/\(name).rules", atomically: false, encoding: .utf8)
            let check = try MarkProcess.run(["check", root + "/\(name).rules"])
            #expect(check.status == 1)
            #expect(
                check.stderr.hasPrefix("\(root)/\(name).rules:3:3: error: unknown header entry 'bogus'; expected one of"),
                "\(name): \(check.stderr)")
            #expect(check.stderr.contains("\n3 |   bogus 1\n"), "\(name): the source line without its CR")
        }
    }

    @Test func maxStepsIsAPositiveWholeNumber() throws {
        for bad in ["0", "-5", "ten", "1e6", ""] {
            let r = try MarkProcess.run([Self.sample, "--max-steps", bad])
            #expect(r.status == 64, "\(bad)")
            #expect(r.stderr == "mark: '--max-steps' takes a positive whole number of steps, not '\(bad)'\nRun 'mark mark --help' for usage.\n")
        }
        let ok = try MarkProcess.run([Self.sample, "--max-steps", "5000000"])
        #expect(ok.status == 0, "\(ok.stderr)")
        // The budget reaches the evaluator, for mark and for both markers of compare.
        let tiny = try MarkProcess.run([Self.sample, "--max-steps", "1"])
        #expect(tiny.status == 1)
        #expect(tiny.stderr.hasPrefix("\(Self.sample):1:1: error: cannot mark: evaluation stopped after 1 step ("), "\(tiny.stderr)")
        let tinyCompare = try MarkProcess.run(["compare", "--old", "Rules", "--new", "Rules", "--max-steps", "1", Self.sample])
        #expect(tinyCompare.status == 1)
        #expect(tinyCompare.stderr.contains("evaluation stopped after 1 step ("), "\(tinyCompare.stderr)")
        let compare = try MarkProcess.run([
            "compare", "--old", "Rules", "--new", "Rules", "--max-steps", "0", Self.sample,
        ])
        #expect(compare.status == 64)
        #expect(compare.stderr.hasPrefix("mark compare: '--max-steps' takes a positive whole number of steps, not '0'\n"))
    }

    @Test func helpMentionsTheNewOptions() throws {
        let mark = try MarkProcess.run(["mark", "--help"])
        for option in ["--max-size", "--max-steps", "--force", "docs/limits.md"] { #expect(mark.stdout.contains(option), "\(option)") }
        let explain = try MarkProcess.run(["explain", "--help"])
        for option in ["--max-size", "--force"] { #expect(explain.stdout.contains(option), "\(option)") }
        let compare = try MarkProcess.run(["compare", "--help"])
        for option in ["--max-size", "--max-steps"] { #expect(compare.stdout.contains(option), "\(option)") }
    }
}
