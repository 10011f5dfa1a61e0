import Testing

@testable import MarkCore

/// Parses UTF-8 text.
private func parse(_ text: String, maxDepth: Int = 256) throws(JSONSyntaxError) -> JSONDocument {
    try JSONReader.parse(Array(text.utf8), maxDepth: maxDepth)
}

/// The error for `bytes`, or nil if they parse.
private func syntaxError(_ bytes: [UInt8], maxDepth: Int = 256) -> JSONSyntaxError? {
    do {
        _ = try JSONReader.parse(bytes, maxDepth: maxDepth)
        return nil
    } catch {
        return error
    }
}

private func syntaxError(_ text: String) -> JSONSyntaxError? {
    syntaxError(Array(text.utf8))
}

// MARK: - Values

@Test func scalarsAtTopLevel() throws {
    let null = try parse(" null ")
    #expect(null.kind(null.root) == .null)
    #expect(null.offset(null.root) == 1)

    let yes = try parse("true")
    #expect(yes.kind(yes.root) == .bool && yes.bool(yes.root))
    let no = try parse("\t\r\nfalse\n")
    #expect(no.kind(no.root) == .bool && !no.bool(no.root))
    #expect(no.offset(no.root) == 3)

    let number = try parse("  -12.5e1")
    #expect(number.kind(number.root) == .number)
    #expect(number.number(number.root) == -125)
    #expect(number.offset(number.root) == 2)

    let string = try parse("\"hi\"")
    #expect(string.kind(string.root) == .string)
    #expect(string.string(string.root) == "hi")
    #expect(string.offset(string.root) == 0)
    #expect(string.nodeCount == 1)
}

@Test func arrayElementsAndOffsets() throws {
    let text = #"[1, "two", [3, [4]], {"five": 5}, true, null]"#
    let doc = try parse(text)
    let root = doc.root
    #expect(doc.kind(root) == .array)
    #expect(doc.count(root) == 6)
    let items = doc.elements(root)
    #expect(items.map { doc.kind($0) } == [.number, .string, .array, .object, .bool, .null])
    #expect(items.map { doc.offset($0) } == [1, 4, 11, 21, 34, 40])
    #expect(doc.number(items[0]) == 1)
    #expect(doc.string(items[1]) == "two")
    let nested = doc.elements(items[2])
    #expect(nested.count == 2 && doc.number(nested[0]) == 3)
    #expect(doc.elements(nested[1]).map { doc.number($0) } == [4])
    #expect(doc.number(doc.member(items[3], "five")!) == 5)
    #expect(doc.bool(items[4]))

    let empty = try parse("[ ]")
    #expect(doc.kind(empty.root) == .array && empty.count(empty.root) == 0 && empty.elements(empty.root).isEmpty)
}

@Test func objectMembersInSourceOrder() throws {
    let text = #"{"zeta": 1, "alpha": {"inner": [1, 2, {"x": null}]}, "mid": "m", "caf\u00e9": true}"#
    let doc = try parse(text)
    let root = doc.root
    #expect(doc.kind(root) == .object)
    #expect(doc.count(root) == 4)
    let members = doc.members(root)
    #expect(members.map(\.key) == ["zeta", "alpha", "mid", "café"])
    #expect(members.map(\.keyOffset) == [1, 12, 53, 65])
    #expect(members.map { doc.offset($0.value) } == [9, 21, 60, 78])
    #expect(doc.member(root, "mid") == members[2].value)
    #expect(doc.string(doc.member(root, "mid")!) == "m")
    #expect(doc.member(root, "café") == members[3].value)
    #expect(doc.member(root, "missing") == nil)
    #expect(doc.member(root, "inner") == nil)  // only direct members
    let inner = doc.member(doc.member(root, "alpha")!, "inner")!
    #expect(doc.count(inner) == 3)
    #expect(doc.kind(doc.member(doc.elements(inner)[2], "x")!) == .null)

    let empty = try parse("{}")
    #expect(empty.kind(empty.root) == .object && empty.members(empty.root).isEmpty)
    #expect(empty.member(empty.root, "") == nil)
}

