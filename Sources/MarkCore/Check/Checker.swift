/// Checks a ruleset and the libraries it imports: resolves names, checks types and field
/// paths against the evidence declaration, and compiles the result into a `Ruleset`.
public struct Checker {
    /// What checking a file produced.
    public struct Outcome: Sendable {
        /// The compiled ruleset, when the file is a ruleset without errors.
        public var ruleset: Ruleset?
        /// Every diagnostic, errors and warnings, in file and source order.
        public var diagnostics: [Diagnostic]
        /// The files read, the checked file first.
        public var sources: [SourceFile]
        /// Whether any diagnostic is an error.
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    var sources: [SourceFile] = []
    var trees: [RuleFile] = []
    var diagnostics: [Diagnostic] = []
    var schema: EvidenceSchema?
    var definitions: [DefinitionInfo] = []
    var definitionIndex: [String: Int] = [:]
    var values: [CompiledValue] = []
    var functions: [CompiledFunction] = []
    var slotCount = 0
    var points: [MarkingPoint] = []
    var pointIndex: [String: Int] = [:]
    var pointFiles: [Int] = []
    /// The file whose declarations are being checked, for locating diagnostics: a point or
    /// the grading scheme may come from a base ruleset (`extends`).
    var currentFile = 0
    /// The base rulesets (`extends`), nearest first, as indices into `sources`.
    var baseFiles: [Int] = []
    /// With a base: the marking points after every replacement and removal, base order first.
    var extendedPoints: [(MarkingPoint, Int)] = []
    /// The file whose grading scheme is used: the nearest ruleset in the chain that has one.
    var gradingFile = 0
    var gradeNames: [String] = []
    /// Point ids referenced from the grading scheme.
    var pointsUsedByGrading: Set<Int> = []
    var gradingUsesTotal = false
    /// The components of the grading scheme, by index, as far as grading rules need them.
    var componentInfos: [ComponentInfo] = []
    var componentIndex: [String: Int] = [:]
    /// Points whose computed marks have no valid maximum (already an error): floors and
    /// boundaries over them are not checked again.
    var unknownMaximum: Set<String> = []

    /// A definition's checking state (lazily checked, so order does not matter and cycles are found).
    struct DefinitionInfo {
        var declaration: Definition
        var file: Int
        enum State { case unchecked, checking, done }
        var state: State = .unchecked
        var type: ValueType = .error
        var parameterTypes: [ValueType] = []
        /// Index into `values` or `functions` once compiled.
        var compiledIndex = -1
        var used = false
    }

    /// Checks the rule file at `path`, reading imports through `loader`.
    public static func check(path: String, loader: inout RuleLoader) -> Outcome {
        var checker = Checker()
        return checker.run(path: path, loader: &loader)
    }

    /// Checks source text that imports nothing (used by tests and tools).
    public static func check(source: SourceFile) -> Outcome {
        var checker = Checker()
        let (tree, diags) = Parser.parse(source)
        checker.sources = [source]
        checker.trees = [tree]
        checker.diagnostics = diags
        return checker.finish()
    }

    mutating func run(path: String, loader: inout RuleLoader) -> Outcome {
        switch loader.load(path) {
        case .failure(let d):
            return Outcome(ruleset: nil, diagnostics: [d], sources: [])
        case .success(let loaded):
            sources = [loaded.source]
            trees = [loaded.tree]
            diagnostics = loaded.diagnostics
        }
        var visiting: [String] = [RuleLoader.normalise(path)]
        var seen: Set<String> = [RuleLoader.normalise(path)]
        var chain = visiting
        loadBase(of: 0, loader: &loader, chain: &chain)
        seen.formUnion(chain)
        for file in [0] + baseFiles {
            visiting = [RuleLoader.normalise(sources[file].path)]
            loadImports(of: file, loader: &loader, visiting: &visiting, seen: &seen)
        }
        return finish()
    }

