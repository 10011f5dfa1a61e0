import Testing

@testable import MarkCore

/// The JSON writer escapes exactly what JSON (and JavaScript) need, and copies the rest as is.
@Suite struct JSONWriterTests {
    func quoted(_ s: String) -> String {
        var out = ""
        JSONWriter.appendQuoted(s, to: &out)
        return out
    }

    @Test func eachEscapeAloneAndInARun() {
        #expect(quoted("") == "\"\"")
        #expect(quoted("plain text, no escapes") == "\"plain text, no escapes\"")
        #expect(quoted("\"") == "\"\\\"\"")
        #expect(quoted("\\") == "\"\\\\\"")
        #expect(quoted("\n") == "\"\\n\"")
        #expect(quoted("\r") == "\"\\r\"")
        #expect(quoted("\t") == "\"\\t\"")
        #expect(quoted("\u{0}") == "\"\\u0000\"")
        #expect(quoted("\u{1B}") == "\"\\u001b\"")
        #expect(quoted("\u{1F}") == "\"\\u001f\"")
        #expect(quoted("\u{7F}") == "\"\\u007f\"")
        #expect(quoted("\u{2028}") == "\"\\u2028\"")
        #expect(quoted("\u{2029}") == "\"\\u2029\"")
        #expect(quoted("a\"b\\c\nd") == "\"a\\\"b\\\\c\\nd\"")
        #expect(quoted("end\u{2028}") == "\"end\\u2028\"")
    }

    @Test func nonASCIIIsCopiedNotEscaped() {
        #expect(quoted("café — “quoted” 😀") == "\"café — “quoted” 😀\"")
        // Characters next to U+2028 in the same block are not escaped.
        #expect(quoted("\u{2027}\u{202A}") == "\"\u{2027}\u{202A}\"")
        #expect(quoted("x\u{2028}y\u{2029}z") == "\"x\\u2028y\\u2029z\"")
        #expect(quoted("\u{85}\u{A0}") == "\"\u{85}\u{A0}\"")
    }

    @Test func bytesAreTheUTF8OfTheText() {
        for s in ["", "plain", "a\"b\\c\n\u{0}\u{7F}", "café — 😀", "x\u{2028}y\u{2029}z", "\u{E2}\u{80}"] {
            var bytes: [UInt8] = []
            JSONWriter.appendQuoted(s, to: &bytes)
            #expect(bytes == Array(quoted(s).utf8))
        }
        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.string("name", "Ann \"A\"")
        w.beginArray("marks")
        w.number(nil, 2.5)
        w.int(nil, 3)
        w.bool(nil, true)
        w.null(nil)
        w.endArray()
        w.beginObject("empty")
        w.endObject()
        w.endObject()
        #expect(w.output == "{\n  \"name\": \"Ann \\\"A\\\"\",\n  \"marks\": [\n    2.5,\n    3,\n    true,\n    null\n  ],\n  \"empty\": {}\n}")
        #expect(w.bytes == Array(w.output.utf8))
    }

    @Test func preparedKeysWriteWhatStringKeysWrite() {
        let names = ["id", "say \"hi\"", "back\\slash", "tab\there", "line\u{2028}end", "café"]
        for pretty in [false, true] {
            var byString = JSONWriter(pretty: pretty)
            var byKey = JSONWriter(pretty: pretty)
            byString.beginObject()
            byKey.beginObject()
            for name in names {
                let key = JSONWriter.Key(name)
                byString.string(name, "v")
                byKey.string(key, "v")
                byString.number(name, 1.5)
                byKey.number(key, 1.5)
                byString.bool(name, false)
                byKey.bool(key, false)
                byString.beginArray(name)
                byKey.beginArray(key)
                byString.endArray()
                byKey.endArray()
                byString.beginObject(name)
                byKey.beginObject(key)
                byString.string(name, "w")
                byKey.string(key, "w")
                byString.endObject()
                byKey.endObject()
            }
            byString.endObject()
            byKey.endObject()
            #expect(byKey.bytes == byString.bytes)
        }
        var w = JSONWriter()
        w.beginObject()
        w.string(JSONWriter.Key("a\"b"), "c")
        w.endObject()
        #expect(w.output == "{\"a\\\"b\":\"c\"}")
    }

