import Foundation
import Testing

/// Runs the examples in a Markdown document with the built binary and compares their output with
/// the output the document shows. The convention (docs/testing.md describes it for authors):
///
/// - A ```` ```console ```` block holds commands, each on a line starting `$ `, each followed by the
///   output it prints (stdout and stderr together, as in a terminal). A line `...` in the output
///   stands for any number of lines; a last line `(exit status N)` gives a non-zero exit status
///   (without it the command must exit 0). The only normalisation: a CRLF line end (CSV output)
///   is compared as a plain line break.
/// - ```` ```console {not-run: REASON} ```` shows commands that are not run (only where running is
///   impossible); the reason is reported.
/// - A block whose info string has `title="PATH"` (e.g. ```` ```json title="portfolio.json" ````)
///   writes its text to PATH before the next command runs; `append="PATH"` appends to it.
/// - Commands run with `/bin/sh` in a scratch folder holding a copy of the repository's `Rules/`,
///   `Samples/` and `Tests/fixtures/`, so paths read as from the repository root and files the
///   examples write are thrown away. Each command starts with `mark` or `mark-cohort` (after
///   any `NAME=value` settings); stdin is empty unless the command redirects it.
enum DocExamples {
    enum Step: Equatable {
        case write(path: String, text: String, append: Bool, line: Int)
        case run(command: String, expected: [String], status: Int32, line: Int)
        case notRun(command: String, reason: String, line: Int)
    }

    /// The repository's top-level entries copied into every scratch folder.
    static let copied = ["Rules", "Samples", "Tests/fixtures"]

    /// Every document whose examples are run: README.md and docs/*.md, as repository-relative paths.
    static var documents: [String] {
        let docs = (try? FileManager.default.contentsOfDirectory(atPath: MarkProcess.packageRoot + "/docs")) ?? []
        return ["README.md"] + docs.filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
    }

