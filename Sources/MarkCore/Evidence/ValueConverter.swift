/// Turns JSON values into typed rule values, checking each against its declared type.
///
/// It runs once per evidence value of every submission, so it allocates only the values it
/// returns: types come from an `EvidencePlan`, keys are matched as bytes on the document's tape,
/// and the JSON path of a value (`$.items[3].needs[0].stated`) is kept as a stack of steps and
/// turned into text only when a problem is reported.
struct ValueConverter {
    // unowned(unsafe) and Unmanaged: the converter lives only while `EvidenceReader.submission`
    // runs, and its caller holds the plan and the store throughout; reading them is then free
    // of reference counting, which per value was a retain and a release each.
    unowned(unsafe) let plan: EvidencePlan
    /// Where records and lists are built: in this store (as `.storedRecord` and `.storedList`),
    /// or, when nil, as `[Value]` arrays.
    var store: Unmanaged<EvidenceStore>?

    /// The path's start, such as `$.items`.
    var base = "$"
    /// The steps below `base`, a stack: a field as `-1 - field` (its index in the plan), a list
    /// index as itself. Pushed and popped for every value, so kept in plain memory.
    private var steps: UnsafeMutablePointer<Int>
    private var stepCapacity = 16
    private var depth = 0
    /// Value nodes of the fields of the records being converted (a stack: records nest);
    /// call `release()` when done.
    private var found: UnsafeMutablePointer<Int>
    private var foundCapacity = 256
    private var foundCount = 0

    init(plan: EvidencePlan) {
        self.plan = plan
        steps = .allocate(capacity: stepCapacity)
        found = .allocate(capacity: foundCapacity)
    }

    /// Frees the converter's scratch memory.
    func release() {
        found.deallocate()
        steps.deallocate()
    }

    /// Enters field `f` (its index in the plan) of the record being converted.
    @inline(__always)
    mutating func enter(field f: Int) { push(-1 - f) }

    /// Enters element `i` of the list being converted.
    @inline(__always)
    mutating func enter(index i: Int) { push(i) }

    /// Leaves the field or element last entered.
    @inline(__always)
    mutating func leave() { depth -= 1 }

    @inline(__always)
    private mutating func push(_ step: Int) {
        if depth == stepCapacity {
            let bigger = UnsafeMutablePointer<Int>.allocate(capacity: 2 * stepCapacity)
            bigger.moveInitialize(from: steps, count: depth)
            steps.deallocate()
            steps = bigger
            stepCapacity *= 2
        }
        steps[depth] = step
        depth += 1
    }

    /// The JSON path of the value being converted, for a message.
    var path: String {
        var text = base
        for k in 0..<depth {
            let step = steps[k]
            if step < 0 { text += "." + plan.fieldNames[-1 - step] } else { text += "[\(step)]" }
        }
        return text
    }

    /// The value of `node` as `type`; with `build` false the value is only checked, and
    /// `.missing` stands in for it.
    mutating func convert(_ node: Int, _ type: Int, _ problems: inout Problems, build: Bool = true) -> Value {
        var entry = plan.types[type]
        let kind = problems.json.kind(node)
        // Most fields are optional: unwrap here rather than by a call of its own.
        while entry.kind == .optional {
            if kind == .null { return .missing }
            entry = plan.types[entry.child]
        }
        switch entry.kind {
        case .optional:
            return .missing  // unwrapped above
        case .text:
            guard kind == .string else {
                problems.add(node, path, "expected text in quotes, found \(problems.describe(node))")
                return .missing
            }
            if problems.json.containsNUL(node) {
                problems.add(node, path, "text contains a NUL character (\\u0000)")
                return .missing
            }
            return build ? .text(problems.json.string(node)) : .missing
        case .number:
            guard kind == .number else {
                problems.add(node, path, "expected a number, found \(problems.describe(node))")
                return .missing
            }
            let n = problems.json.number(node)
            if entry.child > 0 {
                let scale = plan.scales[entry.child - 1]
                if !scale.contains(n) {
                    problems.add(node, path, "expected a number from \(JSONWriter.format(scale.lowerBound)) to \(JSONWriter.format(scale.upperBound)), found \(problems.json.numberText(node))")
                    return .missing
                }
            }
            return .number(n)
        case .boolean:
            guard kind == .bool else {
                problems.add(node, path, "expected true or false, found \(problems.describe(node))")
                return .missing
            }
            return .boolean(problems.json.bool(node))
        case .date:
            if kind == .string, let day = problems.json.withStringBytes(node, ValueConverter.day) {
                return .date(CalendarDate(day: day))
            }
            problems.add(node, path, problems.dateProblem(node))
            return .missing
        case .enumeration:
            return enumeration(node, entry.child, &problems, build: build)
        case .list:
            guard kind == .array else {
                problems.add(node, path, "expected a list, found \(problems.describe(node))")
                return .list([])
            }
            if build, let store {
                return store._withUnsafeGuaranteedRef { storedList(node, entry.child, &problems, $0) }
            }
            var out: [Value] = []
            if build { out.reserveCapacity(problems.json.count(node)) }
            var child = node + 1
            let end = problems.json.end(node)
            var i = 0
            while child < end {
                enter(index: i)
                let v = convert(child, entry.child, &problems, build: build)
                if build { out.append(v) }
                leave()
                child = problems.json.next(child)
                i += 1
            }
            return build ? .list(out) : .missing
        case .record:
            return record(node, entry.child, &problems, build: build)
        case .error:
            return .missing
        }
    }

