/// The type of a value in a checked ruleset.
public indirect enum ValueType: Sendable, Hashable, CustomStringConvertible {
    case boolean, number, text, date
    /// A declared enumeration, by name; its values are texts from a fixed set.
    case enumeration(String)
    /// A declared record, by name (`item` is the evidence item).
    case record(String)
    case list(ValueType)
    /// A value that may be missing; it must be handled with `otherwise` or `is present`.
    case optional(ValueType)
    /// The type of an expression that already failed to check; it matches anything, so one
    /// mistake gives one error.
    case error

    /// How the type is written in rule files and messages.
    public var description: String {
        switch self {
        case .boolean: "boolean"
        case .number: "number"
        case .text: "text"
        case .date: "date"
        case .enumeration(let n), .record(let n): n
        case .list(let t): "list of \(t)"
        case .optional(let t): "optional \(t)"
        case .error: "<error>"
        }
    }

    /// The type with any `optional` removed.
    public var unwrapped: ValueType {
        if case .optional(let t) = self { return t.unwrapped }
        return self
    }

    /// Whether the value may be missing.
    public var isOptional: Bool {
        if case .optional = self { return true }
        return false
    }

    var isError: Bool { self == .error }

    /// Whether values are text-like (text or an enumeration).
    var isTextual: Bool {
        switch self {
        case .text, .enumeration: true
        default: false
        }
    }

    /// The element type of a list.
    var element: ValueType? {
        if case .list(let t) = self { return t }
        return nil
    }
}

/// The shape of the evidence a ruleset reads, built from its `evidence` declaration.
public struct EvidenceSchema: Sendable, Equatable {
    /// The item kinds, in declared order.
    public var kinds: [String]
    /// Declared enumerations and their values (the item kinds are the enumeration `kind`).
    public var enumerations: [String: [String]]
    /// Declared records, `item` among them; fields in declared order.
    public var records: [String: RecordSchema]

    /// The schema of an evidence item.
    public var item: RecordSchema { records["item"]! }
}

/// A record's fields in declared order.
public struct RecordSchema: Sendable, Equatable {
    /// The record's name.
    public var name: String
    /// Its fields, in declared order.
    public var fields: [FieldSchema]

    /// The index of a field by name.
    public func index(of name: String) -> Int? { fields.firstIndex { $0.name == name } }
}

/// One field of a record.
public struct FieldSchema: Sendable, Equatable {
    /// The field's name, as in the evidence JSON.
    public var name: String
    /// Its type.
    public var type: ValueType
    /// For a number field (or an optional number, or a list of numbers) declared with a scale:
    /// the lowest and highest value a submission may give.
    public var scale: ClosedRange<Double>? = nil
    /// The comment written on the lines just above the field's declaration, if any (for the
    /// JSON Schema's descriptions).
    public var description: String? = nil
}

/// Fields of the submission envelope, available as `submission.NAME` in rules.
public enum SubmissionFields {
    /// Name and type of each field, in slot order.
    public static let all: [(name: String, type: ValueType)] = [
        ("learner", .text), ("unit", .text), ("started", .date), ("submitted", .date), ("assessor", .text),
    ]
}
