import Foundation
import MarkCore

/// `mark import EXPORT --mapping FILE`: a spreadsheet export or xAPI statements → evidence/1.
enum ImportCommand: Subcommand {
    static let name = "import"
    static let abstract = "Turn a CSV export or xAPI statements into evidence files"
    static let help = """
        OVERVIEW: Turn an e-portfolio system's CSV export (one row per evidence item) or a learning
        record store's xAPI statements into evidence/1 submissions, one per learner and unit,
        through a mapping file that says which column fills which field (docs/import.md).

        USAGE: mark import EXPORT --mapping FILE [--xapi] [--delimiter C] [--encoding E]
                           [--out DIR] [--rules PATH] [--jobs N]

        ARGUMENTS:
          EXPORT                The CSV file (or, with --xapi, a JSON file of statements), or -
                                for stdin.

        OPTIONS:
          --mapping FILE        The mapping file (start one with 'mark template UNIT --format
                                mapping').
          --xapi                EXPORT is xAPI: an array of statements, or {"statements": […]}.
          --delimiter C         The CSV field delimiter: , (default) ; | or tab.
          --encoding E          utf-8 (default; a byte order mark is skipped) or windows-1252.
          --out DIR             Write one pretty file per submission, DIR/LEARNER.UNIT.json
                                (each written whole, atomically), instead of NDJSON on stdout.
          --rules PATH          The rules that choose each submission's evidence declaration.
                                Default: $MARK_RULES, else ./Rules, else the installed rules.
          --jobs N              Convert a CSV's learners on N threads (default: one per core);
                                the output is the same for any N.
          -h, --help            Show this help.

        Output without --out is NDJSON, one submission a line, which 'mark --ndjson -' marks:
          mark import export.csv --mapping centre.mapping | mark --ndjson - --format csv

        A learner's submission with any problem is not written (every problem is reported at its
        line and column); the other learners' are. A CSV is read twice, a record at a time, so
        memory stays flat; each learner's rows for a unit must come together.

        EXIT STATUS: 0 every row imported, 1 a problem (some submissions may have been written),
        64 bad usage.

        """

