import Foundation
import Testing

/// Whether Python's jsonschema package is installed (the schema tests need it).
enum PythonJSONSchema {
    static let isInstalled: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import jsonschema"]
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()
}

/// `mark schema`: every sample validates against its unit's schema with a real JSON Schema
/// validator (Python's `jsonschema`, draft 2020-12, dates checked), and broken variants are
/// rejected by the validator and by `mark` alike, at the same field.
@Suite(.enabled(if: PythonJSONSchema.isInstalled, "needs the Python jsonschema package (pip install jsonschema); CI installs it"))
struct EvidenceSchemaTests {
    /// Validates each document against the schema: one line per document, "valid" or the
    /// JSON path of the most relevant error (inside an optional value, not at it).
    static let validator = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1]))
        v = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        jsonschema.Draft202012Validator.check_schema(schema)
        for path in sys.argv[2:]:
            best = jsonschema.exceptions.best_match(v.iter_errors(json.load(open(path))))
            print("valid" if best is None else "invalid " + best.json_path)
        """

    static func validate(_ schema: String, _ documents: [String], in folder: String) throws -> [String] {
        try schema.write(toFile: folder + "/schema.json", atomically: true, encoding: .utf8)
        try validator.write(toFile: folder + "/validate.py", atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", folder + "/validate.py", folder + "/schema.json"] + documents
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    static let units = ["CS-ANT-01": "anticipating-needs", "CS-BUS-02": "business-focused-service", "CS-XM-03": "going-the-extra-mile", "CS-EXC-04": "exceeding-expectations", "CS-SP-05": "service-promise"]

    @Test func everySampleIsValidAndBrokenVariantsAreNot() throws {
        let folder = NSTemporaryDirectory() + "mark-schema-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let samples = try FileManager.default.contentsOfDirectory(atPath: MarkProcess.packageRoot + "/Samples").filter { $0.hasSuffix(".json") }.sorted()
        var checked = 0
        for (unit, prefix) in Self.units {
            let schema = try MarkProcess.run(["schema", unit])
            #expect(schema.status == 0, "\(schema.stderr)")
            let mine = samples.filter { $0.hasPrefix(prefix + "-") }.map { MarkProcess.packageRoot + "/Samples/" + $0 }
            #expect(mine.count >= 3)
            #expect(try Self.validate(schema.stdout, mine, in: folder) == Array(repeating: "valid", count: mine.count), "\(unit)")
            checked += mine.count
        }
        #expect(checked == samples.count)
    }

    /// One broken sample per rule, and the path both the validator and `mark` name.
    static var variants: [(name: String, edit: (inout [String: Any]) -> Void, path: String, mark: String)] {
        [
        ("unknown field", { d in Self.item(&d) { $0["situaton"] = "x" } }, "$.items[0]", "unknown field \"situaton\""),
        ("unknown kind", { d in Self.item(&d) { $0["kind"] = "observed" } }, "$.items[0].kind", "unknown item kind \"observed\""),
        ("missing required field", { d in Self.item(&d) { $0.removeValue(forKey: "situation") } }, "$.items[0]", "missing required field \"situation\""),
        ("boolean as text", { d in Self.item(&d) { i in var v = i["verified_by"] as! [String: Any]; v["signed"] = "yes"; i["verified_by"] = v } }, "$.items[0].verified_by.signed", "expected true or false"),
        ("date that does not exist", { d in Self.item(&d) { $0["date"] = "2025-02-30" } }, "$.items[0].date", "is not a real date"),
        ("number off its scale", { d in Self.item(&d) { $0["outcome"] = ["csat": 11, "quotes": []] } }, "$.items[0].outcome.csat", "expected a number from 0 to 10"),
        ("wrong format", { d in d["format"] = "evidence/2" }, "$.format", "expected \"evidence/1\""),
        ("missing envelope field", { d in d.removeValue(forKey: "assessor") }, "$", "missing \"assessor\""),
        ]
    }

    static func item(_ d: inout [String: Any], _ edit: (inout [String: Any]) -> Void) {
        var items = d["items"] as! [[String: Any]]
        edit(&items[0])
        d["items"] = items
    }

    @Test func brokenVariantsAreRejectedByBoth() throws {
        let folder = NSTemporaryDirectory() + "mark-schema-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sample = MarkProcess.packageRoot + "/Samples/service-promise-distinction-opticians.json"
        let original = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: sample))) as! [String: Any]
        var paths: [String] = []
        for (k, v) in Self.variants.enumerated() {
            var d = original
            v.edit(&d)
            let path = folder + "/variant-\(k).json"
            try JSONSerialization.data(withJSONObject: d, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: path))
            paths.append(path)
            let marked = try MarkProcess.run([path])
            #expect(marked.status == 1, "\(v.name): mark accepted it")
            #expect(marked.stderr.contains(v.path) && marked.stderr.contains(v.mark), "\(v.name): \(marked.stderr)")
        }
        let schema = try MarkProcess.run(["schema", "CS-SP-05"])
        let results = try Self.validate(schema.stdout, paths, in: folder)
        #expect(results == Self.variants.map { "invalid " + $0.path })
    }

    @Test func descriptionsComeFromTheDeclarationsComments() throws {
        let r = try MarkProcess.run(["schema", "going-the-extra-mile"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("\"description\": \"Customer satisfaction on a 0–10 scale (5 on a 1–5 scale is 10).\""))
        let unknown = try MarkProcess.run(["schema", "CS-XM-3"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no ruleset marks 'CS-XM-3'") && unknown.stderr.contains("did you mean 'CS-XM-03'?"))
    }
}
