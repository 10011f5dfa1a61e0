/// Reads a submission's evidence JSON (format `evidence/1`, see docs/evidence-format.md) and
/// checks it against a ruleset's evidence declaration. Every problem names the file, line,
/// column and JSON path, and says what was expected.
public enum EvidenceReader {
    /// The format this reader understands.
    public static let format = "evidence/1"
    /// At most this many problems are reported for one submission.
    static let problemLimit = 25

    /// A parsed submission whose envelope has been read, before its items are checked.
    public struct Document: Sendable {
        /// The source, for diagnostics.
        public var source: SourceFile
        /// The parsed JSON.
        public var json: JSONDocument
        /// The learner's id.
        public var learnerID: String
        /// The learner's name, if given.
        public var learnerName: String?
        /// The unit.
        public var unit: String
        /// Start date.
        public var started: CalendarDate
        /// Submission date.
        public var submitted: CalendarDate
        /// Assessor id.
        public var assessor: String
        /// The ruleset the submission asks to be marked by (`"ruleset"`), naming one of several
        /// variants of its unit; nil when not given.
        public var ruleset: String? = nil
        /// The centre or site of assessment (`"centre"`), when given.
        public var centre: String? = nil
        /// The learner's group (`"group"`), when given.
        public var group: String? = nil
        /// The node of the `items` array.
        var itemsNode: Int
        /// Whether the JSON was read with its duplicate-key check (see `open(_:deferringDuplicateKeys:)`).
        var duplicateKeysChecked = true

        /// The diagnostics to report for a submission that fails with `diagnostics`: those, or,
        /// when the duplicate-key check was deferred and the JSON has a duplicate key, the
        /// invalid-JSON error reading with the check gives, so that either way of reading
        /// reports the same first problem.
        public func failure(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
            guard !duplicateKeysChecked, let strict = EvidenceReader.duplicateKeyFailure(source) else { return diagnostics }
            return strict.items
        }
    }

    static let envelopeKeys = ["format", "learner", "unit", "started", "submitted", "assessor", "ruleset", "centre", "group", "items"]

    /// Parses the JSON and reads the envelope: enough to choose a ruleset.
    ///
    /// With `deferringDuplicateKeys`, the JSON is parsed without looking for duplicate keys,
    /// which the reader then finds as it matches each object's keys to the declaration (a key
    /// matched twice); whenever reading fails, the JSON is parsed again with the check, so a
    /// duplicate key is reported exactly as without deferring. The caller must report its own
    /// failures through `Document.failure(_:)`.
    public static func open(_ source: SourceFile, deferringDuplicateKeys: Bool = false) -> Result<Document, DiagnosticList> {
        let json: JSONDocument
        do {
            json = try JSONReader.parse(source.bytes, checkingDuplicateKeys: !deferringDuplicateKeys)
        } catch {
            return .failure(invalidJSON(error, source))
        }
        let envelope = readEnvelope(source, json)
        guard deferringDuplicateKeys else { return envelope }
        switch envelope {
        case .failure(let list):
            return .failure(duplicateKeyFailure(source) ?? list)
        case .success(var document):
            let learner = json.member(json.root, "learner") ?? json.root
            if json.hasDuplicateKeys(json.root) || json.hasDuplicateKeys(learner) {
                return .failure(duplicateKeyFailure(source) ?? DiagnosticList([]))
            }
            document.duplicateKeysChecked = false
            return .success(document)
        }
    }

    static func invalidJSON(_ error: JSONSyntaxError, _ source: SourceFile) -> DiagnosticList {
        DiagnosticList([Diagnostic(.error, id: "invalid-json", "invalid JSON: \(error.message)", path: source.path, range: error.offset..<error.offset + 1)])
    }

    /// The invalid-JSON error of parsing `source` with the duplicate-key check, or nil if it parses.
    static func duplicateKeyFailure(_ source: SourceFile) -> DiagnosticList? {
        do {
            _ = try JSONReader.parse(source.bytes)
            return nil
        } catch {
            return invalidJSON(error, source)
        }
    }

