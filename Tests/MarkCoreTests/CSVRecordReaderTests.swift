import Foundation
import Testing

@testable import MarkCore

/// The streaming CSV reader: records split across reads at every byte, delimiters, encodings,
/// problems that spoil one record only, and a 100,000-row file read with a flat buffer.
@Suite struct CSVRecordReaderTests {
    static func records(_ reader: inout CSVRecordReader) -> [Result<CSVRecord, CSVProblem>] {
        var out: [Result<CSVRecord, CSVProblem>] = []
        while let r = reader.next() { out.append(r) }
        return out
    }

    /// Writes bytes to a temporary file and returns an open descriptor.
    static func descriptor(_ bytes: [UInt8]) throws -> Int32 {
        let path = NSTemporaryDirectory() + "mark-csv-\(UUID().uuidString).csv"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let fd = open(path, O_RDONLY)
        unlink(path)
        return fd
    }

    static let tricky = Array("\u{FEFF}a,b,c\r\n1,\"two\r\nlines\",\"say \"\"hi\"\"\"\r\n\r\n4,5,6\r7,8,\"\"\n9,\"x\"y,10\n11,12,13".utf8)

    func summary(_ results: [Result<CSVRecord, CSVProblem>]) -> [String] {
        results.map {
            switch $0 {
            case .success(let r): "\(r.line)@\(r.offset): " + r.fields.joined(separator: "|")
            case .failure(let p): "\(p.record.line): \(p.message.prefix(30))"
            }
        }
    }

