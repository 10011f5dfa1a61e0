import Foundation
import Testing

/// End-to-end tests of `mark why-not` and `mark diff --counterexamples`.
@Suite struct WhyNotCommandTests {
    static let merit = "Samples/going-the-extra-mile-merit-three-occasions-one-week.json"
    static let v1 = "Tests/fixtures/moderation/service-promise-v1/service-promise.rules"
    static let v2 = "Tests/fixtures/moderation/service-promise-v2/service-promise.rules"

    static func scratch() throws -> String {
        let dir = NSTemporaryDirectory() + "whynot-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func stepsForTheNextGradeAndTheWrittenFileMarksAsThatGrade() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try MarkProcess.run(["why-not", Self.merit, "--write", dir + "/changed.json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Merit (18 of 20 marks) under going-the-extra-mile"))
        #expect(r.stdout.contains("To reach Distinction:\n  1. Add one more observation, witness testimony, customer feedback or work product like E1, dated "))
        #expect(r.stdout.contains("in any week you have not used yet"), "\(r.stdout)")
        #expect(r.stdout.contains("Checked by marking the changed submission: Distinction (20 of 20 marks)."))
        #expect(r.stdout.hasSuffix("Wrote the changed submission to \(dir)/changed.json.\n"))
        // Learner text is not printed.
        #expect(!r.stdout.contains("Carlisle"))
        let marked = try MarkProcess.run([dir + "/changed.json", "--format", "json"])
        #expect(marked.status == 0, "\(marked.stderr)")
        #expect(marked.stdout.contains(#""grade": "Distinction""#))
        // The original items are kept as they were.
        let written = try String(contentsOfFile: dir + "/changed.json", encoding: .utf8)
        #expect(written.contains(#""id": "E1""#) && written.contains(#""id": "NEW-1""#) && written.contains(#""id": "NEW-2""#))
        #expect(written.contains("Carlisle"))
    }

    @Test func jsonNamesTheOutcomeAndEachStep() throws {
        let r = try MarkProcess.run(["why-not", "Samples/going-the-extra-mile-referral-floor-no-documented-check.json", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(#""format": "why-not/1""#))
        #expect(r.stdout.contains(#""outcome": "found""#))
        #expect(r.stdout.contains(#""target": "Pass""#))
        #expect(r.stdout.contains(#""action": "change""#))
        #expect(r.stdout.contains(#""text": "In E1, add to actions an entry with beyond standard yes, feasibility (checks cost benefit, documented yes).""#))
    }

    @Test func theHighestGradeAndAnUnknownGrade() throws {
        let top = try MarkProcess.run(["why-not", "Samples/service-promise-distinction-opticians.json"])
        #expect(top.status == 0)
        #expect(top.stdout.hasSuffix("Distinction is the highest grade of service-promise.\n"))
        let nothing = try MarkProcess.run(["why-not", "Samples/service-promise-distinction-opticians.json", "--write", "/tmp/never-written-\(UUID().uuidString).json"])
        #expect(nothing.status == 1)
        #expect(nothing.stderr.contains("nothing written to"))
        let unknown = try MarkProcess.run(["why-not", Self.merit, "--grade", "Distiction"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("has no grade 'Distiction'"))
        #expect(unknown.stderr.contains("did you mean 'Distinction'?"))
        let help = try MarkProcess.run(["why-not", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: mark why-not SUBMISSION"))
        let none = try MarkProcess.run(["why-not"])
        #expect(none.status == 64)
    }

    @Test func aFailedWriteIsAnError() throws {
        let r = try MarkProcess.run(["why-not", Self.merit, "--write", "/dev/full"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("mark why-not: cannot write '/dev/full'"), "\(r.stderr)")
    }

    @Test func badEvidenceIsALocatedError() throws {
        let r = try MarkProcess.run(["why-not", "-"], stdin: #"{"format": "evidence/1", "learner": {"id": "L"}, "unit": "CS-XM-03"}"#)
        #expect(r.status == 1)
        #expect(r.stderr.contains("<stdin>:1:"), "\(r.stderr)")
    }

    @Test func diffWritesACounterexampleForEachChangeItCanShow() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try MarkProcess.run(["diff", Self.v1, Self.v2, "--counterexamples", dir])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.contains("\nCounterexamples (in \(dir))\n"))
        #expect(r.stdout.contains("none: the header does not take part in marking"))
        #expect(r.stdout.contains("none: only words a learner reads change; no grade, verdict or mark can"))
        #expect(r.stdout.contains("08-point-service-failure-response-partial-marks.json: service_failure_response partially met (3) under old, met (6) under new"))
        // The changed condition needs two requests without an answer; the moved boundary a
        // total between the two (both found by the guided parts of the search).
        #expect(r.stdout.contains("09-point-seeks-feedback-met-when.json: "), "\(r.stdout)")
        #expect(r.stdout.contains("seeks_feedback partially met (2) under old, met (4) under new"), "\(r.stdout)")
        #expect(r.stdout.contains("10-grade-merit-boundary.json: grade Pass under old, Merit under new"), "\(r.stdout)")
        // Every other change says why none exists: no rule reads the changed evidence, only the
        // point's id changes; no change is left at "none found".
        #expect(r.stdout.contains("none exists: no rule of either version reads 'channel', so no grade, verdict or mark can change"))
        #expect(r.stdout.contains("none exists: no rule of either version reads 'recorded_by'"))
        #expect(r.stdout.contains("none exists: only the point's id changes"))
        #expect(!r.stdout.contains("none found"), "\(r.stdout)")
        #expect(r.stdout.contains("\n4 of 10 changes shown by a counterexample"))
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(files.contains("08-point-service-failure-response-partial-marks.json"))
        #expect(files.count == 4, "\(files)")
        // Each file is marked differently by the two versions.
        for file in files {
            let a = try MarkProcess.run(["--rules", Self.v1, "--force", dir + "/" + file, "--format", "json"])
            let b = try MarkProcess.run(["--rules", Self.v2, "--force", dir + "/" + file, "--format", "json"])
            #expect(a.status == 0 && b.status == 0, "\(file): \(a.stderr) \(b.stderr)")
            #expect(a.stdout.replacingOccurrences(of: "1.0.0", with: "") != b.stdout.replacingOccurrences(of: "1.1.0", with: ""), "\(file)")
        }
    }

    @Test func diffWithoutChangesWritesNothing() throws {
        let dir = try Self.scratch() + "/none"
        let r = try MarkProcess.run(["diff", Self.v1, Self.v1, "--counterexamples", dir])
        #expect(r.status == 0)
        #expect(!r.stdout.contains("Counterexamples"))
        #expect(!FileManager.default.fileExists(atPath: dir))
    }
}
