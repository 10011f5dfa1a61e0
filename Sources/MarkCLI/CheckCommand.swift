import Foundation
import MarkCore

/// `mark check PATH…`: parse and check rule files, reporting every problem.
enum CheckCommand: Subcommand {
    static let name = "check"
    static let abstract = "Check rule files for errors and warnings"
    static let help = """
        OVERVIEW: Check rule files: syntax, names, types, evidence fields, imports and grading.

        USAGE: mark check [--format text|json] PATH…

        ARGUMENTS:
          PATH                  A .rules file, or a folder searched recursively for .rules files.
                                Imports must stay inside the folder named (or the file's folder).

        OPTIONS:
          --format text|json    Diagnostics as compiler-style text on stderr (default) or as JSON
                                on stdout (see docs/language.md, "Diagnostics as JSON").
          -h, --help            Show this help.

        EXIT STATUS: 0 no errors (warnings allowed), 1 errors found, 64 bad usage.

        """

    static func run(_ arguments: [String], terminal: Terminal) throws(UsageError) -> Int32 {
        let args = try Arguments(arguments, spec: .init(options: ["--format"]))
        let format = try args.choice("--format", ["text", "json"], default: "text")
        guard !args.positional.isEmpty else { throw UsageError("name at least one .rules file or folder") }
        let (diagnostics, sources, files) = checkPaths(args.positional)
        if format == "json" {
            terminal.write(DiagnosticOutput.json(diagnostics, sources: sources, files: files))
        } else {
            terminal.error(DiagnosticOutput.text(diagnostics, sources: sources, colour: terminal.colourErrors))
            let errors = diagnostics.filter { $0.severity == .error }.count
            let warnings = diagnostics.filter { $0.severity == .warning }.count
            terminal.error("checked \(files) file\(files == 1 ? "" : "s"): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n")
        }
        return diagnostics.contains { $0.severity == .error } ? 1 : 0
    }

    /// Checks every rule file under the paths; diagnostics are de-duplicated across files.
    static func checkPaths(_ paths: [String]) -> (diagnostics: [Diagnostic], sources: [String: SourceFile], files: Int) {
        var (entries, diagnostics) = RuleFiles.collect(paths.filter { $0 != "-" })
        var sources: [String: SourceFile] = [:]
        var seen: Set<String> = []
        var files = entries.count
        if paths.contains("-") {
            let bytes: [UInt8]
            switch InputFile.readStandardInput(limit: RuleLoader.maxSize, readAs: "rules files") {
            case .success(let b): bytes = b
            case .failure(let d):
                diagnostics.append(d)
                return (diagnostics, sources, files + 1)
            }
            let source = SourceFile(path: "<stdin>", bytes: bytes)
            let outcome = Checker.check(source: source)
            sources["<stdin>"] = source
            diagnostics += outcome.diagnostics
            files += 1
        }
        var loaders: [String: RuleLoader] = [:]
        var rulesets: [Ruleset] = []
        for entry in entries {
            var loader = loaders[entry.root] ?? RuleLoader(root: entry.root)
            let outcome = Checker.check(path: entry.path, loader: &loader)
            loaders[entry.root] = loader
            if let r = outcome.ruleset { rulesets.append(r) }
            for s in outcome.sources { sources[s.path] = s }
            for d in outcome.diagnostics where seen.insert("\(d.path)|\(d.range)|\(d.id)|\(d.message)").inserted {
                diagnostics.append(d)
            }
        }
        diagnostics += AppliesOverlap.diagnostics(rulesets)
        for r in rulesets { diagnostics += SchemeAnalysis.warnings(r).filter { seen.insert("\($0.path)|\($0.range)|\($0.id)|\($0.message)").inserted } }
        return (diagnostics, sources, files)
    }
}
