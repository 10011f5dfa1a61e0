import Foundation
import Testing

@testable import MarkCore

/// A CSV import converts learners' rows on several threads; what it writes, and every problem it
/// reports in its order, are the same for any number of threads: exports of every shipped
/// ruleset's samples as many learners, with wrong cells, duplicate ids, ragged rows and records
/// that are not CSV among them, and a mapping that does not fit the ruleset.
@Suite struct ImportThreadsTests {
    struct Outcome: Equatable {
        var submissions: [[UInt8]] = []
        var rows = 0, written = 0, refused = 0, unreported = 0
        var problems: [String] = []
    }

    static func run(_ csv: String, mapping: ImportMapping, catalog: RulesetCatalog, jobs: Int) -> Outcome {
        var outcome = Outcome()
        var options = EvidenceImport.CSVOptions()
        options.jobs = jobs
        let summary = EvidenceImport.csv(
            path: "export.csv", open: { CSVRecordReader(.bytes(Array(csv.utf8))) }, mapping: mapping, catalog: { catalog }, options: options,
            emit: { outcome.submissions.append($0.bytes) })
        outcome.rows = summary.rows
        outcome.written = summary.written
        outcome.refused = summary.refused
        outcome.unreported = summary.unreported
        outcome.problems = summary.problems.map { p in "\(p.diagnostic.path) \(p.diagnostic.range) \(p.diagnostic.message)" }
        return outcome
    }

    /// An export of a unit's samples, each as 30 learners; one learner in `every` has a cell
    /// changed (often to something wrong), and some rows are ragged or not CSV at all.
    static func export(_ paths: [String], unit prefix: String, every: Int) throws -> String {
        let folder = Golden.packageRoot + "/Samples"
        let learner = paths.firstIndex(of: "learner.id")!
        var lines = [CSVWriter.row(paths)]
        var n = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where name.hasPrefix(prefix + "-") && name.hasSuffix(".json") {
            let bytes = [UInt8](FileManager.default.contents(atPath: folder + "/" + name)!)
            guard let sample = ImportTemplate.rows(SourceFile(path: name, bytes: bytes), paths: paths) else { continue }
            for _ in 0..<30 {
                n += 1
                for (r, var row) in sample.enumerated() {
                    row[learner] = "L-\(n)"
                    if n % every == 0 && r == 0 {
                        let k = FieldPath.envelope.count + n % (row.count - FieldPath.envelope.count)
                        row[k] = ImportProgramTests.replacements[n % ImportProgramTests.replacements.count]
                    }
                    if n % (every * 3) == 1 && r == sample.count - 1 {
                        lines.append(CSVWriter.row(Array(row.dropLast())))  // ragged
                    } else if n % (every * 5) == 2 && r == 0 {
                        lines.append("\"L-\(n)\",\"unclosed\"x,\n")  // not CSV
                    } else {
                        lines.append(CSVWriter.row(row))
                    }
                }
            }
        }
        return lines.joined()
    }

    @Test func anyNumberOfThreadsWritesTheSame() throws {
        let catalog = RulesetCatalog.load(Golden.packageRoot + "/Rules")
        let prefixes = ["CS-XM-03": "going-the-extra-mile", "CS-EXC-04": "exceeding-expectations", "CS-ANT-01": "anticipating-needs", "CS-SP-05": "service-promise", "CS-BUS-02": "business-focused-service"]
        var checked = 0
        for ruleset in catalog.rulesets {
            guard let prefix = prefixes[ruleset.unit] else { continue }
            let paths = ImportTemplate.paths(ruleset.schema, slots: 3)
            let mapping = try ImportMapping.parse(SourceFile(path: "m", text: ImportTemplate.mapping(ruleset.schema, slots: 3, unit: ruleset.unit))).get()
            // Rarely broken (problems within the reported hundred) and often broken.
            for every in [40, 3] {
                let csv = try Self.export(paths, unit: prefix, every: every)
                let one = Self.run(csv, mapping: mapping, catalog: catalog, jobs: 1)
                #expect(one.written > 20 && one.refused >= (every == 3 ? 20 : 2), "\(ruleset.unit): \(one.written) written, \(one.refused) refused")
                for jobs in [2, 3, 8] {
                    let many = Self.run(csv, mapping: mapping, catalog: catalog, jobs: jobs)
                    #expect(many == one, "\(ruleset.unit), every \(every), \(jobs) threads")
                }
                checked += 1
            }
        }
        #expect(checked >= 10)
    }

    /// The check that each learner's rows come together reads the file while submissions are
    /// already being made: a learner's row found out of place at the very end still means no
    /// submission at all is handed on, only that problem, for any number of threads.
    @Test func rowsOutOfOrderAtTheEndStopEverySubmission() throws {
        let catalog = RulesetCatalog.load(Golden.packageRoot + "/Rules")
        let ruleset = try #require(catalog.rulesets.first { $0.unit == "CS-EXC-04" })
        let paths = ImportTemplate.paths(ruleset.schema, slots: 3)
        let mapping = try ImportMapping.parse(SourceFile(path: "m", text: ImportTemplate.mapping(ruleset.schema, slots: 3, unit: ruleset.unit))).get()
        let csv = try Self.export(paths, unit: "exceeding-expectations", every: 1_000_000)
        let inOrder = Self.run(csv, mapping: mapping, catalog: catalog, jobs: 2)
        #expect(inOrder.written > 20 && !inOrder.problems.contains { $0.contains("not together") })
        // The first learner's first row again, last.
        var reader = CSVRecordReader(.bytes(Array(csv.utf8)))
        _ = reader.next()
        let firstRow = try #require(try reader.next()?.get())
        let outOfOrder = csv + String(decoding: firstRow.text, as: UTF8.self) + "\n"
        for jobs in [1, 2, 8] {
            let r = Self.run(outOfOrder, mapping: mapping, catalog: catalog, jobs: jobs)
            #expect(r.submissions.isEmpty && r.written == 0, "\(jobs) threads")
            #expect(r.problems.count == 1 && r.problems[0].contains("are not together"), "\(r.problems)")
        }
    }

    /// A mapping naming a field the ruleset does not have is reported once, however many
    /// threads meet it.
    @Test func aMappingThatDoesNotFitIsReportedOnce() throws {
        let catalog = RulesetCatalog.load(Golden.packageRoot + "/Rules")
        let ruleset = try #require(catalog.rulesets.first { $0.unit == "CS-EXC-04" })
        let paths = ImportTemplate.paths(ruleset.schema, slots: 3)
        let text = ImportTemplate.mapping(ruleset.schema, slots: 3, unit: ruleset.unit) + "no_such_field = \"learner.id\"\n"
        let mapping = try ImportMapping.parse(SourceFile(path: "m", text: text)).get()
        let csv = try Self.export(paths, unit: "exceeding-expectations", every: 1_000_000)
        let one = Self.run(csv, mapping: mapping, catalog: catalog, jobs: 1)
        #expect(one.written == 0 && one.refused > 10)
        #expect(one.problems.filter { $0.hasPrefix("m ") }.count == 1, "\(one.problems)")
        #expect(Self.run(csv, mapping: mapping, catalog: catalog, jobs: 4) == one)
    }
}
