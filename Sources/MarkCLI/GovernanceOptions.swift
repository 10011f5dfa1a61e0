import Foundation
import MarkCore

/// `--overrides FILE` and `--ledger FILE` of the marking command (docs/governance.md).
enum GovernanceOptions {
    /// The help lines for both options.
    static let help = """
          --overrides FILE      Apply assessors' overrides (CSV: learner, unit, point, verdict,
                                grade, assessor, date, rationale) to the results; every output
                                shows the engine's decision beside the override.
          --ledger FILE         Append one line per decision to a hash-chained ledger (check it
                                with 'mark ledger verify FILE').
        """

    /// The bytes of a file, or of standard input for `-`: overrides, results, ledgers.
    static func read(_ path: String, readAs what: String, files: String) -> Result<[UInt8], Diagnostic> {
        path == "-"
            ? InputFile.readStandardInput(limit: RuleLoader.maxModerationSize, readAs: what)
            : RuleLoader.readFile(path, limit: RuleLoader.maxModerationSize, readAs: files)
    }

    /// Reads and checks the overrides file against the rules; nil after printing its errors.
    static func overrides(_ path: String, catalog: RulesetCatalog, terminal: Terminal) -> OverrideSheet? {
        let bytes: [UInt8]
        switch read(path, readAs: "overrides", files: "overrides files") {
        case .failure(let d):
            terminal.error(DiagnosticOutput.text([d], sources: [:], colour: terminal.colourErrors))
            return nil
        case .success(let b): bytes = b
        }
        let source = SourceFile(path: path == "-" ? "<stdin>" : path, bytes: bytes)
        switch OverrideSheet.read(source, catalog: catalog) {
        case .failure(let list):
            terminal.error(DiagnosticOutput.text(list.items, sources: [source.path: source], colour: terminal.colourErrors))
            terminal.error("mark: the overrides in '\(TerminalText.escaped(source.path))' have errors; nothing was marked\n")
            return nil
        case .success(let sheet): return sheet
        }
    }

    /// Opens the ledger for appending; nil after saying why it cannot be used. Lines are timed
    /// by the clock, or by `SOURCE_DATE_EPOCH` (seconds since 1970) when it is set, so a run
    /// can be reproduced byte for byte.
    static func ledger(_ path: String, terminal: Terminal) -> Ledger? {
        var clock: () -> Date = Date.init
        if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let seconds = Double(epoch) {
            clock = { Date(timeIntervalSince1970: seconds) }
        }
        switch Ledger.open(path, time: clock) {
        case .failure(let m):
            terminal.error("mark: \(TerminalText.escaped(path)): \(m.text)\n")
            return nil
        case .success(let ledger): return ledger
        }
    }
}
