import Foundation

/// Where bytes are appended: an array, or a `ByteRun`. `JSONWriter.appendQuoted` writes to either.
public protocol ByteSink {
    /// Appends one byte.
    mutating func append(_ byte: UInt8)
    /// Appends a run of bytes.
    mutating func append(bytes: UnsafeBufferPointer<UInt8>)
}

extension Array: ByteSink where Element == UInt8 {
    /// Appends a run of bytes.
    public mutating func append(bytes: UnsafeBufferPointer<UInt8>) { append(contentsOf: bytes) }
}

/// A growing run of bytes (what `JSONWriter` writes into): each append is a capacity check and a
/// copy, without the generic paths `Array.append(contentsOf:)` takes, so that writing a document
/// of many short pieces costs little per piece. A value: a copy is made only when a shared run
/// is written to.
public struct ByteRun: ByteSink, @unchecked Sendable {
    // @unchecked: the storage is written only when uniquely referenced (copied first otherwise).
    private final class Storage {
        let base: UnsafeMutablePointer<UInt8>
        let capacity: Int

        init(capacity: Int) {
            self.capacity = capacity
            base = .allocate(capacity: capacity)
        }

        deinit { base.deallocate() }
    }

    private var storage: Storage
    /// How many bytes have been written.
    public private(set) var count = 0

    /// An empty run with room for `capacity` bytes.
    public init(capacity: Int = 1024) {
        storage = Storage(capacity: Swift.max(16, capacity))
    }

    /// Makes room for `extra` more bytes, in storage of its own.
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if _slowPath(!isKnownUniquelyReferenced(&storage) || storage.capacity - count < extra) { grow(extra) }
    }

    private mutating func grow(_ extra: Int) {
        let capacity = Swift.max(storage.capacity, count + extra, storage.capacity * 2)
        let new = Storage(capacity: capacity)
        new.base.update(from: storage.base, count: count)
        storage = new
    }

    /// Appends one byte.
    @inline(__always)
    public mutating func append(_ byte: UInt8) {
        reserve(1)
        storage.base[count] = byte
        count += 1
    }

    /// Appends a run of bytes.
    @inline(__always)
    public mutating func append(bytes: UnsafeBufferPointer<UInt8>) {
        let n = bytes.count
        guard n > 0 else { return }
        reserve(n)
        let to = storage.base + count
        if n <= 16 {
            // Short pieces (keys, numbers, words) are most of a document: no call for them.
            for k in 0..<n { to[k] = bytes[k] }
        } else {
            to.update(from: bytes.baseAddress!, count: n)
        }
        count += n
    }

    /// Appends the bytes of an array.
    @inline(__always)
    public mutating func append(_ array: [UInt8]) {
        array.withUnsafeBufferPointer { append(bytes: $0) }
    }

    /// Takes back every byte after the first `n`.
    public mutating func truncate(to n: Int) {
        count = Swift.min(count, Swift.max(0, n))
    }

    /// Empties the run, keeping its storage when it is not shared.
    public mutating func removeAll() {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(capacity: storage.capacity) }
        count = 0
    }

    /// The bytes written, as an array (a copy).
    public var array: [UInt8] { withBytes { Array($0) } }

    /// Calls `body` with the bytes written.
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.base, count: count))
    }
}
