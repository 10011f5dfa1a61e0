/// The state of one parse: a cursor over the input, the tape being built, and an explicit
/// stack of open containers (so nesting depth costs heap, never call stack).
///
/// The grammar is driven by one loop in `parseDocument()`: parse a value; then, while the
/// innermost open container is complete, close it; on `,` go back for the next value.
/// Scanning strings, numbers and keys lives in the extensions in the neighbouring files.
struct JSONParser: ~Copyable {
    let base: UnsafePointer<UInt8>
    /// One past the last byte.
    let end: Int
    let maxDepth: Int
    /// Whether keys are checked for duplicates as they are read (see `JSONReader.parse`).
    let checksDuplicates: Bool
    /// The cursor: the next byte to look at.
    var pos = 0

    var nodes: JSONScratchBuffer<JSONNode>
    /// Decoded bytes of strings with escapes.
    var decoded: [UInt8] = []
    /// Where each string with escapes was decoded to in `decoded`.
    var spans: [JSONSpan] = []
    /// The numbers read, in order.
    var numbers: [Double] = []
    /// The open arrays and objects, innermost last.
    var stack: JSONScratchBuffer<JSONOpenContainer>
    /// Keys of the open objects, for finding duplicates; an object's keys start at its
    /// `firstKey`.
    var keys: JSONScratchBuffer<JSONKeyEntry>
    /// Hash table of keys of large objects (see JSONParser+Keys.swift).
    var table: [JSONKeySlot] = []
    var tableCount = 0
    /// How many objects using the hash table are open; the table is emptied when none is.
    var openHashedObjects = 0

    init(base: UnsafePointer<UInt8>, count: Int, maxDepth: Int, checksDuplicates: Bool = true) {
        self.base = base
        self.end = count
        self.maxDepth = maxDepth
        self.checksDuplicates = checksDuplicates
        // Typical JSON has a value every 8–30 bytes; too small only costs a regrowth.
        nodes = JSONScratchBuffer(capacity: min(count / 16 + 16, 1 << 24))
        stack = JSONScratchBuffer(capacity: min(maxDepth, 64))
        keys = JSONScratchBuffer(capacity: 64)
    }

    /// Parses the whole input: one value, then only whitespace.
    mutating func parseDocument() throws(JSONSyntaxError) {
        if end >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF {
            throw JSONSyntaxError(offset: 0, message: "byte order mark is not allowed")
        }
        value: while true {
            skipWhitespace()
            guard pos < end else { throw unexpectedEnd() }
            switch base[pos] {
            case UInt8(ascii: "\""):
                try scanString()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                try scanNumber()
            case UInt8(ascii: "{"):
                try open(.object)
                skipWhitespace()
                if pos < end && base[pos] == UInt8(ascii: "}") {
                    pos += 1
                    close()
                } else {
                    try scanKey()
                    continue value
                }
            case UInt8(ascii: "["):
                try open(.array)
                skipWhitespace()
                if pos < end && base[pos] == UInt8(ascii: "]") {
                    pos += 1
                    close()
                } else {
                    continue value
                }
            case UInt8(ascii: "t"):
                try scanLiteral(0x6575_7274, length: 4, kind: .bool, value: 1, word: "true")
            case UInt8(ascii: "f"):
                // "alse" after the f.
                try scanLiteral(0x6573_6C61, length: 5, kind: .bool, value: 0, word: "false")
            case UInt8(ascii: "n"):
                try scanLiteral(0x6C6C_756E, length: 4, kind: .null, value: 0, word: "null")
            default:
                throw expectedValue()
            }

            // A value is complete: close containers until one continues with a comma.
            while true {
                guard let top = stack.last?.node else {
                    skipWhitespace()
                    if pos < end {
                        throw unexpected(at: pos, "trailing characters after the JSON value")
                    }
                    // Containers' ends are the only payloads not checked as they were written.
                    guard nodes.count <= Int(JSONNode.maxPayload) else { throw tooManyValues() }
                    return
                }
                skipWhitespace()
                guard pos < end else { throw unexpectedEnd() }
                let byte = base[pos]
                if nodes[top].kind == .object {
                    if byte == UInt8(ascii: ",") {
                        pos += 1
                        try scanKey()
                        continue value
                    }
                    if byte == UInt8(ascii: "}") {
                        pos += 1
                        close()
                        continue
                    }
                    throw unexpected(at: pos, "expected ',' or '}' after object member")
                } else {
                    if byte == UInt8(ascii: ",") {
                        pos += 1
                        continue value
                    }
                    if byte == UInt8(ascii: "]") {
                        pos += 1
                        close()
                        continue
                    }
                    throw unexpected(at: pos, "expected ',' or ']' after array element")
                }
            }
        }
    }

    /// Skips JSON whitespace: space, tab, LF and CR only.
    @inline(__always)
    mutating func skipWhitespace() {
        while pos < end {
            let byte = base[pos]
            if byte > 0x20 { return }
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            pos += 1
            if byte == 0x0A { skipIndentation() }
        }
    }

    /// Skips spaces eight at a time: the indentation of pretty-printed JSON.
    @inline(__always)
    mutating func skipIndentation() {
        while pos + 8 <= end && UnsafeRawPointer(base + pos).loadUnaligned(as: UInt64.self) == 0x2020_2020_2020_2020 {
            pos += 8
        }
    }

    /// Opens an array or object at `pos`.
    @inline(__always)
    mutating func open(_ kind: JSONKind) throws(JSONSyntaxError) {
        guard stack.count < maxDepth else { throw tooDeep() }
        stack.append(JSONOpenContainer(node: nodes.count, firstKey: keys.count))
        nodes.append(JSONNode(offset: UInt32(truncatingIfNeeded: pos), kind: kind))
        pos += 1
    }

    /// Closes the innermost container: records where its descendants end.
    @inline(__always)
    mutating func close() {
        let open = stack.removeLast()
        if open.firstKey < keys.count { keys.count = open.firstKey }
        if open.hashed { closeHashedObject() }
        // Truncated past `maxPayload`, which `parseDocument` rejects at the end.
        nodes[open.node].word |= UInt32(truncatingIfNeeded: nodes.count) & JSONNode.maxPayload
    }

    /// Scans `true`, `false` or `null`; `pattern` is the 4 bytes at the end of the word,
    /// little-endian.
    @inline(__always)
    mutating func scanLiteral(
        _ pattern: UInt32, length: Int, kind: JSONKind, value: UInt32, word: StaticString
    ) throws(JSONSyntaxError) {
        let start = pos
        if start + length <= end
            && UnsafeRawPointer(base + start + length - 4).loadUnaligned(as: UInt32.self)
                == UInt32(littleEndian: pattern)
        {
            nodes.append(JSONNode(offset: UInt32(truncatingIfNeeded: start), kind: kind, payload: value))
            pos = start + length
            return
        }
        throw badLiteral(at: start, word)
    }
}

/// An array or object the parser has opened and not yet closed.
struct JSONOpenContainer {
    /// Its node's index.
    var node: Int
    /// Objects: where its keys start in the parser's `keys`.
    var firstKey: Int
    /// Objects: a bit per key read so far (see `checkDuplicate`).
    var filter: UInt64 = 0
    /// Objects: its keys are checked for duplicates with the hash table.
    var hashed = false
}
