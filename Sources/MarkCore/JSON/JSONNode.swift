/// One entry of a document's tape: 16 bytes, no references, so a document is a few flat arrays.
///
/// Values are stored in document order (pre-order); a container is followed by its
/// descendants, and an object's children alternate key (a string node) and value.
///
/// | kind      | `a`                                   | `b`                              |
/// |-----------|---------------------------------------|----------------------------------|
/// | null      | 0                                     | 0                                |
/// | bool      | 0 or 1                                | 0                                |
/// | number    | low 32 bits of the `Double`           | high 32 bits of the `Double`     |
/// | string    | start of the decoded bytes            | length of the decoded bytes      |
/// | array     | number of elements                    | index just past the last descendant |
/// | object    | number of members                     | index just past the last descendant |
///
/// A string's decoded bytes are in the input itself when it has no escapes, or in the
/// document's side buffer of decoded strings when `flags & JSONNode.escaped != 0`.
struct JSONNode: Sendable {
    /// Byte offset of the value's first byte in the input.
    var offset: UInt32
    var kind: JSONKind
    var flags: UInt8
    var a: UInt32
    var b: UInt32

    /// String flag: the decoded bytes live in the side buffer.
    static let escaped: UInt8 = 1
    /// Object flag (while parsing): the keys are checked for duplicates with the hash table.
    static let hashedKeys: UInt8 = 2

    @inline(__always)
    init(offset: UInt32, kind: JSONKind, flags: UInt8 = 0, a: UInt32 = 0, b: UInt32 = 0) {
        self.offset = offset
        self.kind = kind
        self.flags = flags
        self.a = a
        self.b = b
    }

    /// Whether this node is an array or an object.
    @inline(__always)
    var isContainer: Bool { kind.rawValue >= JSONKind.array.rawValue }

    /// The number, for a number node.
    @inline(__always)
    var double: Double { Double(bitPattern: UInt64(b) << 32 | UInt64(a)) }
}
