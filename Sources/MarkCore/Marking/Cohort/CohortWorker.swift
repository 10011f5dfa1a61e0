import Foundation

/// One submission handed from the reader to a marker.
struct CohortJob {
    enum Bytes {
        /// Read the file named by `name`.
        case file
        /// The bytes are here: an NDJSON line, or standard input.
        case bytes([UInt8])
        /// The input could not be read.
        case unreadable(Diagnostic)
    }

    var bytes: Bytes
    /// The submission's name in results: its path, or `path:line` for an NDJSON line.
    var name: String
    /// The file diagnostics point into (`<stdin>` for standard input).
    var sourcePath: String
    /// Lines before the submission in that file.
    var lineOffset: Int
    /// The result file's path relative to `--out`.
    var outName: String?
}

/// What a marker hands the writer for one submission.
struct CohortRecord {
    enum Status: Sendable {
        case marked, upToDate, failed
    }

    var status: Status
    /// Text for stdout, already rendered.
    var output = ""
    /// Diagnostics for stderr.
    var diagnostics = ""
    /// For the summary; nil when the submission failed.
    var row: GradeRow?
    /// For `--format csv`.
    var cells: GradebookCells?
    /// Overrides applied to the result, for the summary, and whose (learner and unit).
    var overrides: [ResultOverride] = []
    var overridden: String?
    /// The decision for the ledger (`--ledger`).
    var ledger: LedgerEntry?
    /// For the HTML index (`--format html --out`).
    var indexEntry: HTMLIndex.Entry?
    /// The submission's name, for the HTML index's list of failures.
    var path = ""
}

/// Settings shared, read-only, by every marker of a run.
struct CohortSettings: @unchecked Sendable {
    let catalog: RulesetCatalog
    let forced: Int?
    let format: CohortFormat
    /// More than one submission (or an unknown number): JSON results are compact NDJSON lines.
    let many: Bool
    /// The `--out` folder.
    let out: String?
    let colourOutput: Bool
    let colourErrors: Bool
    /// Ruleset index by the SHA-256 of its sources.
    let rulesetBySHA: [String: Int]
    /// The largest submission read, in bytes (`--max-size`).
    let maxSize: Int
    /// The evaluation step budget per submission (`--max-steps`).
    let maxSteps: Int
    /// Mark with a forced ruleset even when it does not cover the submission (`--force`).
    let force: Bool
    /// The engine version recorded in results.
    let engineVersion: String
    /// Assessors' overrides to apply after marking (`--overrides`).
    let overrides: OverrideSheet?
    /// Whether decisions go to a ledger (`--ledger`).
    let ledger: Bool
    /// Who issues Open Badges credentials.
    let issuer: OpenBadgesCredential.Issuer?
    /// The layout of text reports.
    let text: ResultText.Options

    init(_ configuration: CohortConfiguration, colourOutput: Bool, colourErrors: Bool) {
        catalog = configuration.catalog
        forced = configuration.forced
        format = configuration.format
        many = configuration.many
        out = configuration.out
        self.colourOutput = colourOutput
        self.colourErrors = colourErrors
        maxSize = configuration.maxSize
        maxSteps = configuration.maxSteps
        force = configuration.force
        engineVersion = configuration.engineVersion
        overrides = configuration.overrides
        ledger = configuration.ledger != nil
        issuer = configuration.issuer
        var text = configuration.text
        text.colour = colourOutput
        text.engineVersion = configuration.engineVersion
        self.text = text
        var bySHA: [String: Int] = [:]
        for (i, r) in catalog.rulesets.enumerated() { bySHA[r.sourceHash] = i }
        rulesetBySHA = bySHA
    }
}

/// Marks submissions on one thread: its own `Marker` (and evaluators), so nothing is shared
/// but read-only settings.
struct CohortMarker {
    let settings: CohortSettings
    let worker: Int
    var marker: Marker

