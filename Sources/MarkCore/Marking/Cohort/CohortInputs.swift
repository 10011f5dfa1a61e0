import Foundation

/// The inputs of a `mark` run, expanded: files, folders (recursively, `*.json`, sorted by path)
/// and NDJSON streams, in the order they were named.
public struct CohortInputs {
    /// One input, after folders are expanded.
    enum Entry {
        /// A JSON file holding one submission; `outName` names its result file under `--out`.
        case file(path: String, outName: String)
        /// An NDJSON file, or `-` for standard input: one submission per line.
        case stream(path: String, outStem: String)
        /// Standard input holding one JSON submission.
        case standardInput
        /// Something in a folder that cannot be marked (a folder that cannot be read): an error
        /// record, so nothing is skipped silently.
        case unreadable(path: String, outName: String?, problem: Diagnostic)
    }

    var entries: [Entry] = []

    /// The number of submissions, when no stream is among the inputs.
    public var total: Int? {
        var n = 0
        for e in entries {
            if case .stream = e { return nil }
            n += 1
        }
        return n
    }

    /// Expands the paths named on the command line: `-` is standard input, a folder gives its
    /// `*.json` files, `*.ndjson` and `*.jsonl` files are streams of lines, anything else one
    /// submission. `ndjson` reads `-`, and every file named directly, as a stream of lines.
    public init(_ paths: [String], ndjson: Bool) {
        for path in paths {
            if path == "-" {
                entries.append(ndjson ? .stream(path: "-", outStem: "stdin") : .standardInput)
                continue
            }
            var info = stat()
            if stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
                let root = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
                entries += CohortInputs.submissionEntries(under: root)
            } else if path.hasSuffix(".ndjson") || path.hasSuffix(".jsonl") || ndjson {
                entries.append(.stream(path: path, outStem: CohortInputs.stem(of: path)))
            } else {
                entries.append(.file(path: path, outName: CohortInputs.resultName((path as NSString).lastPathComponent)))
            }
        }
    }

    /// Two inputs whose result files under `--out` would clash: the same name, a name one of
    /// them uses as a folder, or a file named like a line of an NDJSON input
    /// (`x.line3.json` and line 3 of `x.ndjson`). The first clash found, if any.
    public func collision() -> (name: String, first: String, second: String)? {
        var files: [String: String] = [:]  // result name → input
        var streams: [String: String] = [:]  // stem → input
        var order: [(name: String, input: String)] = []
        for e in entries {
            switch e {
            case .file(let p, let out), .unreadable(let p, let out?, _):
                if let first = files[out] { return (out, first, p) }
                files[out] = p
                order.append((out, p))
            case .standardInput:
                if let first = files["stdin.result.json"] { return ("stdin.result.json", first, "-") }
                files["stdin.result.json"] = "-"
                order.append(("stdin.result.json", "-"))
            case .stream(let p, let stem):
                if let first = streams[stem] { return (stem + ".lineN.result.json", first, p) }
                streams[stem] = p
            case .unreadable: break
            }
        }
        for (name, input) in order {
            // A folder on the way to this file that is another input's result file.
            var prefix = Substring(name)
            while let slash = prefix.lastIndex(of: "/") {
                prefix = prefix[..<slash]
                if let other = files[String(prefix)] { return (String(prefix), other, input) }
            }
            // The result name of an NDJSON line: STEM.lineN.result.json, N without leading zeros.
            let top = name.split(separator: "/", maxSplits: 1).first.map(String.init) ?? name
            if let (stem, line) = CohortInputs.streamLine(top), let stream = streams[stem] {
                return (CohortInputs.resultName(stem: stem, line: line), stream, input)
            }
        }
        return nil
    }

    /// `week2.line17.result.json` → (`week2`, 17); nil for any other name.
    static func streamLine(_ name: String) -> (stem: String, line: Int)? {
        guard name.hasSuffix(".result.json") else { return nil }
        let base = name.dropLast(".result.json".count)
        guard let marker = base.range(of: ".line", options: .backwards) else { return nil }
        let digits = base[marker.upperBound...]
        guard let first = digits.first, first != "0", digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(digits) else { return nil }
        return (String(base[..<marker.lowerBound]), n)
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

    /// The entries for a folder: every `*.json` entry below it, recursively, sorted by path.
    /// Hidden entries (names starting with `.`, such as temporary files) and `*.result.json`
    /// files are skipped. Symbolic links to folders are followed, but each folder (by device
    /// and inode) is walked once, so a link loop cannot repeat files. A `*.json` entry that is
    /// not a regular file (a broken link, a FIFO, a device) is kept: reading it makes the error
    /// record. A folder that cannot be opened is an error record.
    static func submissionEntries(under root: String) -> [Entry] {
        var found: [Entry] = []
        var visited: Set<[UInt64]> = []
        var pending = [""]
        func identity(_ path: String) -> [UInt64]? {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            return [UInt64(info.st_dev), UInt64(info.st_ino)]
        }
        if let id = identity(root) { visited.insert(id) }
        while let relative = pending.popLast() {
            let folder = relative.isEmpty ? root : root + "/" + relative
            guard let dir = opendir(folder) else {
                let message = "cannot read the folder: \(String(cString: strerror(errno)))"
                found.append(.unreadable(path: folder, outName: nil, problem: InputFile.problem(folder, "unreadable-folder", message)))
                continue
            }
            var folders: [String] = []
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name.hasPrefix(".") { continue }
                let child = relative.isEmpty ? name : relative + "/" + name
                var isDirectory = entry.pointee.d_type == UInt8(DT_DIR)
                if entry.pointee.d_type == UInt8(DT_UNKNOWN) || entry.pointee.d_type == UInt8(DT_LNK) {
                    var info = stat()
                    isDirectory = stat(root + "/" + child, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
                }
                if isDirectory {
                    folders.append(child)
                } else if name.hasSuffix(".json") && !name.hasSuffix(".result.json") {
                    found.append(.file(path: root + "/" + child, outName: resultName(child)))
                }
            }
            closedir(dir)
            // Depth first in name order, so which path reaches a folder linked twice does not
            // depend on the order the file system lists entries in.
            for child in folders.sorted().reversed() {
                if let id = identity(root + "/" + child), visited.insert(id).inserted { pending.append(child) }
            }
        }
        func path(_ e: Entry) -> String {
            switch e {
            case .file(let p, _), .unreadable(let p, _, _), .stream(let p, _): return p
            case .standardInput: return "-"
            }
        }
        return found.sorted { path($0) < path($1) }
    }

    /// The relative paths of the submission files under a folder (see `submissionEntries`).
    static func submissionFiles(under root: String) -> [String] {
        submissionEntries(under: root).compactMap { entry in
            if case .file(let path, _) = entry { return String(path.dropFirst(root.count + 1)) }
            return nil
        }
    }

    /// Reads a whole submission file: regular files only, at most `limit` bytes.
    static func readFile(_ path: String, limit: Int) -> Result<[UInt8], Diagnostic> {
        InputFile.contents(path, limit: limit)
    }
}

