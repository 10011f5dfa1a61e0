/// Which evidence fields a ruleset can observe, so the reader can check the others without
/// building their values (a free-text `situation` nobody reads need not become a `String`).
///
/// A field is observed when some expression reads it by name (`i.situation`), or when the
/// ruleset compares whole records (`=`, `in`, `distinct` on values that may hold records),
/// which looks at every field. In that case, or for any construct this analysis does not
/// know, every field is kept.
enum EvidenceReads {
    /// The names of the fields `ruleset` can read, or nil when every field must be kept.
    static func fieldNames(readBy ruleset: Ruleset) -> Set<String>? {
        var analysis = Analysis(ruleset)
        return analysis.run()
    }

    private struct Analysis {
        let ruleset: Ruleset
        var names: Set<String> = ["id"]  // the reader itself reads every item's id
        var unknown = false
        /// Fields (by name, in any record) whose value may hold a record.
        var recordish: Set<String> = []
        /// Slots whose value may hold a record.
        var slotMayHoldRecord: [Bool]
        /// Slots and where their values come from: an element of a list, or a value.
        var binders: [(slot: Int, source: Node, element: Bool)] = []
        /// Sites that compare values whole.
        var comparisons: [Node] = []
        var visitingValues: Set<Int> = []
        var visitingFunctions: Set<Int> = []
        var walkedValues: Set<Int> = []
        var walkedFunctions: Set<Int> = []

        init(_ ruleset: Ruleset) {
            self.ruleset = ruleset
            slotMayHoldRecord = Array(repeating: false, count: max(0, ruleset.slotCount))
            for record in ruleset.schema.records.values {
                for field in record.fields where Analysis.involvesRecord(field.type) { recordish.insert(field.name) }
            }
        }

        static func involvesRecord(_ type: ValueType) -> Bool {
            switch type {
            case .record: true
            case .list(let t), .optional(let t): involvesRecord(t)
            default: false
            }
        }

        mutating func run() -> Set<String>? {
            // Start from what marking evaluates; definitions are walked when reached.
            var roots: [Node] = []
            for point in ruleset.points {
                for b in point.bindings {
                    roots.append(b.value)
                    binders.append((b.slot, b.value, false))
                }
                roots.append(point.met)
                if let p = point.partiallyMet { roots.append(p) }
                if let s = point.scale { roots.append(s.count) }
                for template in point.feedback.values {
                    roots += template.nodes
                }
            }
            for case let rule? in ruleset.grading.rules { roots.append(rule) }
            for root in roots { walk(root) }
            guard !unknown else { return nil }
            // Which slots may hold records: grow the set until nothing changes.
            var changed = true
            while changed {
                changed = false
                for b in binders where b.slot < slotMayHoldRecord.count && !slotMayHoldRecord[b.slot] {
                    if b.element ? elementMayHoldRecord(b.source) : mayHoldRecord(b.source) {
                        slotMayHoldRecord[b.slot] = true
                        changed = true
                    }
                }
            }
            for site in comparisons {
                switch site.kind {
                case .compare(_, let a, let b): if mayHoldRecord(a) || mayHoldRecord(b) { return nil }
                case .member(let a, _, _): if mayHoldRecord(a) { return nil }
                case .aggregate(_, let value, _, _, _, _): if mayHoldRecord(value) { return nil }
                default: return nil
                }
            }
            return unknown ? nil : names
        }

