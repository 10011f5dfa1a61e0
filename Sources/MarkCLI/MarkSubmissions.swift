import Foundation
import MarkCore

/// `mark SUBMISSION…`: mark learners' evidence with a ruleset, from one file to a whole cohort.
enum MarkSubmissions: Subcommand {
    static let name = "mark"
    static let abstract = "Mark submissions (the default command)"
    static let help = """
        OVERVIEW: Mark learners' evidence submissions and print grades with feedback. One file or a
        whole cohort: folders and NDJSON streams are marked on every core, results in input order.

        USAGE: mark [mark] SUBMISSION… [--rules PATH [--force]] [--format text|json|csv]
                                       [--jobs N] [--out DIR] [--ndjson] [--quiet]
                                       [--max-size BYTES] [--max-steps N]
                                       [--overrides FILE] [--ledger FILE]

        ARGUMENTS:
          SUBMISSION            An evidence JSON file (docs/evidence-format.md); a folder, searched
                                recursively for *.json files (sorted by path); an NDJSON file
                                (*.ndjson, *.jsonl: one submission per line); or - for stdin.

        OPTIONS:
          --rules PATH          A rules folder (the ruleset is chosen by the submission's unit and
                                start date) or one .rules file to use for every submission.
                                Default: $MARK_RULES, else ./Rules.
          --force               With --rules FILE, mark submissions whose unit or start date the
                                ruleset does not cover (without it they are errors).
          --format text|json|csv
                                text: reports for assessors (default). json: the result
                                (docs/result-format.md), pretty for one submission; for more, one
                                compact result per line (NDJSON), then a summary/1 trailer line.
                                csv: a gradebook, one row per submission (docs/cohort.md).
          --jobs N              Mark on N threads (default: every core). Output does not depend on N.
          --out DIR             Write one result file per submission into DIR (atomically), instead
                                of printing results; a re-run skips results that are up to date.
                                With --format csv the gradebook is still printed.
          --ndjson              Read - (stdin), and files named directly, as NDJSON.
          --quiet               No progress line on stderr.
        \(SubmissionSize.help)
        \(stepsHelp)
        \(GovernanceOptions.help)
          -h, --help            Show this help.

        For more than one submission a summary (grades, failures, how often each marking point was
        met) follows on stderr, or as the trailer line with --format json. See docs/cohort.md.
        Only regular files are read as submissions; a failed write (a full disk) is an error;
        see docs/limits.md.

        EXIT STATUS: 0 every submission marked, 1 a submission or the rules could not be
        read, checked or marked, or the results could not be written, 64 bad usage, 130/143
        stopped by SIGINT/SIGTERM, 141 the output pipe was closed.

        """

