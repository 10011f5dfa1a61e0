/// A key of an open object, with a cheap fingerprint for the duplicate check.
struct JSONKeyEntry {
    var node: UInt32
    /// Decoded length in bytes.
    var length: UInt32
    /// The first (up to) 8 decoded bytes, little-endian, zero-padded: for keys of 8 bytes or
    /// fewer, equal length and prefix mean equal keys.
    var prefix: UInt64
}

/// A slot of the open-addressing hash table used for objects with many keys.
struct JSONKeySlot {
    var hash: UInt64
    var object: UInt32
    /// Node index of the key; `UInt32.max` for an empty slot.
    var node: UInt32

    static let empty = JSONKeySlot(hash: 0, object: 0, node: .max)
}

/// Duplicate keys. Small objects compare each new key with the earlier ones (a fingerprint
/// comparison each, usually); an object that grows past `linearLimit` keys moves its keys
/// into a hash table shared by all open objects (entries are tagged with the object), so a
/// huge object stays linear time.
extension JSONParser {
    static let linearLimit = 32

    /// Scans an object key and the `:` after it, at `pos` (whitespace allowed before).
    mutating func scanKey() throws(JSONSyntaxError) {
        skipWhitespace()
        guard pos < end else { throw unexpectedEnd() }
        guard base[pos] == UInt8(ascii: "\"") else { throw expectedKey() }
        let keyNode = nodes.count
        try scanString()
        if checksDuplicates {
            // The common case inline: a key whose filter bit is not yet set in a small object.
            let key = nodes[keyNode]
            let depth = stack.count - 1
            let open = stack[depth]
            if !open.hashed && keys.count - open.firstKey < Self.linearLimit {
                let (length, prefix) = lengthAndPrefix(of: key)
                let bit = Self.keyFilterBit(prefix: prefix, length: length)
                if open.filter & bit == 0 {
                    stack[depth].filter |= bit
                    keys.append(JSONKeyEntry(node: UInt32(truncatingIfNeeded: keyNode), length: length, prefix: prefix))
                } else {
                    try checkDuplicate(keyNode)
                }
            } else {
                try checkDuplicate(keyNode)
            }
        }
        skipWhitespace()
        guard pos < end else { throw unexpectedEnd() }
        guard base[pos] == UInt8(ascii: ":") else { throw unexpected(at: pos, "expected ':' after object key") }
        pos += 1
    }

    /// The bit of a key in its object's filter: from its length and first eight bytes, so
    /// equal keys always have the same bit.
    @inline(__always)
    static func keyFilterBit(prefix: UInt64, length: UInt32) -> UInt64 {
        1 << (((prefix &+ UInt64(length)) &* 0x9E37_79B9_7F4A_7C15) >> 58)
    }

    /// Throws if the key at `keyNode` is already a key of the innermost open container (an
    /// object); otherwise remembers it. A 64-bit filter per open object, one bit per key
    /// (`keyFilterBit`), skips the comparison with the earlier keys for almost every new
    /// key; `scanKey` does that case itself and calls this for the rest.
    @inline(never)
    mutating func checkDuplicate(_ keyNode: Int) throws(JSONSyntaxError) {
        let depth = stack.count - 1
        let object = stack[depth].node
        if stack[depth].hashed {
            try insertHashed(UInt32(truncatingIfNeeded: keyNode), object: object)
            return
        }
        let (length, prefix) = lengthAndPrefix(of: nodes[keyNode])
        let entry = JSONKeyEntry(node: UInt32(truncatingIfNeeded: keyNode), length: length, prefix: prefix)
        let bit = Self.keyFilterBit(prefix: entry.prefix, length: entry.length)
        if stack[depth].filter & bit != 0 { try compareWithEarlierKeys(entry, from: stack[depth].firstKey) }
        stack[depth].filter |= bit
        keys.append(entry)
        if keys.count - stack[depth].firstKey > Self.linearLimit { try hashKeys(depth) }
    }

    /// Throws if `entry` is the same key as one already read in the innermost object, whose
    /// keys start at `first`.
    /// (`mutating` only so that calling it does not copy the parser.)
    @inline(never)
    mutating func compareWithEarlierKeys(_ entry: JSONKeyEntry, from first: Int) throws(JSONSyntaxError) {
        var i = first
        while i < keys.count {
            let other = keys[i]
            if other.prefix == entry.prefix && other.length == entry.length
                && (entry.length <= 8 || keyBytesEqual(Int(other.node), Int(entry.node)))
            {
                throw duplicateKey(Int(entry.node))
            }
            i += 1
        }
    }

