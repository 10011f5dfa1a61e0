import Foundation
import MarkCore

/// `mark sample RESULTS --plan PLAN`: a reproducible moderation sample with a reason per pick.
enum SampleCommand: Subcommand {
    static let name = "sample"
    static let abstract = "Draw a reproducible moderation sample from results"
    static let help = """
        OVERVIEW: Draw a moderation sample from a cohort's results, reproducibly (a seeded,
        platform-independent generator): a share of each assessor's submissions with a minimum,
        every grade awarded represented, borderline and referred submissions weighted up, new
        assessors given a larger share; each pick is printed with the reasons it was drawn
        (see docs/moderation.md for the plan file and the method).

        USAGE: mark sample RESULTS… [--plan FILE] [--seed N] [PLAN OPTIONS] [--rules PATH]
                           [--format text|json|csv | --blind DIR [--key-out FILE]]
                           [--pseudonymise [--key-file FILE]]

        ARGUMENTS:
          RESULTS               The cohort's results as 'mark --format json' writes them: a folder
                                of result files, an NDJSON file, or - for stdin (error records
                                are skipped).

        OPTIONS:
          --plan FILE           A plan file: one setting per line, '#' for comments:
                                  share 10%, minimum 1, every grade yes, borderline margin 2,
                                  borderline weight 3, referred weight 2, overridden weight 2,
                                  new assessors A-50, A-09, new assessor share 50%, seed 0
                                (these are the defaults). Options below override the file.
          --seed N              The seed (a whole number); the same results, plan and seed always
                                give the same sample, on any machine.
          --share P%            Each assessor's share, rounded up.
          --minimum N           At least N per assessor (all of theirs when they have fewer).
          --every-grade yes|no  Add a pick for any grade awarded but not yet in the sample.
          --borderline-margin N Borderline: within ±N marks of the awarded or next grade's
                                boundary, or one step (one point) short of the next grade.
          --borderline-weight N, --referred-weight N, --overridden-weight N
                                How many times as likely such a submission is to be drawn
                                (overridden: an assessor overrode one of the engine's decisions).
          --new-assessors LIST  Comma-separated assessor ids given the new assessor share.
          --new-assessor-share P%
          --size-table TABLE    Per unit, at least the table's sample for its cohort size:
                                'standard', 'none', or rows such as '1-5: all, 6-15: 5, 16+: 10'.
          --highest-and-lowest yes|no
                                Include each unit's highest and lowest non-zero totals.
          --spread N            A pick in each of N bands of each unit's totals (0: none).
          --cover LIST          CAMERA strata to represent, comma-separated: methods (evidence
                                item kinds), centres, groups; 'none' for none. Replaces the
                                plan's cover settings.
          --stage interim|summative
                                Label the sample as interim (the results so far) or summative.
          --rules PATH          Rules to read grade lists and boundaries from (matched by id,
                                version and SHA-256). Default: $MARK_RULES, else ./Rules when it
                                exists; otherwise they are inferred from the results' next steps.
          --format text|json|csv
                                A report to read (default), JSON (format sample/1), or CSV with one
                                row per pick.
          --blind DIR           Write the sample for blind re-marking instead: each pick's evidence
                                (no grades, marks or feedback; the learner's name left out) and
                                decisions.csv for the moderator, into DIR.
          --key-out FILE        With --blind and --pseudonymise: the key from pseudonyms back to
                                learner and assessor ids (outside DIR; 'mark agree --key FILE').
        \(ModerationSupport.pseudonymHelp)
          -h, --help            Show this help.

        EXIT STATUS: 0 sample drawn, 1 the results or the plan could not be read (or hold no
        marked submission), 64 bad usage.

        """

    static let planOptions: [(option: String, setting: String)] = [
        ("--share", "share"), ("--minimum", "minimum"), ("--every-grade", "every grade"), ("--borderline-margin", "borderline margin"),
        ("--borderline-weight", "borderline weight"), ("--referred-weight", "referred weight"), ("--overridden-weight", "overridden weight"), ("--new-assessors", "new assessors"),
        ("--new-assessor-share", "new assessor share"), ("--seed", "seed"), ("--size-table", "size table"),
        ("--highest-and-lowest", "highest and lowest"), ("--spread", "spread"), ("--stage", "stage"),
    ]