    /// A list's elements side by side in the store (an empty list as `.list([])`).
    private mutating func storedList(_ node: Int, _ elementType: Int, _ problems: inout Problems, _ store: EvidenceStore) -> Value {
        let n = problems.json.count(node)
        guard n > 0 else { return .list([]) }
        let start = store.reserve(n)
        var child = node + 1
        for i in 0..<n {
            enter(index: i)
            store.set(start + i, convert(child, elementType, &problems))
            leave()
            child = problems.json.next(child)
        }
        return .storedList(offset: Int32(start), count: Int32(n))
    }

    private mutating func enumeration(_ node: Int, _ e: Int, _ problems: inout Problems, build: Bool) -> Value {
        guard problems.json.kind(node) == .string else {
            let values = plan.enumerationValues[e]
            problems.add(node, path, "expected one of \(values.joined(separator: ", ")), found \(problems.describe(node))")
            return .missing
        }
        // The common case: the same bytes as a declared value, compared without building strings.
        let run = plan.enumerationRuns[e]
        let names = plan.nameBytes.baseAddress!
        let entries = plan.valueEntries
        let match = problems.json.withStringBytes(node) { bytes -> Int in
            for k in run.first..<run.first + run.count {
                let v = entries[k]
                if v.count == bytes.count && (v.count == 0 || JSONDocument.same(names + v.start, bytes.baseAddress!, v.count)) { return k }
            }
            return -1
        }
        if match >= 0 { return build ? .text(plan.valueStrings[match]) : .missing }
        let values = plan.enumerationValues[e]
        // No value with the same bytes: compare as text (canonically equivalent spellings).
        let s = problems.json.string(node)
        guard values.contains(s) else {
            let name = plan.enumerationNames[e]
            let what = name == "kind" ? "item kind" : "value of '\(name)'"
            problems.add(
                node, path,
                "unknown \(what) \"\(Problems.clip(s))\" (expected one of \(values.joined(separator: ", ")))\(Suggestion.didYouMean(s, among: values))"
            )
            return .missing
        }
        return build ? .text(s) : .missing
    }

