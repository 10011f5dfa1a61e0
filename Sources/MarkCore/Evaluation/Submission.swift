/// A learner's submission, checked against a ruleset's evidence declaration and held as typed
/// values ready to mark.
public struct Submission: Sendable {
    /// The file (or `<stdin>`, or `file:line` for an NDJSON line) it was read from.
    public var path: String
    /// The learner's id.
    public var learnerID: String
    /// The learner's name, if given (personal data: printed only where needed).
    public var learnerName: String?
    /// The unit the submission is for.
    public var unit: String
    /// The learner's start date on the programme.
    public var started: CalendarDate
    /// The submission date.
    public var submitted: CalendarDate
    /// The assessor's id.
    public var assessor: String
    /// The evidence items, each a `.record` in the schema's field order.
    public var items: [Value]
    /// The items' ids, in order.
    public var itemIDs: [String]
    /// The centre or site where the learner was assessed (the envelope's optional `centre`).
    public var centre: String? = nil
    /// The learner's group (the envelope's optional `group`), such as a cohort or class.
    public var group: String? = nil

    /// The store the items were read into, with its generation then (nil when the items
    /// are `.record` trees).
    var store: (EvidenceStore, Int)?

    /// The assessment methods the evidence uses: the distinct item kinds, sorted (set by the
    /// evidence reader; empty for generated submissions).
    public var methods: [String] = []

    /// The submission with its items as `.record` trees: a submission read into a store has
    /// them as offsets into it, which only the compiled program reads.
    var withItemsAsTrees: Submission {
        guard let (store, generation) = store else { return self }
        precondition(store.generation == generation, "a submission read into an evidence store is used after the next one was read into it")
        var copy = self
        copy.items = items.map { EvidenceStore.materialize($0, store.view) }
        copy.store = nil
        return copy
    }

    /// The envelope values in `SubmissionFields.all` order.
    var envelope: [Value] {
        [.text(learnerID), .text(unit), .date(started), .date(submitted), .text(assessor)]
    }

    /// Creates a submission.
    public init(
        path: String, learnerID: String, learnerName: String?, unit: String, started: CalendarDate,
        submitted: CalendarDate, assessor: String, items: [Value], itemIDs: [String]
    ) {
        self.path = path
        self.learnerID = learnerID
        self.learnerName = learnerName
        self.unit = unit
        self.started = started
        self.submitted = submitted
        self.assessor = assessor
        self.items = items
        self.itemIDs = itemIDs
    }
}