    init(settings: CohortSettings, worker: Int) {
        self.settings = settings
        self.worker = worker
        marker = Marker(catalog: settings.catalog, forced: settings.forced)
        // A gradebook shows verdicts and grades, not feedback: mark without writing it.
        marker.writesFeedback = !(settings.format == .csv && settings.out == nil)
        marker.maxSteps = settings.maxSteps
        marker.force = settings.force
    }

    mutating func process(_ job: CohortJob) -> CohortRecord {
        let bytes: [UInt8]
        switch job.bytes {
        case .unreadable(let d):
            return failure(job, [d], source: nil, inputSHA256: nil)
        case .bytes(let b):
            bytes = b
        case .file:
            switch CohortInputs.readFile(job.name, limit: settings.maxSize) {
            case .failure(let d): return failure(job, [d], source: nil, inputSHA256: nil)
            case .success(let b): bytes = b
            }
        }
        var source = SourceFile(path: job.sourcePath, bytes: bytes)
        source.lineOffset = job.lineOffset
        var digest: String?
        var resultPath: String?
        var existing: [UInt8]?
        var notice = ""
        if settings.out != nil || settings.ledger || settings.format != .text && settings.format != .json {
            var hasher = SHA256()
            bytes.withUnsafeBufferPointer { hasher.update($0) }
            digest = hasher.finalizeHex()
        }
        if let out = settings.out, let outName = job.outName {
            resultPath = out + "/" + (settings.format.writesOwnFiles ? ownFileName(outName) : outName)
            if !settings.format.writesOwnFiles, case .success(let b) = CohortInputs.readFile(resultPath!, limit: settings.maxSize) {
                existing = b
                switch ResultIntegrity.check(b) {
                case .intact:
                    if let record = upToDate(job, source: source, existing: b, digest: digest!) { return record }
                case .mismatch:
                    notice = TerminalText.escaped(resultPath!) + ": warning: the result file was edited or is corrupt (its integrity digest does not match); marking again\n"
                case .missing:
                    notice = TerminalText.escaped(resultPath!) + ": warning: the result file has no integrity digest; marking again\n"
                }
            }
        }
        var record = mark(job, source: source, digest: digest, resultPath: resultPath, existing: existing)
        if !notice.isEmpty { record.diagnostics = notice + record.diagnostics }
        return record
    }

