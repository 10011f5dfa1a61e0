/// Marks submissions: reads the evidence, chooses the ruleset, checks the evidence against
/// it and evaluates. One marker is used by one thread; it keeps an evaluator per ruleset.
public struct Marker {
    /// The outcome for one submission.
    public enum Outcome: Sendable {
        /// Marked.
        case marked(MarkingResult)
        /// Could not be marked: the problems, and the source to locate them in.
        case failed(path: String, diagnostics: [Diagnostic], source: SourceFile?)
    }

    let catalog: RulesetCatalog
    /// Index of a ruleset forced with `--rules FILE`, if any.
    let forced: Int?
    /// One evaluator per ruleset index, made when first needed and marked with in place (an
    /// `Evaluator` holds many buffers: moving it in and out of a dictionary for every
    /// submission copied them).
    var evaluators: [Evaluator?] = []
    /// Compiled evidence declarations, by ruleset index.
    var plans: [Int: EvidencePlan] = [:]
    /// Where each submission's evidence is read (see `EvidenceStore`); replaced when a copy of
    /// the marker shares it, so that copies on other threads never write to one store.
    var store = EvidenceStore()
    /// Whether results carry feedback and next steps (see `Evaluator.writesFeedback`).
    public var writesFeedback = true
    /// The step budget for each submission (see `Evaluator.maxSteps`).
    public var maxSteps = Evaluator.defaultMaxSteps
    /// Whether a forced ruleset marks submissions whose unit or start date it does not cover;
    /// when false (the default) they fail with a diagnostic at the envelope's field.
    public var force = false

    /// Creates a marker over a catalog; `forced` uses that ruleset for every submission.
    public init(catalog: RulesetCatalog, forced: Int? = nil) {
        self.catalog = catalog
        self.forced = forced
    }

    /// Marks one submission's bytes.
    public mutating func mark(_ source: SourceFile) -> Outcome {
        // The JSON document is read and dropped in `read`: a large submission's tape is freed
        // before it is marked.
        let index: Int
        let submission: Submission
        switch read(source) {
        case .failed(let outcome): return outcome
        case .ready(let s, let i): (submission, index) = (s, i)
        }
        if evaluators.count <= index { evaluators += Array(repeating: nil, count: index + 1 - evaluators.count) }
        if evaluators[index] == nil { evaluators[index] = Evaluator(ruleset: catalog.rulesets[index]) }
        evaluators[index]!.writesFeedback = writesFeedback
        evaluators[index]!.maxSteps = maxSteps
        do {
            return .marked(try evaluators[index]!.mark(submission))
        } catch {
            let rules = catalog.rulesets[index].sources[error.location.file]
            let loc = rules.location(of: error.location.range.lowerBound)
            return .failed(
                path: source.path,
                diagnostics: [
                    Diagnostic(.error, id: "evaluation-failed", "cannot mark: \(error.message) in \(rules.path):\(loc.line):\(loc.column)", path: source.path, range: 0..<0)
                ],
                source: source)
        }
    }

    private enum Read {
        case ready(Submission, Int)
        case failed(Outcome)
    }

    /// Reads and checks a submission and chooses its ruleset.
    private mutating func read(_ source: SourceFile) -> Read {
        let document: EvidenceReader.Document
        switch EvidenceReader.open(source, deferringDuplicateKeys: true) {
        case .failure(let list): return .failed(.failed(path: source.path, diagnostics: list.items, source: source))
        case .success(let d): document = d
        }
        let index: Int
        if let forced {
            if !force, let (field, m) = catalog.mismatch(forced: forced, unit: document.unit, started: document.started) {
                let offset = document.json.member(document.json.root, field).map { document.json.offset($0) } ?? 0
                return .failed(.failed(
                    path: source.path,
                    diagnostics: document.failure([Diagnostic(.error, id: "ruleset-does-not-cover", m.text, path: source.path, range: offset..<offset + 1)]),
                    source: source))
            }
            index = forced
        } else {
            switch catalog.select(unit: document.unit, started: document.started, ruleset: document.ruleset) {
            case .failure(let m):
                // A ruleset the submission names is at fault when it is the one not found.
                let field = document.ruleset != nil && m.text.contains("'\(document.ruleset!)'") ? "ruleset" : "unit"
                let offset = document.json.member(document.json.root, field).map { document.json.offset($0) } ?? 0
                return .failed(.failed(
                    path: source.path,
                    diagnostics: document.failure([Diagnostic(.error, id: "no-ruleset", m.text, path: source.path, range: offset..<offset + 1)]),
                    source: source))
            case .success(let i): index = i
            }
        }
        // The ruleset is read through `catalog` where needed: a `let` copy of it would retain
        // each of its parts for every submission.
        let plan = plans[index] ?? EvidencePlan(for: catalog.rulesets[index])
        if plans[index] == nil { plans[index] = plan }
        if !isKnownUniquelyReferenced(&store) { store = EvidenceStore() }
        switch EvidenceReader.submission(document, plan: plan, store: store) {
        case .failure(let list): return .failed(.failed(path: source.path, diagnostics: list.items, source: source))
        case .success(let s): return .ready(s, index)
        }
    }
}
