import Foundation
import Testing

@testable import MarkCLI
@testable import MarkCore

/// The gradebook's CSV cells, the progress line and the result-file names.
@Suite struct CohortGradebookTests {
    @Test func plainCellsAreWrittenAsTheyAre() {
        #expect(GradebookCSV.cell("L-000001") == "L-000001")
        #expect(GradebookCSV.cell("partially met") == "partially met")
        #expect(GradebookCSV.cell("") == "")
        #expect(GradebookCSV.cell("12.5") == "12.5")
    }

    @Test func cellsWithCommasQuotesOrLineBreaksAreQuoted() {
        #expect(GradebookCSV.cell("Smith, Jo") == "\"Smith, Jo\"")
        #expect(GradebookCSV.cell("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(GradebookCSV.cell("two\nlines") == "\"two\nlines\"")
        #expect(GradebookCSV.cell("cr\rhere") == "\"cr\rhere\"")
        #expect(GradebookCSV.cell("\"") == "\"\"\"\"")
    }

    @Test func cellsThatCouldRunAsFormulasAreNeutralised() {
        #expect(GradebookCSV.cell("=1+1") == "'=1+1")
        #expect(GradebookCSV.cell("+44 20 7946 0000") == "'+44 20 7946 0000")
        #expect(GradebookCSV.cell("-3") == "'-3")
        #expect(GradebookCSV.cell("@SUM(A1:A2)") == "'@SUM(A1:A2)")
        #expect(GradebookCSV.cell("\tindent") == "'\tindent")
        // Neutralised and quoted: the quote comes first, then the apostrophe.
        #expect(GradebookCSV.cell("=HYPERLINK(\"http://x\",\"y\")") == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")
        #expect(GradebookCSV.cell("\rcarriage") == "\"'\rcarriage\"")
        // Only the first character counts.
        #expect(GradebookCSV.cell("a=b") == "a=b")
        #expect(GradebookCSV.cell("L-1") == "L-1")
    }

    @Test func rowsJoinCellsWithCommas() {
        #expect(GradebookCSV.row(["a", "b,c", "=d"]) == "a,\"b,c\",'=d")
        #expect(GradebookCSV.emptyLead == ",,,,,,")
        #expect(GradebookCSV.leadColumns.count == 7)
    }

    @Test func progressLineShowsDoneTotalRateAndTimeLeft() {
        #expect(ProgressLine.text(done: 500, total: 2000, seconds: 2) == "marking: 500/2000 · 250/s · 0:06 left")
        #expect(ProgressLine.text(done: 30, total: nil, seconds: 3) == "marking: 30 · 10/s")
        #expect(ProgressLine.duration(3725) == "1:02:05")
        #expect(ProgressLine.duration(59.2) == "1:00")
    }

    @Test func resultFileNamesFollowTheInputPath() {
        #expect(CohortInputs.resultName("week1/learner-7.json") == "week1/learner-7.result.json")
        #expect(CohortInputs.resultName("notes.txt") == "notes.txt.result.json")
        #expect(CohortInputs.resultName(stem: CohortInputs.stem(of: "in/cohort.ndjson"), line: 17) == "cohort.line17.result.json")
        #expect(CohortResultFiles.temporaryPath(for: "out/a/b.result.json", worker: 3).hasPrefix("out/a/.b.result.json.mark-tmp-"))
    }

    @Test func foldersAreListedRecursivelySortedWithoutHiddenOrResultFiles() throws {
        let dir = NSTemporaryDirectory() + "mark-cohort-list-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in ["b.json", "a/z.json", "a/y.txt", "c.result.json", ".hidden.json", "a/.tmp/x.json", "a.json"] {
            let path = dir + "/" + name
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try "{}".write(toFile: path, atomically: false, encoding: .utf8)
        }
        #expect(CohortInputs.submissionFiles(under: dir) == ["a.json", "a/z.json", "b.json"])
    }
}
