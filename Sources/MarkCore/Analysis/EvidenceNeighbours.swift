/// The submissions one small change away from a given one: each value of each item changed to
/// a value worth trying (see `SubmissionGenerator.candidates`), an element added to a list,
/// or a new item added, copied from an existing item or generated, on each date worth trying.
/// The kind, date and id of an item already given are facts about it and are never changed.
public struct EvidenceNeighbours: Sendable {
    /// The generator that supplies the values.
    public let generator: SubmissionGenerator
    /// Items that new items are copied from (the learner's own, usually).
    public var models: [Value]

    /// Creates the neighbourhood for a ruleset, copying new items from `models`.
    public init(generator: SubmissionGenerator, models: [Value]) {
        self.generator = generator
        self.models = models
    }

    /// The changes that lead from `submission` to its neighbours, field changes first, in a
    /// fixed order. Items from `firstNew` on were added by the search: their kind and date may
    /// change too.
    public func changes(_ submission: Submission, firstNew: Int) -> [EvidenceChange] {
        let schema = generator.ruleset.schema
        let dates = generator.dates(for: submission)
        var out: [EvidenceChange] = []
        for (i, item) in submission.items.enumerated() {
            let from = i >= firstNew ? 1 : 3
            walk(item, record: schema.item, path: [], firstField: from, dates: dates) { path, v in
                out.append(.setField(item: i, path: path, value: v))
            }
        }
        let started = submission.started
        for (m, model) in models.enumerated() {
            for d in dates { out.append(.addItem(EvidenceChange.replacing(model, at: [.field(2)], with: .date(d)), model: m)) }
        }
        for kind in schema.kinds {
            for d in dates {
                out.append(.addItem(generator.item(id: "new", kind: kind, date: d, rich: true, started: started), model: nil))
            }
        }
        return out
    }

    /// Calls `emit` with each path under `value` and a value worth trying there.
    func walk(_ value: Value, record: RecordSchema, path: [FieldStep], firstField: Int, dates: [CalendarDate], emit: ([FieldStep], Value) -> Void) {
        guard case .record(let fields) = value else { return }
        for (f, field) in record.fields.enumerated() where f >= firstField && f < fields.count {
            let here = path + [.field(f)]
            let current = fields[f]
            switch field.type.unwrapped {
            case .record(let name):
                if current == .missing {
                    for v in generator.candidates(field.type, scale: field.scale, current: current, dates: dates) { emit(here, v) }
                } else if let schema = generator.ruleset.schema.records[name] {
                    if field.type.isOptional { emit(here, .missing) }
                    walk(current, record: schema, path: here, firstField: 0, dates: dates, emit: emit)
                }
            case .list(let element):
                guard case .list(let elements) = current else { continue }
                let end = here + [.element(elements.count)]
                let started = dates.min() ?? generator.ruleset.appliesFrom
                switch element {
                case .record(let name):
                    emit(end, generator.rich(element, started: started))
                    if let first = elements.first { emit(end, first) }
                    if let schema = generator.ruleset.schema.records[name] {
                        for (e, v) in elements.prefix(3).enumerated() {
                            walk(v, record: schema, path: here + [.element(e)], firstField: 0, dates: dates, emit: emit)
                        }
                    }
                default:
                    for v in generator.candidates(element, scale: field.scale, current: .missing, dates: dates) where !elements.contains(v) {
                        emit(end, v)
                    }
                }
            default:
                for v in generator.candidates(field.type, scale: field.scale, current: current, dates: dates) { emit(here, v) }
            }
        }
    }
}
