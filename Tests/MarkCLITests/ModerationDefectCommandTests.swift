import Foundation
import Testing

/// End-to-end regression tests for the defects of issue 17 in `mark compare` and `mark agree`:
/// the grade-rename mapping, learner ids matched exactly, and the progress line.
@Suite struct ModerationDefectCommandTests {
    static let fixtures = "Tests/fixtures/moderation"
    static let versions = [
        "--old", "\(fixtures)/service-promise-v1/service-promise.rules", "--new", "\(fixtures)/service-promise-v2/service-promise.rules",
    ]

    /// The fixture decisions with one row changed, written to a temporary file.
    static func decisions(_ edit: (String) -> String) throws -> String {
        let text = try String(contentsOfFile: MarkProcess.packageRoot + "/\(fixtures)/decisions.csv", encoding: .utf8)
        let path = NSTemporaryDirectory() + "mark-decisions-\(UUID().uuidString).csv"
        try edit(text).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func agreeReadsARenamedGradeThroughTheGradeMap() throws {
        let path = try Self.decisions { $0.replacing("L-2304,,A-09,Fail,", with: "L-2304,,A-09,Referral,") }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let inputs = ["agree", "\(Self.fixtures)/results/samples.ndjson", path, "--rules", "\(Self.fixtures)/rules"]
        let plain = try MarkProcess.run(inputs)
        #expect(plain.status == 1)
        #expect(plain.stderr.contains("error: 'Referral' is not a grade of service-promise"))
        let mapped = try MarkProcess.run(inputs + ["--grade-map", "Referral=Fail"])
        #expect(mapped.status == 0, "\(mapped.stderr)")
        #expect(mapped.stdout.contains("percent agreement           83.3% (10 of 12 the same grade)"), "the same figures as with 'Fail' written")
        let bad = try MarkProcess.run(inputs + ["--grade-map", "Referral"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--grade-map: 'Referral' is not a renaming; write OLD=NEW, for example Referral=Fail"))
    }

    @Test func agreeMatchesLearnerIdsExactly() throws {
        // A trailing space makes another id: it no longer collides with L-2301, and says why it matched nothing.
        let path = try Self.decisions { $0 + "L-2301 ,,A-50,Distinction,30,met,,\n" }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try MarkProcess.run(["agree", "\(Self.fixtures)/results/samples.ndjson", path, "--rules", "\(Self.fixtures)/rules"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("has a second row"))
        #expect(r.stderr.contains("warning: no engine result for learner 'L-2301 '; the row is left out (the id has spaces before or after it; learner ids are matched exactly)"))
    }

    @Test func compareChecksTheGradeMapAgainstTheOldGrades() throws {
        let r = try MarkProcess.run(["compare"] + Self.versions + ["--grade-map", "Refferal=Fail", "\(Self.fixtures)/cohort"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--grade-map: 'Refferal' is not a grade of the old version (Fail, Pass, Merit, Distinction)"))
        let ok = try MarkProcess.run(["compare"] + Self.versions + ["--grade-map", "Fail=Fail", "\(Self.fixtures)/cohort"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("Old grades read under their new names (--grade-map): Fail → Fail"))
    }

    @Test func compareDrawsNoProgressLineWhenStderrIsNotATerminal() throws {
        let r = try MarkProcess.run(["compare"] + Self.versions + ["\(Self.fixtures)/cohort"])
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty, "no progress line into a pipe or file: \(r.stderr)")
    }

    @Test func compareDrawsAProgressLineOnATerminal() throws {
        let script = "/usr/bin/script"
        guard FileManager.default.isExecutableFile(atPath: script) else {
            print("skipped: \(script) (util-linux) is not installed, so no terminal can be simulated")
            return
        }
        let command = ([MarkProcess.binary, "compare"] + Self.versions + ["\(Self.fixtures)/cohort"]).joined(separator: " ")
        func run(_ extra: String) throws -> String {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: script)
            // script gives the command a terminal; stdout goes to /dev/null so only stderr is seen.
            p.arguments = ["-qec", command + extra + " >/dev/null", "/dev/null"]
            p.currentDirectoryURL = URL(fileURLWithPath: MarkProcess.packageRoot)
            let out = Pipe()
            p.standardOutput = out
            p.standardInput = FileHandle.nullDevice
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
            return String(decoding: data, as: UTF8.self)
        }
        let shown = try run("")
        #expect(shown.contains("\rmarking: 0/5 · "), "a progress line on a terminal: \(shown.debugDescription)")
        #expect(shown.hasSuffix("\r\u{1B}[K"), "and it is cleared at the end")
        #expect(try run(" --quiet").isEmpty, "--quiet leaves it out")
    }
}