    private mutating func record(_ node: Int, _ r: Int, _ problems: inout Problems, build: Bool) -> Value {
        guard problems.json.kind(node) == .object else {
            let name = plan.recordNames[r]
            problems.add(node, path, "expected an object (\(name == "item" ? "an evidence item" : "a \(name)")), found \(problems.describe(node))")
            return .missing
        }
        let record = plan.records[r]
        let count = record.fieldCount
        if foundCount + count > foundCapacity {
            let bigger = UnsafeMutablePointer<Int>.allocate(capacity: 2 * (foundCount + count))
            bigger.moveInitialize(from: found, count: foundCount)
            found.deallocate()
            found = bigger
            foundCapacity = 2 * (foundCount + count)
        }
        let mark = foundCount
        foundCount += count
        (found + mark).initialize(repeating: -1, count: count)
        var duplicate = false
        var members = 0
        let present = problems.json.matchKeys(
            node, plan.fields, plan.nameBytes.baseAddress!, record, into: found + mark, duplicate: &duplicate, members: &members)
        if duplicate { problems.duplicateKey = true }
        // Keys are unique (the reader rejects duplicates), so fewer matches than members means
        // the object has keys the record does not declare.
        if present < members {
            problems.unknownKeys(node, path, allowed: plan.recordFieldNames[r])
        }
        if build, let store {
            let start = store._withUnsafeGuaranteedRef { $0.reserve(record.storedCount) }
            store._withUnsafeGuaranteedRef { storedFields(node, record, start, &problems, $0) }
            foundCount = mark
            return .storedRecord(offset: Int32(start), record: Int32(r))
        }
        var fields: [Value] = []
        if build { fields.reserveCapacity(count) }
        for k in 0..<count {
            let value = fieldValue(node, record, k, mark, &problems, build: build)
            if build { fields.append(value) }
        }
        foundCount = mark
        return build ? .record(fields) : .missing
    }

    /// Field `k` of a record, checked: `found` from `mark` holds the value nodes of its fields.
    /// An absent optional field is missing and an absent list empty; an absent required field is
    /// a problem. With `build` false (or a field no rule reads) the value is only checked.
    @inline(__always)
    private mutating func fieldValue(
        _ node: Int, _ record: EvidencePlan.RecordEntry, _ k: Int, _ mark: Int, _ problems: inout Problems, build: Bool
    ) -> Value {
        let f = record.firstField + k
        let v = found[mark + k]
        let field = plan.fields[f]
        guard v >= 0 else {
            if field.isOptional { return .missing }
            if field.isList { return .list([]) }  // an absent list is empty
            problems.add(node, path, "missing required field \"\(plan.fieldNames[f])\" (\(plan.fieldTypes[f]))")
            return .missing
        }
        enter(field: f)
        defer { leave() }
        guard build && field.keep else {
            _ = convert(v, field.type, &problems, build: false)
            // Read as the store reads a field it does not hold (`StoredEvidence.field`).
            return build && field.isList ? .list([]) : .missing
        }
        return convert(v, field.type, &problems)
    }

    /// The kept fields of a record into the store from `start` (reserved, each `.missing`), in
    /// their slots, and the others only checked, as `record` checks them; `found` from
    /// `foundCount - fieldCount` holds their value nodes.
    private mutating func storedFields(_ node: Int, _ record: EvidencePlan.RecordEntry, _ start: Int, _ problems: inout Problems, _ store: EvidenceStore) {
        let mark = foundCount - record.fieldCount
        for k in 0..<record.fieldCount {
            let slot = plan.fields[record.firstField + k].slot
            if slot >= 0 {
                store.set(start + Int(slot), fieldValue(node, record, k, mark, &problems, build: true))
            } else {
                _ = fieldValue(node, record, k, mark, &problems, build: false)
            }
        }
    }

    /// The day number of a `YYYY-MM-DD` date (a real date), as `CalendarDate(_:)` reads it.
    static func day(_ u: UnsafeBufferPointer<UInt8>) -> Int? { CalendarDate.day(utf8: u) }
}

extension JSONDocument {
    /// Whether two keys of an object are the same (compared byte for byte, each pair: for the
    /// envelope's few keys, in JSON read without the duplicate-key check).
    func hasDuplicateKeys(_ object: Int) -> Bool {
        guard kind(object) == .object else { return false }
        let end = end(object)
        var k = object + 1
        while k < end {
            var j = next(k + 1)
            while j < end {
                let same = withStringBytes(k) { a in withStringBytes(j) { b in a.elementsEqual(b) } }
                if same { return true }
                j = next(j + 1)
            }
            k = next(k + 1)
        }
        return false
    }

    /// Whether a string node's decoded value contains U+0000. The reader rejects raw control
    /// characters in strings, so only a string with escapes (`\u0000`) can.
    @inline(__always)
    func containsNUL(_ node: Int) -> Bool {
        guard nodes[node].isEscaped else { return false }
        return withStringBytes(node) { $0.contains(0) }
    }

    /// The index just past a container's last descendant.
    @inline(__always)
    func end(_ node: Int) -> Int { nodes[node].end }