    /// An opening fence: the language, then the rest of the info string.
    static let fence = try! NSRegularExpression(pattern: #"^```(\S*)\s*(.*)$"#)
    static let fileAttribute = try! NSRegularExpression(pattern: #"^(title|append)="([^"]+)"$"#)
    static let notRunAttribute = try! NSRegularExpression(pattern: #"^\{not-run:\s*([^}]*\S)\s*\}$"#)

    /// A fenced block: its language, the rest of its info string, its lines, and the line number of
    /// its opening fence.
    struct Block {
        var language: String
        var info: String
        var body: [String]
        var line: Int
    }

    static func blocks(_ markdown: String) -> [Block] {
        let lines = markdown.components(separatedBy: "\n")
        var blocks: [Block] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            if let m = fence.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) {
                let language = String(line[Range(m.range(at: 1), in: line)!])
                let info = String(line[Range(m.range(at: 2), in: line)!])
                let start = i + 1
                var body: [String] = []
                i += 1
                while i < lines.count, lines[i] != "```" {
                    body.append(lines[i])
                    i += 1
                }
                blocks.append(Block(language: language, info: info, body: body, line: start))
            }
            i += 1
        }
        return blocks
    }

    /// The steps of a document, in order, and the problems with its examples' markup.
    static func steps(_ markdown: String) -> (steps: [Step], problems: [String]) {
        var steps: [Step] = []
        var problems: [String] = []
        for block in blocks(markdown) {
            let info = block.info
            let range = NSRange(info.startIndex..., in: info)
            if let m = fileAttribute.firstMatch(in: info, range: range) {
                let mode = String(info[Range(m.range(at: 1), in: info)!])
                let path = String(info[Range(m.range(at: 2), in: info)!])
                let text = block.body.joined(separator: "\n") + "\n"
                steps.append(.write(path: path, text: text, append: mode == "append", line: block.line))
                continue
            }
            guard block.language == "console" else { continue }
            var reason: String?
            if let m = notRunAttribute.firstMatch(in: info, range: range) {
                reason = String(info[Range(m.range(at: 1), in: info)!])
            } else if !info.isEmpty {
                problems.append("line \(block.line): unknown console attribute '\(info)'; use {not-run: REASON}")
            }
            var command: (String, Int)?
            var expected: [String] = []
            func flush() {
                guard let (c, l) = command else { return }
                if let reason {
                    steps.append(.notRun(command: c, reason: reason, line: l))
                    return
                }
                var status: Int32 = 0
                if let last = expected.last, last.hasPrefix("(exit status "), last.hasSuffix(")"),
                    let n = Int32(last.dropFirst("(exit status ".count).dropLast())
                {
                    status = n
                    expected.removeLast()
                }
                steps.append(.run(command: c, expected: expected, status: status, line: l))
            }
            for (offset, line) in block.body.enumerated() {
                if line.hasPrefix("$ ") {
                    flush()
                    command = (String(line.dropFirst(2)), block.line + 1 + offset)
                    expected = []
                } else if command == nil {
                    problems.append("line \(block.line + 1 + offset): output before the first '$ ' command")
                } else {
                    expected.append(line)
                }
            }
            if command == nil { problems.append("line \(block.line): a console block without a '$ ' command") }
            flush()
        }
        return (steps, problems)
    }

    /// Whether `actual` matches `expected`, where a line `...` matches any run of lines.
    static func matches(_ expected: [String], _ actual: [String]) -> Bool {
        var memo: [Int: Bool] = [:]
        func match(_ i: Int, _ j: Int) -> Bool {
            let key = i * (actual.count + 1) + j
            if let m = memo[key] { return m }
            let result: Bool
            if i == expected.count {
                result = j == actual.count
            } else if expected[i] == "..." {
                result = match(i + 1, j) || (j < actual.count && match(i, j + 1))
            } else {
                result = j < actual.count && expected[i] == actual[j] && match(i + 1, j + 1)
            }
            memo[key] = result
            return result
        }
        return match(0, 0)
    }

    /// Whether a command is one the examples may run: `mark` or `mark-cohort`, after any
    /// `NAME=value` settings.
    static func runsMark(_ command: String) -> Bool {
        var words = command.split(separator: " ")[...]
        while let first = words.first, first.contains("="), !first.hasPrefix("-") { words = words.dropFirst() }
        return words.first == "mark" || words.first == "mark-cohort"
    }

    /// Runs `command` with /bin/sh in `directory`, stdout and stderr into one pipe, stdin empty.
    static func shell(_ command: String, in directory: String) throws -> (output: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env.removeValue(forKey: "MARK_RULES")
        env.removeValue(forKey: "MARK_PSEUDONYM_KEY")
        let binaryFolder = (MarkProcess.binary as NSString).deletingLastPathComponent
        env["PATH"] = binaryFolder + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try pipe.fileHandleForWriting.close()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }

    struct Summary {
        var commands = 0
        var files = 0
        var notRun: [String] = []
    }

    /// Runs every example of `document` (a repository-relative path) in a fresh scratch folder,
    /// recording an issue for each command whose output or exit status differs from the one shown.
    @discardableResult
    static func run(_ document: String) throws -> Summary {
        var summary = Summary()
        guard FileManager.default.isExecutableFile(atPath: MarkProcess.binary) else {
            Issue.record("no built mark at \(MarkProcess.binary)")
            return summary
        }
        let markdown = try String(contentsOfFile: MarkProcess.packageRoot + "/" + document, encoding: .utf8)
        let (steps, problems) = Self.steps(markdown)
        for problem in problems { Issue.record("\(document): \(problem)") }
        guard steps.contains(where: { if case .run = $0 { true } else { false } }) else {
            for case .notRun(_, let reason, let line) in steps { summary.notRun.append("\(document):\(line): \(reason)") }
            return summary
        }
        let folder = NSTemporaryDirectory() + "mark-docs-\(UUID().uuidString)"
        let fm = FileManager.default
        try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? fm.removeItem(atPath: folder) }
        for entry in copied {
            let target = folder + "/" + entry
            try fm.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try fm.copyItem(atPath: MarkProcess.packageRoot + "/" + entry, toPath: target)
        }
        for step in steps {
            switch step {
            case .write(let path, let text, let append, let line):
                guard !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
                    Issue.record("\(document):\(line): '\(path)' is outside the scratch folder")
                    continue
                }
                let full = folder + "/" + path
                try fm.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                if append {
                    guard let handle = FileHandle(forWritingAtPath: full) else {
                        Issue.record("\(document):\(line): appends to \(path), which does not exist yet")
                        continue
                    }
                    handle.seekToEndOfFile()
                    handle.write(Data(text.utf8))
                    try handle.close()
                } else {
                    try text.write(toFile: full, atomically: true, encoding: .utf8)
                }
                summary.files += 1
            case .notRun(_, let reason, let line):
                summary.notRun.append("\(document):\(line): \(reason)")
            case .run(let command, let expected, let wantStatus, let line):
                guard runsMark(command) else {
                    Issue.record("\(document):\(line): '\(command)' is not a mark command; only mark and mark-cohort are run")
                    continue
                }
                let (output, status) = try shell(command, in: folder)
                // The one normalisation: CSV's CRLF line ends read as line breaks, as in a terminal.
                var actual = output.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
                if actual.last == "" { actual.removeLast() }
                #expect(
                    status == wantStatus,
                    "\(document):\(line): '\(command)' exited \(status), the document says \(wantStatus)\n\(output)")
                #expect(
                    matches(expected, actual),
                    "\(document):\(line): '\(command)' printed:\n\(output)\n--- the document shows:\n\(expected.joined(separator: "\n"))")
                summary.commands += 1
            }
        }
        return summary
    }
}
