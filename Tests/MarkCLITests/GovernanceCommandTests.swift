import Foundation
import MarkCore
import Testing

/// End-to-end tests of overrides, `mark verify`, result-file integrity and the ledger.
@Suite struct GovernanceCommandTests {
    static let kettle = "Samples/exceeding-expectations-merit-kettle-and-courier.json"
    static let pharmacy = "Samples/exceeding-expectations-distinction-pharmacy.json"
    static let overrides = """
        learner,unit,point,verdict,grade,assessor,date,rationale
        L-1042,CS-EXC-04,personalised_communication,met,,A-17,2026-03-02,"Seen on the paper log, 14 March"
        L-1042,CS-EXC-04,,,Distinction,A-17,2026-03-02,Marks reach Distinction
        L-2401,CS-EXC-04,adapted_style,not met,,A-31,2026-03-03,Scripted

        """

    /// A fresh temporary folder.
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "mark-governance-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ text: String, _ path: String) throws { try text.write(toFile: path, atomically: true, encoding: .utf8) }

    @Test func overridesAreShownBesideTheEngineInEveryFormatAndCounted() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.write(Self.overrides, dir + "/o.csv")
        let text = try MarkProcess.run([Self.kettle, "--overrides", dir + "/o.csv"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("Grade: Merit — 20 of 28 marks\nOverridden: grade Distinction (engine: Merit) by A-17 on 2026-03-02\n"))
        #expect(text.stdout.contains("    Overridden: met (engine: partially met) by A-17 on 2026-03-02\n      Rationale: Seen on the paper log, 14 March\n"))
        // L-2401's override has no submission in this run: a warning at its row.
        #expect(text.stderr.hasPrefix("\(dir)/o.csv:4:1: warning: no submission of learner 'L-2401' for unit 'CS-EXC-04' was marked in this run; this override was not applied\n"))
        let json = try MarkProcess.run([Self.kettle, "--overrides", dir + "/o.csv", "--format", "json"])
        #expect(json.stdout.contains("\"grade\": \"Merit\","))
        #expect(json.stdout.contains("\"target\": \"grade\",\n      \"engine\": \"Merit\",\n      \"override\": \"Distinction\","))
        let csv = try MarkProcess.run([Self.kettle, Self.pharmacy, "Samples/service-promise-distinction-opticians.json", "--overrides", dir + "/o.csv", "--format", "csv", "--jobs", "3"])
        let rows = csv.stdout.split(separator: "\n").map(String.init)
        #expect(rows[0].hasSuffix(",path,error,grade_override,overrides"))
        #expect(rows[1].hasPrefix("L-1042,CS-EXC-04,exceeding-expectations,1.1.5,Merit,20,28,"))
        #expect(rows[1].hasSuffix(",Distinction,\"personalised_communication: partially met → met (A-17, 2026-03-02); grade: Merit → Distinction (A-17, 2026-03-02)\""))
        #expect(rows[2].hasSuffix(",,\"adapted_style: met → not met (A-31, 2026-03-03)\""))
        #expect(rows[3].hasSuffix(",,"))
        #expect(!csv.stderr.contains("warning"))
        #expect(csv.stderr.hasSuffix("\noverrides: 3 in 2 submissions (the engine's decisions are kept beside them)\n  by assessor: A-17 2 · A-31 1\n  by decision: adapted_style 1 · grade 1 · personalised_communication 1\n"))
        let trailer = try MarkProcess.run([Self.kettle, Self.pharmacy, "--overrides", dir + "/o.csv", "--format", "json"])
        #expect(trailer.stdout.contains(#""overrides":{"count":3,"submissions":2,"byAssessor":[{"assessor":"A-17","count":2},{"assessor":"A-31","count":1}],"#))
    }

