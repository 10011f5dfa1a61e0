#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable array for the parser's hot loops: no copy-on-write uniqueness checks and no
/// bounds checks outside debug builds. Owned by one parse; frees its memory when dropped.
/// Only for trivial element types (plain integers and structs of them): elements are never
/// deinitialised.
struct JSONScratchBuffer<Element>: ~Copyable {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var capacity: Int
    /// The number of elements in use; lowering it drops the elements above.
    var count = 0

    init(capacity: Int) {
        assert(_isPOD(Element.self), "JSONScratchBuffer holds trivial types only")
        self.capacity = max(capacity, 16)
        base = Self.resize(nil, to: self.capacity)
    }

    deinit {
        free(base)
    }

    /// `memory` (from `malloc`, or nil) resized to `count` elements with `realloc`, which
    /// moves a large block's pages rather than copying them: while a large document's tape
    /// grows, the old and the new buffer are never both in memory.
    static func resize(_ memory: UnsafeMutablePointer<Element>?, to count: Int) -> UnsafeMutablePointer<Element> {
        guard let raw = realloc(memory, max(1, count) * MemoryLayout<Element>.stride) else {
            fatalError("out of memory: \(count) JSON nodes")
        }
        return raw.bindMemory(to: Element.self, capacity: max(1, count))
    }

    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    @inline(never)
    mutating func grow() {
        base = Self.resize(base, to: capacity * 2)
        capacity *= 2
    }

    @inline(__always)
    subscript(index: Int) -> Element {
        unsafeAddress {
            assert(index >= 0 && index < count)
            return UnsafePointer(base + index)
        }
        nonmutating unsafeMutableAddress {
            assert(index >= 0 && index < count)
            return base + index
        }
    }

    /// The last element, if any.
    @inline(__always)
    var last: Element? { count > 0 ? base[count - 1] : nil }

    @inline(__always)
    mutating func removeLast() -> Element {
        assert(count > 0)
        count -= 1
        return base[count]
    }

    /// Hands the elements over: returns memory holding exactly `count` elements (shrunk in
    /// place if much was unused), which the caller must free with `free` (or `deallocate`),
    /// and leaves this buffer empty.
    mutating func release() -> (elements: UnsafeMutablePointer<Element>, count: Int) {
        var elements = base
        if capacity > 2 * count + 1024 { elements = Self.resize(base, to: count) }
        let released = (elements, count)
        capacity = 16
        base = Self.resize(nil, to: capacity)
        count = 0
        return released
    }
}
