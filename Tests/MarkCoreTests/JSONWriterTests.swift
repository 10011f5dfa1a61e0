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
}