    @Test func aBadOverrideIsALocatedErrorAndNothingIsMarked() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.write("learner,unit,point,verdict,grade,assessor,date,rationale\nL-1042,CS-EXC-04,adapted_styl,met,,A-17,2026-03-02,\n", dir + "/o.csv")
        let r = try MarkProcess.run([Self.kettle, "--overrides", dir + "/o.csv"])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("o.csv:2:18: error: the ruleset for unit 'CS-EXC-04' has no marking point 'adapted_styl'; did you mean 'adapted_style'?\n"))
        #expect(r.stderr.contains("o.csv:2:52: error: an override needs a rationale: say why the engine's decision is overridden\n"))
        #expect(r.stderr.hasSuffix("have errors; nothing was marked\n"))
    }

    @Test func anEditedResultFileIsMarkedAgainAndSaysSo() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try MarkProcess.run([Self.kettle, Self.pharmacy, "--out", dir + "/results"])
        #expect(first.status == 0)
        let file = dir + "/results/exceeding-expectations-merit-kettle-and-courier.result.json"
        let original = try String(contentsOfFile: file, encoding: .utf8)
        #expect(original.contains("\n  \"integrity\": {\n    \"sha256\": \""))
        try Self.write(original.replacing("\"grade\": \"Merit\"", with: "\"grade\": \"Fail\""), file)
        let again = try MarkProcess.run([Self.kettle, Self.pharmacy, "--out", dir + "/results", "--format", "csv"])
        #expect(again.status == 0)
        #expect(again.stderr.hasPrefix("\(file): warning: the result file was edited or is corrupt (its integrity digest does not match); marking again\n"))
        #expect(again.stderr.contains("2 submissions: 2 marked (1 already up to date, 1 marked now), 0 failed"))
        #expect(again.stdout.contains("L-1042,CS-EXC-04,exceeding-expectations,1.1.5,Merit,"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == original)
    }

    @Test func verifyReproducesOrSaysWhatDiffersAndWhy() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let evidence = dir + "/kettle.json"
        try FileManager.default.copyItem(atPath: MarkProcess.packageRoot + "/" + Self.kettle, toPath: evidence)
        #expect(try MarkProcess.run([evidence, "--out", dir + "/results"]).status == 0)
        let result = dir + "/results/kettle.result.json"
        let ok = try MarkProcess.run(["verify", result])
        #expect(ok.status == 0)
        #expect(ok.stdout.hasPrefix("\(result): reproduced: Merit, 20 of 28 marks, 7 points (ruleset exceeding-expectations 1.1.5, evidence sha256 "))

        let original = try String(contentsOfFile: result, encoding: .utf8)
        let stdin = try MarkProcess.run(["verify", "-"], stdin: original)
        #expect(stdin.status == 0 && stdin.stdout.hasPrefix("<stdin>: reproduced: Merit"))
        try Self.write(original.replacing("\"grade\": \"Merit\"", with: "\"grade\": \"Distinction\""), result)
        let edited = try MarkProcess.run(["verify", result])
        #expect(edited.status == 1)
        #expect(edited.stdout == "\(result): not reproduced\n  result file edited: its integrity digest does not match its content\n  grade: recorded Distinction, re-marked Merit\n")
        try Self.write(original, result)

        let bytes = try String(contentsOfFile: evidence, encoding: .utf8)
        try Self.write(bytes.replacing("\"signed\": true", with: "\"signed\": false"), evidence)
        let changed = try MarkProcess.run(["verify", result])
        #expect(changed.status == 1)
        #expect(changed.stdout.contains("\n  evidence changed: \(evidence) has sha256 "))
        #expect(changed.stdout.contains("\n  grade: recorded Merit, re-marked Referral\n"))
        unlink(evidence)
        #expect(try MarkProcess.run(["verify", result]).stdout.contains("\n  evidence missing: cannot read \(evidence): "))
        try Self.write(bytes, evidence)

        let missing = try MarkProcess.run(["verify", result, "--rules", "Tests/fixtures/moderation/rules"])
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("\n  ruleset missing: exceeding-expectations 1.1.5 (sha256 f617d9a41bcc) is not among the rules, which have "))
        let both = try MarkProcess.run(["verify", result, "--rules", "Tests/fixtures/moderation/rules", "--rules", "Rules"])
        #expect(both.status == 0)
    }

    /// Marks a generated cohort with a ledger on `jobs` threads; the ledger's text.
    static func ledger(jobs: Int, dir: String) throws -> String {
        let path = dir + "/ledger-\(jobs).ndjson"
        let r = try MarkProcess.run([dir + "/cohort.ndjson", "--ledger", path, "--jobs", String(jobs), "--format", "csv"], environment: ["SOURCE_DATE_EPOCH": "1772442000"])
        #expect(r.status == 1)  // the cohort has malformed submissions on purpose
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test func theLedgerIsOrderedAndWholeWhateverTheThreadsAndVerifies() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cohort = try MarkProcess.run(["--count", "300", "--malformed", "0.05", "--ndjson"], executable: "mark-cohort")
        try Self.write(cohort.stdout, dir + "/cohort.ndjson")
        let one = try Self.ledger(jobs: 1, dir: dir)
        let four = try Self.ledger(jobs: 4, dir: dir)
        #expect(one == four)
        let lines = one.split(separator: "\n")
        #expect(lines.count > 250 && lines.count < 300)
        let ok = try MarkProcess.run(["ledger", "verify", dir + "/ledger-4.ndjson"])
        #expect(ok.status == 0)
        #expect(ok.stdout == "\(dir)/ledger-4.ndjson: \(lines.count) decisions, the chain is intact\nhead: \(sha256(lines.last!))\n")

        // Killed mid-line: the lines before it still verify, and no run appends after it.
        try Self.write(one + String(lines[0].prefix(50)), dir + "/ledger-4.ndjson")
        let cut = try MarkProcess.run(["ledger", "verify", dir + "/ledger-4.ndjson"])
        #expect(cut.status == 1)
        #expect(cut.stderr.contains("ledger-4.ndjson:\(lines.count + 1):1: error: line \(lines.count + 1) is incomplete (a run was stopped while writing it); the ledger verifies up to line \(lines.count)\n"))
        #expect(cut.stdout.contains("the chain is broken: lines 1–\(lines.count) verified\n"))
        let refused = try MarkProcess.run([Self.kettle, "--ledger", dir + "/ledger-4.ndjson"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("the ledger ends in an incomplete line"))

        var edited = lines.map(String.init)
        edited[9] = edited[9].replacing("\"seq\":10,", with: "\"seq\":10, ")
        try Self.write(edited.joined(separator: "\n") + "\n", dir + "/edited.ndjson")
        let broken = try MarkProcess.run(["ledger", "verify", dir + "/edited.ndjson"])
        #expect(broken.status == 1)
        #expect(broken.stderr == "\(dir)/edited.ndjson:10:1: error: line 10 was edited: line 11 records a different SHA-256 of it\n")
        let head = try MarkProcess.run(["ledger", "verify", dir + "/ledger-1.ndjson", "--head", sha256(lines[20])])
        #expect(head.status == 0 && head.stdout.contains("and holds the head noted earlier"))
        #expect(try MarkProcess.run(["ledger", "verify", dir + "/edited.ndjson", "--head", sha256(lines[9])]).stderr.contains("no line has the SHA-256"))
        #expect(try MarkProcess.run(["ledger", "check", "x"]).status == 64)
    }

    @Test func agreeAndSampleTreatOverriddenDecisionsAsARisk() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.write(Self.overrides, dir + "/o.csv")
        try Self.write("learner,grade,adapted_style\nL-1042,Merit,\nL-2401,Merit,not met\n", dir + "/d.csv")
        #expect(try MarkProcess.run([Self.kettle, Self.pharmacy, "--overrides", dir + "/o.csv", "--out", dir + "/results"]).status == 0)
        let text = try MarkProcess.run(["agree", dir + "/results", dir + "/d.csv"])
        #expect(text.stdout.contains("\nOverridden by an assessor (2 of 2): a risk to check\n    L-1042  A-17\n"))
        #expect(text.stdout.contains("        grade: engine Merit, override Distinction by A-17; human Merit: agrees with the engine\n"))
        #expect(text.stdout.contains("        adapted_style: engine met, override not met by A-31; human not met: agrees with the override\n"))
        let csv = try MarkProcess.run(["agree", dir + "/results", dir + "/d.csv", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("learner,assessor,unit,ruleset,engine_grade,human_grade,engine_marks,human_marks,points_differ,path,overrides\r\n"))
        #expect(csv.stdout.contains(",\"adapted_style: engine met, override not met by A-31\"\r\n"))
        let json = try MarkProcess.run(["agree", dir + "/results", dir + "/d.csv", "--format", "json"])
        #expect(json.stdout.contains("\"overridden\": ["))
        let sample = try MarkProcess.run(["sample", dir + "/results", "--overridden-weight", "5"])
        #expect(sample.stdout.contains("  cohort: 1 borderline, 0 referred, 2 overridden\n"))
        #expect(sample.stdout.contains("        overridden: adapted_style met → not met by A-31 (weight ×5)\n"))
    }

    @Test func mergeAddsUpTheShardsOverrideCounts() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.write(Self.overrides, dir + "/o.csv")
        for (n, file) in [Self.kettle, Self.pharmacy].enumerated() {
            let shard = try MarkProcess.run([file, "Samples/service-promise-distinction-opticians.json", "--overrides", dir + "/o.csv", "--format", "json"])
            try Self.write(shard.stdout, dir + "/shard\(n).ndjson")
        }
        let merged = try MarkProcess.run(["merge", dir + "/shard0.ndjson", dir + "/shard1.ndjson"])
        #expect(merged.status == 0)
        #expect(merged.stdout.hasSuffix(#","overrides":{"count":3,"submissions":2,"byAssessor":[{"assessor":"A-17","count":2},{"assessor":"A-31","count":1}],"byDecision":[{"decision":"adapted_style","count":1},{"decision":"grade","count":1},{"decision":"personalised_communication","count":1}]}}"# + "\n"))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "needs /dev/full"))
    func aLedgerThatCannotBeWrittenFailsTheRun() throws {
        let full = try MarkProcess.run([Self.kettle, Self.pharmacy, "--ledger", "/dev/full", "--format", "csv"])
        #expect(full.status == 1)
        #expect(full.stderr == "mark: cannot write the ledger '/dev/full': No space left on device\n")
        let folder = try MarkProcess.run([Self.kettle, "--ledger", "Samples"])
        #expect(folder.status == 1 && folder.stdout.isEmpty)
        #expect(folder.stderr == "mark: Samples: cannot open the ledger: Is a directory\n")
    }

    func sha256(_ line: Substring) -> String { SHA256.hex(Array(line.utf8)) }
}