    static func readEnvelope(_ source: SourceFile, _ json: JSONDocument) -> Result<Document, DiagnosticList> {
        var problems = Problems(source: source, json: json)
        let root = json.root
        guard json.kind(root) == .object else {
            problems.add(root, "$", "expected an object with \(envelopeKeys.map { "\"\($0)\"" }.joined(separator: ", "))")
            return .failure(DiagnosticList(problems.list))
        }
        problems.unknownKeys(root, "$", allowed: envelopeKeys)
        if let f = json.member(root, "format") {
            if json.kind(f) != .string || json.string(f) != format {
                problems.add(f, "$.format", "expected \"\(format)\", the only evidence format this version reads")
            }
        } else {
            problems.add(root, "$", "missing \"format\": expected \"format\": \"\(format)\"")
        }
        var learnerID = ""
        var learnerName: String?
        if let learner = problems.required(root, "learner", "$", what: "an object with the learner's \"id\"") {
            if json.kind(learner) != .object {
                problems.add(learner, "$.learner", "expected an object with the learner's \"id\" (and optionally \"name\")")
            } else {
                problems.unknownKeys(learner, "$.learner", allowed: ["id", "name"])
                learnerID = problems.text(problems.required(learner, "id", "$.learner", what: "the learner's id"), "$.learner.id") ?? ""
                if let n = json.member(learner, "name"), json.kind(n) != .null { learnerName = problems.text(n, "$.learner.name") }
            }
        }
        let unit = problems.text(problems.required(root, "unit", "$", what: "the unit's code"), "$.unit") ?? ""
        let started = problems.date(problems.required(root, "started", "$", what: "the learner's start date"), "$.started")
        let submitted = problems.date(problems.required(root, "submitted", "$", what: "the submission date"), "$.submitted")
        let assessor = problems.text(problems.required(root, "assessor", "$", what: "the assessor's id"), "$.assessor") ?? ""
        let ruleset = json.member(root, "ruleset").flatMap { problems.text($0, "$.ruleset") }
        let centre = json.member(root, "centre").flatMap { problems.text($0, "$.centre") }
        let group = json.member(root, "group").flatMap { problems.text($0, "$.group") }
        let items = problems.required(root, "items", "$", what: "the list of evidence items")
        if let items, json.kind(items) != .array { problems.add(items, "$.items", "expected a list of evidence items") }
        if let s = started, let t = submitted, t < s {
            problems.add(json.member(root, "submitted")!, "$.submitted", "the submission date \(t) is before the start date \(s)")
        }
        guard problems.list.isEmpty, let started, let submitted, let items else { return .failure(DiagnosticList(problems.list)) }
        return .success(
            Document(
                source: source, json: json, learnerID: learnerID, learnerName: learnerName, unit: unit, started: started,
                submitted: submitted, assessor: assessor, ruleset: ruleset, centre: centre, group: group, itemsNode: items))
    }

    /// The distinct item kinds of the items, sorted: the submission's assessment methods. Read
    /// from the JSON, since a kind no rule reads is not kept in the typed items.
    static func methods(_ json: JSONDocument, _ items: [Int]) -> [String] {
        var kinds: [String] = []
        for node in items {
            guard let kind = json.member(node, "kind"), json.kind(kind) == .string else { continue }
            if !kinds.contains(where: { json.string(kind, equals: $0) }) { kinds.append(json.string(kind)) }
        }
        return kinds.sorted()
    }

    /// Checks the items against the schema and returns the submission ready to mark.
    public static func submission(_ doc: Document, schema: EvidenceSchema) -> Result<Submission, DiagnosticList> {
        submission(doc, plan: EvidencePlan(schema))
    }

    /// Checks the items against a compiled evidence declaration: the same as
    /// `submission(_:schema:)`, without compiling the declaration for every submission.
    public static func submission(_ doc: Document, plan: EvidencePlan) -> Result<Submission, DiagnosticList> {
        submission(doc, plan: plan, store: nil)
    }

    /// Checks the items as `submission(_:plan:)` does, and reads them into `store` instead of
    /// building a value tree per item: what `mark` does for each submission. The submission
    /// is good for marking until the next one is read into the same store (see `EvidenceStore`).
    public static func submission(_ doc: Document, plan: EvidencePlan, store: EvidenceStore?) -> Result<Submission, DiagnosticList> {
        var problems = Problems(source: doc.source, json: doc.json)
        var converter = ValueConverter(plan: plan)
        defer { converter.release() }
        store?.clear()
        store?.plan = plan
        converter.store = store.map { Unmanaged.passUnretained($0) }
        converter.base = "$.items"
        var items: [Value] = []
        var ids: [String] = []
        // Repeated ids are looked up among the earlier ones (a few items: a search of `ids`,
        // with the item each came from in `idItems`; many: a dictionary).
        var seenIDs: [String: Int] = [:]
        var idItems: [Int] = []
        let elements = doc.json.elements(doc.itemsNode)
        let searchesIDs = elements.count <= 32
        items.reserveCapacity(elements.count)
        ids.reserveCapacity(elements.count)
        if searchesIDs { idItems.reserveCapacity(elements.count) } else { seenIDs.reserveCapacity(elements.count) }
        for (i, node) in elements.enumerated() {
            converter.enter(index: i)
            let value = converter.convert(node, plan.itemType, &problems)
            var first = Value.missing
            if case .record(let fields) = value { first = fields[0] } else if let store, case .storedRecord(let o, let r) = value { first = store.view.field(o, record: r, 0) }
            if case .text(let id) = first {
                // The latest earlier item with this id, as the dictionary keeps it.
                let earlier = searchesIDs ? ids.lastIndex(of: id).map { idItems[$0] } : seenIDs[id]
                if let earlier {
                    problems.add(doc.json.member(node, "id") ?? node, converter.path + ".id", "item id \"\(id)\" is already used by $.items[\(earlier)]")
                }
                if searchesIDs { idItems.append(i) } else { seenIDs[id] = i }
                ids.append(id)
            }
            converter.leave()
            items.append(value)
            if problems.list.count >= problemLimit { break }
        }
        if !doc.duplicateKeysChecked && (!problems.list.isEmpty || problems.duplicateKey) {
            if let strict = duplicateKeyFailure(doc.source) { return .failure(strict) }
        }
        guard problems.list.isEmpty else { return .failure(DiagnosticList(problems.list)) }
        var submission = Submission(
            path: doc.source.path, learnerID: doc.learnerID, learnerName: doc.learnerName, unit: doc.unit,
            started: doc.started, submitted: doc.submitted, assessor: doc.assessor, items: items, itemIDs: ids)
        if let store { submission.store = (store, store.generation) }
        submission.centre = doc.centre
        submission.group = doc.group
        submission.methods = methods(doc.json, elements)
        return .success(submission)
    }
}
