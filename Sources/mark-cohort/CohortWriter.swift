import Foundation

/// Writes generated submissions: one file each in a folder, or NDJSON lines on stdout.
final class CohortWriter {
    let folder: String?
    let digits: Int
    private var buffer: [UInt8] = []

    init(folder: String?, digits: Int) {
        self.folder = folder
        self.digits = digits
        if let folder {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                fail("cannot create the folder '\(folder)'", status: 1)
            }
        }
        buffer.reserveCapacity(1 << 17)
    }

    func write(_ text: String, index: Int) {
        guard let folder else {
            buffer.append(contentsOf: text.utf8)
            buffer.append(10)
            if buffer.count >= 1 << 16 { flush() }
            return
        }
        let path = folder + "/submission-" + SubmissionGenerator.padded(index + 1, digits) + ".json"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { fail("cannot write '\(path)'", status: 1) }
        var bytes = Array(text.utf8)
        bytes.append(10)
        guard CohortWriter.writeAll(fd, bytes) else { fail("cannot write '\(path)'", status: 1) }
        close(fd)
    }

    func finish() { flush() }

    private func flush() {
        guard !buffer.isEmpty else { return }
        guard CohortWriter.writeAll(1, buffer) else { exit(1) }
        buffer.removeAll(keepingCapacity: true)
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
    }
}
