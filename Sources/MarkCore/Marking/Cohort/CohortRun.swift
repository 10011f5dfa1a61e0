import Foundation

/// Where a cohort run writes: the results stream (reports, NDJSON results, the gradebook;
/// standard output for the command line) and the diagnostics stream (standard error). The run
/// writes to it from one thread, the one that calls `CohortRun.mark(progress:)`.
public protocol CohortOutput: AnyObject {
    /// Writes to the results stream.
    func write(_ text: String)
    /// Writes to the diagnostics stream: each failed submission's diagnostics, in input order.
    func error(_ text: String)
    /// Whether a write to either stream has failed; the run then takes no more submissions,
    /// since marking more would only lose more.
    var failed: Bool { get }
    /// Whether the results may be coloured (text reports).
    var colourOutput: Bool { get }
    /// Whether the diagnostics may be coloured.
    var colourErrors: Bool { get }
}

/// Something that shows how far a run has got, such as a progress line; drawn by the front end.
public protocol CohortProgress: AnyObject {
    /// Called after each record is written, and about ten times a second while waiting for one.
    func update(done: Int)
    /// Called before diagnostics are written, so they start at the left margin.
    func clear()
}

/// The output formats of a cohort run (`mark --format`).
public enum CohortFormat: String, Sendable {
    /// The assessor's report for each marked submission, separated by a rule.
    case text
    /// The result JSON: indented for one submission, else one compact line per submission.
    case json
    /// The gradebook: a header, then one CSV row per submission.
    case csv
    /// The learner's HTML page; with `--out`, one page per submission and an index.
    case html
    /// An unsigned Open Badges 3.0 credential for each submission graded above the lowest grade.
    case openbadges

    /// Whether `--out` gets this format's own files (pages, credentials) rather than result files.
    var writesOwnFiles: Bool { self == .html || self == .openbadges }
}

/// What a cohort run marks, and how: everything the command line's options decide.
public struct CohortConfiguration {
    /// The submissions, in the order they were named.
    public var inputs: CohortInputs
    /// The rulesets to mark with.
    public var catalog: RulesetCatalog
    /// The index in `catalog` of the one ruleset that marks every submission (`--rules FILE`);
    /// nil to choose each submission's ruleset by its unit and start date.
    public var forced: Int?
    /// Mark with the `forced` ruleset even when it does not cover the submission (`--force`).
    public var force = false
    /// The output format.
    public var format = CohortFormat.text
    /// The number of marking threads (`--jobs`); the output does not depend on it.
    public var jobs = 1
    /// The folder that gets one result file per submission (`--out`), instead of results on
    /// the results stream; it must exist (see `CohortResultFiles.makeFolder`).
    public var out: String?
    /// The largest submission read, in bytes (`--max-size`).
    public var maxSize = InputFile.defaultLimit
    /// The evaluation step budget per submission (`--max-steps`).
    public var maxSteps = Evaluator.defaultMaxSteps
    /// The engine version recorded in every result.
    public var engineVersion: String
    /// Assessors' overrides, applied to each result after marking (`--overrides`).
    public var overrides: OverrideSheet?
    /// The decision ledger each marked submission is appended to, in input order (`--ledger`);
    /// the caller opens it and finishes it after the run.
    public var ledger: Ledger?
    /// How text reports are laid out (width, `--verbose`); their colour follows the output's.
    public var text = ResultText.Options()
    /// Who issues Open Badges credentials (`--format openbadges`).
    public var issuer: OpenBadgesCredential.Issuer?

    /// A configuration with the defaults: text, one thread, no `--out`, the default limits.
    public init(inputs: CohortInputs, catalog: RulesetCatalog, engineVersion: String) {
        self.inputs = inputs
        self.catalog = catalog
        self.engineVersion = engineVersion
    }

    /// More than one submission, or an unknown number (a stream): JSON results are NDJSON lines,
    /// text reports are separated by a rule, and a summary follows.
    public var many: Bool { inputs.total != 1 }
}