    static func run(_ arguments: [String], terminal: Terminal) throws(UsageError) -> Int32 {
        let args = try Arguments(arguments, spec: .init(options: ["--mapping", "--delimiter", "--encoding", "--out", "--rules", "--jobs"], flags: ["--xapi"]))
        guard args.positional.count == 1 else { throw UsageError("name one export file (or - for stdin)") }
        guard let mappingPath = args.value("--mapping") else { throw UsageError("give the mapping file with --mapping FILE (see docs/import.md)") }
        var options = EvidenceImport.CSVOptions()
        if let d = args.value("--delimiter") {
            let choices = [",": ",", ";": ";", "|": "|", "tab": "\t", "\\t": "\t", "\t": "\t"]
            guard let c = choices[d] else { throw UsageError("'--delimiter' must be one of , ; | tab, not '\(d)'") }
            options.delimiter = c.utf8.first!
        }
        let encoding = try args.choice("--encoding", CSVEncoding.allCases.map(\.rawValue), default: "utf-8")
        options.encoding = CSVEncoding(rawValue: encoding) ?? .utf8
        options.pretty = args.value("--out") != nil
        options.jobs = try args.integer("--jobs", default: ProcessInfo.processInfo.activeProcessorCount, range: 1...256)
        let input = args.positional[0]

        let renderer = DiagnosticRenderer(colour: terminal.colourErrors)
        let mappingFile: SourceFile
        switch InputFile.contents(mappingPath, limit: 1 << 20, readAs: "mapping files") {
        case .success(let bytes): mappingFile = SourceFile(path: mappingPath, bytes: bytes)
        case .failure(let d):
            terminal.error(renderer.render(d, source: nil))
            return 1
        }
        let mapping: ImportMapping
        switch ImportMapping.parse(mappingFile) {
        case .success(let m): mapping = m
        case .failure(let list):
            terminal.error(renderer.render(list.items, sources: [mappingPath: mappingFile]))
            return 1
        }
        // The rules load on a thread of their own while a CSV's first pass (which needs only the
        // mapping) reads the file; until they have loaded, a problem found first waits for them,
        // so that broken rules are reported as the only problem, as when nothing else is read.
        let rules = RulesLoading(args.value("--rules"), terminal: terminal)
        var out = args.value("--out")
        if let folder = out {
            if folder.count > 1 && folder.hasSuffix("/") { out = String(folder.dropLast()) }
            if let code = CohortResultFiles.makeFolder(out!) {
                if let failure = rules.failure { return failure }
                terminal.error("mark import: cannot create the folder '\(TerminalText.escaped(out!))': \(String(cString: strerror(code)))\n")
                return 1
            }
        }
        var written: Set<String> = []
        var writeFailed = false
        let emit: (EvidenceImport.Imported) -> Void = { imported in
            guard let out else {
                terminal.write(bytes: imported.bytes)
                terminal.write("\n")
                return
            }
            let name = EvidenceImport.fileName(learner: imported.learnerID, unit: imported.unit, taken: written)
            written.insert(name)
            if let problem = CohortResultFiles.write(imported.json + "\n", to: out + "/" + name, worker: 0) {
                terminal.error("mark import: cannot write '\(TerminalText.escaped(out + "/" + name))': \(problem)\n")
                writeFailed = true
            }
        }
        let summary: EvidenceImport.Summary
        if args.has("--xapi") {
            guard let catalog = rules.catalog else { return 1 }
            let bytes: [UInt8]
            switch input == "-" ? InputFile.readStandardInput(limit: 1 << 30, readAs: "xAPI statements") : InputFile.contents(input, limit: 1 << 30, readAs: "xAPI statements") {
            case .success(let b): bytes = b
            case .failure(let d):
                terminal.error(renderer.render(d, source: nil))
                return 1
            }
            summary = EvidenceImport.xapi(SourceFile(path: input == "-" ? "<stdin>" : input, bytes: bytes), mapping: mapping, catalog: catalog, pretty: options.pretty, emit: emit)
        } else {
            let path = input == "-" ? "<stdin>" : input
            let fd: Int32
            var owned = true
            if input == "-" {
                // Standard input cannot be read twice: unless it is a file, it is copied to one.
                switch InputFile.rereadableStandardInput(readAs: "a CSV export") {
                case .success(let opened):
                    fd = opened.fd
                    owned = opened.owned
                case .failure(let d):
                    if let failure = rules.failure { return failure }
                    terminal.error(renderer.render(d, source: nil))
                    return 1
                }
            } else {
                switch InputFile.openRegular(input, readAs: "CSV exports") {
                case .success(let opened): fd = opened.fd
                case .failure(let d):
                    if let failure = rules.failure { return failure }
                    terminal.error(renderer.render(d, source: nil))
                    return 1
                }
            }
            let open = {
                CSVRecordReader(.file(fd), delimiter: options.delimiter, encoding: options.encoding)
            }
            summary = EvidenceImport.csv(path: path, open: open, mapping: mapping, catalog: { rules.catalog }, options: options, emit: emit)
            if owned { close(fd) }
            if rules.catalog == nil { return 1 }
        }
        for p in summary.problems { terminal.error(renderer.render(p.diagnostic, source: p.source)) }
        if summary.unreported > 0 { terminal.error("mark import: \(summary.unreported) more problem\(summary.unreported == 1 ? "" : "s") not shown\n") }
        let rows = args.has("--xapi") ? "statement" : "row"
        terminal.error(
            "mark import: \(summary.rows) \(rows)\(summary.rows == 1 ? "" : "s"), \(summary.written) submission\(summary.written == 1 ? "" : "s") written"
                + (summary.refused > 0 ? ", \(summary.refused) not written (problems above)" : "") + "\n")
        return summary.isClean && !writeFailed ? 0 : 1
    }
}

/// The rules, loaded on a thread of their own (`MarkSubmissions.loadRules`, which reports their
/// problems); `catalog` waits for them.
final class RulesLoading: @unchecked Sendable {
    // @unchecked: `loaded` is written once, by the loading thread, before `done` is signalled,
    // and read only after waiting for it.
    private var loaded: RulesetCatalog?
    private var waited = false
    private let done = DispatchSemaphore(value: 0)

    init(_ option: String?, terminal: Terminal) {
        let thread = Thread { [self] in
            loaded = MarkSubmissions.loadRules(option, terminal: terminal)?.0
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The rules once loaded; nil when they could not be (their problems are reported).
    var catalog: RulesetCatalog? {
        if !waited {
            done.wait()
            waited = true
        }
        return loaded
    }

    /// 1 when the rules could not be loaded (waiting for them): the status to stop with first.
    var failure: Int32? { catalog == nil ? 1 : nil }
}
