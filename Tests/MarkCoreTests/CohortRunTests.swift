import Foundation
import Testing

// Not @testable: a cohort is marked through MarkCore's public API alone, as a front end would.
import MarkCore

/// Marking a small NDJSON cohort with `CohortRun`, without the command line: records in input
/// order, an error record for the bad line, the summary's counts, and the same bytes on one
/// thread as on two.
@Suite struct CohortRunTests {
    /// Collects what a run writes, in memory.
    final class Capture: CohortOutput {
        var out = ""
        var err = ""
        var failed: Bool { false }
        var colourOutput: Bool { false }
        var colourErrors: Bool { false }
        func write(_ text: String) { out += text }
        func error(_ text: String) { err += text }
    }

    static let body = """
        point core "Core" {
          marks 4
          partial marks 2
          let n = count(i in items where i.verified_by.signed)
          met when n >= 2
          partially met when n = 1
        }
        grading {
          grades "Referral", "Pass"
          grade "Pass" when total >= 4
        }

        """

    /// A folder holding `rules/test.rules` and `cohort.ndjson`: two signed items (Pass), one
    /// (partially met), a truncated line, a blank line (skipped), and no items.
    static func cohort() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mark-cohort-run-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/rules", withIntermediateDirectories: true)
        try (Fixtures.header() + Fixtures.evidence + body).write(toFile: dir + "/rules/test.rules", atomically: true, encoding: .utf8)
        func line(_ items: [String]) -> String { Fixtures.submissionJSON(items).replacingOccurrences(of: "\n", with: " ") }
        let lines = [
            line([Fixtures.item("E1"), Fixtures.item("E2")]),
            line([Fixtures.item("E1"), Fixtures.item("E2", signed: false)]),
            #"{"format": "evidence/1", "learner": {"id": "L-1""#,
            "",
            line([]),
        ]
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/cohort.ndjson", atomically: true, encoding: .utf8)
        return dir
    }

    /// Marks the cohort in `dir` on `jobs` threads; what was written, and the summary.
    static func run(_ dir: String, format: CohortFormat, jobs: Int) -> (out: String, err: String, summary: CohortSummary) {
        let catalog = RulesetCatalog.load(dir + "/rules")
        #expect(!catalog.hasErrors)
        var configuration = CohortConfiguration(
            inputs: CohortInputs([dir + "/cohort.ndjson"], ndjson: false), catalog: catalog, engineVersion: "0.0.0-test")
        configuration.format = format
        configuration.jobs = jobs
        let capture = Capture()
        let run = CohortRun(configuration, output: capture)
        #expect(run.gradebookFailure == nil)
        run.mark()
        #expect(run.finish())
        return (capture.out, capture.err, run.summary)
    }

    @Test func marksInInputOrderWithAnErrorRecordAndCounts() throws {
        let dir = try Self.cohort()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (out, err, summary) = Self.run(dir, format: .json, jobs: 2)
        let records = out.split(separator: "\n").map(String.init)
        try #require(records.count == 4)
        let name = dir + "/cohort.ndjson"
        for (record, line) in zip(records, [1, 2, 3, 5]) {
            #expect(record.hasPrefix(#"{"format":"result/1","#))
            #expect(record.contains(#""path":"\#(name):\#(line)""#))
        }
        #expect(records[0].contains(#""grade":"Pass""#))
        #expect(records[1].contains(#""grade":"Referral""#) && records[1].contains(#""verdict":"partially met""#))
        #expect(records[2].contains(#""errors":[{"path":"\#(name)","line":3,"#))
        #expect(!records[2].contains(#""grade""#))
        #expect(records[3].contains(#""grade":"Referral""#) && records[3].contains(#""verdict":"not met""#))
        // The bad line's diagnostic, with its real line number, on the diagnostics stream only.
        #expect(err.hasPrefix("\(name):3:"))
        #expect(summary.submissions == 4)
        #expect(summary.marked == 3 && summary.markedNow == 3 && summary.upToDate == 0)
        #expect(summary.failed == 1)
        #expect(!summary.interrupted)
        #expect(summary.json().hasPrefix(#"{"format":"summary/1","submissions":4,"marked":3,"markedNow":3,"upToDate":0,"failed":1,"#))
    }

    @Test func oneThreadAndTwoWriteTheSameBytes() throws {
        let dir = try Self.cohort()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for format in [CohortFormat.text, .json, .csv] {
            let one = Self.run(dir, format: format, jobs: 1)
            let two = Self.run(dir, format: format, jobs: 2)
            #expect(!one.out.isEmpty)
            #expect(one.out == two.out, "\(format)")
            #expect(one.err == two.err, "\(format)")
            #expect(one.summary.text() == two.summary.text(), "\(format)")
            #expect(one.summary.json() == two.summary.json(), "\(format)")
        }
    }
}
