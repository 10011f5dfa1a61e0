import Foundation
import Testing

/// End-to-end tests of `mark check` and the command-line conventions.
@Suite struct CheckCommandTests {
    let fixtures = "Tests/MarkCoreTests/Fixtures/diagnostics"

    @Test func shippedRulesCheckClean() throws {
        let r = try MarkProcess.run(["check", "Rules"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("0 errors, 0 warnings"))
        #expect(r.stdout.isEmpty)
    }

    @Test func brokenFileExitsOneWithLocatedMessage() throws {
        let r = try MarkProcess.run(["check", "\(fixtures)/unknown-field.rules"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(fixtures)/unknown-field.rules:12:47: error: record 'verification' has no field 'signd'; did you mean 'signed'?"))
        #expect(r.stderr.contains("^~~~~"))
    }

    @Test func jsonFormatIsParseableAndLocated() throws {
        let r = try MarkProcess.run(["check", "--format", "json", "\(fixtures)/unknown-field.rules"])
        #expect(r.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(object?["errors"] as? Int == 1)
        let first = (object?["diagnostics"] as? [[String: Any]])?.first
        #expect(first?["line"] as? Int == 12)
        #expect(first?["column"] as? Int == 47)
        #expect(first?["id"] as? String == "unknown-field")
        #expect(first?["severity"] as? String == "error")
    }

    @Test func warningsAloneExitZero() throws {
        let r = try MarkProcess.run(["check", "\(fixtures)/warnings.rules"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("5 warnings"))
        // The scheme analysis adds one: 'met when true' decides nothing.
        #expect(r.stderr.contains("warning: every submission meets 'q': 'met when true' always holds"))
    }

    @Test func missingFileAndDirectoryAreClearErrors() throws {
        let missing = try MarkProcess.run(["check", "no/such/file.rules"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no/such/file.rules: error: no such file or folder"))
        let tmp = NSTemporaryDirectory() + "mark-dir-\(UUID().uuidString).rules"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let dir = try MarkProcess.run(["check", tmp])
        #expect(dir.status == 0, "an empty folder has nothing to check")
    }

    @Test func stdinIsRead() throws {
        let r = try MarkProcess.run(["check", "-"], stdin: "library \"x\"\n\ndefine a = 1 +\n")
        #expect(r.status == 1)
        #expect(r.stderr.contains("<stdin>:4:1: error: expected a value or condition, found end of file"))
    }

    @Test func usageErrorsExit64WithSuggestion() throws {
        let unknownOption = try MarkProcess.run(["check", "--fromat", "json", "Rules"])
        #expect(unknownOption.status == 64)
        #expect(unknownOption.stderr.contains("unknown option '--fromat'; did you mean '--format'?"))
        let unknownCommand = try MarkProcess.run(["chek", "Rules"])
        #expect(unknownCommand.status == 64)
        #expect(unknownCommand.stderr.contains("did you mean 'check'?"))
        let noArgs = try MarkProcess.run([])
        #expect(noArgs.status == 64)
    }

    @Test func helpOnEveryCommand() throws {
        for command in ["check", "fmt", "mark"] {
            let r = try MarkProcess.run([command, "--help"])
            #expect(r.status == 0, "\(command)")
            #expect(r.stdout.contains("USAGE"), "\(command)")
        }
        let top = try MarkProcess.run(["--help"])
        #expect(top.status == 0)
        #expect(top.stdout.contains("check"))
    }

    @Test func oneMegabyteLineAndManyParenthesesDoNotCrash() throws {
        let dir = NSTemporaryDirectory() + "mark-big-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let long = dir + "/long.rules"
        try ("library \"x\"\ndefine a = " + String(repeating: "1 + ", count: 250_000) + "1\n").write(toFile: long, atomically: true, encoding: .utf8)
        let r1 = try MarkProcess.run(["check", long])
        #expect(r1.status == 0 || r1.status == 1)
        #expect(!r1.stderr.contains("Fatal error"))
        let deep = dir + "/deep.rules"
        try ("library \"x\"\ndefine a = " + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000) + "\n").write(toFile: deep, atomically: true, encoding: .utf8)
        let r2 = try MarkProcess.run(["check", deep])
        #expect(r2.status == 1)
        #expect(r2.stderr.contains("nested too deeply"))
    }
}

/// A folder whose name is close to a command's is marked, not taken for a misspelt command.
@Suite struct InputNamedLikeACommandTests {
    @Test func samplesFolderIsMarked() throws {
        let r = try MarkProcess.run(["Samples", "--format", "csv"])
        #expect(!r.stderr.contains("unknown command"))
        #expect(r.stdout.hasPrefix("learner,unit,ruleset,"))
        #expect(r.stdout.split(separator: "\n").count >= 20)
    }
}

/// Two rulesets for one unit whose `applies` dates overlap are a check error, as marking would
/// refuse every learner in the overlap.
@Suite struct AppliesOverlapTests {
    static func ruleset(_ id: String, _ applies: String) -> String {
        """
        ruleset "\(id)" {
          title "T"
          version "1.0.0"
          unit "U-1"
          \(applies)
        }

        evidence {
          kinds observation
          item {
          }
        }

        point p "P" {
          marks 1
          met when count(items) >= 1
        }

        grading {
          grades "Fail", "Pass"
          grade "Pass" when total >= 1
        }

        """
    }

    func check(_ files: [String: String]) throws -> MarkProcess.Output {
        let dir = NSTemporaryDirectory() + "mark-overlap-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (name, text) in files { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        var r = try MarkProcess.run(["check", dir])
        r.stderr = r.stderr.replacingOccurrences(of: dir + "/", with: "")
        return r
    }

    @Test func overlappingRangesAreAnErrorWithANote() throws {
        let r = try check([
            "a.rules": Self.ruleset("v1", "applies from 2025-01-01 until 2025-08-31"),
            "b.rules": Self.ruleset("v2", "applies from 2025-08-01"),
        ])
        #expect(r.status == 1)
        #expect(r.stderr.contains("b.rules:5:3: error: rulesets 'v2' and 'v1' both mark unit \"U-1\" for learners who started from 2025-08-01 until 2025-08-31; their 'applies' dates must not overlap"), "\(r.stderr)")
        #expect(r.stderr.contains("a.rules:5:3: note: 'v1' applies here"), "\(r.stderr)")
        #expect(r.stderr.contains("1 error"))
    }

    @Test func openEndedRangesOverlapFromTheLaterStart() throws {
        let r = try check([
            "a.rules": Self.ruleset("v1", "applies from 2025-01-01"),
            "b.rules": Self.ruleset("v2", "applies from 2026-01-01"),
        ])
        #expect(r.status == 1)
        #expect(r.stderr.contains("for learners who started from 2026-01-01 on;"), "\(r.stderr)")
    }

    @Test func adjacentRangesAreFine() throws {
        let r = try check([
            "a.rules": Self.ruleset("v1", "applies from 2025-01-01 until 2025-07-31"),
            "b.rules": Self.ruleset("v2", "applies from 2025-08-01"),
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("0 errors"))
    }
}
