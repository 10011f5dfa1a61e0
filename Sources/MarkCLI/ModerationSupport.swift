import Foundation
import MarkCore

/// What the moderation commands (diff, compare, agree, sample) share: output formats, the
/// pseudonymisation options, loading rule versions, and finding submissions.
enum ModerationSupport {
    /// Options every command that prints learner data takes.
    static let pseudonymOptions = ["--key-file"]
    static let pseudonymFlags = ["--pseudonymise", "--pseudonymize"]

    /// The help lines for the pseudonymisation options.
    static let pseudonymHelp = """
          --pseudonymise        Replace learner ids by keyed pseudonyms (P- and 12 hex digits of
                                HMAC-SHA256 of the id) and leave out submission paths, for outputs
                                that leave the centre. Learner names are never printed.
          --key-file FILE       The pseudonymisation key (the file's bytes, trailing line breaks
                                removed). Default: the environment variable MARK_PSEUDONYM_KEY.
        """

    /// The masking chosen by `--pseudonymise` and the key; a usage error when the key is missing.
    static func masking(_ args: Arguments) throws(UsageError) -> LearnerMasking {
        let on = args.has("--pseudonymise") || args.has("--pseudonymize")
        let keyFile = args.value("--key-file")
        guard on else {
            if keyFile != nil { throw UsageError("'--key-file' is only used with --pseudonymise") }
            return .none
        }
        let key: [UInt8]
        if let keyFile {
            guard let data = FileManager.default.contents(atPath: keyFile) else {
                throw UsageError("cannot read the key file '\(keyFile)'")
            }
            key = Pseudonymiser.key(fromFile: [UInt8](data))
        } else if let value = ProcessInfo.processInfo.environment[Pseudonymiser.environmentVariable] {
            key = Array(value.utf8)
        } else {
            throw UsageError("--pseudonymise needs a key: set \(Pseudonymiser.environmentVariable) or give --key-file FILE")
        }
        guard let p = Pseudonymiser(key: key) else {
            throw UsageError("the pseudonymisation key is empty")
        }
        return LearnerMasking(pseudonymiser: p)
    }

    /// A checked ruleset loaded from one `.rules` file, its imports resolved relative to it (and
    /// kept inside its folder), or the diagnostics and sources to print.
    static func loadRuleset(_ path: String) -> (ruleset: Ruleset?, diagnostics: [Diagnostic], sources: [String: SourceFile]) {
        let parent = (path as NSString).deletingLastPathComponent
        var loader = RuleLoader(root: parent.isEmpty ? "." : parent)
        let outcome = Checker.check(path: path, loader: &loader)
        var sources: [String: SourceFile] = [:]
        for s in outcome.sources { sources[s.path] = s }
        var diagnostics = outcome.diagnostics.filter { $0.severity == .error }
        if outcome.ruleset == nil && diagnostics.isEmpty {
            diagnostics.append(Diagnostic(.error, id: "not-a-ruleset", "this file is a library, not a ruleset; name the ruleset that imports it", path: path, range: 0..<0))
        }
        return (diagnostics.isEmpty ? outcome.ruleset : nil, diagnostics, sources)
    }

    /// Whether a path is a folder.
    /// Standard input, at most `limit` bytes; past it (or unreadable) the command stops with
    /// exit 1, as a partial read would silently drop results or decisions.
    static func standardInput(limit: Int, terminal: Terminal) -> [UInt8] {
        switch InputFile.readStandardInput(limit: limit, readAs: "results or decisions") {
        case .success(let bytes): return bytes
        case .failure(let d):
            terminal.error("<stdin>: error: \(d.message)\n")
            terminal.flush()
            exit(1)
        }
    }

