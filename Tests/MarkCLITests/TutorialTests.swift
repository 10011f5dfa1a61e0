import Foundation
import Testing

/// Runs docs/tutorial.md: writes every file it shows (```` ```rules title="tutorial/x.rules" ````
/// writes a file, `append="…"` appends to one) into an empty folder, runs every `$ mark …` line
/// of its ```` ```console ```` blocks there with the built binary, and compares the output
/// (stdout and stderr together, as in a terminal). A line `...` in the expected output stands
/// for any number of lines; a last line `(exit status N)` gives a non-zero exit status.
@Suite struct TutorialTests {
    enum Step {
        case write(path: String, text: String, append: Bool, line: Int)
        case run(command: String, expected: [String], line: Int)
    }

    static func steps(_ markdown: String) -> [Step] {
        let lines = markdown.components(separatedBy: "\n")
        var steps: [Step] = []
        var i = 0
        let fileBlock = try! NSRegularExpression(pattern: #"^```\w+\s+(title|append)="([^"]+)"\s*$"#)
        while i < lines.count {
            let line = lines[i]
            let range = NSRange(line.startIndex..., in: line)
            if let m = fileBlock.firstMatch(in: line, range: range) {
                let mode = String(line[Range(m.range(at: 1), in: line)!])
                let path = String(line[Range(m.range(at: 2), in: line)!])
                var body: [String] = []
                i += 1
                while i < lines.count, lines[i] != "```" {
                    body.append(lines[i])
                    i += 1
                }
                steps.append(.write(path: path, text: body.joined(separator: "\n") + "\n", append: mode == "append", line: i))
            } else if line == "```console" {
                i += 1
                var command: (String, Int)?
                var expected: [String] = []
                while i < lines.count, lines[i] != "```" {
                    if lines[i].hasPrefix("$ ") {
                        if let (c, l) = command { steps.append(.run(command: c, expected: expected, line: l)) }
                        command = (String(lines[i].dropFirst(2)), i + 1)
                        expected = []
                    } else {
                        expected.append(lines[i])
                    }
                    i += 1
                }
                if let (c, l) = command { steps.append(.run(command: c, expected: expected, line: l)) }
            }
            i += 1
        }
        return steps
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

    static func shell(_ command: String, in directory: String) throws -> (output: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command + " 2>&1"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env.removeValue(forKey: "MARK_RULES")
        let binaryFolder = (MarkProcess.binary as NSString).deletingLastPathComponent
        env["PATH"] = binaryFolder + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }

    @Test func everyCommandInTheTutorialGivesTheOutputShown() throws {
        guard FileManager.default.isExecutableFile(atPath: MarkProcess.binary) else {
            Issue.record("no built mark at \(MarkProcess.binary)")
            return
        }
        let markdown = try String(contentsOfFile: MarkProcess.packageRoot + "/docs/tutorial.md", encoding: .utf8)
        let steps = Self.steps(markdown)
        let folder = NSTemporaryDirectory() + "mark-tutorial-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var commands = 0
        var files = 0
        for step in steps {
            switch step {
            case .write(let path, let text, let append, let line):
                #expect(!path.hasPrefix("/") && !path.contains(".."), "docs/tutorial.md:\(line): files stay in the tutorial folder")
                let full = folder + "/" + path
                try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                if append, let handle = FileHandle(forWritingAtPath: full) {
                    handle.seekToEndOfFile()
                    handle.write(Data(text.utf8))
                    try handle.close()
                } else {
                    #expect(!append, "docs/tutorial.md:\(line): appends to \(path), which does not exist yet")
                    try text.write(toFile: full, atomically: true, encoding: .utf8)
                }
                files += 1
            case .run(let command, var expected, let line):
                #expect(command.hasPrefix("mark "), "docs/tutorial.md:\(line): only mark commands are run")
                var wantStatus: Int32 = 0
                if let last = expected.last, last.hasPrefix("(exit status "), last.hasSuffix(")"),
                    let n = Int32(last.dropFirst("(exit status ".count).dropLast())
                {
                    wantStatus = n
                    expected.removeLast()
                }
                let (output, status) = try Self.shell(command, in: folder)
                var actual = output.components(separatedBy: "\n")
                if actual.last == "" { actual.removeLast() }
                #expect(status == wantStatus, "docs/tutorial.md:\(line): '\(command)' exited \(status), the tutorial says \(wantStatus)\n\(output)")
                #expect(
                    Self.matches(expected, actual),
                    "docs/tutorial.md:\(line): '\(command)' printed:\n\(output)\n--- the tutorial shows:\n\(expected.joined(separator: "\n"))")
                commands += 1
            }
        }
        #expect(commands >= 10, "the tutorial runs its commands")
        #expect(files >= 4, "the tutorial writes its files")
    }

    @Test func ellipsisMatchesAnyRunOfLines() {
        #expect(Self.matches(["a", "...", "d"], ["a", "b", "c", "d"]))
        #expect(Self.matches(["a", "...", "d"], ["a", "d"]))
        #expect(Self.matches(["..."], []))
        #expect(!Self.matches(["a", "...", "d"], ["a", "b", "c"]))
        #expect(!Self.matches(["a"], ["a", "b"]))
    }

    @Test func stepsAreExtractedInOrder() {
        let md = """
            ```rules title="t/a.rules"
            x
            ```
            ```console
            $ mark check t
            ok
            $ mark fmt --check t
            ```
            ```tests append="t/a.tests"
            y
            ```
            """
        let steps = Self.steps(md)
        #expect(steps.count == 4)
        if case .write(let path, let text, let append, _) = steps[0] {
            #expect(path == "t/a.rules" && text == "x\n" && !append)
        } else {
            Issue.record("first step is not a file")
        }
        if case .run(let command, let expected, _) = steps[1] {
            #expect(command == "mark check t" && expected == ["ok"])
        } else {
            Issue.record("second step is not a command")
        }
        if case .run(let command, let expected, _) = steps[2] {
            #expect(command == "mark fmt --check t" && expected.isEmpty)
        } else {
            Issue.record("third step is not a command")
        }
        if case .write(_, _, let append, _) = steps[3] { #expect(append) } else { Issue.record("fourth step is not a file") }
    }
}
