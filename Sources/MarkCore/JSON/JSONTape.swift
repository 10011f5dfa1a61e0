#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The nodes of a parsed document, in memory that is never changed after the parse; shared
/// by the copies of a `JSONDocument`.
final class JSONTape: @unchecked Sendable {
    // @unchecked: the pointer is written only by the parser, before the tape is created,
    // and freed only in deinit, so every thread reads the same immutable memory.
    let nodes: UnsafeMutablePointer<JSONNode>
    let count: Int

    /// Takes ownership of `count` initialised nodes at `nodes`, memory from `malloc` (as
    /// `JSONScratchBuffer.release()` hands it over).
    init(nodes: UnsafeMutablePointer<JSONNode>, count: Int) {
        self.nodes = nodes
        self.count = count
    }

    deinit {
        free(nodes)
    }

    /// The node at `index`; traps if there is none.
    @inline(__always)
    subscript(index: Int) -> JSONNode {
        precondition(index >= 0 && index < count, "JSON node index out of range")
        return nodes[index]
    }
}
