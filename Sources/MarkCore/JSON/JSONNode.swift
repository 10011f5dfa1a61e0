/// One entry of a document's tape: 8 bytes, no references, so a document is a few flat arrays.
///
/// Values are stored in document order (pre-order); a container is followed by its
/// descendants, and an object's children alternate key (a string node) and value.
///
/// `word` holds the kind in its top three bits, the `escaped` flag in bit 28 and a payload in
/// the low 28 bits:
///
/// | kind      | payload                                                             |
/// |-----------|---------------------------------------------------------------------|
/// | null      | 0                                                                   |
/// | bool      | 0 or 1                                                              |
/// | number    | index of the `Double` in the document's numbers                     |
/// | string    | decoded length; with `escaped`, index of its span in the document's escaped spans |
/// | array     | index just past the last descendant                                 |
/// | object    | index just past the last descendant                                 |
///
/// A string without escapes is the input bytes just after its opening quote (`offset + 1`);
/// one with escapes is decoded into the document's side buffer. Sizes that do not fit 28 bits
/// (a string of 256 MiB, a document of 2^28 values) are rejected by the parser.
struct JSONNode: Sendable {
    /// Byte offset of the value's first byte in the input (for a string, its opening quote).
    var offset: UInt32
    var word: UInt32

    /// The largest payload.
    static let maxPayload: UInt32 = (1 << 28) - 1
    static let escapedBit: UInt32 = 1 << 28

    @inline(__always)
    init(offset: UInt32, kind: JSONKind, payload: UInt32 = 0, escaped: Bool = false) {
        self.offset = offset
        self.word = UInt32(kind.rawValue) << 29 | (escaped ? Self.escapedBit : 0) | payload
    }

    @inline(__always)
    var kind: JSONKind {
        // Only the parser writes `word`, always from a `JSONKind`.
        unsafeBitCast(UInt8(truncatingIfNeeded: word >> 29), to: JSONKind.self)
    }

    @inline(__always)
    var payload: Int { Int(word & Self.maxPayload) }

    /// For a string: its decoded bytes are in the side buffer, and the payload indexes its span.
    @inline(__always)
    var isEscaped: Bool { word & Self.escapedBit != 0 }

    /// Whether this node is an array or an object.
    @inline(__always)
    var isContainer: Bool { word >> 29 >= UInt32(JSONKind.array.rawValue) }

    /// For a container: the index just past its last descendant.
    @inline(__always)
    var end: Int { payload }
}

/// Where a string with escapes was decoded to, in the document's side buffer.
struct JSONSpan: Sendable {
    var start: UInt32
    var count: UInt32
}