    mutating func loadImports(of file: Int, loader: inout RuleLoader, visiting: inout [String], seen: inout Set<String>) {
        for case .import(let imp) in trees[file].declarations {
            let importer = sources[file].path
            let resolved: String
            switch loader.resolve(imp.path.value, from: importer) {
            case .failure(let message):
                error("bad-import", message.text, imp.path.range, file: file)
                continue
            case .success(let r): resolved = r
            }
            if let at = visiting.firstIndex(of: resolved) {
                let cycle = (visiting[at...] + [resolved]).joined(separator: " → ")
                error("import-cycle", "import cycle: \(cycle)", imp.path.range, file: file)
                continue
            }
            if seen.contains(resolved) { continue }
            seen.insert(resolved)
            switch loader.load(resolved) {
            case .failure(let d):
                error("bad-import", "cannot import '\(imp.path.value)': \(d.message)", imp.path.range, file: file)
            case .success(let loaded):
                sources.append(loaded.source)
                trees.append(loaded.tree)
                diagnostics += loaded.diagnostics
                let index = sources.count - 1
                if case .header(let h)? = loaded.tree.declarations.first, h.kind == .ruleset {
                    error("import-ruleset", "'\(imp.path.value)' is a ruleset; only libraries can be imported", imp.path.range, file: file)
                }
                visiting.append(resolved)
                loadImports(of: index, loader: &loader, visiting: &visiting, seen: &seen)
                visiting.removeLast()
            }
        }
    }

    mutating func finish() -> Outcome {
        // Syntax errors leave the tree incomplete; checking it would only add follow-on errors.
        if diagnostics.contains(where: { $0.severity == .error }) {
            return Outcome(ruleset: nil, diagnostics: diagnostics, sources: sources)
        }
        let ruleset = checkAll()
        return Outcome(ruleset: ruleset, diagnostics: Checker.deduplicated(diagnostics), sources: sources)
    }

    static func deduplicated(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen: Set<String> = []
        return diagnostics.filter { d in
            seen.insert("\(d.path)|\(d.range)|\(d.message)").inserted
        }
    }

    // MARK: Reporting

    mutating func error(_ id: String, _ message: String, _ range: Range<Int>, file: Int, notes: [Diagnostic.Note] = []) {
        diagnostics.append(Diagnostic(.error, id: id, message, path: sources[file].path, range: range, notes: notes))
    }

    mutating func warning(_ id: String, _ message: String, _ range: Range<Int>, file: Int) {
        diagnostics.append(Diagnostic(.warning, id: id, message, path: sources[file].path, range: range))
    }

    func note(_ message: String, _ range: Range<Int>, file: Int) -> Diagnostic.Note {
        Diagnostic.Note(message: message, path: sources[file].path, range: range)
    }

    // MARK: The whole ruleset

    mutating func checkAll() -> Ruleset? {
        let header = trees[0].declarations.compactMap { d -> Header? in
            if case .header(let h) = d { return h }
            return nil
        }
        guard let main = header.first else {
            error("missing-header", "a rule file must start with 'ruleset \"id\" { … }' or 'library \"id\"'", 0..<0, file: 0)
            return nil
        }
        if case .header = trees[0].declarations.first {} else {
            error("header-not-first", "the '\(main.kind.rawValue)' header must come first in the file", main.range, file: 0)
        }
        for extra in header.dropFirst() {
            error("duplicate-header", "a file has one header; this is a second", extra.range, file: 0)
        }
        for file in 1..<max(1, trees.count) where !baseFiles.contains(file) {
            checkLibraryFile(file)
        }
        buildSchema()
        extendSchema()
        applyAmendments(main)
        collectDefinitions()
        if main.kind == .library {
            checkPointsAndGradingAbsent(file: 0)
            checkAllDefinitions()
            return nil
        }
        let info = checkHeader(main)
        collectPoints()
        gradeNames = collectGradeNames()
        let compiledPoints = compilePoints()
        let grading = compileGrading(points: compiledPoints)
        checkAllDefinitions()
        warnUnusedDefinitions()
        warnGradingProblems(points: compiledPoints, grading: grading)
        guard !diagnostics.contains(where: { $0.severity == .error }), let info, let schema, let grading else {
            return nil
        }
        warnCostlyPoints(compiledPoints)
        var hasher = SHA256()
        for source in sources {
            // Paths are not hashed, so moving the rules folder keeps the hash.
            source.bytes.withUnsafeBufferPointer { hasher.update($0) }
            hasher.update([0])
        }
        return Ruleset(
            id: info.id, title: info.title, version: info.version, unit: info.unit, qualification: info.qualification, variant: info.variant,
            appliesFrom: info.from, appliesUntil: info.until, appliesRange: info.appliesRange, sourceHash: hasher.finalizeHex(), sources: sources,
            schema: schema, values: values, functions: functions, points: compiledPoints, grading: grading,
            slotCount: slotCount, trees: trees)
    }