    static func run(_ arguments: [String], terminal: Terminal) throws(UsageError) -> Int32 {
        let args = try Arguments(
            arguments,
            spec: .init(options: ["--rules", "--format", "--jobs", "--out", "--max-size", "--max-steps", "--overrides", "--ledger"], flags: ["--ndjson", "--quiet", "--force"]))
        let format = CohortFormat(rawValue: try args.choice("--format", ["text", "json", "csv"], default: "text")) ?? .text
        let jobs = try args.integer("--jobs", default: ProcessInfo.processInfo.activeProcessorCount, range: 1...256)
        let maxSize = try SubmissionSize.limit(args)
        let maxSteps = try steps(args)
        guard !args.positional.isEmpty else { throw UsageError("name at least one submission file or folder (or - for stdin)") }
        if args.positional.filter({ $0 == "-" }).count + (args.value("--overrides") == "-" ? 1 : 0) > 1 {
            throw UsageError("name '-' (standard input) once")
        }
        let inputs = CohortInputs(args.positional, ndjson: args.has("--ndjson"))
        let out = args.value("--out").map { $0.count > 1 && $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        if let out {
            if let clash = inputs.collision() {
                throw UsageError("'\(clash.first)' and '\(clash.second)' would both write '\(clash.name)' under --out; mark them into separate folders")
            }
            if let code = CohortResultFiles.makeFolder(out) {
                terminal.error("mark: cannot create the folder '\(TerminalText.escaped(out))': \(String(cString: strerror(code)))\n")
                return 1
            }
            CohortResultFiles.removeStaleTemporaries(in: out)
        }
        guard let (catalog, forced) = loadRules(args.value("--rules"), terminal: terminal) else { return 1 }
        var configuration = CohortConfiguration(inputs: inputs, catalog: catalog, engineVersion: MarkCommand.version)
        configuration.forced = forced
        configuration.force = args.has("--force")
        configuration.format = format
        configuration.jobs = jobs
        configuration.out = out
        configuration.maxSize = maxSize
        configuration.maxSteps = maxSteps
        if let path = args.value("--overrides") {
            guard let sheet = GovernanceOptions.overrides(path, catalog: catalog, terminal: terminal) else { return 1 }
            configuration.overrides = sheet
        }
        if let path = args.value("--ledger") {
            guard let ledger = GovernanceOptions.ledger(path, terminal: terminal) else { return 1 }
            configuration.ledger = ledger
        }
        let many = configuration.many
        let ledgerPath = args.value("--ledger").map(TerminalText.escaped) ?? ""

        let run = CohortRun(configuration, output: terminal)
        if let failure = run.gradebookFailure {
            terminal.error("mark: cannot write the gradebook: \(failure)\n")
            return 1
        }
        let progress = terminal.errorIsTerminal && !args.has("--quiet") ? ProgressLine(terminal: terminal, total: inputs.total) : nil
        let signals = CohortSignals(run)
        run.mark(progress: progress)
        let stoppedBy = signals.finish()
        let gradebookWritten = run.finish()
        progress?.clear()
        if let failure = configuration.ledger?.finish() {
            terminal.error("mark: cannot write the ledger '\(ledgerPath)': \(failure)\n")
            return 1
        }
        // Never a summary that claims success for results that went nowhere: the caller turns a
        // failed stdout into "cannot write the results" (or a quiet exit for a closed pipe).
        guard gradebookWritten, terminal.flush(), !terminal.failed else {
            if let failure = run.gradebookFailure { terminal.error("mark: cannot write the gradebook: \(failure)\n") }
            return 1
        }
        var summary = run.summary
        summary.interrupted = stoppedBy != nil
        if let sheet = configuration.overrides, stoppedBy == nil {
            let unapplied = sheet.unapplied(summary.overrides.applied)
            terminal.error(DiagnosticOutput.text(unapplied, sources: [sheet.source.path: sheet.source], colour: terminal.colourErrors))
        }
        if many || stoppedBy != nil {
            if format == .json { terminal.write(summary.json()) } else { terminal.error(summary.text()) }
        }
        if let stoppedBy { return 128 + stoppedBy }
        return summary.failed > 0 ? 1 : 0
    }

    /// The help lines for `--max-steps`.
    static let stepsHelp = """
          --max-steps N         The evaluation budget per submission: at most N steps (default
                                \(Evaluator.defaultMaxSteps)); a submission that needs more is an
                                error, so a runaway rule cannot hang the run.
        """

    /// The `--max-steps` value: a positive whole number, else a usage error.
    static func steps(_ args: Arguments) throws(UsageError) -> Int {
        guard let text = args.value("--max-steps") else { return Evaluator.defaultMaxSteps }
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(text), n > 0 else {
            throw UsageError("'--max-steps' takes a positive whole number of steps, not '\(text)'")
        }
        return n
    }

    /// The rules path from --rules, $MARK_RULES or ./Rules; nil (with a message saying how to
    /// name the rules) when none was given and there is no ./Rules.
    static func rulesPath(_ option: String?, terminal: Terminal, command: String = "mark") -> String? {
        if let path = option ?? ProcessInfo.processInfo.environment["MARK_RULES"] { return path }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: "Rules", isDirectory: &isDirectory) { return "Rules" }
        terminal.error(
            "\(command): no rules to mark with: there is no Rules folder here; name a rules folder or file with --rules DIR (or --rules FILE), or set MARK_RULES\n"
        )
        return nil
    }

    /// Loads the catalog named by --rules, $MARK_RULES or ./Rules; prints errors and returns nil.
    static func loadRules(_ option: String?, terminal: Terminal) -> (RulesetCatalog, Int?)? {
        guard let path = rulesPath(option, terminal: terminal) else { return nil }
        let catalog = RulesetCatalog.load(path)
        if catalog.hasErrors {
            terminal.error(DiagnosticOutput.text(catalog.diagnostics, sources: catalog.sources, colour: terminal.colourErrors))
            terminal.error("mark: the rules in '\(TerminalText.escaped(path))' have errors; nothing was marked\n")
            return nil
        }
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        return (catalog, isDirectory.boolValue ? nil : 0)
    }
}

/// SIGINT and SIGTERM during a run: the first stops the markers taking new submissions, lets
/// those in hand finish and be written, and the run ends with the summary (exit 128 + signal);
/// a second signal, or five seconds without finishing, ends the process at once. Result files
/// are renamed into place whole, so neither way leaves a partial one.
final class CohortSignals: @unchecked Sendable {
    // @unchecked: `received` is used only under `lock`.
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var received: Int32?

    init(_ run: CohortRun) {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [self] in
                lock.lock()
                let again = received != nil
                if !again { received = sig }
                lock.unlock()
                if again { _exit(128 + sig) }
                run.stop()
                DispatchQueue.global().asyncAfter(deadline: .now() + 5) { _exit(128 + sig) }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Stops listening; returns the signal that stopped the run, if any.
    func finish() -> Int32? {
        for s in sources { s.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
        lock.lock()
        defer { lock.unlock() }
        return received
    }
}
