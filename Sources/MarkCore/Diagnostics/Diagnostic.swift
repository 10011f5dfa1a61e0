/// How serious a diagnostic is.
public enum Severity: String, Sendable, Comparable {
    case note, warning, error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A problem found in a source file: a value with a stable id, a message and a byte range.
///
/// Diagnostics know nothing of the rule language: the lexer, parser, checker and evidence
/// reader all produce them, and one renderer prints them.
public struct Diagnostic: Sendable, Equatable {
    /// Severity of the finding.
    public var severity: Severity
    /// A stable identifier such as `unknown-field`, for tools and documentation.
    public var id: String
    /// The message, in words an author understands.
    public var message: String
    /// The path of the file the range refers to.
    public var path: String
    /// Half-open byte range in the file.
    public var range: Range<Int>
    /// Secondary notes (for example where something was first declared).
    public var notes: [Note]

    /// A secondary message attached to a diagnostic.
    public struct Note: Sendable, Equatable {
        /// Message of the note.
        public var message: String
        /// Path of the file the note points into.
        public var path: String
        /// Byte range of the note, if it points somewhere.
        public var range: Range<Int>?

        /// Creates a note.
        public init(message: String, path: String, range: Range<Int>?) {
            self.message = message
            self.path = path
            self.range = range
        }
    }

    /// Creates a diagnostic.
    public init(
        _ severity: Severity, id: String, _ message: String, path: String, range: Range<Int>,
        notes: [Note] = []
    ) {
        self.severity = severity
        self.id = id
        self.message = message
        self.path = path
        self.range = range
        self.notes = notes
    }
}

extension Diagnostic: Error {}

/// A plain message used as an error value where no source position applies.
public struct Message: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message text.
    public var text: String
    /// Creates a message.
    public init(_ text: String) { self.text = text }
    /// The message text.
    public var description: String { text }
}

/// Several diagnostics returned together as one failure.
public struct DiagnosticList: Error, Sendable, Equatable {
    /// The diagnostics, in order.
    public var items: [Diagnostic]
    /// Creates a list.
    public init(_ items: [Diagnostic]) { self.items = items }
}