    static func run(_ arguments: [String], terminal: Terminal) throws(UsageError) -> Int32 {
        let args = try Arguments(
            arguments,
            spec: .init(
                options: ["--format", "--plan", "--rules", "--blind", "--key-out", "--cover"] + planOptions.map(\.option) + ModerationSupport.pseudonymOptions,
                flags: ModerationSupport.pseudonymFlags))
        let format = try args.choice("--format", ["text", "json", "csv"], default: "text")
        guard !args.positional.isEmpty else { throw UsageError("name the cohort's results: a folder of result files or an NDJSON file") }
        let masking = try ModerationSupport.masking(args)
        if let blind = args.value("--blind") {
            if masking.isOn && args.value("--key-out") == nil {
                throw UsageError("--blind with --pseudonymise needs --key-out FILE: the key from pseudonyms back to learners, kept apart from the export")
            }
            if let key = args.value("--key-out") {
                guard masking.isOn else { throw UsageError("--key-out writes the pseudonyms' key; give --pseudonymise too") }
                let folder = (blind as NSString).standardizingPath
                let keyPath = (key as NSString).standardizingPath
                if keyPath.hasPrefix(folder + "/") || keyPath == folder {
                    throw UsageError("--key-out '\(key)' is inside the export folder '\(blind)'; keep the key apart from what leaves the centre")
                }
            }
        } else if args.value("--key-out") != nil {
            throw UsageError("--key-out goes with --blind DIR")
        }
        // The plan names assessors, so under --pseudonymise its diagnostics are redacted too.
        let redaction = ModerationSupport.redaction(masking, inputs: args.positional + (args.value("--plan").map { [$0] } ?? []))
        var plan = SamplePlan()
        if let planPath = args.value("--plan") {
            guard let read = readPlan(planPath, terminal: terminal, redaction: redaction, command: "sample") else { return 1 }
            plan = read
        }
        for (option, setting) in planOptions {
            for value in args.values[option] ?? [] {
                if let problem = plan.set(setting, value) {
                    throw UsageError(problem.replacing("'\(setting)'", with: "'\(option)'"))
                }
            }
        }
        for value in args.values["--cover"] ?? [] {
            if let problem = plan.setCover(value) { throw UsageError(problem) }
        }
        let results = ResultsReader.read(args.positional) { ModerationSupport.standardInput(limit: RuleLoader.maxModerationSize, terminal: terminal) }
        ModerationSupport.printDiagnostics(results.diagnostics, sources: results.sources, terminal: terminal, redaction: redaction)
        if results.hasErrors {
            terminal.error("mark sample: the results could not all be read; no sample was drawn\n")
            return 1
        }
        guard !results.records.isEmpty else {
            terminal.error("mark sample: the results hold no marked submission\n")
            return 1
        }
        guard let (rulesets, origin) = ModerationSupport.rulesForScales(args.value("--rules"), terminal: terminal) else { return 1 }
        let scales = GradeScales(results: results.records, rulesets: rulesets, origin: origin)
        let origins = Set(scales.scales.values.map(\.origin)).sorted()
        let boundariesFrom = origins.map { $0 == "the results" ? "inferred from the results" : $0 }.joined(separator: "; ")
        var notes = scales.notes
        if results.errorRecords > 0 { notes.append("\(results.errorRecords) error record\(results.errorRecords == 1 ? "" : "s") (submissions not marked) skipped") }
        let selection = Sampler.draw(results.records, plan: plan, scales: scales, assessorLabel: masking.assessor)
        if let folder = args.value("--blind") {
            return writeBlind(selection, folder: folder, keyOut: args.value("--key-out"), masking: masking, terminal: terminal, redaction: redaction)
        }
        switch format {
        case "json": terminal.write(SampleReport.json(selection, masking: masking, boundariesFrom: boundariesFrom, notes: notes))
        case "csv": terminal.write(SampleReport.csv(selection, masking: masking))
        default: terminal.write(SampleReport.text(selection, masking: masking, boundariesFrom: boundariesFrom, notes: notes))
        }
        return 0
    }

    /// Reads a plan file; nil (diagnostics printed) when it cannot be read or has errors.
    static func readPlan(_ planPath: String, terminal: Terminal, redaction: DiagnosticRedaction?, command: String) -> SamplePlan? {
        let source: SourceFile
        switch RuleLoader.readFile(planPath, readAs: "plan files") {
        case .failure(let d):
            ModerationSupport.printDiagnostics([d], sources: [:], terminal: terminal, redaction: redaction)
            return nil
        case .success(let bytes): source = SourceFile(path: planPath, bytes: bytes)
        }
        switch SamplePlan.read(source) {
        case .failure(let list):
            ModerationSupport.printDiagnostics(list.items, sources: [planPath: source], terminal: terminal, redaction: redaction)
            let shownPlan = TerminalText.escaped(ModerationSupport.shown(planPath, redaction))
            terminal.error("mark \(command): the plan \(shownPlan) has errors; no sample was drawn\n")
            return nil
        case .success(let p): return p
        }
    }

    /// Writes the blind export: one evidence file per pick, the decisions sheet and, apart, the key.
    static func writeBlind(
        _ selection: Sampler.Selection, folder: String, keyOut: String?, masking: LearnerMasking, terminal: Terminal, redaction: DiagnosticRedaction?
    ) -> Int32 {
        let export = BlindExport.export(selection, masking: masking) { RuleLoader.readFile($0, limit: RuleLoader.maxModerationSize, readAs: "submission files") }
        ModerationSupport.printDiagnostics(export.diagnostics, sources: [:], terminal: terminal, redaction: redaction)
        if !export.diagnostics.isEmpty {
            terminal.error("mark sample: some submissions could not be read; nothing was exported\n")
            return 1
        }
        if let code = CohortResultFiles.makeFolder(folder) {
            terminal.error("mark sample: cannot create '\(TerminalText.escaped(folder))': \(String(cString: strerror(code)))\n")
            return 1
        }
        var written: [(String, String)] = export.files.map { (folder + "/" + $0.name, $0.text) }
        if let keyOut, let key = export.key { written.append((keyOut, key)) }
        for (path, text) in written {
            if let problem = CohortResultFiles.write(text, to: path, worker: 0) {
                terminal.error("mark sample: cannot write '\(TerminalText.escaped(path))': \(problem)\n")
                return 1
            }
        }
        let n = export.files.count - 1
        terminal.write("blind export: \(n) submission\(n == 1 ? "" : "s") (evidence only: no grades, marks or feedback) and \(BlindExport.decisionsName) in \(TerminalText.escaped(folder))\n")
        if let keyOut { terminal.write("key (pseudonym → learner): \(TerminalText.escaped(keyOut)); keep it at the centre\n") }
        return 0
    }
}
