import Foundation
import MarkTestSupport
import Testing

/// The hostile-input corpus (Tests/MarkCLITests/Hostile, described in its README.md): each case
/// folder holds the inputs (`in/`), a `case` file saying how to run the built `mark` over them,
/// and the exact expected `expected.stdout`, `expected.stderr` and `expected.status`. Record
/// them with MARK_RECORD=1, then read every recorded file: it must show the correct, safe
/// behaviour.
@Suite struct HostileCorpusTests {
    static let corpus = MarkProcess.packageRoot + "/Tests/MarkCLITests/Hostile"

    /// Every case folder (each holds a `case` file), in name order.
    static let names: [String] = {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: corpus)) ?? []
        return entries.filter { FileManager.default.fileExists(atPath: corpus + "/" + $0 + "/case") }.sorted()
    }()

    @Test func theCorpusIsThere() {
        #expect(Self.names.count >= 25, "found \(Self.names.count) cases in \(Self.corpus)")
    }

    @Test(arguments: names) func hostileCase(_ name: String) throws {
        let spec = try HostileCase(folder: Self.corpus + "/" + name)
        let work = try spec.prepare()
        defer { try? FileManager.default.removeItem(atPath: work) }

        let started = Date()
        let r = try MarkProcess.run(
            spec.arguments.map { spec.substitute($0, work: work) }, environment: spec.environment, directory: work,
            stdout: spec.stdout, stdinFile: spec.stdin.map { $0.hasPrefix("/") ? $0 : work + "/" + $0 })
        let seconds = Date().timeIntervalSince(started)

        var stdout = spec.normalised(r.stdout, work: work)
        var stderr = spec.normalised(r.stderr, work: work)
        // A known wrong output is turned into the right one (so the rest is still compared
        // exactly) after recording, as a known issue, that it was there.
        for wrong in spec.knownWrong {
            withKnownIssue("\(name): \(wrong.issue)") {
                #expect(!stdout.contains(wrong.wrong) && !stderr.contains(wrong.wrong), "prints \(String(reflecting: wrong.wrong))")
            }
            stdout = stdout.replacingOccurrences(of: wrong.wrong, with: wrong.right)
            stderr = stderr.replacingOccurrences(of: wrong.wrong, with: wrong.right)
        }

        let check = {
            HostileCase.golden(stdout, against: spec.folder + "/expected.stdout")
            HostileCase.golden(stderr, against: spec.folder + "/expected.stderr")
            HostileCase.golden("\(r.status)\n", against: spec.folder + "/expected.status")
            if let limit = spec.within {
                #expect(seconds < limit, "took \(seconds) s, more than \(limit) s")
            }
            for secret in spec.absent {
                #expect(!(r.stdout + r.stderr).contains(secret), "prints \(String(reflecting: secret))")
            }
            if spec.noControls {
                #expect(HostileCase.controls(in: r.stdout).isEmpty, "control characters on stdout: \(HostileCase.controls(in: r.stdout))")
                #expect(HostileCase.controls(in: r.stderr).isEmpty, "control characters on stderr: \(HostileCase.controls(in: r.stderr))")
            }
            for (prefix, lines) in spec.prefixLines {
                let found = (r.stdout + r.stderr).split(separator: "\n", omittingEmptySubsequences: false).filter { $0.hasPrefix(prefix) }.map(String.init)
                #expect(found == lines, "lines starting with \(String(reflecting: prefix))")
            }
        }
        if let issue = spec.knownIssue {
            withKnownIssue("\(name): \(issue)") { check() }
        } else {
            check()
        }
    }
}

/// One case of the corpus, read from its `case` file: one directive a line, `#` comments.
///
///     run ARG…                     the arguments ('…' quotes a word with spaces; $ROOT is the
///                                  package root, $CASE the working folder)
///     use FILE [AS NAME]           copy Hostile/_shared/FILE into the working folder
///     link NAME -> TARGET          a symbolic link
///     fifo NAME                    a FIFO
///     grow NAME FROM TEMPLATE BYTES
///                                  a submission of at least BYTES bytes: TEMPLATE with @ITEMS@
///                                  replaced by copies of TEMPLATE.item (@N@ numbered), joined by ",\n"
///     stdin PATH                   standard input from a file (relative to the working folder) or device
///     stdout /dev/full | closed    standard output to a file, or to a pipe already closed
///     env NAME=VALUE               an environment variable
///     within SECONDS               the run must end within this time
///     absent TEXT                  neither stdout nor stderr contains TEXT
///     no-controls                  no control characters but line feeds on stdout or stderr
///     lines PREFIX => LINE | LINE  the lines of stdout and stderr starting with PREFIX, exactly
///     known-issue TEXT             the case is expected to fail, for the reason TEXT
///     known-wrong WRONG => RIGHT : TEXT
///                                  the output holds WRONG where it should hold RIGHT (TEXT says
///                                  why); a known issue, and compared as if it were right
///
/// Values in `absent`, `lines` and `known-wrong` take the escapes \n, \e (ESC) and \\.
struct HostileCase {
    struct KnownWrong {
        var wrong: String
        var right: String
        var issue: String
    }

    var folder: String
    var arguments: [String] = []
    var setup: [[String]] = []
    var environment: [String: String] = [:]
    var stdin: String?
    var stdout: MarkProcess.Redirect?
    var within: Double?
    var absent: [String] = []
    var noControls = false
    var prefixLines: [(String, [String])] = []
    var knownIssue: String?
    var knownWrong: [KnownWrong] = []

