import Testing

@testable import MarkCore

// The string scan (sixteen bytes at a time, then eight, then one) and the per-object key
// filter of the duplicate-key check: every position and every filter outcome.

private func syntaxError(_ text: String) -> JSONSyntaxError? {
    syntaxError(Array(text.utf8))
}

private func syntaxError(_ bytes: [UInt8]) -> JSONSyntaxError? {
    do {
        _ = try JSONReader.parse(bytes)
        return nil
    } catch {
        return error
    }
}

/// `{"k": 0, …}` with the keys in order.
private func object(_ keys: [String]) -> String {
    "{" + keys.enumerated().map { "\"\($0.element)\": \($0.offset)" }.joined(separator: ",") + "}"
}

@Test func specialBytesAreFoundAtEveryOffset() throws {
    // A long second element keeps sixteen bytes readable after every special byte.
    let after = #", "0123456789abcdef0123456789abcdef"]"#
    for length in 0..<48 {
        let body = String(repeating: "abcdefghijklmnop", count: 3).prefix(length)
        for (tail, expected) in [("", ""), ("é", "é"), ("\\n", "\n"), ("\\\"", "\""), ("😀", "😀")] {
            let text = "[\"\(body)\(tail)xyz\"" + after
            let doc = try JSONReader.parse(Array(text.utf8))
            let first = doc.elements(doc.root)[0]
            #expect(doc.string(first) == body + expected + "xyz", "length \(length) tail \(tail)")
            #expect(doc.string(doc.elements(doc.root)[1]) == "0123456789abcdef0123456789abcdef")
        }
        // A control character and an invalid UTF-8 byte are reported where they are.
        for bad: UInt8 in [0x01, 0x1F, 0xFF, 0x80] {
            var bytes = Array("[\"\(body)".utf8)
            let offset = bytes.count
            bytes += [bad] + Array("xyz\"".utf8) + Array(after.utf8)
            #expect(syntaxError(bytes)?.offset == offset, "length \(length) byte \(bad)")
        }
        // An unterminated string runs to the end without reading past it.
        #expect(syntaxError("[\"\(body)")?.message == "unterminated string")
    }
}

@Test func duplicateKeysAreFoundWhateverTheFilterSays() throws {
    // Short keys, and long keys with one eight-byte prefix and one length (so they share a
    // filter bit and need the full comparison); 44 keys also cross the linear limit of 32.
    let keys = (0..<22).map { "k\($0)" } + (10..<32).map { "same-prefix-\($0)" }
    for count in 1...keys.count {
        let some = Array(keys.prefix(count))
        let fine = try JSONReader.parse(Array(object(some).utf8))
        #expect(fine.count(fine.root) == count)
        for repeated in [some[0], some[count / 2], some[count - 1]] {
            let text = object(some + [repeated])
            let error = syntaxError(text)
            #expect(error?.message == "duplicate key \"\(repeated)\"", "count \(count) key \(repeated)")
            #expect(error?.offset == text.utf8.count - 1 - "\"\(repeated)\": \(count)".utf8.count)
        }
    }
}

@Test func eachOpenObjectHasItsOwnKeyFilter() throws {
    // The inner object's keys are not the outer object's, and closing it restores the outer's.
    let nested = #"{"a": {"a": 1, "b": {"a": 2, "b": 3}}, "b": [{"a": 1}, {"a": 2}], "c": 1}"#
    #expect(try JSONReader.parse(Array(nested.utf8)).count(0) == 3)
    #expect(syntaxError(#"{"a": {"b": 1, "c": 2}, "b": 1, "a": 2}"#)?.message == "duplicate key \"a\"")
    #expect(syntaxError(#"{"a": [{"b": 1}], "b": {"c": {}}, "b": 2}"#)?.message == "duplicate key \"b\"")
    // Keys at the very end of the input, and escaped spellings, are compared decoded.
    #expect(syntaxError(#"{"a":1,"a":2}"#)?.offset == 7)
    #expect(syntaxError(#"{"ab":1,"a\u0062":2}"#)?.message == "duplicate key \"ab\"")
    #expect(syntaxError(#"{"abcdefghij":1,"abcdefgh\u0069j":2}"#)?.message == "duplicate key \"abcdefghij\"")
    // Without the check the reader accepts duplicates (the evidence reader finds them itself).
    let doc = try JSONReader.parse(Array(#"{"a":1,"a":2}"#.utf8), checkingDuplicateKeys: false)
    #expect(doc.count(doc.root) == 2)
}
