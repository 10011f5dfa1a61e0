#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The evidence values of the submission being marked, in one buffer reused from submission
/// to submission: no value tree per item.
///
/// The evidence reader (`EvidenceReader.submission(_:plan:store:)`) writes every record's
/// field values side by side and every list's elements side by side, and hands the evaluator
/// `.storedRecord` and `.storedList` values that give an offset and a count. Reading a field
/// is then one load at `offset + field`; the store is cleared (its texts released) when the
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

    /// `v` with every stored record and list in it turned into `.record` and `.list`: what
    /// the value is, independent of the store whose values start at `base`.
    static func materialize(_ v: Value, _ base: UnsafeMutablePointer<Value>) -> Value {
        switch v {
        case .storedRecord(let offset, let n), .storedList(let offset, let n):
            var out: [Value] = []
            out.reserveCapacity(Int(n))
            for k in Int(offset)..<Int(offset) + Int(n) { out.append(materialize(base[k], base)) }
            if case .storedRecord = v { return .record(out) }
            return .list(out)
        case .list(let elements):
            guard elements.contains(where: EvidenceStore.holdsStored) else { return v }
            return .list(elements.map { materialize($0, base) })
        case .record(let fields):
            guard fields.contains(where: EvidenceStore.holdsStored) else { return v }
            return .record(fields.map { materialize($0, base) })
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
