import Foundation
import Testing

/// Learner-supplied strings cannot forge lines or drive the terminal: the text report and
/// `mark explain` print them with control characters escaped (docs/result-format.md).
@Suite struct TerminalSafetyTests {
    static let sample = "Samples/service-promise-pass-one-mark-below-merit.json"

    /// The sample with a learner id that tries to forge a grade line and an item id that tries to
    /// set the window title and reverse the text after it.
    static func forged() throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: MarkProcess.packageRoot + "/" + sample))
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var learner = try #require(object["learner"] as? [String: Any])
        learner["id"] = "L-9\n\nGrade: Distinction\u{1B}[8m"
        object["learner"] = learner
        var items = try #require(object["items"] as? [[String: Any]])
        items[0]["id"] = "E1\u{1B}]0;pwn\u{7}\u{202E}"
        object["items"] = items
        let path = NSTemporaryDirectory() + "mark-forged-\(UUID().uuidString).json"
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func hasNoControls(_ text: String) -> Bool {
        !text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value) }
    }

    @Test func textReportCannotForgeTheGrade() throws {
        let path = try Self.forged()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try MarkProcess.run([path])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == #"Learner L-9\n\nGrade: Distinction\u{1B}[8m · unit CS-SP-05 · assessor A-09"#)
        #expect(lines.filter { $0.hasPrefix("Grade:") } == ["Grade: Pass — 20 of 30 marks"])
        #expect(r.stdout.contains(#"    Evidence: E1\u{1B}]0;pwn\u{7}\u{202E}"#))
        #expect(Self.hasNoControls(r.stdout))
    }

    @Test func explainPrintsNoRawEscapes() throws {
        let path = try Self.forged()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try MarkProcess.run(["explain", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix(#"Learner L-9\n\nGrade: Distinction\u{1B}[8m · unit CS-SP-05 · assessor A-09"# + "\n"))
        #expect(r.stdout.contains(#"evidence cited: E1\u{1B}]0;pwn\u{7}\u{202E}"#))
        #expect(Self.hasNoControls(r.stdout))
    }

    @Test func diagnosticsEscapeQuotedJSONStrings() throws {
        let path = NSTemporaryDirectory() + "mark-bad-unit-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var text = try String(contentsOfFile: MarkProcess.packageRoot + "/" + Self.sample, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"CS-SP-05\"", with: "\"CS\\u001b[2J\\nerror\"")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try MarkProcess.run([path])
        #expect(r.status == 1)
        #expect(r.stderr.contains(#"CS\u{1B}[2J\nerror"#), "\(r.stderr)")
        #expect(Self.hasNoControls(r.stderr))
    }
}