    /// Calls `body` with a string node's decoded bytes (empty for other kinds).
    @inline(__always)
    func withStringBytes<R>(_ node: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let n = nodes[node]
        guard n.kind == .string else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        let (escaped, start, count) = stringSpan(n)
        return (escaped ? decoded : bytes).withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<start + count])) }
    }

    /// Whether `length` bytes at `a` and `b` are equal, eight at a time.
    @inline(__always)
    static func same(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        var i = 0
        while i + 8 <= length {
            if UnsafeRawPointer(a + i).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self) {
                return false
            }
            i += 8
        }
        while i < length {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }

    /// Whether the `length` bytes of a declared name at `name` (readable for at least eight
    /// bytes more: `EvidencePlan.nameBytes` is padded) equal those of a key at `key`, in a buffer
    /// ending at `keyEnd`: a word at a time, the last word overlapping, and a short name by one
    /// masked word when eight bytes of the key's buffer can be read.
    @inline(__always)
    static func sameKey(_ name: UnsafePointer<UInt8>, _ key: UnsafePointer<UInt8>, _ length: Int, keyEnd: UnsafePointer<UInt8>) -> Bool {
        if length >= 8 {
            var i = 0
            while i + 8 <= length {
                if UnsafeRawPointer(name + i).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(key + i).loadUnaligned(as: UInt64.self) {
                    return false
                }
                i += 8
            }
            guard i < length else { return true }
            return UnsafeRawPointer(name + length - 8).loadUnaligned(as: UInt64.self) == UnsafeRawPointer(key + length - 8).loadUnaligned(as: UInt64.self)
        }
        if keyEnd - key >= 8 {
            let mask: UInt64 = length == 0 ? 0 : ~0 >> UInt64(64 - 8 * length)
            let a = UnsafeRawPointer(name).loadUnaligned(as: UInt64.self)
            let b = UnsafeRawPointer(key).loadUnaligned(as: UInt64.self)
            return (a ^ b) & mask.littleEndian == 0
        }
        return same(name, key, length)
    }

    /// Matches the keys of an object to the fields of a record: `out[f]` gets the value node of
    /// field `f`, for each field present; returns how many fields were present, and sets
    /// `members` to the number of the object's members. Each key is tried
    /// first against the field after the last one matched: evidence usually lists fields in
    /// declared order, so most keys match at the first try.
    /// A key that matches a field already matched sets `duplicate` (possible only in JSON read
    /// without the duplicate-key check).
    /// (The plan's tables are passed as pointers, not the plan: an object argument would be
    /// retained and released for every record.)
    func matchKeys(
        _ object: Int, _ fields: UnsafeMutableBufferPointer<EvidencePlan.FieldEntry>, _ names: UnsafePointer<UInt8>,
        _ record: EvidencePlan.RecordEntry, into out: UnsafeMutablePointer<Int>, duplicate: inout Bool,
        members: inout Int
    ) -> Int {
        let tape = nodes.nodes
        let end = tape[object].end
        let count = record.fieldCount
        guard count > 0 else {
            members = self.count(object)
            return 0
        }
        var keys = 0
        defer { members = keys }
        return bytes.withUnsafeBufferPointer { raw in
            decoded.withUnsafeBufferPointer { unescaped in
                var present = 0
                var hint = 0
                var k = object + 1
                while k < end {
                    keys += 1
                    let (escaped, offset, length) = stringSpan(tape[k])
                    let buffer = escaped ? unescaped : raw
                    let start = buffer.baseAddress! + offset
                    let bufferEnd = buffer.baseAddress! + buffer.count
                    var f = hint
                    for _ in 0..<count {
                        let field = fields[record.firstField + f]
                        if field.nameCount == length && JSONDocument.sameKey(names + field.nameStart, start, length, keyEnd: bufferEnd) {
                            if out[f] >= 0 { duplicate = true }
                            out[f] = k + 1
                            present += 1
                            hint = f + 1 == count ? 0 : f + 1
                            break
                        }
                        f = f + 1 == count ? 0 : f + 1
                    }
                    let value = tape[k + 1]
                    k = value.isContainer ? value.end : k + 2
                }
                return present
            }
        }
    }
}
