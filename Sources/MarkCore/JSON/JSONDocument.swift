/// Parsed JSON held as a flat array of nodes (a "tape"), not a tree of enums, for speed.
///
/// A node is an `Int` index; `root` is the top-level value. Containers are followed by their
/// descendants in source order, so walking a document touches memory sequentially. Strings
/// are kept as byte ranges and decoded into `String` only when asked for.
///
/// Accessors expect a node of the matching kind; asked about a node of another kind they
/// return a neutral value (`false`, `nan`, `""`, `0`, `[]`, `nil`) rather than trap. A node
/// index that is not in the document traps, like an out-of-range array index.
public struct JSONDocument: Sendable {
    /// The input bytes (a copy for a slice; shared, not copied, for an array).
    let bytes: [UInt8]
    /// The tape.
    let nodes: JSONTape
    /// Decoded bytes of the strings that contained escapes.
    let decoded: [UInt8]
    /// Where each string with escapes lies in `decoded` (a string node's payload indexes it).
    let spans: [JSONSpan]
    /// The numbers, in document order (a number node's payload indexes them).
    let numbers: [Double]

    init(bytes: [UInt8], nodes: JSONTape, decoded: [UInt8], spans: [JSONSpan], numbers: [Double]) {
        self.bytes = bytes
        self.nodes = nodes
        self.decoded = decoded
        self.spans = spans
        self.numbers = numbers
    }

    /// The node index of the top-level value.
    public var root: Int { 0 }

    /// The number of nodes in the document: every value, and every object key, is one node.
    public var nodeCount: Int { nodes.count }

    /// The kind of a node's value.
    public func kind(_ node: Int) -> JSONKind { nodes[node].kind }

    /// Byte offset of the value's first byte in the input (for a string, its opening quote).
    public func offset(_ node: Int) -> Int { Int(nodes[node].offset) }

    /// The value of a `bool` node; `false` for other kinds.
    public func bool(_ node: Int) -> Bool {
        let n = nodes[node]
        return n.kind == .bool && n.payload != 0
    }

    /// The value of a `number` node; `nan` for other kinds.
    public func number(_ node: Int) -> Double {
        let n = nodes[node]
        return n.kind == .number ? numbers[n.payload] : .nan
    }

    /// A `number` node as written in the input (`1e20`, `-0.5`), at most 32 characters; `""`
    /// for other kinds.
    public func numberText(_ node: Int) -> String {
        guard kind(node) == .number else { return "" }
        var end = offset(node)
        while end < bytes.count, end - offset(node) < 32 {
            let b = bytes[end]
            guard (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+")
                || b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
            else { break }
            end += 1
        }
        return String(decoding: bytes[offset(node)..<end], as: UTF8.self)
    }

    /// The value of a `string` node, escapes resolved; `""` for other kinds.
    public func string(_ node: Int) -> String {
        let n = nodes[node]
        guard n.kind == .string else { return "" }
        let (escaped, start, count) = stringSpan(n)
        return String(decoding: (escaped ? decoded : bytes)[start..<start + count], as: UTF8.self)
    }

    /// Whether a `string` node's decoded value equals `text`, without building a `String`.
    public func string(_ node: Int, equals text: String) -> Bool {
        let n = nodes[node]
        guard n.kind == .string else { return false }
        var text = text
        return text.withUTF8 { stringBytes(n, equal: $0) }
    }

    /// The number of elements of an array or members of an object; 0 for other kinds.
    /// (Counted by stepping over the children: the tape does not store it.)
    public func count(_ node: Int) -> Int {
        let n = nodes[node]
        guard n.isContainer else { return 0 }
        var count = 0
        var child = node + 1
        while child < n.end {
            child = next(child)
            count += 1
        }
        return n.kind == .object ? count / 2 : count
    }

    /// The node indices of an array's elements, in order; `[]` for other kinds.
    public func elements(_ node: Int) -> [Int] {
        let n = nodes[node]
        guard n.kind == .array else { return [] }
        var result: [Int] = []
        var child = node + 1
        let end = n.end
        while child < end {
            result.append(child)
            child = next(child)
        }
        return result
    }

    /// An object's members in source order; `[]` for other kinds.
    public func members(_ node: Int) -> [JSONMember] {
        let n = nodes[node]
        guard n.kind == .object else { return [] }
        var result: [JSONMember] = []
        var key = node + 1
        let end = n.end
        while key < end {
            result.append(JSONMember(key: string(key), keyOffset: offset(key), value: key + 1))
            key = next(key + 1)
        }
        return result
    }

    /// The value node of `key` in an object, or nil if the object has no such key (or the
    /// node is not an object). Keys are compared after escapes are resolved, byte for byte.
    public func member(_ node: Int, _ key: String) -> Int? {
        let n = nodes[node]
        guard n.kind == .object else { return nil }
        var key = key
        return key.withUTF8 { wanted -> Int? in
            var k = node + 1
            let end = n.end
            while k < end {
                if stringBytes(nodes[k], equal: wanted) { return k + 1 }
                k = next(k + 1)
            }
            return nil
        }
    }

    /// The node after `node` and all its descendants: its next sibling, if it has one.
    @inline(__always)
    func next(_ node: Int) -> Int {
        let n = nodes[node]
        return n.isContainer ? n.end : node + 1
    }

    /// Where a string node's decoded bytes are: in `decoded` (`escaped`) or in `bytes`.
    @inline(__always)
    func stringSpan(_ n: JSONNode) -> (escaped: Bool, start: Int, count: Int) {
        if n.isEscaped {
            let span = spans[n.payload]
            return (true, Int(span.start), Int(span.count))
        }
        return (false, Int(n.offset) + 1, n.payload)
    }

    /// Whether a string node's decoded bytes equal `other`.
    func stringBytes(_ n: JSONNode, equal other: UnsafeBufferPointer<UInt8>) -> Bool {
        let (escaped, start, count) = stringSpan(n)
        guard count == other.count else { return false }
        let source = escaped ? decoded : bytes
        return source.withUnsafeBufferPointer { buffer in
            var i = 0
            while i < other.count {
                if buffer[start + i] != other[i] { return false }
                i += 1
            }
            return true
        }
    }
}
