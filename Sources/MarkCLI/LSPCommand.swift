import Foundation
import MarkCore
import MarkLSP

/// `mark lsp`: the language server for rule files, on standard input and output.
enum LSPCommand: Subcommand {
    static let name = "lsp"
    static let abstract = "Run the language server for editors (stdio)"
    static let help = """
        OVERVIEW: Run the Language Server Protocol server for .rules and .tests files, talking
        JSON-RPC on standard input and output: diagnostics as you type (the messages of
        'mark check' and 'mark test'), formatting ('mark fmt'), outline, hover, go to
        definition, references, completion and "did you mean" quick fixes (docs/lsp.md).
        An editor starts it; it is not for typing into.

        USAGE: mark lsp [--stdio]

        OPTIONS:
          --stdio       Talk on standard input and output (the default and only transport;
                        accepted because editors' clients pass it).
          -h, --help    Show this help.

        EXIT STATUS: 0 after the client's 'shutdown' and 'exit', 1 when the client exits or
        goes away without 'shutdown', 64 bad usage.

        """

    static func run(_ arguments: [String], terminal: Terminal) throws(UsageError) -> Int32 {
        let args = try Arguments(arguments, spec: .init(flags: ["--stdio"]))
        guard args.positional.isEmpty else { throw UsageError("'mark lsp' takes no files: the editor sends the documents it opens") }
        return Session.serveStandardIO(
            version: MarkCommand.version, write: { Terminal.writeAll(1, $0) == nil },
            log: { terminal.error($0 + "\n") })
    }
}