    @Test func everyChunkSizeReadsTheSameRecords() throws {
        var whole = CSVRecordReader(.bytes(Self.tricky))
        let expected = summary(Self.records(&whole))
        #expect(expected == [
            "1@3: a|b|c", "2@10: 1|two\r\nlines|say \"hi\"", "5@41: 4|5|6", "6@47: 7|8|", "7: unexpected text after the clos", "8@64: 11|12|13",
        ])
        for chunk in 1...9 {
            let fd = try Self.descriptor(Self.tricky)
            defer { close(fd) }
            var reader = CSVRecordReader(.descriptor(fd), chunk: chunk)
            #expect(summary(Self.records(&reader)) == expected, "chunk \(chunk)")
        }
    }

    @Test func delimitersAndWindows1252() {
        var semicolons = CSVRecordReader(.bytes(Array("a;\"b;c\";d\n".utf8)), delimiter: UInt8(ascii: ";"))
        #expect(summary(Self.records(&semicolons)) == ["1@0: a|b;c|d"])
        var tabs = CSVRecordReader(.bytes(Array("a\tb,c\n".utf8)), delimiter: 9)
        #expect(summary(Self.records(&tabs)) == ["1@0: a|b,c"])
        var ansi = CSVRecordReader(.bytes([0x43, 0x61, 0x66, 0xE9, 0x2C, 0x80, 0x93, 0x94, 0x0A]), encoding: .windows1252)
        #expect(summary(Self.records(&ansi)) == ["1@0: Café|€“”"])
        var notUTF8 = CSVRecordReader(.bytes([0x61, 0x0A, 0x43, 0xE9, 0x0A, 0x62, 0x0A]))
        #expect(summary(Self.records(&notUTF8)) == ["1@0: a", "2: this line is not valid UTF-8 t", "3@5: b"])
    }

    @Test func anUnclosedQuoteEndsTheFile() {
        var reader = CSVRecordReader(.bytes(Array("a,b\n1,\"never\n2,3\n".utf8)))
        let results = summary(Self.records(&reader))
        #expect(results == ["1@0: a|b", "2: this quoted field is never clo"])
    }

    @Test func aHundredThousandRowsAreReadWithAFlatBuffer() throws {
        var bytes = Array("learner,item,date,signed\n".utf8)
        for i in 0..<100_000 { bytes += Array("L-\(i / 5),E\(i % 5),08/10/2025,\"Yes\"\n".utf8) }
        let fd = try Self.descriptor(bytes)
        defer { close(fd) }
        var reader = CSVRecordReader(.descriptor(fd))
        var count = 0
        var last: CSVRecord?
        while let r = reader.next() {
            guard case .success(let record) = r else { Issue.record("a problem in a valid file"); return }
            count += 1
            last = record
        }
        #expect(count == 100_001)
        #expect(last?.line == 100_001)
        #expect(last?.fields == ["L-19999", "E4", "08/10/2025", "Yes"])
        // The file is about 3 MB; the reader never held more than two chunks of it.
        #expect(bytes.count > 2_500_000)
        #expect(reader.largestBuffer <= 2 << 16)
    }

    /// Fields of every length from 0 to 20 (the reader skips eight bytes at a time), with the
    /// byte that ends them — delimiter, quote, CR, LF, a doubled quote, a non-ASCII letter or an
    /// invalid byte — at every position: each read as a byte-at-a-time reference parser reads it.
    @Test func fieldsOfEveryLengthAroundEightByteWordsReadAsByteByByte() throws {
        let specials: [[UInt8]] = [[0x2C], [0x0D, 0x0A], [0x0A], [0x0D], [0xC3, 0xA9], [0xFF], [0x22, 0x22]]
        var checked = 0
        for length in 0...20 {
            for at in 0...length {
                for special in specials {
                    for quoted in [false, true] {
                        var cell = Array(repeating: UInt8(ascii: "a"), count: length)
                        cell.insert(contentsOf: special, at: at)
                        var line: [UInt8] = quoted ? [0x22] + cell + [0x22] : cell
                        line = Array("x,".utf8) + line + Array(",y\nz\n".utf8)
                        var reader = CSVRecordReader(.bytes(line))
                        let got = summary(Self.records(&reader))
                        #expect(got == Self.reference(line), "\(line)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 3000)
    }

    /// A byte-at-a-time reading of small inputs, as `summary` shows records (only the cases the
    /// test above makes: no blank lines, no unclosed quotes, no byte order mark).
    static func reference(_ bytes: [UInt8]) -> [String] {
        var out: [String] = []
        var i = 0
        var line = 1
        while i < bytes.count {
            let start = i
            var fields: [[UInt8]] = []
            var problem: String?
            var breaks = 0
            fieldLoop: while true {
                var field: [UInt8] = []
                if i < bytes.count, bytes[i] == 0x22 {
                    i += 1
                    while i < bytes.count {
                        if bytes[i] == 0x22 {
                            if i + 1 < bytes.count, bytes[i + 1] == 0x22 {
                                field.append(0x22)
                                i += 2
                                continue
                            }
                            i += 1
                            break
                        }
                        if bytes[i] == 0x0A || (bytes[i] == 0x0D && !(i + 1 < bytes.count && bytes[i + 1] == 0x0A)) { breaks += 1 }
                        field.append(bytes[i])
                        i += 1
                    }
                    if i < bytes.count, ![0x2C, 0x0D, 0x0A].contains(bytes[i]) {
                        problem = "unexpected text after the clos"
                        break fieldLoop
                    }
                } else {
                    while i < bytes.count, ![0x2C, 0x0D, 0x0A].contains(bytes[i]) {
                        if bytes[i] == 0x22 {
                            problem = "a quote inside an unquoted fie"
                            break fieldLoop
                        }
                        field.append(bytes[i])
                        i += 1
                    }
                }
                fields.append(field)
                if i < bytes.count, bytes[i] == 0x2C {
                    i += 1
                    continue
                }
                break
            }
            if problem != nil { while i < bytes.count, bytes[i] != 0x0A, bytes[i] != 0x0D { i += 1 } }
            let end = i
            if i < bytes.count, bytes[i] == 0x0D { i += 1 }
            if i < bytes.count, bytes[i] == 0x0A { i += 1 }
            if i > end { breaks += 1 }
            // Text that is not UTF-8 is the line's problem, before any other.
            if UTF8Check.firstInvalid(Array(bytes[start..<end])) != nil { problem = "this line is not valid UTF-8 t" }
            if let problem {
                out.append("\(line): \(problem)")
            } else {
                out.append("\(line)@\(start): " + fields.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "|"))
            }
            line += breaks
        }
        return out
    }

    /// With `leading`, plain records keep their text, line and offset and have their first
    /// fields located as a full read locates them; records with quotes or non-ASCII text, blank
    /// lines and problems read as without it — at every chunk size.
    @Test func aQuickReadOfTheLeadingFieldsAgreesWithAFullRead() throws {
        let text = Self.tricky
            + Array("\nplain,row,of,five,fields\r\n\n\r\nlone,cr\rcafé,é,x\nshort\n,,,,\nk,v,\"a,b\",p,\"multi\nline\",\"q\"\"q\"\r\nk,v,x\"y\nk,\"v\",w\nk,v,\"\"\n".utf8)
            + Array("k,v,\"x\"y,z\nk,v,\"é\"\nlast,one,\"open".utf8)
        func shape(_ r: Result<CSVRecord, CSVProblem>, _ leading: Int?) -> String {
            switch r {
            case .success(let record):
                let ranges = leading.map { Array(record.ranges.prefix($0)) } ?? record.ranges
                return "\(record.line)@\(record.offset) \(record.text) \(ranges)"
            case .failure(let p): return "\(p.record.line): \(p.message)"
            }
        }
        for leading in [1, 2, 3] {
            var full = CSVRecordReader(.bytes(text))
            var expected: [String] = []
            while let r = full.next() { expected.append(shape(r, leading)) }
            for chunk in [1, 2, 3, 5, 8, 13, 64] {
                let fd = try Self.descriptor(text)
                defer { close(fd) }
                var quick = CSVRecordReader(.descriptor(fd), chunk: chunk)
                var got: [String] = []
                var located: [Int] = []
                while let r = quick.next(leading: leading) {
                    got.append(shape(r, leading))
                    if case .success(let record) = r { located.append(record.ranges.count) }
                }
                #expect(got == expected, "leading \(leading), chunk \(chunk)")
                // The plain five-field record had only its leading fields located.
                #expect(located.contains(leading) && !located.contains(5) || leading >= 5)
            }
        }
    }
}

extension CSVRecordReaderTests {
    /// Lines of the test below, read quickly (`leading`) at several chunk sizes: the same records
    /// (lines, offsets, text and leading fields) and problems as a full read.
    @Test func aQuickReadOfManyShortFieldsAgreesWithAFullRead() throws {
        var text: [UInt8] = []
        for line in Self.manyFieldLines(400) { text += line }
        for leading in [1, 2, 4] {
            var full = CSVRecordReader(.bytes(text))
            var expected: [String] = []
            while let r = full.next() {
                switch r {
                case .success(let record): expected.append("\(record.line)@\(record.offset) \(record.text.count) \(Array(record.ranges.prefix(leading)))")
                case .failure(let p): expected.append("\(p.record.line): \(p.message)")
                }
            }
            for chunk in [1, 7, 64, 1 << 16] {
                let fd = try Self.descriptor(text)
                defer { close(fd) }
                var quick = CSVRecordReader(.descriptor(fd), chunk: chunk)
                var got: [String] = []
                while let r = quick.next(leading: leading) {
                    switch r {
                    case .success(let record): got.append("\(record.line)@\(record.offset) \(record.text.count) \(Array(record.ranges.prefix(leading)))")
                    case .failure(let p): got.append("\(p.record.line): \(p.message)")
                    }
                }
                #expect(got == expected, "leading \(leading), chunk \(chunk)")
            }
        }
    }

    /// Lines of many fields: empty, short and long, quoted and unquoted, with quotes, line
    /// breaks and non-ASCII letters inside; one in four may have a piece that is a problem.
    static func manyFieldLines(_ n: Int) -> [[UInt8]] {
        let pieces: [[UInt8]] = [
            [], [], [], Array("a".utf8), Array("ab".utf8), Array("abcdefg".utf8), Array("abcdefghij".utf8), Array("\"q\"".utf8),
            Array("\"a,b\"".utf8), Array("\"say \"\"hi\"\"\"".utf8), Array("\"two\nlines\"".utf8), [0xC3, 0xA9], Array("1234567,".utf8),
            Array("a\"b".utf8), Array("\"x\"y".utf8), [0x61, 0xFF], Array("a\"".utf8),
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func random(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        var lines: [[UInt8]] = []
        for _ in 0..<n {
            var line = Array("x".utf8)
            let choices = random(4) == 0 ? pieces.count : pieces.count - 4
            for _ in 0..<(1 + random(40)) {
                line.append(0x2C)
                line += pieces[random(choices)]
            }
            line += random(2) == 0 ? [0x0A] : [0x0D, 0x0A]
            lines.append(line)
        }
        return lines
    }

    /// Records of many short fields (the reader takes the delimiters of eight bytes at once):
    /// thousands of lines made of empty, short and long, quoted and unquoted fields, with quotes
    /// inside, non-ASCII letters and invalid bytes, all read as the byte-at-a-time reference reads them.
    @Test func recordsOfManyShortFieldsReadAsByteByByte() throws {
        var checked = 0
        for var line in Self.manyFieldLines(3000) {
            line += Array("z,1\n".utf8)
            var reader = CSVRecordReader(.bytes(line))
            #expect(summary(Self.records(&reader)) == Self.reference(line), "\(String(decoding: line, as: UTF8.self))")
            checked += 1
        }
        #expect(checked == 3000)
    }
}

extension CSVRecordReaderTests {
    /// A quick read that counts fields, with the fields located afterwards, gives each record
    /// the full read's count, fields, line, offset and text (and the same problems): on
    /// generated lines of many fields and on the tricky text, at several chunk sizes.
    @Test func countedQuickReadsLocateTheFullReadsFields() throws {
        var text: [UInt8] = []
        for line in Self.manyFieldLines(600) { text += line }
        text += Self.tricky + Array("\nk,v,\"a,b\",p,\"q\"\"q\"\r\nk,v,\"\"\nk,v,\nk\n,\nlast,\"one\"".utf8)
        func shape(_ r: Result<CSVRecord, CSVProblem>, locate: Bool) -> String {
            switch r {
            case .success(var record):
                let count = record.count
                if locate { record.locateFields(delimiter: UInt8(ascii: ",")) }
                return "\(record.line)@\(record.offset) \(record.text.count) \(count) \(record.ranges)"
            case .failure(let p): return "\(p.record.line): \(p.message)"
            }
        }
        var full = CSVRecordReader(.bytes(text))
        var expected: [String] = []
        while let r = full.next() { expected.append(shape(r, locate: false)) }
        var quickRecords = 0
        for leading in [1, 2, 5] {
            for chunk in [7, 64, 1 << 16] {
                let fd = try Self.descriptor(text)
                defer { close(fd) }
                var quick = CSVRecordReader(.file(fd), chunk: chunk)
                var got: [String] = []
                while let r = quick.next(leading: leading, counting: true) {
                    if case .success(let record) = r, record.ranges.count < record.count { quickRecords += 1 }
                    got.append(shape(r, locate: true))
                }
                #expect(got == expected, "leading \(leading), chunk \(chunk)")
            }
        }
        // Most records were read quickly, with their fields located afterwards.
        #expect(quickRecords > 500)
    }
}
