import Foundation
import Testing

@testable import MarkCore

/// A CSV row written through the laid-out program (`ImportProgram`) gives the same JSON and the
/// same problems as the tree walk (`writeRecord`) it replaces: every sample of every shipped
/// ruleset as rows, each also with cells emptied, wrong, quoted, defused, and whole records
/// left empty.
@Suite struct ImportProgramTests {
    static let replacements = [
        "", "bogus", "yes", "no", "Y", "12", "9.5", "-3", "29/02/2025", "01/02/2025", "2025-13-01", "a;b", "say \"hi\"", "'=SUM(A1)", " padded ",
        "café", "line\nbreak",
    ]

    /// The rows of every sample of a ruleset's unit, and variants of them.
    static func rows(_ paths: [String], unit prefix: String) throws -> [[String]] {
        let folder = Golden.packageRoot + "/Samples"
        var rows: [[String]] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where name.hasPrefix(prefix + "-") && name.hasSuffix(".json") {
            let bytes = [UInt8](FileManager.default.contents(atPath: folder + "/" + name)!)
            rows += ImportTemplate.rows(SourceFile(path: name, bytes: bytes), paths: paths) ?? []
        }
        var variants: [[String]] = []
        for (r, row) in rows.enumerated() {
            variants.append(row)
            for v in 0..<24 {
                var changed = row
                let k = FieldPath.envelope.count + (r * 7 + v * 13) % (row.count - FieldPath.envelope.count)
                changed[k] = replacements[(r + v) % replacements.count]
                variants.append(changed)
            }
            // Each record's cells all empty (a required record is then a problem).
            for prefix in Set(paths.compactMap { p in p.firstIndex(of: ".").map { String(p[..<$0]) } }) {
                var emptied = row
                for (k, p) in paths.enumerated() where p.hasPrefix(prefix + ".") && !FieldPath.envelope.contains(p) { emptied[k] = "" }
                variants.append(emptied)
            }
        }
        return variants
    }

    @Test func theProgramWritesWhatTheTreeWalkWrites() throws {
        let catalog = RulesetCatalog.load(Golden.packageRoot + "/Rules")
        #expect(!catalog.hasErrors)
        let prefixes = ["CS-XM-03": "going-the-extra-mile", "CS-EXC-04": "exceeding-expectations", "CS-ANT-01": "anticipating-needs", "CS-SP-05": "service-promise", "CS-BUS-02": "business-focused-service"]
        var compared = 0
        var withProblems = 0
        for ruleset in catalog.rulesets {
            guard let prefix = prefixes[ruleset.unit] else { continue }
            let paths = ImportTemplate.paths(ruleset.schema, slots: 3)
            let mapping = try ImportMapping.parse(SourceFile(path: "m", text: ImportTemplate.mapping(ruleset.schema, slots: 3, unit: ruleset.unit))).get()
            let plan = try ImportPlan.compile(mapping, schema: ruleset.schema).get()
            let columns = mapping.entries.map { entry in entry.sources.map { source in
                if case .named(let n) = source.source { return paths.firstIndex(of: n) ?? -1 }
                return -1
            } }
            let program = ImportProgram(plan, columns: columns)
            let csv = try Self.rows(paths, unit: prefix).map { CSVWriter.row($0) }.joined()
            var reader = CSVRecordReader(.bytes(Array(csv.utf8)))
            var frames: [ImportRowWriter<EvidenceImport.CSVRow>.Frame] = []
            while let next = reader.next() {
                let record = try next.get()
                let row = EvidenceImport.CSVRow(record: record, path: "export.csv", columns: columns)
                var walk = ImportRowWriter(plan: plan, row: row)
                var walked = JSONWriter()
                walk.writeRecord(plan.written, &walked, key: nil)
                var run = ImportRowWriter(plan: plan, row: row)
                var ran = JSONWriter()
                #expect(run.run(program, &ran, frames: &frames))
                #expect(ran.output == walked.output, "\(ruleset.unit) line \(record.line)")
                #expect(run.problems.map(\.diagnostic.message) == walk.problems.map(\.diagnostic.message), "\(ruleset.unit) line \(record.line)")
                #expect(run.problems.map(\.diagnostic.range) == walk.problems.map(\.diagnostic.range))
                compared += 1
                if !walk.problems.isEmpty { withProblems += 1 }
            }
        }
        // Enough rows, with and without problems, for the comparison to mean something.
        #expect(compared > 1000)
        #expect(withProblems > 100)
        #expect(compared - withProblems > 500)
    }
}
