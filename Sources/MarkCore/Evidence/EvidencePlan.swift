/// A ruleset's evidence declaration compiled once for reading many submissions: every type is
/// a small entry in a flat table, every field name is kept as bytes, so checking a submission
/// compares bytes on the JSON tape and allocates only the values it returns.
///
/// Build one per ruleset (a `Marker` keeps them) and pass it to
/// `EvidenceReader.submission(_:plan:)`. Built `for:` a ruleset, fields the ruleset cannot read
/// are checked but left `.missing` in the submission (see `EvidenceReads`): marking gives the
/// same result, with less work. Built from a schema alone, every value is kept.
public final class EvidencePlan: @unchecked Sendable {
    // @unchecked: every stored property is written in `init` only; the buffers are freed in
    // `deinit`. Instances are immutable and safe to share.

    enum Kind: UInt8 {
        case text, number, boolean, date, enumeration, list, record, optional, error
    }

    /// One type: its kind and, for a list or optional its element type, for a record its record
    /// index, for an enumeration its index in `enumerations`.
    struct TypeEntry {
        var kind: Kind
        var child: Int
    }

    /// One field of a record.
    struct FieldEntry {
        /// The field's name: bytes in `nameBytes`.
        var nameStart: Int
        var nameCount: Int
        /// Its type, an index into `types`.
        var type: Int
        var isOptional: Bool
        var isList: Bool
        /// Whether the value is built; otherwise it is only checked.
        var keep: Bool
        /// Where the field is in a stored record (see `EvidenceStore`): its place among the
        /// record's kept fields, or `notStored` (`notStoredList` for a list) when not kept.
        var slot: Int32 = 0
    }

    /// `FieldEntry.slot` of a field that is not kept: it reads as missing.
    static let notStored: Int32 = -1
    /// `FieldEntry.slot` of a list field that is not kept: it reads as the empty list.
    static let notStoredList: Int32 = -2

    /// One record: its fields are `fields[firstField ..< firstField + fieldCount]`.
    struct RecordEntry {
        var firstField: Int
        var fieldCount: Int
        /// How many of its fields are kept: the size of the record in a store.
        var storedCount = 0
    }

    /// The schema it was built from.
    public let schema: EvidenceSchema
    let types: UnsafeMutableBufferPointer<TypeEntry>
    let fields: UnsafeMutableBufferPointer<FieldEntry>
    let records: UnsafeMutableBufferPointer<RecordEntry>
    /// Each field's `slot`, by field index: what the evaluator reads a stored record through.
    let slots: UnsafeMutableBufferPointer<Int32>
    let nameBytes: UnsafeMutableBufferPointer<UInt8>
    /// For messages and the slow paths: names and declared types, by field index.
    let fieldNames: [String]
    let fieldTypes: [ValueType]
    /// Record names and their field names (for the unknown-key check), by record index.
    let recordNames: [String]
    let recordFieldNames: [[String]]
    /// Enumeration names and values, by enumeration index.
    let enumerationNames: [String]
    let enumerationValues: [[String]]
    /// For the fast path: each enumeration's values as a run of `valueEntries` (`first`,
    /// `count`), each value's bytes in `nameBytes`, and the values' strings in the same order.
    let enumerationRuns: UnsafeMutableBufferPointer<(first: Int, count: Int)>
    let valueEntries: UnsafeMutableBufferPointer<(start: Int, count: Int)>
    let valueStrings: [String]
    /// The scales of bounded numbers: a `.number` entry's `child` is 0 for any number, else
    /// 1 + an index here.
    let scales: [ClosedRange<Double>]
    /// The type index of `record("item")`.
    let itemType: Int

    /// Compiles the evidence declaration of a ruleset, keeping only the fields it can read.
    public convenience init(for ruleset: Ruleset) {
        self.init(ruleset.schema, keeping: EvidenceReads.fieldNames(readBy: ruleset))
    }