    init(folder: String) throws {
        self.folder = folder
        let text = try String(contentsOfFile: folder + "/case", encoding: .utf8)
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let (directive, rest) = Self.split(line)
            switch directive {
            case "run": arguments = try Self.words(rest)
            case "use", "link", "fifo", "grow": setup.append([directive] + (try Self.words(rest)))
            case "env":
                let parts = rest.split(separator: "=", maxSplits: 1).map(String.init)
                environment[parts[0]] = parts.count > 1 ? parts[1] : ""
            case "stdin": stdin = rest
            case "stdout": stdout = rest == "closed" ? .closedPipe : .file(rest)
            case "within": within = Double(rest)
            case "absent": absent.append(Self.unescaped(rest))
            case "no-controls": noControls = true
            case "lines":
                let parts = rest.components(separatedBy: " => ")
                prefixLines.append((Self.unescaped(parts[0]), parts.count > 1 ? parts[1].components(separatedBy: " | ").map(Self.unescaped) : []))
            case "known-issue": knownIssue = rest
            case "known-wrong":
                let sides = rest.components(separatedBy: " => ")
                let right = sides[1].components(separatedBy: " : ")
                knownWrong.append(KnownWrong(wrong: Self.unescaped(sides[0]), right: Self.unescaped(right[0]), issue: right.dropFirst().joined(separator: " : ")))
            default: throw MarkProcessError(message: "\(folder)/case: unknown directive '\(directive)'")
            }
        }
    }

    /// A fresh working folder holding a copy of `in/` and the setup's files.
    func prepare() throws -> String {
        let fm = FileManager.default
        let work = NSTemporaryDirectory() + "mark-hostile-\(UUID().uuidString)"
        if fm.fileExists(atPath: folder + "/in") {
            try fm.copyItem(atPath: folder + "/in", toPath: work)
        } else {
            try fm.createDirectory(atPath: work, withIntermediateDirectories: true)
        }
        for step in setup {
            switch step[0] {
            case "use":
                let name = step.count == 4 && step[2] == "as" ? step[3] : step[1]
                try fm.createDirectory(atPath: ((work + "/" + name) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try fm.copyItem(atPath: HostileCorpusTests.corpus + "/_shared/" + step[1], toPath: work + "/" + name)
            case "link":
                let path = work + "/" + step[1]
                try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try fm.createSymbolicLink(atPath: path, withDestinationPath: substitute(step[3], work: work))
            case "fifo":
                let path = work + "/" + step[1]
                try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                guard mkfifo(path, 0o600) == 0 else { throw MarkProcessError(message: "cannot make the FIFO \(path)") }
            case "grow":
                let template = try String(contentsOfFile: work + "/" + step[3], encoding: .utf8)
                let item = try String(contentsOfFile: work + "/" + step[3] + ".item", encoding: .utf8)
                    .trimmingCharacters(in: .newlines)
                let bytes = Int(step[4])!
                var items: [String] = []
                var size = template.utf8.count
                while size < bytes {
                    let one = item.replacingOccurrences(of: "@N@", with: String(items.count + 1))
                    items.append(one)
                    size += one.utf8.count + 2
                }
                try template.replacingOccurrences(of: "@ITEMS@", with: items.joined(separator: ",\n"))
                    .write(toFile: work + "/" + step[1], atomically: false, encoding: .utf8)
            default: break
            }
        }
        return work
    }

    func substitute(_ word: String, work: String) -> String {
        word.replacingOccurrences(of: "$ROOT", with: MarkProcess.packageRoot).replacingOccurrences(of: "$CASE", with: work)
    }

    /// The output with the working folder and the package root spelt $CASE and $ROOT.
    func normalised(_ text: String, work: String) -> String {
        var text = text
        let real = URL(fileURLWithPath: work).resolvingSymlinksInPath().path
        for (path, name) in [(work, "$CASE"), (real, "$CASE"), (MarkProcess.packageRoot, "$ROOT")] {
            text = text.replacingOccurrences(of: path, with: name)
        }
        return text
    }

    /// Control characters (other than a line feed), DEL, C1 controls and bidirectional overrides.
    static func controls(in text: String) -> [String] {
        text.unicodeScalars.filter {
            ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value)
                || (0x2066...0x2069).contains($0.value)
        }.map { String(format: "U+%04X", $0.value) }
    }

    /// Compares `actual` with the file at `path`, or records it under MARK_RECORD=1 (the
    /// convention of Tests/MarkCoreTests/Support/Golden.swift).
    static func golden(_ actual: String, against path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        if let problem = GoldenFile.check(actual, against: path) { Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation) }
    }

    static func split(_ line: String) -> (String, String) {
        guard let space = line.firstIndex(of: " ") else { return (line, "") }
        return (String(line[..<space]), String(line[line.index(after: space)...]).trimmingCharacters(in: .whitespaces))
    }

    /// Words separated by spaces; '…' quotes a word.
    static func words(_ text: String) throws -> [String] {
        var words: [String] = []
        var current = ""
        var quoted = false
        var inWord = false
        for c in text {
            if c == "'" {
                quoted.toggle()
                inWord = true
            } else if c == " " && !quoted {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(c)
                inWord = true
            }
        }
        if quoted { throw MarkProcessError(message: "unbalanced quote in '\(text)'") }
        if inWord { words.append(current) }
        return words
    }

    static func unescaped(_ text: String) -> String {
        var out = ""
        var escape = false
        for c in text {
            if escape {
                switch c {
                case "n": out.append("\n")
                case "e": out.append("\u{1B}")
                default: out.append(c)
                }
                escape = false
            } else if c == "\\" {
                escape = true
            } else {
                out.append(c)
            }
        }
        return out
    }
}
