/// A compiled expression: names resolved to slots and fields to indices, ready to evaluate.
public struct Node: Sendable {
    /// What the node computes.
    public var kind: Kind
    /// Where its expression is written.
    public var location: SourceRef

    /// Creates a node.
    public init(_ kind: Kind, _ location: SourceRef) {
        self.kind = kind
        self.location = location
    }

    /// The operations of the evaluator.
    public indirect enum Kind: Sendable {
        case constant(Value)
        /// A binder, parameter or `let` value stored in an evaluation slot.
        case slot(Int, name: String)
        /// A value definition, by index.
        case value(Int, name: String)
        /// The submission's evidence items.
        case items
        /// A field of the submission envelope, by index into `SubmissionFields.all`.
        case submission(Int)
        /// The total marks (grading only).
        case total
        /// A test of a point's verdict (grading only).
        case verdict(point: Int, test: TestKind)
        /// `at least N of (…) are met` (grading only): at least `atLeast` of the points pass
        /// the test.
        case verdictCount(points: [Int], test: TestKind, atLeast: Int)
        /// Component grades (grading only): at least `atLeast` of the components reached the
        /// grade beside it (an index into that component's own grades).
        case componentCount(components: [Int], grades: [Int], atLeast: Int)
        /// A record field; missing propagates (a list read through a missing record is empty).
        case field(Node, index: Int, name: String, isList: Bool)
        /// A call of a function definition.
        case call(function: Int, arguments: [Node], name: String)
        /// A built-in function.
        case builtin(Builtin, [Node])
        case not(Node)
        case negate(Node)
        case and(Node, Node)
        case or(Node, Node)
        case compare(Comparison, Node, Node)
        case arithmetic(Arithmetic, Node, Node)
        /// Membership of a value in a list.
        case member(Node, list: Node, negated: Bool)
        /// Phrase matching: the text (or any text of a list) contains a phrase (or any of a list).
        case mentions(Node, phrases: Node)
        case isMissing(Node)
        case isPresent(Node)
        case otherwise(Node, Node)
        /// Two dates at most the given number of days apart.
        case within(Node, days: Node, Node)
        /// Whole days (or weeks) from the first date to the second.
        case between(DurationUnit, Node, Node)
        case list([Node])
        /// A quantifier over a list; `tracksItems` when the list is the submission's items.
        case quantifier(Quantifier, slot: Int, collection: Node, filter: Node?, tracksItems: Bool)
        /// An aggregate over a list.
        case aggregate(Aggregate, value: Node, slot: Int, collection: Node, filter: Node?, tracksItems: Bool)
    }
}

/// Built-in functions.
public enum Builtin: String, Sendable, CaseIterable {
    /// Number of elements of a list.
    case count
    /// Sum, smallest and largest of a list of numbers (min and max also take dates).
    case sum, min, max
    /// The week number of a date (weeks since 1970-01-05, a Monday).
    case weekOf = "week_of"
    /// Absolute value.
    case abs
    /// Number of words in a text.
    case words
}

/// Comparison operators.
public enum Comparison: String, Sendable {
    case equal = "=", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
}

/// Arithmetic operators; `+` and `-` also shift a date by a number of days.
public enum Arithmetic: String, Sendable {
    case plus = "+", minus = "-", times = "*", divide = "/"
}

/// A runtime value.
public enum Value: Sendable, Equatable, Hashable {
    case missing
    case boolean(Bool)
    case number(Double)
    /// Text, and enumeration values (their names).
    case text(String)
    case date(CalendarDate)
    case list([Value])
    /// A record's field values in declared order.
    case record([Value])
    /// A record of the submission being marked, held in an `EvidenceStore`: the values of its
    /// kept fields from `offset`, `record` its index in the `EvidencePlan` (which says where each
    /// field is). Only the marking path makes these (`EvidenceReader.submission(_:plan:store:)`),
    /// and the evaluator turns them into `.record` before a value leaves it.
    case storedRecord(offset: Int32, record: Int32)
    /// A list of the submission being marked, held in an `EvidenceStore` (see `storedRecord`).
    case storedList(offset: Int32, count: Int32)

    /// A short rendering for feedback and explanations. In a list, each text is quoted
    /// ('recommend', 'trust'), so feedback can show the words a keyword rule found; an empty
    /// list is "none".
    public var rendered: String {
        switch self {
        case .missing: "(missing)"
        case .boolean(let b): b ? "yes" : "no"
        case .number(let n): JSONWriter.format(n)
        case .text(let t): t
        case .date(let d): d.description
        case .list(let l) where l.isEmpty: "none"
        case .list(let l): l.map { if case .text(let t) = $0 { "'\(t)'" } else { $0.rendered } }.joined(separator: ", ")
        case .record, .storedRecord: "(record)"
        case .storedList: "(list)"
        }
    }
}
