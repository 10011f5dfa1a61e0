import Foundation
import Testing

/// Every sample → CSV (`mark template UNIT --format csv SAMPLE…`) → `mark import` with the
/// template's mapping → marked: the same grades, totals and verdicts as the sample itself.
@Suite struct ImportRoundTripTests {
    static let units = EvidenceSchemaTests.units

    /// The gradebook rows without their path column, by learner.
    static func decisions(_ csv: String) -> [String] {
        csv.split(whereSeparator: \.isNewline).dropFirst().map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            // Not the input's SHA-256, path or error: the imported file's bytes and name differ.
            return cells.dropLast(3).joined(separator: ",")
        }.sorted()
    }

    @Test(arguments: units.keys.sorted())
    func samplesSurviveTheRoundTrip(unit: String) throws {
        let folder = NSTemporaryDirectory() + "mark-roundtrip-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let prefix = Self.units[unit]!
        let samples = try FileManager.default.contentsOfDirectory(atPath: MarkProcess.packageRoot + "/Samples")
            .filter { $0.hasPrefix(prefix + "-") && $0.hasSuffix(".json") }.sorted().map { "Samples/" + $0 }
        #expect(samples.count >= 3)
        let csv = try MarkProcess.run(["template", unit, "--format", "csv"] + samples)
        #expect(csv.status == 0, "\(csv.stderr)")
        let mapping = try MarkProcess.run(["template", unit, "--format", "mapping"])
        try csv.stdout.write(toFile: folder + "/export.csv", atomically: true, encoding: .utf8)
        try mapping.stdout.write(toFile: folder + "/export.mapping", atomically: true, encoding: .utf8)
        let imported = try MarkProcess.run(["import", folder + "/export.csv", "--mapping", folder + "/export.mapping"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.split(separator: "\n").count == samples.count)
        let again = try MarkProcess.run(["--ndjson", "-", "--format", "csv"], stdin: imported.stdout)
        let direct = try MarkProcess.run(samples + ["--format", "csv"])
        #expect(again.status == direct.status)
        #expect(Self.decisions(again.stdout) == Self.decisions(direct.stdout))
        #expect(Self.decisions(direct.stdout).count == samples.count)
    }
}
