import Foundation
import Testing
@testable import MarkCore

/// The atomic result writer renames a temporary file into place, so it must refuse a path that
/// is not a regular file: renaming over a FIFO or a device would replace it (as root, even
/// /dev/full), and the write would report success.
@Suite struct ResultFileWriteTests {
    @Test func aPathThatIsNotARegularFileIsRefusedAndLeftAsItWas() throws {
        let folder = NSTemporaryDirectory() + "mark-write-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fifo = folder + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(CohortResultFiles.write("{}\n", to: fifo, worker: 0) == "not a regular file")
        var info = stat()
        #expect(stat(fifo, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO, "the FIFO is still a FIFO")
        #expect(CohortResultFiles.write("{}\n", to: folder, worker: 0) == "not a regular file")
        let file = folder + "/result.json"
        #expect(CohortResultFiles.write("{}\n", to: file, worker: 0) == nil)
        #expect(CohortResultFiles.write("[]\n", to: file, worker: 0) == nil, "a regular file is replaced")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "[]\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["pipe", "result.json"], "no temporary file is left")
    }
}
