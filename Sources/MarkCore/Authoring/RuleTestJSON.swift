/// A JSON value that can be changed: rule tests read a submission, apply `change … to …` and
/// `remove …`, and write it out again for the evidence reader. Objects keep their key order
/// and numbers their text, so an unchanged value is written as it was read.
public indirect enum RuleTestJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number, as written.
    case number(String)
    case string(String)
    case array([RuleTestJSON])
    case object([RuleTestJSONMember])

    /// Parses JSON text (strictly, with `JSONReader`).
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> RuleTestJSON {
        let document = try JSONReader.parse(bytes)
        return value(document, document.root)
    }

    static func value(_ d: JSONDocument, _ node: Int) -> RuleTestJSON {
        switch d.kind(node) {
        case .null: return .null
        case .bool: return .bool(d.bool(node))
        case .number:
            // Keep the number exactly as written.
            var end = d.offset(node)
            let start = end
            while end < d.bytes.count, RuleTestJSON.isNumberByte(d.bytes[end]) { end += 1 }
            return .number(String(decoding: d.bytes[start..<end], as: UTF8.self))
        case .string: return .string(d.string(node))
        case .array: return .array(d.elements(node).map { value(d, $0) })
        case .object: return .object(d.members(node).map { RuleTestJSONMember(key: $0.key, value: value(d, $0.value)) })
        }
    }

    static func isNumberByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+")
            || b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
    }

    /// The value as JSON text, indented by two spaces.
    public var text: String {
        var out = ""
        write(&out, indent: 0)
        return out + "\n"
    }

    func write(_ out: inout String, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): JSONWriter.appendQuoted(s, to: &out)
        case .array(let elements):
            if elements.isEmpty {
                out += "[]"
                return
            }
            out += "["
            for (i, e) in elements.enumerated() {
                out += (i == 0 ? "\n" : ",\n") + String(repeating: "  ", count: indent + 1)
                e.write(&out, indent: indent + 1)
            }
            out += "\n" + String(repeating: "  ", count: indent) + "]"
        case .object(let members):
            if members.isEmpty {
                out += "{}"
                return
            }
            out += "{"
            for (i, m) in members.enumerated() {
                out += (i == 0 ? "\n" : ",\n") + String(repeating: "  ", count: indent + 1)
                JSONWriter.appendQuoted(m.key, to: &out)
                out += ": "
                m.value.write(&out, indent: indent + 1)
            }
            out += "\n" + String(repeating: "  ", count: indent) + "}"
        }
    }

    /// Sets the value at `path`: replaces it, adds a missing object key, or appends to a list
    /// when the index equals the list's length.
    public mutating func set(_ path: RuleTestJSONPath, to newValue: RuleTestJSON) throws(Message) {
        guard !path.steps.isEmpty else {
            self = newValue
            return
        }
        try update(path, depth: 0) { (container: inout RuleTestJSON, last: RuleTestJSONPath.Step, at: String) throws(Message) in
            switch (last, container) {
            case (.key(let k), .object(var members)):
                if let i = members.firstIndex(where: { $0.key == k }) {
                    members[i].value = newValue
                } else {
                    members.append(RuleTestJSONMember(key: k, value: newValue))
                }
                container = .object(members)
            case (.index(let n), .array(var elements)):
                if n == elements.count {
                    elements.append(newValue)
                } else {
                    let i = try RuleTestJSON.position(n, count: elements.count, at: at)
                    elements[i] = newValue
                }
                container = .array(elements)
            default:
                throw RuleTestJSON.mismatch(last, container, at: at)
            }
        }
    }

    /// Removes the object key or list element at `path`.
    public mutating func remove(_ path: RuleTestJSONPath) throws(Message) {
        guard !path.steps.isEmpty else { throw Message("cannot remove the whole submission") }
        try update(path, depth: 0) { (container: inout RuleTestJSON, last: RuleTestJSONPath.Step, at: String) throws(Message) in
            switch (last, container) {
            case (.key(let k), .object(var members)):
                guard let i = members.firstIndex(where: { $0.key == k }) else {
                    throw Message("\(at) has no field \"\(k)\"" + Suggestion.didYouMean(k, among: members.map(\.key)))
                }
                members.remove(at: i)
                container = .object(members)
            case (.index(let n), .array(var elements)):
                elements.remove(at: try RuleTestJSON.position(n, count: elements.count, at: at))
                container = .array(elements)
            default:
                throw RuleTestJSON.mismatch(last, container, at: at)
            }
        }
    }

    /// Walks to the container of the path's last step and applies `body` to it.
    mutating func update(
        _ path: RuleTestJSONPath, depth: Int,
        _ body: (inout RuleTestJSON, RuleTestJSONPath.Step, String) throws(Message) -> Void
    ) throws(Message) {
        let at = RuleTestJSONPath(steps: Array(path.steps.prefix(depth))).description
        let step = path.steps[depth]
        if depth == path.steps.count - 1 {
            try body(&self, step, at)
            return
        }
        switch (step, self) {
        case (.key(let k), .object(var members)):
            guard let i = members.firstIndex(where: { $0.key == k }) else {
                throw Message("\(at) has no field \"\(k)\"" + Suggestion.didYouMean(k, among: members.map(\.key)))
            }
            try members[i].value.update(path, depth: depth + 1, body)
            self = .object(members)
        case (.index(let n), .array(var elements)):
            let i = try RuleTestJSON.position(n, count: elements.count, at: at)
            try elements[i].update(path, depth: depth + 1, body)
            self = .array(elements)
        default:
            throw RuleTestJSON.mismatch(step, self, at: at)
        }
    }

    /// The element index for `n` (negative counts from the end).
    static func position(_ n: Int, count: Int, at: String) throws(Message) -> Int {
        let i = n < 0 ? count + n : n
        guard i >= 0, i < count else {
            throw Message("\(at) has \(count) element\(count == 1 ? "" : "s"); there is no [\(n)]")
        }
        return i
    }

    static func mismatch(_ step: RuleTestJSONPath.Step, _ value: RuleTestJSON, at: String) -> Message {
        switch step {
        case .key(let k): Message("\(at) is \(value.kindName), not an object, so it has no field \"\(k)\"")
        case .index(let n): Message("\(at) is \(value.kindName), not a list, so it has no [\(n)]")
        }
    }

    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }
}