    /// Marks a submission (not up to date), applies the overrides and writes its result file.
    mutating func mark(_ job: CohortJob, source: SourceFile, digest: String?, resultPath: String?, existing: [UInt8]?) -> CohortRecord {
        switch marker.mark(source) {
        case .failed(_, let diagnostics, let source):
            var record = failure(job, diagnostics, source: source, inputSHA256: digest)
            if let resultPath, !settings.format.writesOwnFiles {
                let text = ResultIntegrity.seal(ResultJSON.renderError(path: job.name, diagnostics: diagnostics, source: source, pretty: true, inputSHA256: digest))
                if existing != Array(text.utf8), let problem = CohortResultFiles.write(text, to: resultPath, worker: worker) {
                    record.diagnostics += "\(resultPath): error: cannot write the result file: \(problem)\n"
                }
            }
            return record
        case .marked(var result):
            result.path = job.name
            let ruleset = settings.rulesetBySHA[result.ruleset.sha256] ?? 0
            if let overrides = settings.overrides {
                let problems = overrides.apply(to: &result, ruleset: settings.catalog.rulesets[ruleset])
                if !problems.isEmpty {
                    var record = failure(job, [], source: nil, inputSHA256: digest)
                    record.diagnostics = DiagnosticRenderer(colour: settings.colourErrors).render(problems, sources: [overrides.source.path: overrides.source])
                    record.cells?.tail = tail(provenance(inputSHA256: digest), path: job.name, error: "an override cannot be applied: " + problems[0].message)
                    return record
                }
            }
            var record = CohortRecord(status: .marked)
            record.row = GradeRow(ruleset: ruleset, grade: result.gradeIndex, verdicts: result.points.map(\.verdict))
            record.overrides = result.overrides
            if !result.overrides.isEmpty { record.overridden = OverrideSheet.key(result.learnerID, result.unit) }
            if settings.ledger, let digest { record.ledger = LedgerEntry(result, inputSHA256: digest) }
            if let resultPath, let text = resultFile(result, ruleset: ruleset, inputSHA256: digest) {
                if let problem = CohortResultFiles.write(text, to: resultPath, worker: worker) {
                    var failed = failure(job, [], source: nil, inputSHA256: digest)
                    failed.diagnostics = "\(resultPath): error: cannot write the result file: \(problem)\n"
                    failed.cells?.tail = tail(provenance(inputSHA256: digest), path: job.name, error: "cannot write the result file: \(problem)")
                    return failed
                }
            }
            switch settings.format {
            case .csv:
                record.cells = GradebookCells(
                    ruleset: ruleset, verdicts: record.row!.verdicts, components: result.components.map(\.grade),
                    lead: GradebookCSV.lead(result),
                    tail: tail(
                        provenance(assessor: result.assessor, rulesetSHA256: result.ruleset.sha256, inputSHA256: digest),
                        path: job.name, error: "", overrides: result.overrides))
            case .json where settings.out == nil:
                record.output = ResultJSON.render(result, engineVersion: settings.engineVersion, pretty: !settings.many) + "\n"
            case .text where settings.out == nil:
                record.output = ResultText.render(result, settings.text)
            case .html where settings.out == nil:
                record.output = HTMLReport.page(result, .init(engineVersion: settings.engineVersion, inputSHA256: digest))
            case .html:
                record.indexEntry = HTMLIndex.entry(result, ruleset: ruleset, href: ownFileName(job.outName ?? ""))
            case .openbadges where settings.out == nil:
                record.output = credential(result, ruleset: ruleset, inputSHA256: digest, pretty: !settings.many).map { $0 + "\n" } ?? ""
            default: break
            }
            return record
        }
    }

    /// The record of a submission whose result file is up to date, or nil to mark it again.
    func upToDate(_ job: CohortJob, source: SourceFile, existing: [UInt8], digest: String) -> CohortRecord? {
        let index: Int
        if let forced = settings.forced, settings.force {
            index = forced
        } else if let forced = settings.forced {
            // Up to date only if the forced ruleset covers it; else marking reports why not.
            guard case .success(let document) = EvidenceReader.open(source),
                settings.catalog.rulesets[forced].unit == document.unit,
                settings.catalog.rulesets[forced].applies(toStart: document.started)
            else { return nil }
            index = forced
        } else {
            guard case .success(let document) = EvidenceReader.open(source),
                case .success(let i) = settings.catalog.select(unit: document.unit, started: document.started, ruleset: document.ruleset)
            else { return nil }
            index = i
        }
        guard let recorded = CohortResultFiles.recorded(existing, inputSHA256: digest, ruleset: index, in: settings.catalog),
            !recorded.hasOverrides, settings.overrides?.has(learner: recorded.learner, unit: recorded.unit) != true
        else { return nil }
        var record = CohortRecord(status: .upToDate)
        record.row = recorded.row
        let ruleset = settings.catalog.rulesets[index]
        if settings.ledger {
            record.ledger = LedgerEntry(
                learner: recorded.learner, unit: recorded.unit, assessor: recorded.assessor, rulesetID: ruleset.id,
                rulesetVersion: ruleset.version, rulesetSHA256: ruleset.sourceHash, inputSHA256: digest, grade: recorded.grade)
        }
        if settings.format == .csv {
            record.cells = GradebookCells(
                ruleset: index, verdicts: recorded.row.verdicts, components: recorded.components,
                lead: GradebookCSV.row([
                    recorded.learner, recorded.unit, ruleset.id, ruleset.version, recorded.grade,
                ] + GradebookCSV.marks(total: recorded.total, maximum: recorded.maximum)),
                tail: tail(
                    provenance(assessor: recorded.assessor, rulesetSHA256: ruleset.sourceHash, inputSHA256: digest), path: job.name, error: ""))
        }
        return record
    }