    /// Compiles a schema; `keeping`, when given, names the fields whose values are built.
    public init(_ schema: EvidenceSchema, keeping: Set<String>? = nil) {
        self.schema = schema
        var types: [TypeEntry] = []
        var typeIndex: [ValueType: Int] = [:]
        var fields: [FieldEntry] = []
        var records: [RecordEntry] = []
        var recordIndex: [String: Int] = [:]
        var bytes: [UInt8] = []
        var fieldNames: [String] = []
        var fieldTypes: [ValueType] = []
        var recordNames: [String] = []
        var recordFieldNames: [[String]] = []
        var enumerationNames: [String] = []
        var enumerationValues: [[String]] = []
        var enumerationIndex: [String: Int] = [:]

        // Records are numbered first, so record types can refer to them before they are filled.
        let names = schema.records.keys.sorted()
        for name in names {
            recordIndex[name] = records.count
            records.append(RecordEntry(firstField: 0, fieldCount: 0))
            recordNames.append(name)
            recordFieldNames.append(schema.records[name]!.fields.map(\.name))
        }

        func add(_ type: ValueType) -> Int {
            if let i = typeIndex[type] { return i }
            let entry: TypeEntry
            switch type {
            case .text: entry = TypeEntry(kind: .text, child: 0)
            case .number: entry = TypeEntry(kind: .number, child: 0)
            case .boolean: entry = TypeEntry(kind: .boolean, child: 0)
            case .date: entry = TypeEntry(kind: .date, child: 0)
            case .error: entry = TypeEntry(kind: .error, child: 0)
            case .enumeration(let name):
                let e: Int
                if let known = enumerationIndex[name] {
                    e = known
                } else {
                    e = enumerationNames.count
                    enumerationIndex[name] = e
                    enumerationNames.append(name)
                    enumerationValues.append(schema.enumerations[name] ?? [])
                }
                entry = TypeEntry(kind: .enumeration, child: e)
            case .record(let name):
                // An undeclared record reads as missing, as `ValueConverter` always did.
                entry = recordIndex[name].map { TypeEntry(kind: .record, child: $0) } ?? TypeEntry(kind: .error, child: 0)
            case .list(let element): entry = TypeEntry(kind: .list, child: add(element))
            case .optional(let wrapped): entry = TypeEntry(kind: .optional, child: add(wrapped))
            }
            typeIndex[type] = types.count
            types.append(entry)
            return types.count - 1
        }

        var scales: [ClosedRange<Double>] = []
        // A field with a scale has its own chain of entries ending in a bounded number.
        func add(_ type: ValueType, scale: ClosedRange<Double>) -> Int {
            let entry: TypeEntry
            switch type {
            case .number:
                scales.append(scale)
                entry = TypeEntry(kind: .number, child: scales.count)
            case .optional(let wrapped): entry = TypeEntry(kind: .optional, child: add(wrapped, scale: scale))
            case .list(let element): entry = TypeEntry(kind: .list, child: add(element, scale: scale))
            default: return add(type)
            }
            types.append(entry)
            return types.count - 1
        }
        for name in names {
            let r = recordIndex[name]!
            records[r].firstField = fields.count
            for field in schema.records[name]!.fields {
                let start = bytes.count
                bytes.append(contentsOf: field.name.utf8)
                fields.append(
                    FieldEntry(
                        nameStart: start, nameCount: bytes.count - start, type: field.scale.map { add(field.type, scale: $0) } ?? add(field.type), isOptional: field.type.isOptional,
                        isList: field.type.element != nil, keep: keeping?.contains(field.name) ?? true))
                fieldNames.append(field.name)
                fieldTypes.append(field.type)
            }
            records[r].fieldCount = fields.count - records[r].firstField
            // A stored record holds only the kept fields, in declared order.
            for f in records[r].firstField..<fields.count {
                if fields[f].keep {
                    fields[f].slot = Int32(records[r].storedCount)
                    records[r].storedCount += 1
                } else {
                    fields[f].slot = fields[f].isList ? EvidencePlan.notStoredList : EvidencePlan.notStored
                }
            }
        }
        itemType = add(.record("item"))
        var runs: [(first: Int, count: Int)] = []
        var valueEntries: [(start: Int, count: Int)] = []
        var valueStrings: [String] = []
        for values in enumerationValues {
            runs.append((valueEntries.count, values.count))
            for v in values {
                let start = bytes.count
                bytes.append(contentsOf: v.utf8)
                valueEntries.append((start, bytes.count - start))
                valueStrings.append(v)
            }
        }

        func copy<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
            let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(1, array.count))
            _ = buffer.initialize(from: array)
            return UnsafeMutableBufferPointer(rebasing: buffer[0..<array.count])
        }
        self.types = copy(types)
        self.fields = copy(fields)
        self.records = copy(records)
        self.slots = copy(fields.map(\.slot))
        // Eight bytes more: a name may be compared eight bytes at a time (`JSONDocument.sameKey`).
        self.nameBytes = copy(bytes + [UInt8](repeating: 0, count: 8))
        self.fieldNames = fieldNames
        self.fieldTypes = fieldTypes
        self.recordNames = recordNames
        self.recordFieldNames = recordFieldNames
        self.enumerationNames = enumerationNames
        self.enumerationValues = enumerationValues
        self.enumerationRuns = copy(runs)
        self.valueEntries = copy(valueEntries)
        self.valueStrings = valueStrings
        self.scales = scales
    }

    deinit {
        types.baseAddress?.deallocate()
        fields.baseAddress?.deallocate()
        records.baseAddress?.deallocate()
        slots.baseAddress?.deallocate()
        nameBytes.baseAddress?.deallocate()
        enumerationRuns.baseAddress?.deallocate()
        valueEntries.baseAddress?.deallocate()
    }

    /// Whether field `f`'s name has the bytes of `key`.
    @inline(__always)
    func fieldName(_ f: Int, equals key: UnsafeBufferPointer<UInt8>) -> Bool {
        let field = fields[f]
        guard field.nameCount == key.count else { return false }
        var i = 0
        while i < key.count {
            if nameBytes[field.nameStart + i] != key[i] { return false }
            i += 1
        }
        return true
    }
}