        /// Records names read, binders and whole-value comparisons below `node`.
        mutating func walk(_ node: Node) {
            switch node.kind {
            case .constant, .slot, .items, .submission, .total, .verdict, .verdictCount, .componentCount:
                break
            case .value(let i, _):
                if walkedValues.insert(i).inserted { walk(ruleset.values[i].body) }
            case .field(let base, _, let name, _):
                names.insert(name)
                walk(base)
            case .call(let function, let args, _):
                if walkedFunctions.insert(function).inserted { walk(ruleset.functions[function].body) }
                let slots = ruleset.functions[function].parameterSlots
                for (k, a) in args.enumerated() {
                    if k < slots.count { binders.append((slots[k], a, false)) } else { unknown = true }
                    walk(a)
                }
            case .builtin(_, let args), .list(let args):
                for a in args { walk(a) }
            case .not(let a), .negate(let a), .isMissing(let a), .isPresent(let a):
                walk(a)
            case .and(let a, let b), .or(let a, let b), .arithmetic(_, let a, let b), .mentions(let a, let b),
                .otherwise(let a, let b), .between(_, let a, let b):
                walk(a)
                walk(b)
            case .compare(let op, let a, let b):
                if op == .equal || op == .notEqual { comparisons.append(node) }
                walk(a)
                walk(b)
            case .member(let a, let list, _):
                comparisons.append(node)
                walk(a)
                walk(list)
            case .within(let a, let days, let b):
                walk(a)
                walk(days)
                walk(b)
            case .quantifier(_, let slot, let collection, let filter, _):
                binders.append((slot, collection, true))
                walk(collection)
                if let filter { walk(filter) }
            case .aggregate(let a, let value, let slot, let collection, let filter, _):
                if a == .distinct || a == .countDistinct { comparisons.append(node) }
                binders.append((slot, collection, true))
                walk(value)
                walk(collection)
                if let filter { walk(filter) }
            }
        }

        /// Whether the value of `node` may be a record or hold one (in a list).
        mutating func mayHoldRecord(_ node: Node) -> Bool {
            switch node.kind {
            case .constant, .submission, .total, .verdict, .verdictCount, .componentCount: return false
            case .slot(let s, _): return s >= slotMayHoldRecord.count || slotMayHoldRecord[s]
            case .items: return true
            case .field(_, _, let name, _): return recordish.contains(name)
            case .value(let i, _):
                guard visitingValues.insert(i).inserted else { return true }
                defer { visitingValues.remove(i) }
                return mayHoldRecord(ruleset.values[i].body)
            case .call(let f, _, _):
                guard visitingFunctions.insert(f).inserted else { return true }
                defer { visitingFunctions.remove(f) }
                return mayHoldRecord(ruleset.functions[f].body)
            case .builtin(let b, let args):
                return (b == .min || b == .max) && (args.first.map { elementMayHoldRecord($0) } ?? true)
            case .not, .negate, .and, .or, .compare, .arithmetic, .member, .mentions, .isMissing, .isPresent, .within,
                .between, .quantifier:
                return false
            case .otherwise(let a, let b): return mayHoldRecord(a) || mayHoldRecord(b)
            case .list(let elements):
                for e in elements where mayHoldRecord(e) { return true }
                return false
            case .aggregate(let a, let value, _, _, _, _):
                return (a == .distinct || a == .min || a == .max) && mayHoldRecord(value)
            }
        }

        /// Whether the elements of the list `node` evaluates to may be (or hold) records.
        mutating func elementMayHoldRecord(_ node: Node) -> Bool {
            switch node.kind {
            case .constant: return false
            case .items: return true
            case .field(_, _, let name, _): return recordish.contains(name)
            case .slot(let s, _): return s >= slotMayHoldRecord.count || slotMayHoldRecord[s]
            case .list(let elements):
                for e in elements where mayHoldRecord(e) { return true }
                return false
            case .aggregate(let a, let value, _, _, _, _): return a != .distinct || mayHoldRecord(value)
            case .otherwise(let a, let b): return elementMayHoldRecord(a) || elementMayHoldRecord(b)
            case .value(let i, _):
                guard visitingValues.insert(i).inserted else { return true }
                defer { visitingValues.remove(i) }
                return elementMayHoldRecord(ruleset.values[i].body)
            case .call(let f, _, _):
                guard visitingFunctions.insert(f).inserted else { return true }
                defer { visitingFunctions.remove(f) }
                return elementMayHoldRecord(ruleset.functions[f].body)
            default: return true
            }
        }
    }
}