    static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Submissions named on the command line: files, folders (searched recursively for `.json`
    /// and `.ndjson`), NDJSON files (one submission per line, named `file:line`), `-` for stdin.
    /// Only regular files are read, each (and stdin) at most `limit` bytes.
    static func submissions(_ paths: [String], limit: Int = InputFile.defaultLimit) -> (sources: [SourceFile], problems: [Diagnostic]) {
        var sources: [SourceFile] = []
        var problems: [Diagnostic] = []
        func add(_ path: String) {
            // An NDJSON file is a whole cohort: the limit applies to each of its lines.
            let isStream = path.hasSuffix(".ndjson")
            switch InputFile.contents(path, limit: isStream ? Int.max - 1 : limit) {
            case .failure(let d): problems.append(d)
            case .success(let bytes):
                if isStream {
                    for line in ndjson(path, bytes) {
                        if line.bytes.count > limit {
                            problems.append(InputFile.problem(line.path, "too-large", InputFile.tooLarge(limit)))
                        } else {
                            sources.append(line)
                        }
                    }
                } else {
                    sources.append(SourceFile(path: path, bytes: bytes))
                }
            }
        }
        for path in paths {
            if path == "-" {
                switch InputFile.readStandardInput(limit: limit) {
                case .success(let bytes): sources.append(SourceFile(path: "<stdin>", bytes: bytes))
                case .failure(let d): problems.append(d)
                }
            } else if isFolder(path) {
                for file in ModerationFiles.list(path, suffixes: [".json", ".ndjson"]) { add(file) }
            } else if FileManager.default.fileExists(atPath: path) {
                add(path)
            } else {
                problems.append(Diagnostic(.error, id: "file-not-found", "no such file or folder", path: path, range: 0..<0))
            }
        }
        return (sources, problems)
    }

    /// One source per non-blank line of an NDJSON file.
    static func ndjson(_ path: String, _ bytes: [UInt8]) -> [SourceFile] {
        var out: [SourceFile] = []
        var start = 0
        var line = 1
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            let slice = Array(bytes[start..<end])
            if slice.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) {
                out.append(SourceFile(path: "\(path):\(line)", bytes: slice))
            }
            start = end + 1
            line += 1
        }
        return out
    }

    /// Prints diagnostics compiler-style on stderr; with a redaction, those about learner inputs
    /// name the input by its label and quote nothing.
    static func printDiagnostics(
        _ diagnostics: [Diagnostic], sources: [String: SourceFile], terminal: Terminal, redaction: DiagnosticRedaction? = nil
    ) {
        guard !diagnostics.isEmpty else { return }
        terminal.error(DiagnosticRenderer(colour: terminal.colourErrors, redaction: redaction).render(diagnostics, sources: sources))
    }

    /// How diagnostics about the learner inputs named on the command line are shown under
    /// `--pseudonymise` (nil without it): a file is `input N` (the Nth input argument), `input N
    /// file K` (the Kth file, in sorted order, of a folder) or `input N line L` (a line of an NDJSON
    /// file read line by line), and anything quoted in the message is withheld.
    static func redaction(_ masking: LearnerMasking, inputs: [String]) -> DiagnosticRedaction? {
        guard masking.isOn else { return nil }
        var labels: [String: String] = [:]
        for (n, input) in inputs.enumerated() {
            let label = input == "-" ? "standard input" : "input \(n + 1)"
            labels[input == "-" ? "<stdin>" : input] = label
            if input != "-", isFolder(input) {
                for (k, file) in ModerationFiles.list(input, suffixes: [".json", ".ndjson"]).enumerated() where labels[file] == nil {
                    labels[file] = label + " file \(k + 1)"
                }
            }
        }
        let known = labels
        return DiagnosticRedaction(
            label: { path in
                if let label = known[path] { return label }
                // An NDJSON line read as its own source is named `file:line`.
                if let colon = path.lastIndex(of: ":"), let base = known[String(path[..<colon])], Int(path[path.index(after: colon)...]) != nil {
                    return base + " line " + path[path.index(after: colon)...]
                }
                return nil
            },
            message: { text in
                // Paths named in a message (a result's origin, say) become their labels too.
                var out = LearnerMasking.withholdingQuotes(text)
                for path in known.keys.sorted(by: { $0.count > $1.count }) where out.contains(path) {
                    out = out.replacing(path, with: known[path]!)
                }
                return out
            })
    }

    /// A path as a command's own messages print it: the label under a redaction that covers it.
    static func shown(_ path: String, _ redaction: DiagnosticRedaction?) -> String {
        redaction?.label(path) ?? path
    }

    /// The help line for `--grade-map`; `side` says whose grades are renamed.
    static func gradeMapHelp(_ side: String) -> String {
        """
              --grade-map OLD=NEW   A grade renamed (repeat for several, e.g. --grade-map Referral=Fail):
                                    \(side) grade OLD is read as NEW, so a renamed grade is no
                                    disagreement.
            """
    }

    /// The `--grade-map OLD=NEW` options read; a usage error for a bad one.
    static func gradeMap(_ args: Arguments) throws(UsageError) -> GradeMap {
        switch GradeMap.parse(args.values["--grade-map"] ?? []) {
        case .success(let map): return map
        case .failure(let e): throw UsageError("--grade-map: " + e.message)
        }
    }

    /// A number with four decimal places, as the reports print statistics.
    static func fixed(_ value: Double, places: Int = 4) -> String {
        ModerationText.fixed(value, places: places)
    }
}
