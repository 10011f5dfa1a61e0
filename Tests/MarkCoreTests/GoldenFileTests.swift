import Foundation
import MarkTestSupport
import Testing

/// Re-recording goldens writes only what changed and fails loudly when it cannot write.
@Suite struct GoldenFileTests {
    @Test func comparingReportsADifferenceAndAMissingFile() throws {
        let path = NSTemporaryDirectory() + "mark-golden-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(GoldenFile.check("a", against: path, recording: false)?.hasPrefix("missing golden file \(path)") == true)
        try "a\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(GoldenFile.check("a\n", against: path, recording: false) == nil)
        #expect(GoldenFile.check("b\n", against: path, recording: false)?.hasPrefix("output differs from \(path)") == true)
    }

    @Test func recordingWritesOnlyAChangedFile() throws {
        let path = NSTemporaryDirectory() + "mark-golden-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "same\n".write(toFile: path, atomically: true, encoding: .utf8)
        let before = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int
        #expect(GoldenFile.check("same\n", against: path, recording: true) == nil)
        // Unchanged: not rewritten (an atomic write would give the file a new inode).
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int == before)
        #expect(GoldenFile.check("new\n", against: path, recording: true) == nil)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
    }

    @Test func recordingFailsWhenTheFileCannotBeWritten() {
        let path = "/dev/full/golden.txt"
        let problem = GoldenFile.check("x", against: path, recording: true)
        #expect(problem?.hasPrefix("cannot record golden file /dev/full/golden.txt") == true, "\(String(describing: problem))")
    }
}
