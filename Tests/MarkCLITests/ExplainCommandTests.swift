import Foundation
import Testing

/// End-to-end tests of `mark explain`.
@Suite struct ExplainCommandTests {
    /// The sample whose name starts with `prefix` (samples are renamed from time to time).
    static func sample(_ prefix: String) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: MarkProcess.packageRoot + "/Samples")
            .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }.sorted()
        guard let first = names.first else { throw MarkProcessError(message: "no sample named \(prefix)*.json") }
        return first
    }

    @Test func textShowsWhyEachPointWasOrWasNotMet() throws {
        let path = "Samples/" + (try Self.sample("exceeding-expectations-merit"))
        let r = try MarkProcess.run(["explain", path])
        #expect(r.status == 0, "\(r.stderr)")
        let out = r.stdout
        #expect(out.contains("Grade: Merit — 20 of 28 marks"))
        for point in ["unspoken_requirements", "initiative_beyond_procedure", "personalised_communication", "unstated_needs", "additional_assistance", "adapted_style", "verified_ownership"] {
            #expect(out.contains("point \(point): "), "explains \(point)")
        }
        #expect(out.contains("point personalised_communication: partially met — 0 of 4 marks  (Rules/exceeding-expectations.rules:"))
        #expect(out.range(of: #"✗ met when personal >= examples_needed  \[personal = 1\]  \(Rules/exceeding-expectations\.rules:[0-9]+\)"#, options: .regularExpression) != nil, "\(out)")
        #expect(out.contains("✓ partially met when personal = 1"))
        #expect(out.contains("counted: E1\n"))
        #expect(out.contains("excluded: E3 — valid(i) › verified(i) › i.verified_by.signed [i.verified_by.signed = no]"))
        #expect(out.contains("counted: E1 (2025-10-14), E2 (2025-11-20)"), "aggregates show each item's value")
        #expect(out.contains("✓ floor unstated_needs at partially met"))
        #expect(out.contains("Distinction: not reached"))
        #expect(out.contains("✗ total >= distinction_total  [total = 20]"))
        #expect(out.contains("· distinction_total → 24"), "a named boundary shows its value")
        // Learner data: ids, never names or free text; no colour when not a terminal.
        #expect(!out.contains("Priya"))
        #expect(!out.contains("elderly customer"))
        #expect(!out.contains("\u{1B}["))
    }

    @Test func onePoint() throws {
        let path = "Samples/" + (try Self.sample("going-the-extra-mile-merit"))
        let r = try MarkProcess.run(["explain", path, "--point", "regular_behaviour"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("point regular_behaviour: partially met"))
        #expect(r.stdout.contains("met when weeks_used >= regular_weeks and spread >= regular_span_days"))
        #expect(!r.stdout.contains("point differentiation"))
        #expect(!r.stdout.contains("grading:"))
        let unknown = try MarkProcess.run(["explain", path, "--point", "regular_behavior"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("no marking point 'regular_behavior'"))
        #expect(unknown.stderr.contains("did you mean 'regular_behaviour'?"))
    }

    @Test func jsonForToolsAgreesWithTheMarkingResult() throws {
        let samples = try FileManager.default.contentsOfDirectory(atPath: MarkProcess.packageRoot + "/Samples").filter { $0.hasSuffix(".json") }.sorted()
        #expect(samples.count >= 5)
        for name in samples {
            let explained = try MarkProcess.run(["explain", "Samples/" + name, "--format", "json"])
            #expect(explained.status == 0, "\(name): \(explained.stderr)")
            let marked = try MarkProcess.run(["Samples/" + name, "--format", "json"])
            let e = try JSONSerialization.jsonObject(with: Data(explained.stdout.utf8)) as? [String: Any] ?? [:]
            let m = try JSONSerialization.jsonObject(with: Data(marked.stdout.utf8)) as? [String: Any] ?? [:]
            #expect(e["format"] as? String == "explain/1")
            #expect(e["grade"] as? String == m["grade"] as? String, "\(name)")
            let ePoints = e["points"] as? [[String: Any]] ?? []
            let mPoints = m["points"] as? [[String: Any]] ?? []
            #expect(ePoints.count == mPoints.count)
            for (p, q) in zip(ePoints, mPoints) {
                #expect(p["id"] as? String == q["id"] as? String)
                #expect(p["verdict"] as? String == q["verdict"] as? String, "\(name) \(p["id"] ?? "")")
                let met = (p["met"] as? [String: Any])?["node"] as? [String: Any]
                #expect((met?["value"] as? Bool) == (p["verdict"] as? String == "met"), "\(name): the met condition's value matches the verdict")
                #expect((met?["location"] as? [String: Any])?["line"] is Int)
            }
            #expect(!explained.stdout.contains("\"name\": \"Priya"), "no learner names")
        }
    }

    @Test func jsonShapeOfACount() throws {
        let path = "Samples/" + (try Self.sample("exceeding-expectations-merit"))
        let r = try MarkProcess.run(["explain", path, "--format", "json", "--point", "personalised_communication"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(object["grading"] is NSNull)
        let point = (object["points"] as? [[String: Any]])?.first ?? [:]
        #expect(point["id"] as? String == "personalised_communication")
        let let0 = (point["lets"] as? [[String: Any]])?.first ?? [:]
        #expect(let0["name"] as? String == "personal")
        let node = let0["node"] as? [String: Any] ?? [:]
        #expect(node["kind"] as? String == "quantifier")
        #expect(node["value"] as? Int == 1)
        #expect(node["items"] as? [String] == ["E1", "E2", "E3"])
        let elements = node["elements"] as? [[String: Any]] ?? []
        #expect(elements.map { $0["element"] as? String } == ["E1", "E2", "E3"])
        #expect(elements.map { $0["counted"] as? Bool } == [true, false, false])
        let why = (elements.last?["excludedBy"] as? [[String: Any]])?.map { $0["text"] as? String }
        #expect(why == ["valid(i)", "verified(i)", "i.verified_by.signed"])
    }

    @Test func rulesFileAndErrors() throws {
        let path = "Samples/" + (try Self.sample("service-promise-distinction"))
        let forced = try MarkProcess.run(["explain", path, "--rules", "Rules/service-promise.rules"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stdout.contains("Ruleset service-promise"))
        let missing = try MarkProcess.run(["explain", "no/such.json"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no/such.json: error: no such file"))
        let two = try MarkProcess.run(["explain", path, path])
        #expect(two.status == 64)
        let none = try MarkProcess.run(["explain"])
        #expect(none.status == 64)
        let stdin = try MarkProcess.run(["explain", "-"], stdin: try String(contentsOfFile: MarkProcess.packageRoot + "/" + path, encoding: .utf8))
        #expect(stdin.status == 0, "\(stdin.stderr)")
        #expect(stdin.stdout.contains("Grade: Distinction"))
    }
}
