import Foundation
import MarkCore

/// `mark fmt [--check | --write] PATH…`: print, check or rewrite rule files in the canonical layout.
enum FormatCommand: Subcommand {
    static let name = "fmt"
    static let abstract = "Format rule and rule test files in the canonical layout"
    static let help = """
        OVERVIEW: Format rule files in one canonical layout, keeping comments and meaning.

        USAGE: mark fmt [--check | --write] PATH…

        ARGUMENTS:
          PATH          A .rules or .tests file, a folder searched recursively for both, or - for
                        stdin (read as a .rules file).

        OPTIONS:
          --check       Print the files that are not formatted and exit 1 if any; change nothing.
          --write       Rewrite files in place (atomically: written beside, flushed to disk,
                        renamed) where the layout differs; a failed write is an error.
          -h, --help    Show this help.

        With neither option the formatted text is printed on stdout.
        A file with syntax errors is not formatted: its errors are printed and the exit status is 1.

        EXIT STATUS: 0 formatted (or nothing to change), 1 a file is not formatted (--check) or has
        errors, 64 bad usage.

        """

    static func run(_ arguments: [String], terminal: Terminal) throws(UsageError) -> Int32 {
        let args = try Arguments(arguments, spec: .init(flags: ["--check", "--write"]))
        if args.has("--check") && args.has("--write") { throw UsageError("choose one of --check and --write") }
        guard !args.positional.isEmpty else { throw UsageError("name at least one .rules file or folder (or - for stdin)") }
        var (entries, problems) = RuleFiles.collect(args.positional.filter { $0 != "-" })
        // Rule test files are formatted too: those named, and those in the folders named.
        for path in args.positional where path != "-" && RuleFiles.isFolder(path) {
            entries += RuleFiles.files(under: path, suffix: ".tests").map { RuleFiles.Entry(path: $0, root: path) }
        }
        var failed = !problems.isEmpty
        if !problems.isEmpty { terminal.error(DiagnosticRenderer(colour: terminal.colourErrors).render(problems, sources: [:])) }
        var sources: [(SourceFile, Bool)] = []
        if args.positional.contains("-") {
            switch InputFile.readStandardInput(limit: RuleLoader.maxSize, readAs: "rules files") {
            case .success(let bytes): sources.append((SourceFile(path: "<stdin>", bytes: bytes), false))
            case .failure(let d):
                terminal.error(DiagnosticRenderer(colour: terminal.colourErrors).render([d], sources: [:]))
                failed = true
            }
        }
        for entry in entries {
            // The same confinement and the same refusal of files that are not rules sources as 'check'.
            if let outside = RuleLoader(root: entry.root).confine(entry.path) {
                terminal.error(DiagnosticRenderer(colour: terminal.colourErrors).render(outside, source: nil))
                failed = true
                continue
            }
            switch RuleLoader.readFile(entry.path) {
            case .failure(let d):
                terminal.error(DiagnosticRenderer(colour: terminal.colourErrors).render(d, source: nil))
                failed = true
            case .success(let bytes):
                var source = SourceFile(path: entry.path, bytes: bytes)
                if !entry.path.hasSuffix(".tests"), let refusal = RuleLoader.refusal(source) {
                    source.isQuotable = false
                    terminal.error(DiagnosticRenderer(colour: terminal.colourErrors).render(refusal, source: source))
                    failed = true
                    continue
                }
                sources.append((source, true))
            }
        }
        var unformatted = 0
        for (source, isFile) in sources {
            guard let formatted = format(source) else {
                let diagnostics = source.path.hasSuffix(".tests") ? RuleTestParser.parse(source).diagnostics : Parser.parse(source).diagnostics
                terminal.error(DiagnosticRenderer(colour: terminal.colourErrors).render(diagnostics.filter { $0.severity == .error }, sources: [source.path: source]))
                failed = true
                continue
            }
            let same = Array(formatted.utf8) == source.bytes
            if args.has("--check") {
                if !same {
                    unformatted += 1
                    terminal.write("\(source.path)\n")
                }
            } else if args.has("--write") && isFile {
                if !same, let problem = writeAtomically(formatted, to: source.path) {
                    terminal.error("\(source.path): error: cannot write the formatted file: \(problem)\n")
                    failed = true
                }
            } else {
                terminal.write(formatted)
            }
        }
        if args.has("--check") && unformatted > 0 {
            terminal.error("\(unformatted) file\(unformatted == 1 ? " is" : "s are") not formatted; run 'mark fmt --write' on \(unformatted == 1 ? "it" : "them")\n")
        }
        return failed || unformatted > 0 ? 1 : 0
    }

    /// The formatted text of a rules file or (by its `.tests` suffix) a rule test file; nil when
    /// it has syntax errors.
    static func format(_ source: SourceFile) -> String? {
        guard source.path.hasSuffix(".tests") else { return Formatter.format(source) }
        let (_, diagnostics) = RuleTestParser.parse(source)
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return nil }
        return TestFileFormatter.format(String(decoding: source.bytes, as: UTF8.self))
    }

    /// Writes to a temporary file beside the target (with the target's permissions), flushes it
    /// to disk and renames it into place; nil, or why it failed (the target is then unchanged
    /// and the temporary file removed). Every step is checked: a short write, fsync, close or
    /// rename that fails is reported, never taken for success.
    static func writeAtomically(_ text: String, to path: String) -> String? {
        let temporary = path + ".mark-fmt-\(getpid()).tmp"
        var info = stat()
        let mode = stat(path, &info) == 0 ? info.st_mode & 0o7777 : 0o644
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        var problem = Terminal.writeAll(fd, Array(text.utf8))
        if problem == nil && fsync(fd) != 0 { problem = errno }
        if close(fd) != 0 && problem == nil { problem = errno }
        if problem == nil && rename(temporary, path) != 0 { problem = errno }
        guard let problem else { return nil }
        unlink(temporary)
        return String(cString: strerror(problem))
    }
}
