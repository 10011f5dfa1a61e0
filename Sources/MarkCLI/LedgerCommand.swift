import Foundation
import MarkCore

/// `mark ledger verify FILE`: checks a decision ledger's hash chain.
enum LedgerCommand: Subcommand {
    static let name = "ledger"
    static let abstract = "Verify a decision ledger's hash chain"
    static let help = """
        OVERVIEW: Check a decision ledger written by 'mark --ledger FILE': every line must hold
        the SHA-256 of the line before it and the next decision number. Any edited, removed or
        reordered line is named; a line left incomplete by a stopped run is reported, and the
        lines before it still verify (see docs/governance.md).

        USAGE: mark ledger verify FILE [--head SHA256]

        ARGUMENTS:
          FILE                  The ledger, or - for stdin.

        OPTIONS:
          --head SHA256         The head printed by an earlier verify: the ledger must still hold
                                that line, so nothing up to it was edited or removed (the last
                                line has no later line to vouch for it).
          -h, --help            Show this help.

        EXIT STATUS: 0 the chain is intact, 1 it is broken or the file cannot be read, 64 bad
        usage.

        """

    static func run(_ arguments: [String], terminal: Terminal) throws(UsageError) -> Int32 {
        let args = try Arguments(arguments, spec: .init(options: ["--head"]))
        guard args.positional.first == "verify" else {
            throw UsageError(args.positional.isEmpty ? "name the action: mark ledger verify FILE" : "unknown action '\(args.positional[0])'; the action is 'verify'")
        }
        guard args.positional.count == 2 else { throw UsageError("name one ledger file: mark ledger verify FILE") }
        let head = args.value("--head")?.lowercased()
        if let head, head.count != 64 || !head.allSatisfy(\.isHexDigit) {
            throw UsageError("'--head' takes a SHA-256: 64 hex digits")
        }
        let path = args.positional[1]
        let source: SourceFile
        switch GovernanceOptions.read(path, readAs: "ledgers", files: "ledgers") {
        case .failure(let d):
            terminal.error(DiagnosticOutput.text([d], sources: [:], colour: terminal.colourErrors))
            return 1
        case .success(let bytes): source = SourceFile(path: path == "-" ? "<stdin>" : path, bytes: bytes)
        }
        let v = LedgerVerification.verify(source, head: head)
        terminal.error(DiagnosticOutput.text(v.problems, sources: [v.source.path: v.source], colour: terminal.colourErrors))
        let shown = TerminalText.escaped(v.source.path)
        if let problem = v.headProblem { terminal.error("\(shown): error: \(problem)\n") }
        let decisions = "\(v.lines) decision\(v.lines == 1 ? "" : "s")"
        if v.intact {
            terminal.write("\(shown): \(decisions), the chain is intact" + (head == nil ? "" : " and holds the head noted earlier") + "\n")
        } else {
            terminal.write("\(shown): \(decisions); the chain is broken: \(v.verified == 0 ? "no line" : v.verified == 1 ? "line 1" : "lines 1–\(v.verified)") verified\n")
        }
        if let h = v.head { terminal.write("head: \(h)\n") }
        return v.intact ? 0 : 1
    }
}
