import Foundation
import Testing

/// `mark import` on the bad input centres' exports bring: a byte order mark, Windows-1252, a
/// semicolon delimiter, line breaks in quoted cells, ragged rows, duplicate item ids, a learner
/// with two units, dates that do not exist, rows out of order, and wrong cells; and xAPI.
@Suite struct ImportCommandTests {
    static let mapping = """
        learner.id = "Learner"
        unit = "Unit"
        started = "Start"
        submitted = "Submitted"
        assessor = "Assessor"
        id = "Ref"
        kind = "Type"
        date = "Date"
        verified_by.role = "Role"
        verified_by.signed = "Signed"
        situation = "Situation"

        """
    static let header = "Learner,Unit,Start,Submitted,Assessor,Ref,Type,Date,Role,Signed,Situation\n"

    static func row(_ learner: String = "L-1", unit: String = "CS-ANT-01", ref: String = "E1", date: String = "08/10/2025", signed: String = "Yes", situation: String = "Front desk")
        -> String
    {
        "\(learner),\(unit),22/09/2025,27/02/2026,A-31,\(ref),observation,\(date),assessor,\(signed),\(situation)\n"
    }

    /// Writes the mapping and `csv` (bytes) into a fresh folder and imports it.
    static func importing(_ csv: [UInt8], options: [String] = [], mapping: String = mapping) throws -> MarkProcess.Output {
        let root = NSTemporaryDirectory() + "mark-import-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Data(csv).write(to: URL(fileURLWithPath: root + "/x.csv"))
        try mapping.write(toFile: root + "/m.mapping", atomically: true, encoding: .utf8)
        return try MarkProcess.run(["import", "x.csv", "--mapping", "m.mapping", "--rules", MarkProcess.packageRoot + "/Rules"] + options, directory: root)
    }

    static func importing(_ csv: String, options: [String] = [], mapping: String = mapping) throws -> MarkProcess.Output {
        try importing(Array(csv.utf8), options: options, mapping: mapping)
    }

    static func submissions(_ out: MarkProcess.Output) throws -> [[String: Any]] {
        try out.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    @Test func aRowBecomesASubmissionWithISODates() throws {
        let r = try Self.importing(Self.header + Self.row())
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout
                == #"{"format":"evidence/1","learner":{"id":"L-1"},"unit":"CS-ANT-01","started":"2025-09-22","submitted":"2026-02-27","assessor":"A-31","items":[{"id":"E1","kind":"observation","date":"2025-10-08","verified_by":{"role":"assessor","signed":true},"situation":"Front desk"}]}"#
                + "\n")
        #expect(r.stderr == "mark import: 1 row, 1 submission written\n")
    }

    /// The optional centre and group columns fill the envelope's `centre` and `group`; an empty
    /// cell leaves them out, and a learner's rows must agree on them.
    @Test func centreAndGroupColumnsFillTheEnvelope() throws {
        let mapping = Self.mapping + "centre = \"Site\"\ngroup = \"Cohort\"\n"
        let header = Self.header.replacing("Situation\n", with: "Situation,Site,Cohort\n")
        func row(_ learner: String, ref: String = "E1", _ site: String, _ cohort: String) -> String {
            Self.row(learner, ref: ref).replacing("\n", with: ",\(site),\(cohort)\n")
        }
        let r = try Self.importing(header + row("L-1", "North", "2025-A") + row("L-1", ref: "E2", "North", "2025-A") + row("L-2", "", ""), mapping: mapping)
        #expect(r.status == 0, "\(r.stderr)")
        let subs = try Self.submissions(r)
        #expect(subs.count == 2)
        #expect(subs[0]["centre"] as? String == "North" && subs[0]["group"] as? String == "2025-A")
        #expect(subs[1]["centre"] == nil && subs[1]["group"] == nil, "an empty cell leaves the field out")
        let marked = try MarkProcess.run(["--ndjson", "-", "--format", "json"], stdin: r.stdout)
        let result = try #require(try JSONSerialization.jsonObject(with: Data(marked.stdout.split(separator: "\n")[0].utf8)) as? [String: Any])
        let submission = try #require(result["submission"] as? [String: Any])
        #expect(submission["centre"] as? String == "North" && submission["group"] as? String == "2025-A")
        #expect(submission["methods"] as? [String] == ["observation"])
        let differ = try Self.importing(header + row("L-1", "North", "A") + row("L-1", ref: "E2", "South", "A"), mapping: mapping)
        #expect(differ.status == 1)
        #expect(differ.stderr.contains("column 'Site' (centre) is \"South\" here but \"North\" on line 2 for the same learner and unit; a submission has one centre"), "\(differ.stderr)")
    }

