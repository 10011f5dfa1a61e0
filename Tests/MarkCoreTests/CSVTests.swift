import Testing

@testable import MarkCore

/// The RFC 4180 reader and writer.
@Suite struct CSVTests {
    func read(_ text: String) -> Result<CSVTable, DiagnosticList> {
        CSVReader.read(SourceFile(path: "d.csv", text: text))
    }

    func messages(_ text: String) -> [(line: Int, message: String)] {
        let source = SourceFile(path: "d.csv", text: text)
        guard case .failure(let list) = CSVReader.read(source) else { return [] }
        return list.items.map { (source.location(of: $0.range.lowerBound).line, $0.message) }
    }

    @Test func quotedFieldsDoubledQuotesCRLFAndEmbeddedNewlines() throws {
        let text = "learner,grade,notes\r\nL-1,Pass,\"Good, clear\"\r\nL-2,Merit,\"She said \"\"yes\"\"\"\r\nL-3,Fail,\"two\r\nlines\"\r\nL-4,Pass,\r\n"
        let t = try read(text).get()
        #expect(t.header.fields == ["learner", "grade", "notes"])
        #expect(t.rows.map(\.fields) == [
            ["L-1", "Pass", "Good, clear"], ["L-2", "Merit", "She said \"yes\""], ["L-3", "Fail", "two\r\nlines"], ["L-4", "Pass", ""],
        ])
        #expect(t.rows.map { t.line(of: $0) } == [2, 3, 4, 6])
    }

    @Test func lfLineEndsBOMAndBlankLines() throws {
        let t = try read("\u{FEFF}learner,grade\n\nL-1,Pass\n\nL-2,Merit").get()
        #expect(t.header.fields == ["learner", "grade"])
        #expect(t.rows.map(\.fields) == [["L-1", "Pass"], ["L-2", "Merit"]])
        #expect(t.rows.map { t.line(of: $0) } == [3, 5])
    }

    @Test func emptyQuotedFieldAndTrailingEmptyField() throws {
        let t = try read("a,b,c\n\"\",x,\n").get()
        #expect(t.rows[0].fields == ["", "x", ""])
    }

    @Test func errorsNameTheLine() {
        let unclosed = messages("learner,grade\nL-1,\"Pass\nL-2,Merit\n")
        #expect(unclosed.count == 1)
        #expect(unclosed.first?.line == 2)
        #expect(unclosed.first?.message.contains("never closed") == true)

        let afterQuote = messages("learner,grade\nL-1,\"Pass\"x\nL-2,Merit\n")
        #expect(afterQuote.first?.line == 2)
        #expect(afterQuote.first?.message.contains("after the closing quote") == true)

        let stray = messages("learner,grade\nL-1,Pa\"ss\n")
        #expect(stray.first?.line == 2)
        #expect(stray.first?.message.contains("quote inside an unquoted field") == true)

        let count = messages("learner,grade\nL-1,Pass\nL-2,Merit,extra\n")
        #expect(count.first?.line == 3)
        #expect(count.first?.message.contains("has 3 fields but the header has 2") == true)

        #expect(messages("").first?.message.contains("empty") == true)
        let binary = CSVReader.read(SourceFile(path: "d.csv", bytes: Array("a,b\n".utf8) + [0xFF, 0x2C, 0x41, 0x0A]))
        guard case .failure(let list) = binary else {
            Issue.record("invalid UTF-8 was accepted")
            return
        }
        #expect(list.items[0].message.contains("UTF-8"))
        #expect(list.items[0].range.lowerBound == 4)
    }

    @Test func writerQuotesAndDefusesFormulas() {
        #expect(CSVWriter.cell("plain") == "plain")
        #expect(CSVWriter.cell("a,b") == "\"a,b\"")
        #expect(CSVWriter.cell("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVWriter.cell("two\nlines") == "\"two\nlines\"")
        #expect(CSVWriter.cell("=SUM(A1:A9)") == "'=SUM(A1:A9)")
        #expect(CSVWriter.cell("+44 20") == "'+44 20")
        #expect(CSVWriter.cell("-2") == "'-2")
        #expect(CSVWriter.cell("@cmd") == "'@cmd")
        #expect(CSVWriter.cell("\tx") == "'\tx")
        #expect(CSVWriter.cell("\rx") == "\"'\rx\"")
        #expect(CSVWriter.cell("=a,b") == "\"'=a,b\"")
        #expect(CSVWriter.row(["a", "b"]) == "a,b\r\n")
    }

    @Test func everyQuotingTriggerAlone() {
        // Each character that forces quotes, alone in the middle of a cell.
        #expect(CSVWriter.cell("a,b") == "\"a,b\"")
        #expect(CSVWriter.cell("a\"b") == "\"a\"\"b\"")
        #expect(CSVWriter.cell("a\nb") == "\"a\nb\"")
        #expect(CSVWriter.cell("a\rb") == "\"a\rb\"")
        #expect(CSVWriter.cell("a\r\nb") == "\"a\r\nb\"")
        #expect(CSVWriter.cell("\r\n") == "\"'\r\n\"")
        // Each formula trigger alone at the start, and not elsewhere.
        for t in ["=", "+", "-", "@", "\t"] {
            #expect(CSVWriter.cell(t + "x") == "'" + t + "x", "\(t)")
            #expect(CSVWriter.cell("x" + t) == "x" + t, "\(t)")
        }
        // Nothing else is quoted or changed: spaces, semicolons, non-ASCII, a lone quote-like
        // character.
        for plain in ["a b", "a;b", "café — “x”", "it’s", "", " =x"] {
            #expect(CSVWriter.cell(plain) == plain, "\(plain)")
        }
        #expect(CSVWriter.row(["a,b", "c"]) == "\"a,b\",c\r\n")
    }

    @Test func writtenRowsReadBack() throws {
        let cells = [["learner", "note"], ["L-1", "comma, quote \" and\r\nnewline"], ["L-2", ""]]
        let text = cells.map(CSVWriter.row).joined()
        let t = try read(text).get()
        #expect([t.header.fields] + t.rows.map(\.fields) == cells)
    }

    @Test func verdictWords() {
        #expect(VerdictWords.parse("met") == .met)
        #expect(VerdictWords.parse(" Partially_Met ") == .partiallyMet)
        #expect(VerdictWords.parse("partially-met") == .partiallyMet)
        #expect(VerdictWords.parse("NOT MET") == .notMet)
        #expect(VerdictWords.parse("not  yet met") == .notMet)
        #expect(VerdictWords.parse("mett") == nil)
    }
}
