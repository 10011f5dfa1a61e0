#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The evidence values of the submission being marked, in one buffer reused from submission
/// to submission: no value tree per item.
///
/// The evidence reader (`EvidenceReader.submission(_:plan:store:)`) writes the values of every
/// record's kept fields (those the rules can read, `EvidencePlan.FieldEntry.keep`) side by
/// side and every list's elements side by side, and hands the evaluator `.storedRecord` values
/// (an offset and the record's index in the plan) and `.storedList` values (an offset and a
/// count). Reading a field is then one load at `offset + slot`, the field's place among the
/// kept ones (`StoredEvidence`); a field not kept reads as it does in the value tree, missing
/// or, for a list, empty. The store is cleared (its texts released) when the
/// next submission is read into it, so marking a cohort allocates only for texts too long to
/// be held inline and, while the buffer grows, for the first few submissions.
///
/// A submission read into a store is good until the next submission is read into the same
/// store: `generation` tells them apart, and the evaluator refuses a stale one. A store is
/// used by one thread at a time.
public final class EvidenceStore: @unchecked Sendable {
    /// The values; the first `count` are initialised.
    private(set) var base: UnsafeMutablePointer<Value>
    private(set) var count = 0
    private var capacity: Int
    /// Incremented each time the store is cleared for a new submission.
    private(set) var generation = 0
    /// The offsets of the values that hold a reference (texts, for the most part): the only
    /// ones clearing needs to release. Every other value in the store (missing, a truth
    /// value, a number, a date, a stored record or list, the empty list) holds none.
    private var owners: [Int32] = []
    /// The plan the current submission was read with: where its records' fields are.
    var plan: EvidencePlan?

    /// Creates an empty store.
    public init() {
        capacity = 1024
        base = EvidenceStore.resize(nil, to: capacity)
    }

    deinit {
        for k in owners { (base + Int(k)).deinitialize(count: 1) }
        free(base)
    }

    /// `memory` (from `malloc`, or nil) resized to `count` values with `realloc`, which moves a
    /// large block's pages rather than copying them (so a large submission's store is never in
    /// memory twice while it grows). Values may be moved byte for byte: none is address-bound.
    private static func resize(_ memory: UnsafeMutablePointer<Value>?, to count: Int) -> UnsafeMutablePointer<Value> {
        guard let raw = realloc(memory, count * MemoryLayout<Value>.stride) else {
            fatalError("out of memory: an evidence store of \(count) values")
        }
        return raw.bindMemory(to: Value.self, capacity: count)
    }

    /// Releases the values of the previous submission; the submissions read before are stale.
    func clear() {
        for k in owners { (base + Int(k)).deinitialize(count: 1) }
        owners.removeAll(keepingCapacity: true)
        count = 0
        generation &+= 1
    }

    /// Appends `n` values, each `.missing`, and returns the offset of the first.
    @inline(__always)
    func reserve(_ n: Int) -> Int {
        if count + n > capacity { grow(to: count + n) }
        let start = count
        (base + start).initialize(repeating: .missing, count: n)
        count += n
        return start
    }

    private func grow(to needed: Int) {
        var bigger = capacity * 2
        while bigger < needed { bigger *= 2 }
        base = EvidenceStore.resize(base, to: bigger)
        capacity = bigger
    }

    /// The value at `offset`.
    @inline(__always)
    subscript(offset: Int) -> Value { base[offset] }

    /// Sets the value at `offset`, reserved and still `.missing`.
    @inline(__always)
    func set(_ offset: Int, _ v: Value) {
        switch v {
        case .missing, .boolean, .number, .date, .storedRecord, .storedList:
            (base + offset).initialize(to: v)
        case .list(let elements) where elements.isEmpty && elements.capacity == 0:
            (base + offset).initialize(to: v)  // the shared empty list: nothing to release
        default:
            (base + offset).initialize(to: v)
            owners.append(Int32(offset))
        }
    }

    /// What the evaluator reads the current submission through (the store must have been
    /// filled by the evidence reader, which sets `plan`).
    var view: StoredEvidence {
        let plan = plan.unsafelyUnwrapped
        return StoredEvidence(values: base, records: UnsafePointer(plan.records.baseAddress!), slots: UnsafePointer(plan.slots.baseAddress!))
    }

    /// `v` with every stored record and list in it turned into `.record` and `.list`: what
    /// the value is, independent of the store `stored` reads.
    static func materialize(_ v: Value, _ stored: StoredEvidence) -> Value {
        switch v {
        case .storedRecord(let offset, let r):
            let record = stored.records[Int(r)]
            var out: [Value] = []
            out.reserveCapacity(record.fieldCount)
            for f in record.firstField..<record.firstField + record.fieldCount {
                out.append(materialize(stored.field(offset, slot: stored.slots[f]), stored))
            }
            return .record(out)
        case .storedList(let offset, let n):
            var out: [Value] = []
            out.reserveCapacity(Int(n))
            for k in Int(offset)..<Int(offset) + Int(n) { out.append(materialize(stored.values[k], stored)) }
            return .list(out)
        case .list(let elements):
            guard elements.contains(where: EvidenceStore.holdsStored) else { return v }
            return .list(elements.map { materialize($0, stored) })
        case .record(let fields):
            guard fields.contains(where: EvidenceStore.holdsStored) else { return v }
            return .record(fields.map { materialize($0, stored) })
        default:
            return v
        }
    }

    /// Whether a value is, or contains, a stored record or list.
    static func holdsStored(_ v: Value) -> Bool {
        switch v {
        case .storedRecord, .storedList: true
        case .list(let elements), .record(let elements): elements.contains(where: holdsStored)
        default: false
        }
    }
}

/// A view of a filled store for the evaluator: its values and where each record's fields are.
/// Plain pointers, valid while the submission read into the store is marked (the submission
/// holds the store, and the store its plan); reading through it costs no reference counting.
struct StoredEvidence {
    let values: UnsafeMutablePointer<Value>
    /// The plan's records, by record index (`.storedRecord`'s second value).
    let records: UnsafePointer<EvidencePlan.RecordEntry>
    /// The plan's fields' places in a stored record, by field index.
    let slots: UnsafePointer<Int32>

    /// Field `k` (its index in the declaration) of record `r` stored at `offset`.
    @inline(__always)
    func field(_ offset: Int32, record r: Int32, _ k: Int) -> Value {
        field(offset, slot: slots[records[Int(r)].firstField + k])
    }

    /// The field at `slot` of the record stored at `offset` (missing, or the empty list, for a
    /// field not kept).
    @inline(__always)
    func field(_ offset: Int32, slot: Int32) -> Value {
        if slot >= 0 { return values[Int(offset) + Int(slot)] }
        return slot == EvidencePlan.notStoredList ? .list([]) : .missing
    }
}