@Test func indentationIsSkippedExactly() throws {
    // Long runs of spaces after a line feed are skipped eight at a time; check every width.
    for width in 0..<20 {
        for pad in [" ", "\t", "\r\n"] {
            let indent = "\n" + String(repeating: " ", count: width)
            let object = "{" + indent + "\"k\":" + indent + "true" + indent + "}"
            let text = "[" + indent + "1," + indent + pad + object + indent + "]"
            let doc = try parse(text)
            let items = doc.elements(doc.root)
            #expect(items.count == 2)
            #expect(doc.offset(items[0]) == 1 + indent.utf8.count, "width \(width)")
            #expect(doc.offset(items[1]) == 3 + 2 * indent.utf8.count + pad.utf8.count, "width \(width)")
            #expect(doc.bool(doc.member(items[1], "k")!))
        }
    }
    #expect(syntaxError("[\n" + String(repeating: " ", count: 13) + "\u{0C}1]")?.offset == 15)
}

@Test func accessorsOnTheWrongKindAreNeutral() throws {
    let doc = try parse(#"[1, "s", {"a": 1}]"#)
    let items = doc.elements(doc.root)
    #expect(doc.string(items[0]) == "")
    #expect(doc.number(items[1]).isNaN)
    #expect(!doc.bool(items[0]))
    #expect(doc.count(items[0]) == 0)
    #expect(doc.elements(items[2]).isEmpty)
    #expect(doc.members(doc.root).isEmpty)
    #expect(doc.member(doc.root, "a") == nil)
    #expect(doc.string(items[1], equals: "s"))
    #expect(!doc.string(items[1], equals: "t"))
}

// MARK: - Strings

@Test func escapesAreDecoded() throws {
    let doc = try parse(#"["a\"b\\c\/d\b\f\n\r\t", "caf\u00E9", "\u20AC", "plain café", "\u0000", "x\u0041y"]"#)
    let items = doc.elements(doc.root)
    #expect(doc.string(items[0]) == "a\"b\\c/d\u{8}\u{C}\n\r\t")
    #expect(doc.string(items[1]) == "café")
    #expect(doc.string(items[2]) == "€")
    #expect(doc.string(items[3]) == "plain café")
    #expect(doc.string(items[4]) == "\u{0}")
    #expect(doc.string(items[5]) == "xAy")
    #expect(doc.offset(items[1]) == 25)
}

/// Numbers and strings with escapes live in side tables indexed from 8-byte nodes: values of
/// each kind, interleaved and nested, each read back from its own entry.
@Test func sideTablesAreIndexedPerNode() throws {
    #expect(MemoryLayout<JSONNode>.stride == 8)
    let doc = try parse(#"["a\n", 1.5, "plain", {"k\u0041": -2, "x": [3e2, "\t\"", true]}, 4, "b\\"]"#)
    let items = doc.elements(doc.root)
    #expect(doc.count(doc.root) == 6)
    #expect(doc.string(items[0]) == "a\n" && doc.number(items[1]) == 1.5 && doc.string(items[2]) == "plain")
    #expect(doc.count(items[3]) == 2)
    #expect(doc.number(doc.member(items[3], "kA")!) == -2)
    let inner = doc.elements(doc.member(items[3], "x")!)
    #expect(doc.number(inner[0]) == 300 && doc.string(inner[1]) == "\t\"" && doc.bool(inner[2]))
    #expect(doc.number(items[4]) == 4 && doc.string(items[5]) == "b\\")
    #expect(doc.members(items[3]).map(\.key) == ["kA", "x"])
}

/// A string's length is a 28-bit payload of its node: a longer one is an error, never a
/// wrong length (plain or with escapes).
@Test func stringsOf256MiBAreRejected() {
    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: (1 << 28) + 2)
    bytes[0] = UInt8(ascii: "\"")
    bytes[bytes.count - 1] = UInt8(ascii: "\"")
    #expect(syntaxError(bytes)?.message == "string is too long (256 MiB or more)")
    bytes[1] = UInt8(ascii: "\\")
    bytes[2] = UInt8(ascii: "n")
    bytes.insert(UInt8(ascii: "a"), at: 3)
    #expect(syntaxError(bytes)?.message == "string is too long (256 MiB or more)")
}

@Test func surrogatePairsAreCombined() throws {
    let doc = try parse(#"["\ud83d\ude00", "a\uD834\uDD1Eb", "😀"]"#)
    let items = doc.elements(doc.root)
    #expect(doc.string(items[0]) == "😀")
    #expect(doc.string(items[1]) == "a𝄞b")
    #expect(doc.string(items[2]) == "😀")
}

@Test func longStringsCrossTheEightByteScan() throws {
    for length in 0..<40 {
        let body = String(repeating: "abcdefgh", count: 5).prefix(length)
        for tail in ["", "é", "\\n", "😀"] {
            let doc = try parse("\"\(body)\(tail)\"")
            let expected = String(body) + (tail == "\\n" ? "\n" : tail)
            #expect(doc.string(doc.root) == expected, "length \(length) tail \(tail)")
        }
    }
}

@Test func loneSurrogatesAreRejected() {
    #expect(syntaxError(#""\ud800""#)?.offset == 1)
    #expect(syntaxError(#""ab\ud800x""#)?.message.hasPrefix("lone surrogate '\\uD800'") == true)
    #expect(syntaxError(#""ab\ud800\u0041""#)?.offset == 3)
    #expect(syntaxError(#""\udc00""#)?.message.hasPrefix("lone surrogate '\\uDC00'") == true)
    #expect(syntaxError(#""\ude00\ud83d""#)?.offset == 1)  // mis-ordered
    #expect(syntaxError(#""\ud83d\ud83d""#)?.offset == 1)
}

// MARK: - Numbers

@Test func numbersConvertExactly() throws {
    let texts = [
        "0", "-0", "1", "-1", "42", "3.5", "72.25", "0.1", "0.3", "1e2", "1E-2", "1e+2", "-0.0",
        "123456789012345678", "9007199254740993", "18446744073709551615", "123456789012345678901234567890",
        "2.2250738585072014e-308", "4.9e-324", "1.7976931348623157e308", "1e-400", "0.000001234",
        "3.141592653589793238462643383279", "1e22", "1e23", "8.98846567431158e307", "5e-324", "0e999999",
        "100000000000000000000000000000000000000000000e-40",
    ]
    for text in texts {
        let doc = try parse(text)
        let value = doc.number(doc.root)
        let expected = Double(text)!
        #expect(value.bitPattern == expected.bitPattern, "\(text): \(value) != \(expected)")
    }
    #expect(try parse("-0").number(0).sign == .minus)
    #expect(try parse("1e-400").number(0) == 0)
}

@Test func randomNumbersMatchTheStandardLibrary() throws {
    var rng = JSONTestRandom(seed: 7)
    for _ in 0..<20_000 {
        let mantissa = rng.next() % 100_000_000_000_000_000
        let digits = String(mantissa)
        let point = Int(rng.next() % UInt64(digits.count + 1))
        var text = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
        if text.hasPrefix(".") { text = "0" + text }
        if text.hasSuffix(".") { text += "0" }
        while text.count > 1 && text.hasPrefix("0") && !text.hasPrefix("0.") { text.removeFirst() }
        if rng.next() % 2 == 0 { text += "e\(Int(rng.next() % 60) - 30)" }
        if rng.next() % 3 == 0 { text = "-" + text }
        let doc = try parse(text)
        #expect(doc.number(doc.root).bitPattern == Double(text)!.bitPattern, "\(text)")
    }
}

@Test func numbersThatOverflowAreRejected() {
    #expect(syntaxError("1e400") == JSONSyntaxError(offset: 0, message: "number is too large"))
    #expect(syntaxError("[0, -1e400]") == JSONSyntaxError(offset: 4, message: "number is too large"))
    let digits = "[" + String(repeating: "9", count: 400) + "]"
    #expect(syntaxError(digits) == JSONSyntaxError(offset: 1, message: "number is too large"))
    #expect(syntaxError("1.8e308")?.message == "number is too large")
    #expect(syntaxError("1e99999999999999999999")?.message == "number is too large")
    #expect(syntaxError("1.7976931348623157e308") == nil)
}

// MARK: - Errors

/// One malformed input, and the error it must give.
struct MalformedJSON: Sendable, CustomTestStringConvertible {
    let bytes: [UInt8]
    let offset: Int
    let message: String

    init(_ text: String, _ offset: Int, _ message: String) {
        self.init(Array(text.utf8), offset, message)
    }

    init(_ bytes: [UInt8], _ offset: Int, _ message: String) {
        self.bytes = bytes
        self.offset = offset
        self.message = message
    }

    var testDescription: String { String(decoding: bytes, as: UTF8.self).debugDescription }
}

private let q = UInt8(ascii: "\"")

@Test(arguments: [
    MalformedJSON("", 0, "unexpected end of input"),
    MalformedJSON("  \n ", 4, "unexpected end of input"),
    MalformedJSON("[1, 2", 5, "unexpected end of input"),
    MalformedJSON(#"{"a": "#, 6, "unexpected end of input"),
    MalformedJSON("-", 1, "unexpected end of input"),
    MalformedJSON("nul", 3, "unexpected end of input"),
    MalformedJSON(#"{"a": 1 "b": 2}"#, 8, "expected ',' or '}' after object member"),
    MalformedJSON("[1 2]", 3, "expected ',' or ']' after array element"),
    MalformedJSON("[1, }", 4, "expected a value"),
    MalformedJSON(":", 0, "expected a value"),
    MalformedJSON("[1,]", 3, "expected a value (trailing commas are not allowed)"),
    MalformedJSON(#"{"a": 1,}"#, 8, "expected a string key (trailing commas are not allowed)"),
    MalformedJSON("{1: 2}", 1, "expected a string key"),
    MalformedJSON(#"{"a" 1}"#, 5, "expected ':' after object key"),
    MalformedJSON(#"["abc"#, 1, "unterminated string"),
    MalformedJSON(#"["ab\"#, 1, "unterminated string"),
    MalformedJSON(#"["\u12"#, 1, "unterminated string"),
    MalformedJSON(#"["a\x"]"#, 3, "invalid escape '\\x'"),
    MalformedJSON(#"["a\'"]"#, 3, "invalid escape '\\''"),
    MalformedJSON(#"["\é"]"#, 2, "invalid escape '\\é'"),
    MalformedJSON(#"["\u12G4"]"#, 2, "invalid escape '\\u': expected 4 hex digits"),
    MalformedJSON(#"["\U0041"]"#, 2, "invalid escape '\\U'"),
    MalformedJSON("[\"a\nb\"]", 3, "control character U+000A must be escaped in a string"),
    MalformedJSON([q, 0x61, 0x09, q], 2, "control character U+0009 must be escaped in a string"),
    MalformedJSON([q, 0x00, q], 1, "control character U+0000 must be escaped in a string"),
    MalformedJSON([q, 0x5C, 0x0A, q], 1, "invalid escape: '\\' followed by U+000A"),
    MalformedJSON("[1] x", 4, "trailing characters after the JSON value"),
    MalformedJSON("{} {}", 3, "trailing characters after the JSON value"),
    MalformedJSON("1 2", 2, "trailing characters after the JSON value"),
    MalformedJSON([0x31, 0x00], 1, "trailing characters after the JSON value"),
    MalformedJSON("[01]", 1, "leading zeros are not allowed in numbers"),
    MalformedJSON("-01", 1, "leading zeros are not allowed in numbers"),
    MalformedJSON("-a", 1, "expected a digit after '-'"),
    MalformedJSON("[1.]", 3, "expected a digit after '.'"),
    MalformedJSON("[.5]", 1, "expected a value"),
    MalformedJSON("[1e]", 3, "expected a digit in the exponent"),
    MalformedJSON("[1e+]", 4, "expected a digit in the exponent"),
    MalformedJSON("[tru]", 1, "invalid literal; expected 'true'"),
    MalformedJSON("[falsy]", 1, "invalid literal; expected 'false'"),
    MalformedJSON("[True]", 1, "expected a value"),
    MalformedJSON("nulL", 0, "invalid literal; expected 'null'"),
    MalformedJSON("[NaN]", 1, "expected a value (NaN, Infinity and '+' are not allowed)"),
    MalformedJSON("[Infinity]", 1, "expected a value (NaN, Infinity and '+' are not allowed)"),
    MalformedJSON("[-Infinity]", 2, "expected a digit after '-'"),
    MalformedJSON("[+1]", 1, "expected a value (NaN, Infinity and '+' are not allowed)"),
    MalformedJSON("['a']", 1, "expected a value (single quotes are not allowed; use double quotes)"),
    MalformedJSON("[1 // note\n]", 3, "expected ',' or ']' after array element (comments are not allowed)"),
    MalformedJSON("/* c */ 1", 0, "expected a value (comments are not allowed)"),
    MalformedJSON("[\u{0C}1]", 1, "expected a value"),  // form feed is not JSON whitespace
    MalformedJSON("[\u{A0}1]", 1, "expected a value"),  // nor is a no-break space
    MalformedJSON([0xEF, 0xBB, 0xBF, 0x7B, 0x7D], 0, "byte order mark is not allowed"),
    MalformedJSON([q, 0x61, 0xFF, q], 2, "invalid UTF-8 byte 0xFF"),
    MalformedJSON([0xFF], 0, "invalid UTF-8 byte 0xFF"),
    MalformedJSON([0x5B, 0x31, 0xFE, 0x5D], 2, "invalid UTF-8 byte 0xFE"),
    MalformedJSON([q, 0x80, q], 1, "invalid UTF-8 byte 0x80"),
    MalformedJSON([q, 0xC0, 0x80, q], 1, "invalid UTF-8 byte 0xC0"),
    MalformedJSON([q, 0xC3, q], 1, "invalid UTF-8: incomplete sequence starting with byte 0xC3"),
    MalformedJSON([q, 0xC3], 1, "invalid UTF-8: incomplete sequence starting with byte 0xC3"),
    MalformedJSON([q, 0xE2, 0x82, q], 1, "invalid UTF-8: incomplete sequence starting with byte 0xE2"),
    MalformedJSON([q, 0xE0, 0x80, 0xAF, q], 1, "invalid UTF-8: overlong encoding starting with byte 0xE0"),
    MalformedJSON([q, 0xF0, 0x82, 0x82, 0xAC, q], 1, "invalid UTF-8: overlong encoding starting with byte 0xF0"),
    MalformedJSON([q, 0xED, 0xA0, 0x80, q], 1, "invalid UTF-8: encoded surrogate starting with byte 0xED"),
    MalformedJSON(
        [q, 0xF4, 0x90, 0x80, 0x80, q], 1, "invalid UTF-8: code point above U+10FFFF starting with byte 0xF4"),
    MalformedJSON([q, 0xF5, 0x80, 0x80, 0x80, q], 1, "invalid UTF-8 byte 0xF5"),
    MalformedJSON(#"{"x": 1, "y": 2, "x": 3}"#, 17, "duplicate key \"x\""),
    MalformedJSON(#"{"a": 1, "\u0061": 2}"#, 9, "duplicate key \"a\""),
    MalformedJSON(#"{"a\nb": 1, "a\u000Ab": 2}"#, 12, "duplicate key \"a\\nb\""),
    MalformedJSON(#"{"a": {"b": 1, "b": 2}, "a": 3}"#, 15, "duplicate key \"b\""),
])
func malformedInputIsRejected(_ bad: MalformedJSON) {
    let error = syntaxError(bad.bytes)
    #expect(error?.message == bad.message)
    #expect(error?.offset == bad.offset)
}

// MARK: - Duplicate keys

@Test func sameKeysInDifferentObjectsAreFine() throws {
    let doc = try parse(#"{"a": {"a": 1, "b": {"a": 2}}, "b": [{"a": 1}, {"a": 2}], "abcdefghX": 1, "abcdefghY": 2}"#)
    #expect(doc.count(doc.root) == 4)
}

@Test func duplicatesInLargeObjectsAreFound() throws {
    func object(_ keys: [String]) -> String {
        "{" + keys.enumerated().map { "\"\($0.element)\": \($0.offset)" }.joined(separator: ", ") + "}"
    }
    let keys = (0..<2000).map { "key-\($0)" }
    // Two large siblings with the same keys, inside a large object: all fine.
    var outer = keys.enumerated().map { "\"\($0.element)\": \($0.offset)" }
    outer[5] = "\"key-5\": \(object(keys))"
    outer[7] = "\"key-7\": \(object(keys))"
    let fine = try parse("{" + outer.joined(separator: ", ") + "}")
    #expect(fine.count(fine.root) == 2000)
    #expect(fine.count(fine.member(fine.root, "key-7")!) == 2000)
    #expect(fine.number(fine.member(fine.root, "key-1999")!) == 1999)

    let text = object(keys + ["key-1234"])
    let error = syntaxError(text)
    #expect(error?.message == "duplicate key \"key-1234\"")
    #expect(error?.offset == text.utf8.count - 1 - "\"key-1234\": 2000".utf8.count)

    // A duplicate in an inner large object is reported at the inner key.
    let inner = "{\"a\": " + object(keys + ["key-0"]) + "}"
    #expect(syntaxError(inner)?.message == "duplicate key \"key-0\"")

    // Many objects just past the linear limit, one after another.
    let many = "[" + Array(repeating: object(Array(keys.prefix(20))), count: 500).joined(separator: ",") + "]"
    #expect(try parse(many).count(0) == 500)
    // Escaped and unescaped spellings of one key in a large object.
    #expect(syntaxError(object(keys + ["k\\u0065y-3"]))?.message == "duplicate key \"key-3\"")
}

// MARK: - Depth

@Test func deepNestingIsRejectedWithoutOverflow() {
    let deep = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
    #expect(syntaxError(deep) == JSONSyntaxError(offset: 256, message: "nested too deeply (more than 256 levels)"))
    let objects = Array(String(repeating: #"{"a":"#, count: 100_000).utf8)
    #expect(
        syntaxError(objects) == JSONSyntaxError(offset: 256 * 5, message: "nested too deeply (more than 256 levels)"))
    let closed = Array((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)
    #expect(syntaxError(closed, maxDepth: 100_000) == nil)
}

@Test func depthLimitIsExact() throws {
    let atLimit = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
    #expect(try parse(atLimit).count(0) == 1)
    let over = "[" + atLimit + "]"
    #expect(syntaxError(over)?.message == "nested too deeply (more than 256 levels)")
    #expect(
        syntaxError(Array("[[1]]".utf8), maxDepth: 1)
            == JSONSyntaxError(offset: 1, message: "nested too deeply (more than 1 levels)"))
    #expect(syntaxError(Array("[]".utf8), maxDepth: 0)?.offset == 0)
    #expect(try parse("3", maxDepth: 0).number(0) == 3)
}

// MARK: - Slices

@Test func slicesHaveOffsetsRelativeToTheirStart() throws {
    let file = Array("{\"n\": 1}\n{\"name\": \"café\", \"tags\": [true]}\n{\"x\": [1,]}\n".utf8)
    let lines = file.split(separator: UInt8(ascii: "\n"))
    #expect(lines[1].startIndex == 9)
    let doc = try JSONReader.parse(lines[1])
    #expect(doc.offset(doc.root) == 0)
    let members = doc.members(doc.root)
    #expect(members.map(\.keyOffset) == [1, 18])
    #expect(doc.string(members[0].value) == "café")
    #expect(doc.offset(members[0].value) == 9)
    #expect(doc.offset(doc.elements(members[1].value)[0]) == 27)
    let trailingComma = JSONSyntaxError(offset: 9, message: "expected a value (trailing commas are not allowed)")
    #expect(syntaxError(Array(lines[2])) == trailingComma)
    #expect(throws: trailingComma) {
        try JSONReader.parse(lines[2])
    }
    #expect(throws: JSONSyntaxError(offset: 0, message: "unexpected end of input")) {
        try JSONReader.parse(file[5..<5])
    }
}

// MARK: - Robustness

@Test func mutatedInputNeverCrashes() {
    let seed = Array(
        (#"{"id": "ev-001", "date": "2025-10-04", "text": "caf\u00e9 \"q\" \ud83d\ude00 é", "#
            + #""n": [1, -2.5e3, 0, true, false, null], "o": {"a": [], "b": {}}}"#).utf8)
    var rng = JSONTestRandom(seed: 42)
    let interesting: [UInt8] =
        Array(#"{}[]:,"\\u0eE+-.9 tfn"#.utf8) + [0x00, 0x0A, 0x80, 0xBF, 0xC3, 0xE2, 0xED, 0xF0, 0xF4, 0xFF]
    var accepted = 0
    for _ in 0..<20_000 {
        var bytes = seed
        for _ in 0...(rng.next() % 4) {
            let i = Int(rng.next() % UInt64(bytes.count))
            switch rng.next() % 4 {
            case 0: bytes[i] = interesting[Int(rng.next() % UInt64(interesting.count))]
            case 1: bytes.remove(at: i)
            case 2: bytes.insert(interesting[Int(rng.next() % UInt64(interesting.count))], at: i)
            default: bytes[i] = UInt8(truncatingIfNeeded: rng.next())
            }
            if bytes.isEmpty { bytes = [0x30] }
        }
        if let error = syntaxError(bytes) {
            #expect(error.offset >= 0 && error.offset <= bytes.count)
            #expect(!error.message.isEmpty)
        } else {
            accepted += 1
        }
    }
    #expect(accepted > 0)
    for length in 0..<seed.count {
        #expect(syntaxError(Array(seed[..<length])) != nil, "prefix of length \(length)")
    }
}

@Test func nulBytesAreHandled() {
    #expect(syntaxError([0x00]) == JSONSyntaxError(offset: 0, message: "expected a value"))
    #expect(syntaxError(Array(#"["\u0000"]"#.utf8)) == nil)
    #expect(syntaxError([0x5B, 0x00, 0x5D])?.offset == 1)
}

/// A small deterministic generator for test data.
struct JSONTestRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A duplicate key of every length, in objects of every size around the switch from comparing
/// keys one by one to the hash table, is found at the second spelling; keys that differ only
/// after a shared prefix are not duplicates.
@Test(arguments: [1, 2, 31, 32, 33, 40])
func duplicateKeysOfEveryLengthInObjectsOfEverySize(_ size: Int) throws {
    for length in [1, 7, 8, 9, 11, 16, 17, 40] {
        let key = String((0..<length).map { i in Character(Unicode.Scalar(UInt8(97 + i % 26))) })
        // `size - 1` other keys that share the key's first bytes but not its length or tail.
        let others = (0..<max(0, size - 1)).map { key + "_\($0)" }
        let members = others.map { "\"\($0)\": 0" }
        let text = "{" + (members + ["\"\(key)\": 1", "\"\(key)\": 2"]).joined(separator: ", ") + "}"
        let error = syntaxError(text)
        #expect(error?.message == "duplicate key \"\(key)\"", "key of \(length) bytes in an object of \(size + 1) keys")
        #expect(error?.offset == text.utf8.count - 1 - "\"\(key)\": 2".utf8.count)
        // The same object with the last key changed in its last byte has no duplicate.
        let changed = key.dropLast() + (key.last == "z" ? "y" : "z")
        let fine = "{" + (members + ["\"\(key)\": 1", "\"\(changed)\": 2"]).joined(separator: ", ") + "}"
        #expect(try parse(fine).count(0) == size + 1, "key of \(length) bytes")
    }
}

@Test func evidenceFieldGivenTwiceIsRejected() {
    // The case that mattered: an 11-byte key in a small object.
    let text = #"{"id": "E1", "verified_by": {"role": "witness"}, "verified_by": {"role": "assessor"}}"#
    #expect(syntaxError(text)?.message == "duplicate key \"verified_by\"")
}