/// Reads an NDJSON stream line by line through one reusable buffer. A line longer than the
/// size limit is skipped to its end (and reported), so the buffer stays within about twice
/// the limit whatever the stream holds.
final class CohortLineReader {
    private let fd: Int32
    private let closeWhenDone: Bool
    private let limit: Int
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var atEnd = false
    /// The 1-based number of the line last returned.
    private(set) var lineNumber = 0
    /// Set when reading failed part-way.
    private(set) var failed = false

    init(fd: Int32, closeWhenDone: Bool, limit: Int = InputFile.defaultLimit) {
        self.fd = fd
        self.closeWhenDone = closeWhenDone
        self.limit = limit
        buffer = [UInt8](repeating: 0, count: 1 << 16)
    }

    deinit {
        if closeWhenDone { close(fd) }
    }

    /// The next line that is not blank, without its line terminator, and its line number;
    /// `oversized` (and no bytes) for a line longer than the limit.
    func next() -> (bytes: [UInt8], line: Int, oversized: Bool)? {
        while true {
            guard let (line, oversized) = nextLine() else { return nil }
            lineNumber += 1
            if oversized { return ([], lineNumber, true) }
            if line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) { return (line, lineNumber, false) }
        }
    }

    private func copy(_ from: Int, _ to: Int) -> [UInt8] {
        buffer.withUnsafeBufferPointer { b in [UInt8](UnsafeBufferPointer(rebasing: b[from..<to])) }
    }

    private func nextLine() -> (bytes: [UInt8], oversized: Bool)? {
        var skipping = false
        while true {
            let found = buffer.withUnsafeBufferPointer { b -> Int? in
                guard end > start, let hit = memchr(b.baseAddress! + start, 0x0A, end - start) else { return nil }
                return UnsafeRawPointer(hit) - UnsafeRawPointer(b.baseAddress!)
            }
            if let newline = found {
                defer { start = newline + 1 }
                if skipping || newline - start > limit { return ([], true) }
                return (copy(start, newline), false)
            }
            if atEnd {
                guard end > start || skipping else { return nil }
                defer { start = end }
                if skipping || end - start > limit { return ([], true) }
                return (copy(start, end), false)
            }
            if end - start > limit {
                // Too long already: drop what is buffered and read on to the line's end.
                skipping = true
                start = 0
                end = 0
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