    /// The gradebook's cells after the points: path and error, then with `--overrides` the
    /// overridden grade and the overrides, engine's decision beside the assessor's.
    func tail(_ provenance: GradebookCSV.Provenance, path: String, error: String, overrides: [ResultOverride] = []) -> String {
        var cells = GradebookCSV.tail(provenance, path: path, error: error)
        if settings.overrides != nil {
            let grade = overrides.last { $0.target == .grade }?.decision ?? ""
            cells += "," + GradebookCSV.row([grade, overrides.map(\.summary).joined(separator: "; ")])
        }
        return cells
    }

    /// The record of a submission that could not be marked: its diagnostics on stderr, and an
    /// error record (JSON) or row (CSV) that says where and why, but no learner text.
    func failure(_ job: CohortJob, _ diagnostics: [Diagnostic], source: SourceFile?, inputSHA256: String?) -> CohortRecord {
        var record = CohortRecord(status: .failed)
        record.path = job.name
        let sources = source.map { [$0.path: $0] } ?? [:]
        record.diagnostics = DiagnosticRenderer(colour: settings.colourErrors).render(diagnostics, sources: sources)
        switch settings.format {
        case .json where settings.out == nil:
            record.output = ResultJSON.renderError(path: job.name, diagnostics: diagnostics, source: source, pretty: !settings.many) + "\n"
        case .csv:
            var error = ""
            if let d = diagnostics.first {
                if let source {
                    let loc = source.location(of: d.range.lowerBound)
                    error = "\(loc.line):\(loc.column): "
                }
                error += d.message
                if diagnostics.count > 1 { error += " (and \(diagnostics.count - 1) more)" }
            }
            record.cells = GradebookCells(
                ruleset: nil, verdicts: [], lead: "", tail: tail(provenance(inputSHA256: inputSHA256), path: job.name, error: error))
        default: break
        }
        return record
    }

    /// The gradebook's provenance cells for a row of this run.
    func provenance(assessor: String = "", rulesetSHA256: String = "", inputSHA256: String?) -> GradebookCSV.Provenance {
        GradebookCSV.Provenance(
            assessor: assessor, engineVersion: settings.engineVersion, rulesetSHA256: rulesetSHA256, inputSHA256: inputSHA256 ?? "")
    }

    /// The name under `--out` of a format's own file for a result file name.
    func ownFileName(_ resultName: String) -> String {
        settings.format == .html ? HTMLReport.pageName(resultName) : OpenBadgesCredential.fileName(resultName)
    }

    /// What `--out` gets for a marked submission: its result file, page or credential (nil:
    /// no credential for the lowest grade).
    func resultFile(_ result: MarkingResult, ruleset: Int, inputSHA256: String?) -> String? {
        switch settings.format {
        case .html: HTMLReport.page(result, .init(engineVersion: settings.engineVersion, inputSHA256: inputSHA256))
        case .openbadges: credential(result, ruleset: ruleset, inputSHA256: inputSHA256, pretty: true).map { $0 + "\n" }
        default: ResultIntegrity.seal(ResultJSON.render(result, engineVersion: settings.engineVersion, pretty: true, inputSHA256: inputSHA256))
        }
    }

    /// The Open Badges credential for a result graded above the lowest grade.
    func credential(_ result: MarkingResult, ruleset: Int, inputSHA256: String?, pretty: Bool) -> String? {
        guard OpenBadgesCredential.earns(result), let issuer = settings.issuer else { return nil }
        return OpenBadgesCredential.render(
            result, grades: settings.catalog.rulesets[ruleset].grading.grades, issuer: issuer, inputSHA256: inputSHA256 ?? "", pretty: pretty)
    }
}
