/// A JSON value built in memory, for replies whose shape is decided at run time (the language
/// server's messages); written through `JSONWriter`, so it is escaped and laid out like every
/// other JSON the engine writes. Object members keep the order they are given in.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Members in the order written; keys should be unique.
    case object([Member])

    /// One member of an object.
    public struct Member: Sendable, Equatable {
        /// The key.
        public var key: String
        /// The value.
        public var value: JSONValue

        /// Creates a member.
        public init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// An object from key–value pairs, leaving out members whose value is nil.
    public static func object(_ pairs: KeyValuePairs<String, JSONValue?>) -> JSONValue {
        .object(pairs.compactMap { pair in pair.value.map { Member(pair.key, $0) } })
    }

    /// The value as compact JSON text.
    public var text: String {
        var writer = JSONWriter()
        writer.value(nil, self)
        return writer.output
    }

    /// The value of `key`, for an object that has it.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The value of a node of a parsed document, numbers that are whole and fit in an `Int`
    /// as `.int`, so a request's id or params can be carried without re-reading the text.
    public init(_ document: JSONDocument, node: Int) {
        switch document.kind(node) {
        case .null: self = .null
        case .bool: self = .bool(document.bool(node))
        case .number:
            let n = document.number(node)
            let text = document.numberText(node)
            let integral = !text.contains(".") && !text.contains("e") && !text.contains("E")
            self = integral && n.magnitude < 9e15 ? .int(Int(n)) : .number(n)
        case .string: self = .string(document.string(node))
        case .array: self = .array(document.elements(node).map { JSONValue(document, node: $0) })
        case .object: self = .object(document.members(node).map { Member($0.key, JSONValue(document, node: $0.value)) })
        }
    }
}

extension JSONWriter {
    /// Writes an in-memory value, as a value or as the value of `key` inside an object.
    public mutating func value(_ key: String? = nil, _ value: JSONValue) {
        switch value {
        case .null: null(key)
        case .bool(let b): bool(key, b)
        case .int(let i): int(key, i)
        case .number(let d): number(key, d)
        case .string(let s): string(key, s)
        case .array(let elements):
            beginArray(key)
            for element in elements { self.value(nil, element) }
            endArray()
        case .object(let members):
            beginObject(key)
            for member in members { self.value(member.key, member.value) }
            endObject()
        }
    }
}