    @Test func aByteOrderMarkAndCRLFAreRead() throws {
        let r = try Self.importing([0xEF, 0xBB, 0xBF] + Array((Self.header + Self.row()).replacingOccurrences(of: "\n", with: "\r\n").utf8))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Self.submissions(r).count == 1)
    }

    @Test func windows1252IsAnErrorUnlessNamed() throws {
        let bytes = Array((Self.header + Self.row(situation: "Caf")).utf8.dropLast()) + [0xE9, 0x20, 0x80, 0x35, 0x0A]
        let plain = try Self.importing(bytes)
        #expect(plain.status == 1)
        #expect(plain.stdout.isEmpty)
        #expect(plain.stderr.contains("x.csv:2:"))
        #expect(plain.stderr.contains("this line is not valid UTF-8 text; if it was saved as Windows-1252 (\"ANSI\"), read it with --encoding windows-1252"))
        let named = try Self.importing(bytes, options: ["--encoding", "windows-1252"])
        #expect(named.status == 0, "\(named.stderr)")
        #expect(try Self.submissions(named).first.map { (($0["items"] as! [[String: Any]])[0]["situation"] as! String) } == "Café €5")
    }

    @Test func aSemicolonDelimiterIsGiven() throws {
        let csv = (Self.header + Self.row()).replacingOccurrences(of: ",", with: ";")
        let r = try Self.importing(csv, options: ["--delimiter", ";"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Self.submissions(r).count == 1)
        let without = try Self.importing(csv)
        #expect(without.status == 1)
        #expect(without.stderr.contains("m.mapping:1:14: error: x.csv has no column 'Learner'"))
        let bad = try Self.importing(csv, options: ["--delimiter", "::"])
        #expect(bad.status == 64)
    }

    @Test func quotedCellsHoldLineBreaksAndLinesStayTrue() throws {
        let csv = Self.header + Self.row(situation: "\"Two\nlines, one cell\"") + Self.row(ref: "E2", signed: "Y es")
        let r = try Self.importing(csv)
        #expect(r.status == 1)
        // The second row starts on line 4: the first took lines 2 and 3.
        #expect(r.stderr.hasPrefix("x.csv:4:77: error: column 'Signed' (verified_by.signed): expected yes or no, found \"Y es\"\n"))
        let fixed = try Self.importing(Self.header + Self.row(situation: "\"Two\nlines, one cell\""))
        #expect(try Self.submissions(fixed).first.map { (($0["items"] as! [[String: Any]])[0]["situation"] as! String) } == "Two\nlines, one cell")
    }

    @Test func standardInputIsReadTwiceWithoutHoldingIt() throws {
        let csv = Self.header + Self.row("L-1") + Self.row("L-2", signed: "Y es") + Self.row("L-3", situation: "\"Two\nlines\"")
        let root = NSTemporaryDirectory() + "mark-import-stdin-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Self.mapping.write(toFile: root + "/m.mapping", atomically: true, encoding: .utf8)
        try csv.write(toFile: root + "/x.csv", atomically: true, encoding: .utf8)
        let arguments = ["import", "-", "--mapping", "m.mapping", "--rules", MarkProcess.packageRoot + "/Rules"]
        // From a pipe (copied to an unlinked temporary file for the second pass) and from a file.
        let piped = try MarkProcess.run(arguments, stdin: csv, environment: ["TMPDIR": root], directory: root)
        let redirected = try MarkProcess.run(arguments, directory: root, stdinFile: root + "/x.csv")
        let file = try Self.importing(csv)
        for r in [piped, redirected] {
            #expect(r.status == 1)
            #expect(r.stdout == file.stdout)
            #expect(try Self.submissions(r).map { ($0["learner"] as! [String: Any])["id"] as! String } == ["L-1", "L-3"])
            #expect(r.stderr == file.stderr.replacingOccurrences(of: "x.csv:", with: "<stdin>:"))
            #expect(r.stderr.hasPrefix("<stdin>:3:77: error: column 'Signed' (verified_by.signed): expected yes or no, found \"Y es\""))
        }
        // The copy is gone once the import ends.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).sorted() == ["m.mapping", "x.csv"])
    }

    @Test func aRaggedRowSpoilsItsLearnerOnly() throws {
        let csv = Self.header + Self.row("L-1") + Self.row("L-2", situation: "Front desk, late") + Self.row("L-3") + Self.row("L-4")
        let r = try Self.importing(csv)
        #expect(r.status == 1)
        #expect(r.stderr.contains("x.csv:3:1: error: this row has 12 fields but the header has 11; quote any field that contains a comma"))
        // L-2's row is ragged: it and its neighbour L-3 are not written (their cells may have
        // shifted); L-1 and L-4 are.
        #expect(try Self.submissions(r).map { ($0["learner"] as! [String: Any])["id"] as! String } == ["L-1", "L-4"])
        #expect(r.stderr.hasSuffix("mark import: 4 rows, 2 submissions written, 2 not written (problems above)\n"))
    }

    @Test func duplicateItemIdsAreRefused() throws {
        let r = try Self.importing(Self.header + Self.row() + Self.row() + Self.row("L-2"))
        #expect(r.status == 1)
        #expect(r.stderr.contains("x.csv:3:42: error: item id \"E1\" is already used on line 2 for this learner and unit; each item needs its own id"))
        #expect(try Self.submissions(r).map { ($0["learner"] as! [String: Any])["id"] as! String } == ["L-2"])
    }

    @Test func aLearnerWithTwoUnitsGetsTwoSubmissions() throws {
        let r = try Self.importing(Self.header + Self.row() + Self.row(unit: "CS-XM-03"))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Self.submissions(r).map { $0["unit"] as! String } == ["CS-ANT-01", "CS-XM-03"])
    }

    @Test func datesThatDoNotExistAreLocated() throws {
        let r = try Self.importing(Self.header + Self.row(date: "30/02/2026") + Self.row(ref: "E2", date: "2026-13-01") + Self.row(ref: "E3", date: "8th Oct"))
        #expect(r.status == 1)
        #expect(r.stderr.contains("x.csv:2:57: error: column 'Date' (date): \"30/02/2026\" is not a real date"))
        #expect(r.stderr.contains("x.csv:3:57: error: column 'Date' (date): \"2026-13-01\" is not a real date"))
        #expect(r.stderr.contains("x.csv:4:57: error: column 'Date' (date): expected a date as YYYY-MM-DD or DD/MM/YYYY, found \"8th Oct\""))
        #expect(r.stdout.isEmpty)
    }

    @Test func rowsOfALearnerMustComeTogether() throws {
        let r = try Self.importing(Self.header + Self.row("L-1") + Self.row("L-2") + Self.row("L-1", ref: "E2"))
        #expect(r.status == 1)
        #expect(r.stderr.contains("x.csv:4:1: error: this learner's rows for unit \"CS-ANT-01\" are not together (the last one before is on line 2); sort the export by learner and unit"))
        // Nothing is written: a submission is never half its rows.
        #expect(r.stdout.isEmpty)
    }

    /// The rules load while the first pass reads the file: rules with errors are still the only
    /// problem reported, whatever else is wrong, and nothing is written.
    @Test func brokenRulesAreTheOnlyProblemReported() throws {
        let rules = NSTemporaryDirectory() + "mark-import-rules-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: rules, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: rules) }
        try "ruleset \"broken\" {\n".write(toFile: rules + "/broken.rules", atomically: true, encoding: .utf8)
        for csv in [Self.header + Self.row("L-1") + Self.row("L-2") + Self.row("L-1", ref: "E2"), Self.header + Self.row()] {
            let r = try Self.importing(csv, options: ["--rules", rules])
            #expect(r.status == 1)
            #expect(r.stdout.isEmpty)
            #expect(r.stderr.contains("have errors; nothing was marked"), "\(r.stderr)")
            #expect(!r.stderr.contains("not together") && !r.stderr.contains("mark import:"), "\(r.stderr)")
        }
        let missing = try Self.importing(Self.header + Self.row(), options: ["--rules", rules, "--out", "/proc/no-such-folder/x"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("have errors") && !missing.stderr.contains("cannot create"), "\(missing.stderr)")
    }

    @Test func wrongCellsNameTheColumnAndTheField() throws {
        let r = try Self.importing(Self.header + Self.row(signed: "Y es") + Self.row("L-2", unit: "CS-NOPE"))
        #expect(r.status == 1)
        #expect(r.stderr.contains("x.csv:2:77: error: column 'Signed' (verified_by.signed): expected yes or no, found \"Y es\"\n  |\n2 | L-1,CS-ANT-01,"))
        #expect(r.stderr.contains("x.csv:3:5: error: no ruleset marks unit \"CS-NOPE\""))
        let empty = try Self.importing(Self.header + Self.row(situation: ""))
        #expect(empty.stderr.contains("x.csv:2:81: error: column 'Situation' (situation) is empty, but situation is required"))
    }

    @Test func mappingMistakesAreLocatedInTheMapping() throws {
        let r = try Self.importing(Self.header + Self.row(), mapping: Self.mapping + "neds[1].description = \"Need\"\nverified_by.signed = \"Signed\"\nlist separator\n")
        #expect(r.status == 1)
        #expect(r.stderr.contains("m.mapping:13:1: error: verified_by.signed is mapped twice"))
        #expect(r.stderr.contains("m.mapping:14:1: error: write the list separator in quotes: list separator \";\""))
        let unknown = try Self.importing(Self.header + Self.row(), mapping: Self.mapping + "neds[1].description = \"Situation\"\n")
        #expect(unknown.stderr.contains("m.mapping:12:1: error: unknown field 'neds' in an evidence item"))
        #expect(unknown.stderr.contains("did you mean 'needs'?"))
        let partial = try Self.importing(Self.header + Self.row(), mapping: Self.mapping + "needs[1].description = \"Situation\"\n")
        #expect(partial.stderr.contains("m.mapping:12:1: error: needs[1] is mapped, but not its required field needs[1].stated (boolean)"))
    }

    @Test func xapiStatementsBecomeASubmission() throws {
        let r = try MarkProcess.run(["import", "--xapi", "Samples/import/statements.xapi", "--mapping", "Samples/import/xapi.mapping"])
        #expect(r.status == 0, "\(r.stderr)")
        let s = try Self.submissions(r)
        #expect(s.count == 1)
        let items = s[0]["items"] as! [[String: Any]]
        #expect(items.map { $0["kind"] as! String } == ["observation", "witness_testimony"])
        #expect(items.map { $0["date"] as! String } == ["2025-10-08", "2025-11-12"])
        #expect(items.map { ($0["verified_by"] as! [String: Any])["role"] as! String } == ["assessor", "witness"])
        let marked = try MarkProcess.run(["--ndjson", "-", "--format", "csv"], stdin: r.stdout)
        #expect(marked.status == 0, "\(marked.stderr)")
        #expect(marked.stdout.contains("L-2001,CS-ANT-01,anticipating-needs"))
    }

    @Test func theCentreExampleMarksAsItsSample() throws {
        let r = try MarkProcess.run(["import", "Samples/import/centre-export.csv", "--mapping", "Samples/import/centre.mapping"])
        #expect(r.status == 0, "\(r.stderr)")
        let imported = try MarkProcess.run(["--ndjson", "-", "--format", "csv"], stdin: r.stdout)
        let direct = try MarkProcess.run(["Samples/anticipating-needs-competent-hotel-guest-preferences.json", "--format", "csv"])
        // learner, unit, ruleset, version, grade, total, maximum and the verdicts: all but the path.
        // Not the input's SHA-256, path or error: the imported file's bytes and name differ.
        func decisions(_ csv: String) -> [String] {
            csv.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).dropLast(3).joined(separator: ",") }
        }
        #expect(decisions(imported.stdout) == decisions(direct.stdout))
        #expect(decisions(imported.stdout).last?.contains(",Competent,3,3,") == true)
    }
}
