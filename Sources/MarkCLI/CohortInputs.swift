import Foundation
import MarkCore

/// The inputs of a `mark` run, expanded: files, folders (recursively, `*.json`, sorted by path)
/// and NDJSON streams, in the order they were named.
struct CohortInputs {
    /// One input, after folders are expanded.
    enum Entry {
        /// A JSON file holding one submission; `outName` names its result file under `--out`.
        case file(path: String, outName: String)
        /// An NDJSON file, or `-` for standard input: one submission per line.
        case stream(path: String, outStem: String)
        /// Standard input holding one JSON submission.
        case standardInput
    }

    var entries: [Entry] = []

    /// The number of submissions, when no stream is among the inputs.
    var total: Int? {
        var n = 0
        for e in entries {
            if case .stream = e { return nil }
            n += 1
        }
        return n
    }

    /// Expands the paths named on the command line. `ndjson` reads `-` as a stream of lines.
    init(_ paths: [String], ndjson: Bool) {
        for path in paths {
            if path == "-" {
                entries.append(ndjson ? .stream(path: "-", outStem: "stdin") : .standardInput)
                continue
            }
            var info = stat()
            if stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
                let root = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
                for relative in CohortInputs.submissionFiles(under: root) {
                    entries.append(.file(path: root + "/" + relative, outName: CohortInputs.resultName(relative)))
                }
            } else if path.hasSuffix(".ndjson") || path.hasSuffix(".jsonl") || ndjson {
                entries.append(.stream(path: path, outStem: CohortInputs.stem(of: path)))
            } else {
                entries.append(.file(path: path, outName: CohortInputs.resultName((path as NSString).lastPathComponent)))
            }
        }
    }

    /// The first result name two inputs would share under `--out`, if any.
    func collision() -> (name: String, first: String, second: String)? {
        var seen: [String: String] = [:]
        for e in entries {
            let (key, path): (String, String)
            switch e {
            case .file(let p, let out): (key, path) = (out, p)
            case .stream(let p, let stem): (key, path) = (stem + ".line*", p)
            case .standardInput: (key, path) = ("stdin.result.json", "-")
            }
            if let first = seen[key] { return (key, first, path) }
            seen[key] = path
        }
        return nil
    }

    /// `a/b.json` → `a/b.result.json`; other names get `.result.json` appended.
    static func resultName(_ relative: String) -> String {
        (relative.hasSuffix(".json") ? String(relative.dropLast(5)) : relative) + ".result.json"
    }

    /// The result name of line `line` of a stream.
    static func resultName(stem: String, line: Int) -> String { stem + ".line" + String(line) + ".result.json" }

    /// `cohort/week1.ndjson` → `week1`.
    static func stem(of path: String) -> String {
        let name = (path as NSString).lastPathComponent
        for suffix in [".ndjson", ".jsonl", ".json"] where name.hasSuffix(suffix) { return String(name.dropLast(suffix.count)) }
        return name
    }

    /// Relative paths of the `*.json` files under a folder, recursively, sorted. Hidden entries
    /// (names starting with `.`, such as temporary files) and `*.result.json` files are skipped.
    static func submissionFiles(under root: String) -> [String] {
        var found: [String] = []
        var pending = [""]
        while let relative = pending.popLast() {
            let folder = relative.isEmpty ? root : root + "/" + relative
            guard let dir = opendir(folder) else { continue }
            defer { closedir(dir) }
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name.hasPrefix(".") { continue }
                let child = relative.isEmpty ? name : relative + "/" + name
                var isDirectory = entry.pointee.d_type == UInt8(DT_DIR)
                var isFile = entry.pointee.d_type == UInt8(DT_REG)
                if entry.pointee.d_type == UInt8(DT_UNKNOWN) || entry.pointee.d_type == UInt8(DT_LNK) {
                    var info = stat()
                    if stat(root + "/" + child, &info) == 0 {
                        isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
                        isFile = (info.st_mode & S_IFMT) == S_IFREG
                    }
                }
                if isDirectory {
                    pending.append(child)
                } else if isFile && name.hasSuffix(".json") && !name.hasSuffix(".result.json") {
                    found.append(child)
                }
            }
        }
        return found.sorted()
    }

    /// Reads a whole file with one `read` per chunk; the messages match `RuleLoader.readFile`.
    static func readFile(_ path: String) -> Result<[UInt8], Diagnostic> {
        let fd = open(path, O_RDONLY)
        func problem(_ id: String, _ message: String) -> Result<[UInt8], Diagnostic> {
            .failure(Diagnostic(.error, id: id, message, path: path, range: 0..<0))
        }
        guard fd >= 0 else {
            return errno == ENOENT ? problem("file-not-found", "no such file") : problem("unreadable-file", "cannot read the file")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return problem("unreadable-file", "cannot read the file") }
        if (info.st_mode & S_IFMT) == S_IFDIR { return problem("is-a-directory", "is a directory, not a file") }
        var bytes = [UInt8](repeating: 0, count: max(0, Int(info.st_size)))
        var filled = 0
        while filled < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return problem("unreadable-file", "cannot read the file") }
            if n == 0 { break }
            filled += n
        }
        if filled < bytes.count { bytes.removeSubrange(filled...) }
        // The file may have grown since fstat (or be a pipe with size 0): read the rest in chunks.
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return problem("unreadable-file", "cannot read the file") }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return .success(bytes)
    }
}

/// Reads an NDJSON stream line by line through one reusable buffer.
final class CohortLineReader {
    private let fd: Int32
    private let closeWhenDone: Bool
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var atEnd = false
    /// The 1-based number of the line last returned.
    private(set) var lineNumber = 0
    /// Set when reading failed part-way.
    private(set) var failed = false

    init(fd: Int32, closeWhenDone: Bool) {
        self.fd = fd
        self.closeWhenDone = closeWhenDone
        buffer = [UInt8](repeating: 0, count: 1 << 16)
    }

    deinit {
        if closeWhenDone { close(fd) }
    }

    /// The next line that is not blank, without its line terminator, and its line number.
    func next() -> (bytes: [UInt8], line: Int)? {
        while true {
            guard let line = nextLine() else { return nil }
            lineNumber += 1
            if line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) { return (line, lineNumber) }
        }
    }

    private func copy(_ from: Int, _ to: Int) -> [UInt8] {
        buffer.withUnsafeBufferPointer { b in [UInt8](UnsafeBufferPointer(rebasing: b[from..<to])) }
    }

    private func nextLine() -> [UInt8]? {
        while true {
            let found = buffer.withUnsafeBufferPointer { b -> Int? in
                guard end > start, let hit = memchr(b.baseAddress! + start, 0x0A, end - start) else { return nil }
                return UnsafeRawPointer(hit) - UnsafeRawPointer(b.baseAddress!)
            }
            if let newline = found {
                let line = copy(start, newline)
                start = newline + 1
                return line
            }
            if atEnd {
                guard end > start else { return nil }
                let line = copy(start, end)
                start = end
                return line
            }
            if start > 0 {
                buffer.withUnsafeMutableBufferPointer { b in
                    _ = memmove(b.baseAddress!, b.baseAddress! + start, end - start)
                }
                end -= start
                start = 0
            }
            if end == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + end, $0.count - end) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { failed = true }
            if n <= 0 { atEnd = true } else { end += n }
        }
    }
}