    struct HeaderInfo {
        var id: String, title: String, version: String, unit: String, qualification: String?, variant: String?
        var from: CalendarDate, until: CalendarDate?
        var appliesRange: Range<Int>
    }

    mutating func checkHeader(_ header: Header) -> HeaderInfo? {
        var texts: [String: String] = [:]
        var from: CalendarDate?
        var until: CalendarDate?
        var appliesSeen = false
        var appliesRange = header.range
        for entry in header.entries {
            switch entry {
            case .text(let key, let value):
                if texts[key.name] != nil {
                    error("duplicate-header-entry", "'\(key.name)' is given twice in the header", key.range, file: 0)
                }
                texts[key.name] = value.value
            case .applies(let f, let u, let range):
                if appliesSeen { error("duplicate-header-entry", "'applies' is given twice in the header", range, file: 0) }
                appliesSeen = true
                appliesRange = range
                from = dateLiteral(f)
                if let u { until = dateLiteral(u) }
                if let a = from, let b = until, b < a {
                    error("bad-dates", "the ruleset stops applying (\(b)) before it starts (\(a))", range, file: 0)
                }
            }
        }
        var ok = true
        for case .text(let k, let v) in header.entries where k.name == "variant" && v.value.allSatisfy(\.isWhitespace) {
            error("empty-variant", "a variant needs a name that sets it apart, such as \"online\"", k.range.lowerBound..<v.range.upperBound, file: 0)
        }
        for key in Checker.inheritedHeaderEntries where texts[key] == nil {
            for base in baseFiles where texts[key] == nil { texts[key] = headerText(key, file: base) }
        }
        for key in ["title", "version", "unit"] where texts[key] == nil {
            error("missing-header-entry", "the ruleset header needs '\(key) \"…\"'", header.range.lowerBound..<header.id.range.upperBound, file: 0)
            ok = false
        }
        if !appliesSeen {
            error(
                "missing-header-entry", "the ruleset header needs 'applies from YYYY-MM-DD' (the first start date it marks)",
                header.range.lowerBound..<header.id.range.upperBound, file: 0)
            ok = false
        }
        if let base = baseFiles.first, let baseVersion = headerText("version", file: base), texts["version"] == baseVersion,
            case .header(let baseHeader)? = trees[base].declarations.first, baseHeader.id.value == header.id.value
        {
            error(
                "extends-same-version", "this ruleset extends version \(baseVersion) of '\(header.id.value)' and must have a version of its own",
                header.range.lowerBound..<header.id.range.upperBound, file: 0)
        }
        guard ok, let from else { return nil }
        return HeaderInfo(
            id: header.id.value, title: texts["title"]!, version: texts["version"]!, unit: texts["unit"]!,
            qualification: texts["qualification"], variant: texts["variant"], from: from, until: until, appliesRange: appliesRange)
    }

    mutating func dateLiteral(_ e: Expr) -> CalendarDate? {
        guard case .date(let text) = e.kind else { return nil }
        guard let d = CalendarDate(text) else {
            error("bad-date", "'\(text)' is not a real date", e.range, file: 0)
            return nil
        }
        return d
    }

    mutating func checkLibraryFile(_ file: Int) {
        guard case .header(let h)? = trees[file].declarations.first, h.kind == .library else {
            error("missing-header", "an imported file must start with 'library \"id\"'", 0..<0, file: file)
            return
        }
        checkPointsAndGradingAbsent(file: file)
    }

    mutating func checkPointsAndGradingAbsent(file: Int) {
        for d in trees[file].declarations {
            switch d {
            case .point(let p):
                error("point-in-library", "marking points belong in a ruleset, not a library", p.id.range, file: file)
            case .grading(let g):
                error("grading-in-library", "a grading scheme belongs in a ruleset, not a library", g.range.lowerBound..<g.range.lowerBound + 7, file: file)
            default: break
            }
        }
    }
}