/// A key and value of a `RuleTestJSON` object.
public struct RuleTestJSONMember: Sendable, Equatable {
    /// The key.
    public var key: String
    /// The value.
    public var value: RuleTestJSON
}

/// A path into a JSON value, written as in evidence error messages: `$.items[0].follow_up.date`,
/// `$.items[-1]` (the last element), `$["odd key"]`.
public struct RuleTestJSONPath: Sendable, Equatable, CustomStringConvertible {
    /// One step of a path.
    public enum Step: Sendable, Equatable {
        /// An object key.
        case key(String)
        /// A list index; negative counts from the end.
        case index(Int)
    }
    /// The steps from the root.
    public var steps: [Step]

    /// Creates a path from steps.
    public init(steps: [Step]) {
        self.steps = steps
    }

    /// Parses a path, or says what is wrong with it.
    public static func parse(_ text: String) -> Result<RuleTestJSONPath, Message> {
        let chars = Array(text.utf8)
        guard chars.first == UInt8(ascii: "$") else {
            return .failure(Message("a JSON path starts with '$', as in \"$.items[0].date\""))
        }
        var steps: [Step] = []
        var i = 1
        func isNameByte(_ b: UInt8) -> Bool { Lexer.isIdentifierByte(b) || b == UInt8(ascii: "-") }
        while i < chars.count {
            if chars[i] == UInt8(ascii: ".") {
                i += 1
                let start = i
                while i < chars.count, isNameByte(chars[i]) { i += 1 }
                guard i > start else { return .failure(Message("expected a field name after '.' at character \(start + 1)")) }
                steps.append(.key(String(decoding: chars[start..<i], as: UTF8.self)))
            } else if chars[i] == UInt8(ascii: "[") {
                i += 1
                if i < chars.count, chars[i] == UInt8(ascii: "\"") {
                    i += 1
                    let start = i
                    while i < chars.count, chars[i] != UInt8(ascii: "\"") { i += 1 }
                    guard i + 1 < chars.count, chars[i + 1] == UInt8(ascii: "]") else {
                        return .failure(Message("expected '\"]' to close the quoted key"))
                    }
                    steps.append(.key(String(decoding: chars[start..<i], as: UTF8.self)))
                    i += 2
                } else {
                    let start = i
                    if i < chars.count, chars[i] == UInt8(ascii: "-") { i += 1 }
                    while i < chars.count, chars[i] >= UInt8(ascii: "0"), chars[i] <= UInt8(ascii: "9") { i += 1 }
                    guard i < chars.count, chars[i] == UInt8(ascii: "]"),
                        let n = Int(String(decoding: chars[start..<i], as: UTF8.self))
                    else {
                        return .failure(Message("expected a list index such as [0] or [-1] at character \(start + 1)"))
                    }
                    steps.append(.index(n))
                    i += 1
                }
            } else {
                return .failure(Message("expected '.' or '[' at character \(i + 1) of the path"))
            }
        }
        return .success(RuleTestJSONPath(steps: steps))
    }

    /// The path as written in evidence messages.
    public var description: String {
        var out = "$"
        for step in steps {
            switch step {
            case .key(let k):
                if !k.isEmpty, k.utf8.allSatisfy({ Lexer.isIdentifierByte($0) || $0 == UInt8(ascii: "-") }) {
                    out += "." + k
                } else {
                    out += "[\"\(k)\"]"
                }
            case .index(let n): out += "[\(n)]"
            }
        }
        return out
    }
}
