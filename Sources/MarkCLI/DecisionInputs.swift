import Foundation
import MarkCore

/// The inputs `mark agree` and `mark moderate` share: results, a decisions file, grade scales
/// and the decisions set against the results.
struct DecisionInputs {
    var results: ResultSet
    var sheet: DecisionSheet
    var sheetSource: SourceFile
    var scales: GradeScales
    var analysis: DecisionAgreement
    var masking: LearnerMasking
    var redaction: DiagnosticRedaction?

    /// A whole-number seed option (default 1).
    static func seed(_ args: Arguments) throws(UsageError) -> UInt64 {
        guard let text = args.value("--seed") else { return 1 }
        guard let v = UInt64(text) else { throw UsageError("'--seed' takes a whole number from 0 to 18446744073709551615, not '\(text)'") }
        return v
    }

    /// A `--tolerance N` option, in marks.
    static func tolerance(_ args: Arguments) throws(UsageError) -> Double? {
        guard let t = args.value("--tolerance") else { return nil }
        guard let v = Double(t), v.isFinite, v >= 0 else { throw UsageError("'--tolerance' takes a number of marks, 0 or more, not '\(t)'") }
        return v
    }

    /// Reads and matches everything; nil (diagnostics and a message printed) when something
    /// cannot be read or matched. `extraInputs` are further learner files (under redaction).
    static func load(
        _ args: Arguments, command: String, tolerance: Double?, seed: UInt64, extraInputs: [String] = [], terminal: Terminal
    ) throws(UsageError) -> DecisionInputs? {
        guard args.positional.count >= 2, let decisionsPath = args.positional.last else {
            throw UsageError("name the results (a folder or NDJSON file) and then the decisions CSV file")
        }
        guard !ModerationSupport.isFolder(decisionsPath) else {
            throw UsageError("the last argument must be the decisions CSV file, not the folder '\(decisionsPath)'")
        }
        let masking = try ModerationSupport.masking(args)
        let gradeMap = try ModerationSupport.gradeMap(args)
        let redaction = ModerationSupport.redaction(masking, inputs: args.positional + extraInputs + (args.value("--key").map { [$0] } ?? []))
        let shownDecisions = TerminalText.escaped(ModerationSupport.shown(decisionsPath, redaction))

        let results = ResultsReader.read(Array(args.positional.dropLast())) {
            ModerationSupport.standardInput(limit: RuleLoader.maxModerationSize, terminal: terminal)
        }
        ModerationSupport.printDiagnostics(results.diagnostics, sources: results.sources, terminal: terminal, redaction: redaction)
        let sheetSource: SourceFile
        switch RuleLoader.readFile(decisionsPath, limit: RuleLoader.maxModerationSize, readAs: "decisions files") {
        case .failure(let d):
            ModerationSupport.printDiagnostics([d], sources: [:], terminal: terminal, redaction: redaction)
            return nil
        case .success(let bytes): sheetSource = SourceFile(path: decisionsPath, bytes: bytes)
        }
        var sheet: DecisionSheet
        switch DecisionSheet.read(sheetSource) {
        case .failure(let list):
            ModerationSupport.printDiagnostics(list.items, sources: [decisionsPath: sheetSource], terminal: terminal, redaction: redaction)
            terminal.error("mark \(command): \(shownDecisions) has errors; nothing was compared\n")
            return nil
        case .success(let s): sheet = s
        }
        if let keyPath = args.value("--key") {
            guard let key = readKey(keyPath, terminal: terminal, redaction: redaction) else { return nil }
            sheet = sheet.readingPseudonyms(key)
        }
        if results.hasErrors {
            terminal.error("mark \(command): the results could not all be read; nothing was compared\n")
            return nil
        }
        guard let (rulesets, origin) = ModerationSupport.rulesForScales(args.value("--rules"), terminal: terminal) else { return nil }
        let scales = GradeScales(results: results.records, rulesets: rulesets, origin: origin)
        let analysis = DecisionAgreement.analyse(
            results: results.records, sheet: sheet, scales: scales, tolerance: tolerance, gradeMap: gradeMap, bootstrapSeed: seed)
        ModerationSupport.printDiagnostics(analysis.diagnostics, sources: [decisionsPath: sheetSource], terminal: terminal, redaction: redaction)
        if analysis.hasErrors {
            terminal.error("mark \(command): some decisions could not be matched; nothing was compared\n")
            return nil
        }
        return DecisionInputs(
            results: results, sheet: sheet, sheetSource: sheetSource, scales: scales, analysis: analysis, masking: masking, redaction: redaction)
    }

    /// The help line for `--key`.
    static let keyHelp = """
              --key FILE            The key a blind export wrote ('mark sample --blind --key-out'):
                                    learners the decisions name by pseudonym are read as their ids.
        """

    /// A blind export's key; nil (diagnostics printed) when it cannot be read.
    static func readKey(_ path: String, terminal: Terminal, redaction: DiagnosticRedaction?) -> [String: String]? {
        switch RuleLoader.readFile(path, limit: RuleLoader.maxModerationSize, readAs: "key files") {
        case .failure(let d):
            ModerationSupport.printDiagnostics([d], sources: [:], terminal: terminal, redaction: redaction)
            return nil
        case .success(let bytes):
            let source = SourceFile(path: path, bytes: bytes)
            switch BlindExport.readKey(source) {
            case .failure(let list):
                ModerationSupport.printDiagnostics(list.items, sources: [path: source], terminal: terminal, redaction: redaction)
                return nil
            case .success(let key): return key
            }
        }
    }
}
