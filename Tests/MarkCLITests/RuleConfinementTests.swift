import Foundation
import Testing

/// Rules files and imports are confined to the rules folder by their real path, and nothing of a
/// file that is not a rules source is ever quoted (docs/language.md, "Imports").
@Suite struct RuleConfinementTests {
    static let secret = "TOPSECRET-d41d8cd9"

    /// A temporary folder holding `secret.txt` (a secret first line) and `Rules/`.
    static func folder() throws -> String {
        let dir = NSTemporaryDirectory() + "mark-confine-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir + "/Rules", withIntermediateDirectories: true)
        try "\(secret) root:x:0:0\nsecond line\n".write(toFile: dir + "/secret.txt", atomically: true, encoding: .utf8)
        return dir
    }

    @Test func aLinkOutOfTheRulesFolderIsNamedNotRead() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createSymbolicLink(atPath: dir + "/Rules/x.rules", withDestinationPath: "../secret.txt")
        let message = "resolves (through a symbolic link) to a file outside the rules folder 'Rules'; rules files and imports must be inside it, so it was not read"
        let check = try MarkProcess.run(["check", "Rules"], directory: dir)
        #expect(check.status == 1)
        #expect(check.stdout == "")
        #expect(check.stderr == "Rules/x.rules: error: \(message)\nchecked 1 file: 1 error, 0 warnings\n")
        let fmt = try MarkProcess.run(["fmt", "Rules"], directory: dir)
        #expect(fmt.status == 1)
        #expect(fmt.stdout == "")
        #expect(fmt.stderr == "Rules/x.rules: error: \(message)\n")
        for r in [check, fmt] { #expect(!(r.stdout + r.stderr).contains(Self.secret)) }
    }

    @Test func anImportThroughALinkIsRefused() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createSymbolicLink(atPath: dir + "/Rules/lib.rules", withDestinationPath: "../secret.txt")
        try "library \"main\"\n\nimport \"lib.rules\"\n".write(toFile: dir + "/Rules/main.rules", atomically: true, encoding: .utf8)
        let r = try MarkProcess.run(["check", "Rules/main.rules"], directory: dir)
        #expect(r.status == 1)
        #expect(
            r.stderr == """
                Rules/main.rules:3:8: error: cannot import 'lib.rules': resolves (through a symbolic link) to a file outside the rules folder 'Rules'; rules files and imports must be inside it, so it was not read
                  |
                3 | import "lib.rules"
                  |        ^~~~~~~~~~~
                checked 1 file: 1 error, 0 warnings

                """)
        #expect(!(r.stdout + r.stderr).contains(Self.secret))
    }

    @Test func aFileThatIsNotARulesSourceIsNotQuoted() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: dir + "/secret.txt", toPath: dir + "/Rules/copy.rules")
        try Data([0x72, 0x75, 0x6C, 0x65, 0x00, 0x01, 0xFF]).write(to: URL(fileURLWithPath: dir + "/Rules/binary.rules"))
        let r = try MarkProcess.run(["check", "Rules"], directory: dir)
        #expect(r.status == 1)
        #expect(
            r.stderr == """
                Rules/binary.rules:1:5: error: not a rules file: it holds a NUL byte here; rules files are UTF-8 text, so it was not read further
                Rules/copy.rules:1:1: error: not a rules file: it does not start with a declaration (ruleset, library, import, evidence, define, point, grading), so it was not read further
                checked 2 files: 2 errors, 0 warnings

                """)
        #expect(!(r.stdout + r.stderr).contains(Self.secret))
    }
}
