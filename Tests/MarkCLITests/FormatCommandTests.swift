import Foundation
import Testing

/// End-to-end tests of `mark fmt`.
@Suite struct FormatCommandTests {
    func folder(with files: [String: String]) throws -> String {
        let dir = NSTemporaryDirectory() + "mark-fmt-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        return dir
    }

    let messy = "library   \"x\"\n# keep me\ndefine   a=1+2   # and me\n\n\n\ndefine b = a*3\n"

    @Test func shippedRulesAreFormatted() throws {
        let r = try MarkProcess.run(["fmt", "--check", "Rules"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func checkListsUnformattedFilesAndExitsOne() throws {
        let dir = try folder(with: ["messy.rules": messy])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try MarkProcess.run(["fmt", "--check", dir])
        #expect(r.status == 1)
        #expect(r.stdout == dir + "/messy.rules\n")
        #expect(r.stderr.contains("1 file is not formatted"))
        #expect(try String(contentsOfFile: dir + "/messy.rules", encoding: .utf8) == messy, "--check changes nothing")
    }

    @Test func writeFormatsInPlaceKeepingCommentsAndIsIdempotent() throws {
        let dir = try folder(with: ["messy.rules": messy])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let w = try MarkProcess.run(["fmt", "--write", dir])
        #expect(w.status == 0, "\(w.stderr)")
        let formatted = try String(contentsOfFile: dir + "/messy.rules", encoding: .utf8)
        #expect(formatted.contains("# keep me"))
        #expect(formatted.contains("define a = 1 + 2 # and me"))
        #expect(!formatted.contains("\n\n\n"))
        let again = try MarkProcess.run(["fmt", "--check", dir])
        #expect(again.status == 0)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(leftovers == ["messy.rules"], "no temporary files are left behind")
    }

    @Test func ruleTestFilesAreCheckedAndWrittenToo() throws {
        let messyTests = "ruleset   \"x.rules\"\ncase \"a\" {\n  submission  \"a.json\"\n    expect grade   \"Pass\"   # kept\n}\n"
        let dir = try folder(with: ["x.tests": messyTests])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let check = try MarkProcess.run(["fmt", "--check", dir])
        #expect(check.status == 1)
        #expect(check.stdout == dir + "/x.tests\n")
        let w = try MarkProcess.run(["fmt", "--write", dir + "/x.tests"])
        #expect(w.status == 0, "\(w.stderr)")
        #expect(try String(contentsOfFile: dir + "/x.tests", encoding: .utf8) == "ruleset \"x.rules\"\n\ncase \"a\" {\n  submission \"a.json\"\n  expect grade \"Pass\" # kept\n}\n")
        #expect(try MarkProcess.run(["fmt", "--check", dir]).status == 0)
        let broken = try folder(with: ["y.tests": "case \"a\" {\n  expect grade\n}\n"])
        defer { try? FileManager.default.removeItem(atPath: broken) }
        let r = try MarkProcess.run(["fmt", "--check", broken])
        #expect(r.status == 1)
        #expect(r.stderr.contains("y.tests:"), "\(r.stderr)")
    }

    @Test func printsToStdoutAndReadsStdin() throws {
        let r = try MarkProcess.run(["fmt", "-"], stdin: messy)
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("library \"x\"\n"))
    }

    @Test func syntaxErrorsAreReportedNotFormatted() throws {
        let dir = try folder(with: ["broken.rules": "library \"x\"\ndefine a = (1 +\n"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try MarkProcess.run(["fmt", "--write", dir])
        #expect(r.status == 1)
        #expect(r.stderr.contains("broken.rules:3:1: error:"))
        #expect(try String(contentsOfFile: dir + "/broken.rules", encoding: .utf8) == "library \"x\"\ndefine a = (1 +\n")
    }

    @Test func checkAndWriteTogetherIsAUsageError() throws {
        let r = try MarkProcess.run(["fmt", "--check", "--write", "Rules"])
        #expect(r.status == 64)
    }
}
