/// One step along a path into an evidence item: a record field (by its declared index) or a
/// list element.
public enum FieldStep: Sendable, Hashable {
    /// A field of a record, by its index in the record's declared fields.
    case field(Int)
    /// An element of a list, by position.
    case element(Int)
}

/// A small change to a submission's evidence, as `mark why-not` proposes and counterexample
/// searches build: a new item, or one value of an existing item changed.
public enum EvidenceChange: Sendable, Hashable {
    /// A new item (a `.record` in the schema's field order); `model` is the index of the
    /// existing item it was made from, if any.
    case addItem(Value, model: Int?)
    /// The value at `path` in item `item` set to `value` (a list path ending in the list's
    /// length appends an element).
    case setField(item: Int, path: [FieldStep], value: Value)

    /// Applies the change to a submission; a new item gets the id `id`.
    public func applied(to submission: Submission, newID: String) -> Submission {
        var s = submission
        switch self {
        case .addItem(let item, _):
            s.items.append(EvidenceChange.replacing(item, at: [.field(0)], with: .text(newID)))
            s.itemIDs.append(newID)
        case .setField(let index, let path, let value):
            s.items[index] = EvidenceChange.replacing(s.items[index], at: path, with: value)
            if path == [.field(0)], case .text(let id) = value { s.itemIDs[index] = id }
        }
        return s
    }

    /// `value` with the part at `path` replaced (a missing record on the way is not entered).
    static func replacing(_ value: Value, at path: [FieldStep], with new: Value) -> Value {
        guard let step = path.first else { return new }
        let rest = Array(path.dropFirst())
        switch (step, value) {
        case (.field(let f), .record(var fields)) where f < fields.count:
            fields[f] = replacing(fields[f], at: rest, with: new)
            return .record(fields)
        case (.element(let e), .list(var elements)) where e <= elements.count:
            if e == elements.count {
                elements.append(new)
            } else {
                elements[e] = replacing(elements[e], at: rest, with: new)
            }
            return .list(elements)
        default: return value
        }
    }

    /// The part of `value` at `path`, or nil when the path leads nowhere.
    static func value(_ value: Value, at path: [FieldStep]) -> Value? {
        guard let step = path.first else { return value }
        switch (step, value) {
        case (.field(let f), .record(let fields)) where f < fields.count: return Self.value(fields[f], at: Array(path.dropFirst()))
        case (.element(let e), .list(let elements)) where e < elements.count: return Self.value(elements[e], at: Array(path.dropFirst()))
        default: return nil
        }
    }
}