    @Test func byteWritersWriteWhatTheValueWritersWrite() {
        for pretty in [false, true] {
            var byValue = JSONWriter(pretty: pretty)
            var byBytes = JSONWriter(pretty: pretty)
            byValue.beginObject()
            byBytes.beginObject()
            let key = JSONWriter.Key("k")
            for n: Int64 in [0, 7, -7, 10, 99, 100, -120, 999_999_999_999_999, -999_999_999_999_999] {
                byValue.number(key, Double(n))
                byBytes.integer(key, n)
            }
            for b in [true, false] {
                byValue.bool(key, b)
                byBytes.boolean(key, b)
            }
            for text in ["", "plain", "a\"b\\c\n\u{0}\u{7F}", "café — 😀", "x\u{2028}y"] {
                byValue.string(key, text)
                var utf8 = Array(text.utf8)
                utf8.withUnsafeBufferPointer { byBytes.string(key, utf8: $0) }
                var quoted: [UInt8] = []
                JSONWriter.appendQuoted(text, to: &quoted)
                byValue.string(key, text)
                quoted.withUnsafeBufferPointer { byBytes.quoted(key, $0) }
                utf8 = []
            }
            byValue.beginArray(key)
            byBytes.beginArray(key)
            byValue.number(nil, 3)
            byBytes.integer(nil, 3)
            byValue.bool(nil, true)
            byBytes.boolean(nil, true)
            byValue.string(nil, "s")
            Array("s".utf8).withUnsafeBufferPointer { byBytes.string(nil, utf8: $0) }
            byValue.endArray()
            byBytes.endArray()
            byValue.endObject()
            byBytes.endObject()
            #expect(byBytes.output == byValue.output)
        }
        // Only values below 10^15 are written as whole numbers by `number`; `integer` writes any.
        var w = JSONWriter()
        w.integer(nil, Int64.min + 1)
        #expect(w.output == "-9223372036854775807")
    }

    @Test func aCheckpointTakesBackWhatWasWrittenAfterIt() {
        for pretty in [false, true] {
            var plain = JSONWriter(pretty: pretty)
            var restored = JSONWriter(pretty: pretty)
            for w in [0, 1] {
                var writer = w == 0 ? plain : restored
                writer.beginObject()
                writer.string("a", "x")
                if w == 1 {
                    let before = writer.checkpoint
                    writer.beginArray("list")
                    writer.beginObject()
                    writer.string("deep", "y")
                    writer.restore(before)
                    let again = writer.checkpoint
                    writer.string("b", "gone")
                    writer.restore(again)
                }
                writer.string("c", "z")
                writer.beginArray("l")
                writer.endArray()
                writer.endObject()
                if w == 0 { plain = writer } else { restored = writer }
            }
            #expect(restored.output == plain.output)
            #expect(plain.output.contains("\"c\""))
        }
    }
}

extension JSONWriterTests {
    /// A scalar at a time: what `appendQuoted` must write.
    static func reference(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// Long text is skipped sixteen bytes at a time: every escape and every kind of non-ASCII
    /// character, alone and in pairs, at every position of text up to 40 bytes long, is written
    /// as a scalar-at-a-time reference writes it.
    @Test func escapesAtEveryPositionOfLongText() {
        let specials = ["\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}", "é", "—", "😀", "\u{2027}", " "]
        var checked = 0
        for length in [15, 16, 17, 31, 32, 33, 40] {
            for at in 0...length {
                for (k, special) in specials.enumerated() {
                    var text = String(repeating: "a", count: length)
                    text.insert(contentsOf: special, at: text.index(text.startIndex, offsetBy: at))
                    text += specials[(k + at) % specials.count] + String(repeating: "b", count: at % 19)
                    #expect(quoted(text) == Self.reference(text), "\(Array(text.utf8))")
                    checked += 1
                }
            }
        }
        #expect(checked > 2000)
    }
}
