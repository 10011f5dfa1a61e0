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

    init(bytes: [UInt8], nodes: JSONTape, decoded: [UInt8]) {
        self.bytes = bytes
        self.nodes = nodes
        self.decoded = decoded
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
        return n.kind == .bool && n.a != 0
    }

    /// The value of a `number` node; `nan` for other kinds.
    public func number(_ node: Int) -> Double {
        let n = nodes[node]
        return n.kind == .number ? n.double : .nan
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
        let range = Int(n.a)..<Int(n.a) + Int(n.b)
        if n.flags & JSONNode.escaped != 0 {
            return String(decoding: decoded[range], as: UTF8.self)
        }
        return String(decoding: bytes[range], as: UTF8.self)
    }

    /// Whether a `string` node's decoded value equals `text`, without building a `String`.
    public func string(_ node: Int, equals text: String) -> Bool {
        let n = nodes[node]
        guard n.kind == .string else { return false }
        var text = text
        return text.withUTF8 { stringBytes(n, equal: $0) }
    }

    /// The number of elements of an array or members of an object; 0 for other kinds.
    public func count(_ node: Int) -> Int {
        let n = nodes[node]
        return n.isContainer ? Int(n.a) : 0
    }

    /// The node indices of an array's elements, in order; `[]` for other kinds.
    public func elements(_ node: Int) -> [Int] {
        let n = nodes[node]
        guard n.kind == .array else { return [] }
        var result: [Int] = []
        result.reserveCapacity(Int(n.a))
        var child = node + 1
        let end = Int(n.b)
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
        result.reserveCapacity(Int(n.a))
        var key = node + 1
        let end = Int(n.b)
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
            let end = Int(n.b)
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
        return n.isContainer ? Int(n.b) : node + 1
    }

    /// Whether a string node's decoded bytes equal `other`.
    func stringBytes(_ n: JSONNode, equal other: UnsafeBufferPointer<UInt8>) -> Bool {
        guard Int(n.b) == other.count else { return false }
        let start = Int(n.a)
        let source = n.flags & JSONNode.escaped != 0 ? decoded : bytes
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
