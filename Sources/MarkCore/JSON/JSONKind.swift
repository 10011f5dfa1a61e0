/// The kind of a JSON value held by a node of a `JSONDocument`.
public enum JSONKind: UInt8, Sendable {
    /// The literal `null`.
    case null
    /// The literals `true` and `false`.
    case bool
    /// A number, held as a `Double`.
    case number
    /// A string, decoded with its escapes resolved.
    case string
    /// An array of values.
    case array
    /// An object: string keys, each with a value.
    case object
}