/// One run over a cohort: reader → markers → ordered writer. Create it (which, for a CSV
/// gradebook of one ruleset, writes the header at once), check `gradebookFailure`, call
/// `mark(progress:)`, then `finish()`; `summary` then counts the submissions. `stop()` may be
/// called from any thread (a signal handler): submissions already taken are still written.
public final class CohortRun: @unchecked Sendable {
    // @unchecked: `summary`, `reports` and the gradebook are used only by the thread that calls
    // `mark` and `finish`; `stop` only touches the pipeline, which locks.
    private let settings: CohortSettings
    private let output: any CohortOutput
    private let gradebook: Gradebook?
    private let pipeline: OrderedPipeline<CohortJob, CohortRecord>
    private let ledger: Ledger?
    /// The index of the HTML pages (`--format html --out DIR`), written by `finish`.
    private var index: HTMLIndex?
    /// Why the index could not be written, if so.
    public private(set) var indexFailure: String?
    /// The counts so far: submissions, marked (now and up to date), failed, and per ruleset the
    /// grades and how often each point was met.
    public private(set) var summary: CohortSummary

    /// Prepares a run that writes to `output`; nothing is marked until `mark(progress:)`.
    public init(_ configuration: CohortConfiguration, output: any CohortOutput) {
        let c = configuration
        settings = CohortSettings(c, colourOutput: output.colourOutput, colourErrors: output.colourErrors)
        self.output = output
        gradebook = c.format == .csv
            ? Gradebook(
                catalog: c.catalog, only: c.forced ?? (c.catalog.rulesets.count == 1 ? 0 : nil), output: output,
                extraColumns: c.overrides == nil ? [] : GradebookCSV.overrideColumns) : nil
        ledger = c.ledger
        // The markers read the submissions in turn (under the pipeline's lock) and mark them at
        // once; the results are written in input order whatever the number of markers.
        let reader = CohortReader(c.inputs, limit: c.maxSize)
        pipeline = OrderedPipeline(jobs: c.jobs, window: max(64, 32 * c.jobs), take: reader.next)
        summary = CohortSummary(catalog: c.catalog)
        index = c.format == .html && c.out != nil ? HTMLIndex() : nil
    }

    /// Why the gradebook cannot be kept (its temporary file could not be created, written or
    /// read back), if so: then nothing should be marked, or the run must fail.
    public var gradebookFailure: String? { gradebook?.failure }

    /// Asks the markers to take no more submissions; those already taken are finished and written.
    public func stop() { pipeline.stop() }

    /// Marks every submission and writes the results to the output in input order, on the
    /// calling thread; returns when every submission taken is written.
    public func mark(progress: (any CohortProgress)? = nil) {
        let settings = settings
        let output = output
        let gradebook = gradebook
        let pipeline = pipeline
        let ledger = ledger
        let separator = settings.format == .text && settings.many
        var reports = 0
        var done = 0
        pipeline.run(
            worker: { CohortMarker(settings: settings, worker: $0) }, process: { $0.process($1) },
            deliver: { record in
                done += 1
                summary.add(record.row, status: record.status)
                summary.count(record.overrides, for: record.overridden)
                if let entry = record.ledger { ledger?.append(entry) }
                if !record.diagnostics.isEmpty {
                    progress?.clear()
                    output.error(record.diagnostics)
                }
                if let cells = record.cells { gradebook?.add(cells) }
                if let entry = record.indexEntry { index?.add(entry) }
                if record.status == .failed && index != nil { index?.addFailure(path: record.path) }
                if !record.output.isEmpty {
                    if separator && reports > 0 { output.write("\n" + String(repeating: "─", count: 60) + "\n\n") }
                    output.write(record.output)
                    reports += 1
                }
                progress?.update(done: done)
                // Output that cannot be written: marking more would only lose more.
                if output.failed || gradebook?.failure != nil || ledger?.failure != nil { pipeline.stop() }
            },
            idle: progress.map { line in { line.update(done: done) } })
    }

    /// Writes what was held back (a gradebook of several rulesets, spooled until its columns
    /// are known); false, with `gradebookFailure` set, if the gradebook could not be written.
    @discardableResult
    public func finish() -> Bool {
        if let index, let out = settings.out {
            indexFailure = CohortResultFiles.write(index.render(settings.catalog), to: out + "/index.html", worker: 0)
        }
        return gradebook?.finish() ?? true
    }
}
