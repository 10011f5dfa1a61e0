import Foundation
import Testing

/// Submissions are read only from regular files (and stdin), never more than --max-size bytes:
/// a FIFO, a device or a link to one is an error at once (docs/limits.md).
@Suite struct InputLimitTests {
    static let sample = "Samples/exceeding-expectations-merit-kettle-and-courier.json"
    static let notRegular = "only regular files are read as submissions"

    static func folder() throws -> String {
        let root = NSTemporaryDirectory() + "mark-input-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return root
    }

    @Test func aDeviceIsNotReadAsASubmission() throws {
        let r = try MarkProcess.run(["/dev/zero"])
        #expect(r.status == 1)
        #expect(r.stderr == "/dev/zero: error: not a regular file (a character device); \(Self.notRegular)\n")
        let explain = try MarkProcess.run(["explain", "/dev/zero"])
        #expect(explain.status == 1)
        #expect(explain.stderr == "/dev/zero: error: not a regular file (a character device); \(Self.notRegular)\n")
    }

    @Test func aLinkToADeviceIsNotReadEither() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createSymbolicLink(atPath: root + "/zero.json", withDestinationPath: "/dev/zero")
        try FileManager.default.createSymbolicLink(atPath: root + "/zero.ndjson", withDestinationPath: "/dev/zero")
        let r = try MarkProcess.run([root + "/zero.json"])
        #expect(r.status == 1)
        #expect(r.stderr == "\(root)/zero.json: error: not a regular file (a character device); \(Self.notRegular)\n")
        let stream = try MarkProcess.run([root + "/zero.ndjson", "--format", "json"])
        #expect(stream.status == 1)
        #expect(stream.stderr.hasPrefix("\(root)/zero.ndjson: error: not a regular file (a character device); \(Self.notRegular)\n"))
    }

    @Test func aFIFOIsRefusedWithoutBlocking() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for name in ["pipe.json", "pipe.ndjson"] {
            #expect(mkfifo(root + "/" + name, 0o600) == 0)
            // Nothing ever writes to the FIFO: reading it would block for ever.
            let r = try MarkProcess.run([root + "/" + name])
            #expect(r.status == 1)
            #expect(r.stderr.hasPrefix("\(root)/\(name): error: not a regular file (a FIFO); \(Self.notRegular)\n"))
        }
    }

    @Test func aFileOverTheLimitIsAnError() throws {
        let r = try MarkProcess.run(["--max-size", "1K", Self.sample])
        #expect(r.status == 1)
        #expect(r.stderr == "\(Self.sample): error: larger than the limit of 1K (1024 bytes) for a submission; raise it with --max-size\n")
        let fits = try MarkProcess.run(["--max-size", "64k", Self.sample])
        #expect(fits.status == 0, "\(fits.stderr)")
    }

    @Test func standardInputIsBoundedToo() throws {
        // /dev/zero on stdin never ends: the limit stops it after limit + 1 bytes.
        let r = try MarkProcess.run(["-", "--max-size", "1M"], stdinFile: "/dev/zero")
        #expect(r.status == 1)
        #expect(r.stderr == "<stdin>: error: larger than the limit of 1M (1048576 bytes) for a submission; raise it with --max-size\n")
        let text = try String(contentsOfFile: Self.sample, encoding: .utf8)
        let small = try MarkProcess.run(["-", "--max-size", "100"], stdin: text)
        #expect(small.status == 1)
        #expect(small.stderr == "<stdin>: error: larger than the limit of 100 bytes for a submission; raise it with --max-size\n")
    }

    @Test func anNDJSONLineOverTheLimitIsOneFailure() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let compact = try Self.compact(Self.sample)
        let long = "{\"format\": \"evidence/1\", \"padding\": \"" + String(repeating: "x", count: 5000) + "\"}"
        try (compact + "\n" + long + "\n" + compact + "\n").write(toFile: root + "/week.ndjson", atomically: false, encoding: .utf8)
        let r = try MarkProcess.run([root + "/week.ndjson", "--format", "csv", "--max-size", "4K"])
        #expect(r.status == 1)
        let rows = r.stdout.split(separator: "\n").map(String.init)
        #expect(rows.count == 4)
        #expect(rows[2].hasSuffix(",\(root)/week.ndjson:2,larger than the limit of 4K (4096 bytes) for a submission; raise it with --max-size"))
        #expect(r.stderr.hasPrefix("\(root)/week.ndjson:2: error: larger than the limit of 4K (4096 bytes) for a submission; raise it with --max-size\n"))
        #expect(r.stderr.contains("3 submissions: 2 marked, 1 failed"))
    }

    @Test func badSizesAreUsageErrors() throws {
        for bad in ["0", "-1", "12Q", "M", "1.5M", "99999999999999999999"] {
            let r = try MarkProcess.run([Self.sample, "--max-size", bad])
            #expect(r.status == 64, "\(bad)")
            #expect(
                r.stderr == "mark: '--max-size' takes a positive number of bytes, optionally with K, M or G (64M, 1G), not '\(bad)'\n"
                    + "Run 'mark mark --help' for usage.\n")
        }
    }

    /// A sample as one line of JSON.
    static func compact(_ path: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: MarkProcess.packageRoot + "/" + path))
        let object = try JSONSerialization.jsonObject(with: data)
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
}

/// Rules files, plan, decisions and result files and every standard input are bounded too.
@Suite struct RuleInputLimitTests {
    @Test func aFIFONamedAsRulesIsRefusedWithoutBlocking() throws {
        let root = try InputLimitTests.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fifo = root + "/x.rules"
        #expect(mkfifo(fifo, 0o600) == 0)
        let check = try MarkProcess.run(["check", fifo])
        #expect(check.status == 1)
        #expect(check.stderr.hasPrefix("\(fifo): error: not a regular file (a FIFO); only regular files are read as rules files\n"), "\(check.stderr)")
        let mark = try MarkProcess.run(["--rules", fifo, InputLimitTests.sample])
        #expect(mark.status == 1)
        #expect(mark.stderr.hasPrefix("\(fifo): error: not a regular file (a FIFO); only regular files are read as rules files\n"), "\(mark.stderr)")
    }

    @Test func standardInputOfCheckAndFmtIsBounded() throws {
        let huge = String(repeating: "#", count: (16 << 20) + 1)
        let check = try MarkProcess.run(["check", "-"], stdin: huge)
        #expect(check.status == 1)
        #expect(check.stderr.hasPrefix("<stdin>: error: larger than the limit of 16M for rules files\n"), "\(check.stderr.prefix(200))")
        let fmt = try MarkProcess.run(["fmt", "-"], stdin: huge)
        #expect(fmt.status == 1)
        #expect(fmt.stdout.isEmpty)
        #expect(fmt.stderr.hasPrefix("<stdin>: error: larger than the limit of 16M for rules files\n"), "\(fmt.stderr.prefix(200))")
    }

    @Test func aDeviceNamedAsADecisionsFileIsRefused() throws {
        let r = try MarkProcess.run(["agree", "Tests/fixtures/moderation/results", "/dev/zero"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("/dev/zero: error: not a regular file (a character device); only regular files are read as decisions files"), "\(r.stderr)")
    }
}
