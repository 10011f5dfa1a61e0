import Foundation
import MarkCore

/// `mark merge SHARD…`: joins the JSON results of runs over shards of one cohort.
enum MergeCommand: Subcommand {
    static let name = "merge"
    static let abstract = "Join the JSON results of runs over shards of a cohort"
    static let help = """
        OVERVIEW: Join the NDJSON results that 'mark --format json' printed for shards of one
        cohort (cut in order, e.g. by GNU parallel --pipe --keep-order or a job array) into one
        stream: every result line unchanged, in the order the shards are named, then one
        summary/1 trailer with the shards' counts added up. For shards cut in order the output
        is what one run over the whole cohort prints, but that each result's submission path
        names its shard's input and line (see docs/scale.md).

        USAGE: mark merge SHARD…

        ARGUMENTS:
          SHARD                 A shard's results: an NDJSON file, or - for stdin; one file may
                                hold several shards' results one after another. Each shard's
                                results must end with its summary/1 trailer (a shard whose run
                                died has none).

        OPTIONS:
          -h, --help            Show this help.

        EXIT STATUS: 0 merged, 1 a shard could not be read, has no trailer, or its trailer does
        not count its result lines (nothing after the problem is written, and no trailer), or the
        output could not be written, 64 bad usage.

        """

    static func run(_ arguments: [String], terminal: Terminal) throws(UsageError) -> Int32 {
        let args = try Arguments(arguments, spec: .init(options: [], flags: []))
        guard !args.positional.isEmpty else { throw UsageError("name the shards' results: NDJSON files, or - for stdin") }
        if args.positional.filter({ $0 == "-" }).count > 1 { throw UsageError("name '-' (standard input) once") }
        let problem = ResultStreamMerge.merge(args.positional) { bytes in
            terminal.write(bytes: bytes)
            return !terminal.failed
        }
        if let problem {
            terminal.flush()
            let place = problem.line > 0 ? "\(problem.path):\(problem.line)" : problem.path
            terminal.error("\(TerminalText.escaped(place)): error: \(problem.message)\n")
            return 1
        }
        return terminal.flush() ? 0 : 1
    }
}
