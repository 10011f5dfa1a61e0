import Foundation
import Testing

/// An installed `mark` (PREFIX/bin/mark beside PREFIX/share/mark/rules, as `make install` lays
/// it out) finds its rules from any folder; ./Rules and $MARK_RULES come first.
@Suite struct InstalledRulesTests {
    @Test func anInstalledMarkFindsItsRules() throws {
        let prefix = NSTemporaryDirectory() + "mark-install-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        let fm = FileManager.default
        try fm.createDirectory(atPath: prefix + "/bin", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: prefix + "/share/mark/rules", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: prefix + "/elsewhere", withIntermediateDirectories: true)
        if link(MarkProcess.binary, prefix + "/bin/mark") != 0 { try fm.copyItem(atPath: MarkProcess.binary, toPath: prefix + "/bin/mark") }
        for name in try fm.contentsOfDirectory(atPath: MarkProcess.packageRoot + "/Rules") where name.hasSuffix(".rules") {
            try fm.copyItem(atPath: MarkProcess.packageRoot + "/Rules/" + name, toPath: prefix + "/share/mark/rules/" + name)
        }
        let sample = MarkProcess.packageRoot + "/Samples/service-promise-distinction-opticians.json"
        let installed = try MarkProcess.run([sample, "--format", "csv"], directory: prefix + "/elsewhere", executable: prefix + "/bin/mark")
        #expect(installed.status == 0, "\(installed.stderr)")
        #expect(installed.stdout.contains(",Distinction,"))
        // ./Rules comes before the installed rules: an empty Rules folder here has no rulesets.
        try fm.createDirectory(atPath: prefix + "/elsewhere/Rules", withIntermediateDirectories: true)
        let local = try MarkProcess.run([sample], directory: prefix + "/elsewhere", executable: prefix + "/bin/mark")
        #expect(local.status == 1)
        #expect(local.stderr.contains("Rules: error: no rulesets found"))
    }
}
