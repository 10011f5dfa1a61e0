import Foundation
import MarkCore

/// `mark verify RESULT…`: an appeal's re-mark, reproducing each recorded decision or saying why not.
enum VerifyCommand: Subcommand {
    static let name = "verify"
    static let abstract = "Re-mark results from their recorded evidence and rules (appeals)"
    static let help = """
        OVERVIEW: Re-mark each result from the evidence it records (by path and SHA-256) with the
        ruleset it records (by SHA-256), and say "reproduced" or exactly what differs and why:
        evidence changed or missing, ruleset changed or missing, engine version changed, result
        file edited (see docs/governance.md).

        USAGE: mark verify RESULT… [--rules PATH]…

        ARGUMENTS:
          RESULT                A result file (as 'mark --out DIR' writes them, or the output of
                                'mark --format json' for one submission), or a folder of them
                                (*.result.json, recursively), or - for one result on stdin.

        OPTIONS:
          --rules PATH          Where to find the rulesets by SHA-256: a rules folder or file;
                                give it more than once to add an archive of earlier versions.
                                Default: $MARK_RULES, else ./Rules.
          -h, --help            Show this help.

        Evidence paths are read as recorded, from the current folder.

        EXIT STATUS: 0 every result reproduced, 1 any result not reproduced or unreadable, 64
        bad usage.

        """

    static func run(_ arguments: [String], terminal: Terminal) throws(UsageError) -> Int32 {
        let args = try Arguments(arguments, spec: .init(options: ["--rules"]))
        guard !args.positional.isEmpty else { throw UsageError("name at least one result file or folder") }
        let paths = args.values["--rules"] ?? [MarkSubmissions.rulesPath(nil, terminal: terminal, command: "mark verify")].compactMap { $0 }
        guard !paths.isEmpty else { return 1 }
        let catalog = ResultVerifier.rules(paths)
        if catalog.hasErrors {
            terminal.error(DiagnosticOutput.text(catalog.diagnostics, sources: catalog.sources, colour: terminal.colourErrors))
            terminal.error("mark verify: the rules have errors; nothing was verified\n")
            return 1
        }
        var files: [String] = []
        for path in args.positional {
            files += ModerationSupport.isFolder(path) ? ModerationFiles.list(path, suffixes: [".result.json"]) : [path]
        }
        var reproduced = 0
        var failed = 0
        if files.filter({ $0 == "-" }).count > 1 { throw UsageError("name '-' (standard input) once") }
        for file in files {
            switch GovernanceOptions.read(file, readAs: "results", files: "result files") {
            case .failure(let d):
                terminal.error(DiagnosticOutput.text([d], sources: [:], colour: terminal.colourErrors))
                failed += 1
            case .success(let bytes):
                let v = ResultVerifier.verify(path: file == "-" ? "<stdin>" : file, bytes: bytes, catalog: catalog, engineVersion: MarkCommand.version)
                terminal.write(v.text)
                if v.reproduced { reproduced += 1 } else { failed += 1 }
            }
        }
        if files.count != 1 {
            terminal.write("\n\(files.count) result\(files.count == 1 ? "" : "s"): \(reproduced) reproduced, \(failed) not reproduced\n")
        }
        return failed == 0 && !files.isEmpty ? 0 : 1
    }
}