    /// Moves the keys of the open object at `depth`, which has just passed `linearLimit` keys,
    /// into the hash table.
    @inline(never)
    mutating func hashKeys(_ depth: Int) throws(JSONSyntaxError) {
        stack[depth].hashed = true
        openHashedObjects += 1
        for j in stack[depth].firstKey..<keys.count {
            try insertHashed(keys[j].node, object: stack[depth].node)
        }
    }

    /// Called when an object that used the hash table closes.
    mutating func closeHashedObject() {
        openHashedObjects -= 1
        guard openHashedObjects == 0 else { return }
        // No open object uses the table: empty it, shrinking it if it is mostly unused, so
        // that many later large objects do not each pay for one earlier huge one.
        if table.count > 4 * tableCount + 64 {
            table = []
        } else {
            for i in table.indices { table[i] = .empty }
        }
        tableCount = 0
    }

    /// Adds a key of a hashed object to the table; throws if the object already has it.
    mutating func insertHashed(_ keyNode: UInt32, object: Int) throws(JSONSyntaxError) {
        if (tableCount + 1) * 2 > table.count { growTable() }
        let hash = keyHash(Int(keyNode), object: object)
        let objectTag = UInt32(truncatingIfNeeded: object)
        let mask = table.count - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = table[i]
            if slot.node == .max {
                table[i] = JSONKeySlot(hash: hash, object: objectTag, node: keyNode)
                tableCount += 1
                return
            }
            if slot.hash == hash && slot.object == objectTag && keyBytesEqual(Int(slot.node), Int(keyNode)) {
                throw duplicateKey(Int(keyNode))
            }
            i = (i + 1) & mask
        }
    }

    mutating func growTable() {
        let old = table
        table = Array(repeating: .empty, count: max(64, old.count * 2))
        let mask = table.count - 1
        for slot in old where slot.node != .max {
            var i = Int(truncatingIfNeeded: slot.hash) & mask
            while table[i].node != .max { i = (i + 1) & mask }
            table[i] = slot
        }
    }

    /// Runs `body` on the decoded bytes of a string node.
    @inline(__always)
    func withBytes<R>(of node: JSONNode, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if node.isEscaped {
            let span = spans[node.payload]
            let start = Int(span.start)
            return decoded.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<start + Int(span.count)])) }
        }
        return body(UnsafeBufferPointer(start: base + Int(node.offset) + 1, count: node.payload))
    }

    /// A key's decoded length and its first (up to) 8 decoded bytes (`JSONKeyEntry.prefix`).
    @inline(__always)
    mutating func lengthAndPrefix(of node: JSONNode) -> (UInt32, UInt64) {
        let start = Int(node.offset) + 1
        let count = node.payload
        if !node.isEscaped && start + 8 <= end {
            // The key is in the input, and 8 bytes from its start are readable.
            let word = UInt64(littleEndian: UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self))
            return (UInt32(truncatingIfNeeded: count), count >= 8 ? word : word & ((1 << (8 * UInt64(count))) &- 1))
        }
        return copiedLengthAndPrefix(of: node)
    }

    /// `lengthAndPrefix(of:)` for a key in the side buffer or at the very end of the input.
    /// (`mutating` only so that calling it does not copy the parser.)
    @inline(never)
    mutating func copiedLengthAndPrefix(of node: JSONNode) -> (UInt32, UInt64) {
        withBytes(of: node) { bytes in
            var value: UInt64 = 0
            for i in 0..<min(bytes.count, 8) { value |= UInt64(bytes[i]) << (8 * UInt64(i)) }
            return (UInt32(truncatingIfNeeded: bytes.count), value)
        }
    }

    func keyBytesEqual(_ x: Int, _ y: Int) -> Bool {
        withBytes(of: nodes[x]) { first in
            withBytes(of: nodes[y]) { second in
                guard first.count == second.count else { return false }
                for i in 0..<first.count where first[i] != second[i] { return false }
                return true
            }
        }
    }

    /// FNV-1a of the decoded key mixed with the object's node index, then finalised
    /// (MurmurHash3 fmix64) so that linear probing sees well-spread values.
    func keyHash(_ keyNode: Int, object: Int) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        withBytes(of: nodes[keyNode]) { bytes in
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        }
        hash ^= UInt64(truncatingIfNeeded: object) &* 0x9E37_79B9_7F4A_7C15
        hash ^= hash >> 33
        hash &*= 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        hash &*= 0xC4CE_B9FE_1A85_EC53
        hash ^= hash >> 33
        return hash
    }
}
