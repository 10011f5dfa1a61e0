/// Reading evidence held in an `EvidenceStore`: records and lists of the submission being
/// marked are offsets into the store, read in place; any value that leaves the evaluator, is
/// compared or is handed to a built-in is first made independent of the store (`resolved`).
extension Evaluator {
    /// What a quantifier or aggregate ranges over: an array (the items, a list value) or a
    /// run of the store.
    struct Elements {
        var array: [Value] = []
        /// The first element in the store, or -1 for `array`.
        var offset = -1
        var count: Int

        init(array: [Value]) {
            self.array = array
            count = array.count
        }

        init(offset: Int, count: Int) {
            self.offset = offset
            self.count = count
        }
    }

    /// Element `i` of `elements`.
    @inline(__always)
    static func element(_ elements: Elements, _ i: Int, _ store: StoredEvidence?) -> Value {
        elements.offset >= 0 ? store.unsafelyUnwrapped.values[elements.offset + i] : elements.array[i]
    }

    /// Field `index` of a record value; for anything else (a missing record), an empty list for
    /// a list field and missing otherwise.
    /// (Static, like `builtin`: an instance method called with `try run(…)` as an argument
    /// would copy the whole evaluator first.)
    @inline(__always)
    static func field(_ record: Value, _ index: Int, _ isList: Bool, _ store: StoredEvidence?) -> Value {
        switch record {
        case .storedRecord(let offset, let r): return store.unsafelyUnwrapped.field(offset, record: r, index)
        case .record(let fields): return fields[index]
        default: return isList ? .list([]) : .missing
        }
    }

    /// `v` as a value independent of the store: stored records and lists (also inside a list,
    /// such as the items) become `.record` and `.list`.
    @inline(__always)
    static func resolved(_ v: Value, _ store: StoredEvidence?) -> Value {
        switch v {
        case .storedRecord, .storedList, .list, .record:
            guard let store else { return v }
            return EvidenceStore.materialize(v, store)
        default:
            return v
        }
    }
}
