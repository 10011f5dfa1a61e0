import Foundation
import Testing

@testable import MarkCore

/// Overrides (reading, checking, applying), result-file integrity and the ledger's chain.
@Suite struct GovernanceTests {
    static let catalog: RulesetCatalog = RulesetCatalog.load(rulesFolder)
    static var rulesFolder: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path + "/Rules"
    }
    static let header = "learner,unit,point,verdict,grade,assessor,date,rationale\n"

    static func sheet(_ rows: String) -> Result<OverrideSheet, DiagnosticList> {
        OverrideSheet.read(SourceFile(path: "o.csv", text: header + rows), catalog: catalog)
    }

    /// Every problem of the sheet as `line:column: message`.
    static func problems(_ rows: String) -> [String] {
        guard case .failure(let list) = sheet(rows) else { return [] }
        let source = SourceFile(path: "o.csv", text: header + rows)
        return list.items.map { d in
            let loc = source.location(of: d.range.lowerBound)
            return "\(loc.line):\(loc.column): \(d.message)"
        }
    }

    @Test func rowsAreCheckedAgainstTheRulesAtTheirCells() {
        #expect(Self.problems("L-1,CS-EXC-04,verified_ownershp,met,,A-17,2026-03-02,Seen\n") == [
            "2:15: the ruleset for unit 'CS-EXC-04' has no marking point 'verified_ownershp'; did you mean 'verified_ownership'?"
        ])
        #expect(Self.problems("L-1,CS-EXC-04,,,Distinction,A-17,2026-03-02,\n") == [
            "2:45: an override needs a rationale: say why the engine's decision is overridden"
        ])
        #expect(Self.problems("L-1,CS-EXC-04,,,Distinctoin,A-17,2026-03-02,x\n") == [
            "2:17: 'Distinctoin' is not a grade of unit 'CS-EXC-04'; did you mean 'Distinction'?"
        ])
        #expect(Self.problems("L-1,CS-XXX,,,Pass,A-17,2026-02-30,x\n") == [
            "2:5: no ruleset marks unit 'CS-XXX'", "2:24: '2026-02-30' is not a date as YYYY-MM-DD",
        ])
        #expect(Self.problems("L-1,CS-EXC-04,adapted_style,partially met,,A-17,2026-03-02,x\n").first?.contains("cannot be partially met") == true)
        #expect(Self.problems("L-1,CS-EXC-04,adapted_style,met,Pass,A-17,2026-03-02,x\n").first?.contains("not both") == true)
        #expect(Self.problems("L-1,CS-EXC-04,,,,A-17,2026-03-02,x\n").first?.contains("overrides nothing") == true)
        #expect(Self.problems("L-1,CS-EXC-04,adapted_style,,,,2026-03-02,x\n").count == 2)  // no verdict, no assessor
        #expect(Self.problems("L-1,CS-EXC-04,,,Pass,A-1,2026-03-02,x\nL-1,CS-EXC-04,,,Merit,A-2,2026-03-03,y\n") == [
            "3:17: a second override of the same decision for learner 'L-1' (the first is on line 2); keep one"
        ])
    }

    @Test func theHeaderMustNameEveryColumn() {
        let bad = OverrideSheet.read(SourceFile(path: "o.csv", text: "learner,unit,point,verdict,grade,assessor,date,rationle\n"), catalog: Self.catalog)
        guard case .failure(let list) = bad else {
            Issue.record("a header without 'rationale' was accepted")
            return
        }
        #expect(list.items.map(\.message).contains { $0.contains("unknown column 'rationle'; did you mean 'rationale'?") })
        #expect(list.items.map(\.message).contains { $0.contains("no 'rationale' column") })
    }

    static func sample() throws -> (MarkingResult, Ruleset) {
        let path = rulesFolder + "/../Samples/exceeding-expectations-merit-kettle-and-courier.json"
        let source = SourceFile(path: "s.json", bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        var marker = Marker(catalog: catalog)
        guard case .marked(let r) = marker.mark(source) else { throw Message("the sample does not mark") }
        return (r, catalog.rulesets.first { $0.sourceHash == r.ruleset.sha256 }!)
    }

    @Test func overridesAreRecordedBesideTheEngineDecisionsInPointOrder() throws {
        var (result, ruleset) = try Self.sample()
        let engine = result
        let sheet = try Self.sheet(
            "L-1042,CS-EXC-04,,,Distinction,A-17,2026-03-02,Seen on paper\nL-1042,CS-EXC-04,adapted_style,not met,,A-31,2026-03-01,Scripted\n"
                + "L-1042,CS-EXC-04,personalised_communication,met,,A-17,2026-03-02,Log\nL-9,CS-EXC-04,,,Pass,A-17,2026-03-02,Other learner\n"
        ).get()
        #expect(sheet.apply(to: &result, ruleset: ruleset).isEmpty)
        #expect(result.overrides.map(\.targetName) == ["personalised_communication", "adapted_style", "grade"])
        #expect(result.overrides.map(\.engine) == ["partially met", "met", "Merit"])
        #expect(result.overrides.map(\.decision) == ["met", "not met", "Distinction"])
        #expect(result.decidedGrade == "Distinction")
        // The engine's decisions are untouched.
        var stripped = result
        stripped.overrides = []
        #expect(stripped == engine)
        let json = ResultJSON.render(result, engineVersion: "0", pretty: false)
        #expect(json.contains(#""grade":"Merit""#))
        #expect(json.contains(#"{"target":"grade","engine":"Merit","override":"Distinction","assessor":"A-17","date":"2026-03-02","rationale":"Seen on paper"}"#))
        let text = ResultText.render(result)
        #expect(text.contains("Grade: Merit — 20 of 28 marks\nOverridden: grade Distinction (engine: Merit) by A-17 on 2026-03-02\n    Rationale: Seen on paper\n"))
        #expect(text.contains("    Overridden: not met (engine: met) by A-31 on 2026-03-01\n      Rationale: Scripted\n"))
        // Read back by moderation.
        var set = ResultSet()
        ResultsReader.read(SourceFile(path: "r.json", text: json), into: &set)
        #expect(set.records.first?.overrides == result.overrides)
    }

    @Test func aRulesetVersionWithoutThePointIsAnErrorAtTheRow() throws {
        var (result, ruleset) = try Self.sample()
        let sheet = try Self.sheet("L-1042,CS-EXC-04,adapted_style,met,,A-17,2026-03-02,x\n").get()
        result.points.removeAll { $0.id == "adapted_style" }
        let problems = sheet.apply(to: &result, ruleset: ruleset)
        #expect(problems.map(\.message) == ["exceeding-expectations 1.1.5, which marked this learner's submission, has no marking point 'adapted_style'"])
        #expect(result.overrides.isEmpty)
    }

    @Test func integrityDigestCatchesAnyEdit() throws {
        let (result, _) = try Self.sample()
        let sealed = ResultIntegrity.seal(ResultJSON.render(result, engineVersion: "0", pretty: true, inputSHA256: "ab"))
        #expect(ResultIntegrity.check(Array(sealed.utf8)) == .intact)
        #expect(sealed.hasSuffix("\n  ],\n  \"integrity\": {\n    \"sha256\": \"\(SHA256.hex(Array((ResultJSON.render(result, engineVersion: "0", pretty: true, inputSHA256: "ab") + "\n").utf8)))\"\n  }\n}\n"))
        #expect(ResultIntegrity.check(Array(sealed.replacing(#""grade": "Merit""#, with: #""grade": "Fail""#).utf8)) == .mismatch)
        #expect(ResultIntegrity.check(Array((sealed + "{}\n").utf8)) == .mismatch)
        #expect(ResultIntegrity.check(Array(sealed.dropLast(10).utf8)) == .mismatch)
        #expect(ResultIntegrity.check(Array((ResultJSON.render(result, engineVersion: "0", pretty: true) + "\n").utf8)) == .missing)
    }

    /// A sealed result file for the kettle sample, as `mark --out` writes it.
    static func resultFile(engine: String = "0.1.0") throws -> (bytes: [UInt8], evidence: String) {
        let evidence = rulesFolder + "/../Samples/exceeding-expectations-merit-kettle-and-courier.json"
        var (result, _) = try sample()
        result.path = evidence
        let input = SHA256.hex(Array(try Data(contentsOf: URL(fileURLWithPath: evidence))))
        return (Array(ResultIntegrity.seal(ResultJSON.render(result, engineVersion: engine, pretty: true, inputSHA256: input)).utf8), evidence)
    }

    @Test func anotherEngineVersionThatGivesTheSameDecisionReproducesIt() throws {
        let (bytes, _) = try Self.resultFile()
        let same = ResultVerifier.verify(path: "r.json", bytes: bytes, catalog: Self.catalog, engineVersion: "0.1.0")
        #expect(same.reproduced && same.causes.isEmpty && same.notes.isEmpty)
        let newer = ResultVerifier.verify(path: "r.json", bytes: bytes, catalog: Self.catalog, engineVersion: "0.2.0")
        #expect(newer.reproduced)
        #expect(newer.notes == ["note: engine version changed: the result was made by mark 0.1.0, this is mark 0.2.0"])
        // A decision that differs names the engine version among the causes.
        let edited = Array(String(decoding: bytes, as: UTF8.self).replacing(#""total": 20"#, with: #""total": 21"#).utf8)
        let v = ResultVerifier.verify(path: "r.json", bytes: edited, catalog: Self.catalog, engineVersion: "0.2.0")
        #expect(!v.reproduced)
        #expect(v.causes == ["result file edited: its integrity digest does not match its content", "engine version changed: the result was made by mark 0.1.0, this is mark 0.2.0"])
        #expect(v.differences == ["total: recorded 21, re-marked 20"])
    }

    @Test func aRulesetEditedWithoutANewVersionIsNamed() throws {
        let (bytes, _) = try Self.resultFile()
        let folder = NSTemporaryDirectory() + "rules-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: Self.rulesFolder, toPath: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/exceeding-expectations.rules"
        try (try String(contentsOfFile: file, encoding: .utf8) + "# a comment added later\n").write(toFile: file, atomically: true, encoding: .utf8)
        let v = ResultVerifier.verify(path: "r.json", bytes: bytes, catalog: RulesetCatalog.load(folder), engineVersion: "0.1.0")
        #expect(!v.reproduced)
        #expect(v.causes.count == 1 && v.causes[0].hasPrefix("ruleset changed: exceeding-expectations 1.1.5 in the rules now has sha256 "))
        #expect(v.differences.isEmpty && v.notes == ["the re-mark gives the recorded decision all the same"])
    }

    static func ledgerFile() -> String { NSTemporaryDirectory() + "ledger-\(UUID().uuidString).ndjson" }

    static func entry(_ n: Int) -> LedgerEntry {
        LedgerEntry(
            learner: "L-\(n)", unit: "U", assessor: "A-1", rulesetID: "r", rulesetVersion: "1.0.0", rulesetSHA256: "aa", inputSHA256: "bb",
            grade: "Pass")
    }

    /// A ledger of `count` decisions, appended by two runs; its lines.
    static func ledger(_ count: Int, path: String) throws -> [String] {
        for run in [0..<count / 2, count / 2..<count] {
            let ledger = try Ledger.open(path, time: { Date(timeIntervalSince1970: 0) }).get()
            for n in run { ledger.append(entry(n + 1)) }
            #expect(ledger.finish() == nil)
        }
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    static func verify(_ lines: [String], tail: String = "\n", head: String? = nil) -> LedgerVerification {
        LedgerVerification.verify(SourceFile(path: "l", text: lines.joined(separator: "\n") + tail), head: head)
    }

    static func messages(_ v: LedgerVerification) -> [String] {
        v.problems.map { "\(v.source.location(of: $0.range.lowerBound).line): \($0.message)" }
    }

    @Test func ledgerLinesChainAcrossRuns() throws {
        let path = Self.ledgerFile()
        defer { unlink(path) }
        let lines = try Self.ledger(6, path: path)
        #expect(lines.count == 6)
        #expect(lines[0].hasPrefix(#"{"format":"ledger/1","seq":1,"time":"1970-01-01T00:00:00Z","learner":"L-1","#))
        #expect(lines[0].hasSuffix(#","grade":"Pass","previous":"\#(Ledger.genesis)"}"#))
        #expect(lines[3].hasSuffix(#""previous":"\#(SHA256.hex(Array(lines[2].utf8)))"}"#))
        let v = Self.verify(lines)
        #expect(v.intact && v.verified == 6 && v.head == SHA256.hex(Array(lines[5].utf8)))
    }

    @Test func ledgerVerifyNamesEditedRemovedAndReorderedLines() throws {
        let path = Self.ledgerFile()
        defer { unlink(path) }
        let lines = try Self.ledger(6, path: path)
        var edited = lines
        edited[2] = edited[2].replacing(#""grade":"Pass""#, with: #""grade":"Merit""#)
        #expect(Self.messages(Self.verify(edited)) == ["3: line 3 was edited: line 4 records a different SHA-256 of it"])
        #expect(Self.verify(edited).verified == 2)
        var removed = lines
        removed.remove(at: 3)
        #expect(Self.messages(Self.verify(removed)) == ["4: a line was removed before line 4: it is decision 5, the decision before it is 3"])
        var swapped = lines
        swapped.swapAt(1, 2)
        #expect(Self.messages(Self.verify(swapped)) == [
            "2: line 2 is out of order: it is decision 3, but decision 2 comes later, on line 3", "3: line 3 is out of order: it is decision 2, after decision 3",
        ])
        #expect(Self.messages(Self.verify(["not json"] + lines.dropFirst())).first == "1: line 1 is not a ledger line (ledger/1): it was edited or inserted")
        // The last line has no successor: only a head noted earlier catches its edit.
        var last = lines
        last[5] = last[5].replacing(#""L-6""#, with: #""L-7""#)
        #expect(Self.verify(last).intact)
        let head = SHA256.hex(Array(lines[5].utf8))
        #expect(!Self.verify(last, head: head).intact)
        #expect(Self.verify(lines, head: head).intact)
        #expect(Self.verify(lines + [lines[0]]).messages().isEmpty == false)
    }

    @Test func aLedgerCutMidLineVerifiesUpToItsLastWholeLine() throws {
        let path = Self.ledgerFile()
        defer { unlink(path) }
        let lines = try Self.ledger(4, path: path)
        let cut = lines.joined(separator: "\n") + "\n" + String(lines[3].prefix(40))
        let v = LedgerVerification.verify(SourceFile(path: "l", text: cut))
        #expect(v.incomplete && v.verified == 4 && v.lines == 4 && v.head == SHA256.hex(Array(lines[3].utf8)))
        #expect(Self.messages(v) == ["5: line 5 is incomplete (a run was stopped while writing it); the ledger verifies up to line 4"])
        // A run refuses to append after the incomplete line.
        try cut.write(toFile: path, atomically: true, encoding: .utf8)
        guard case .failure(let m) = Ledger.open(path) else {
            Issue.record("a ledger ending mid-line was opened for appending")
            return
        }
        #expect(m.text.contains("ends in an incomplete line"))
    }

    @Test func aLedgerIsLockedWhileARunAppends() throws {
        let path = Self.ledgerFile()
        defer { unlink(path) }
        let first = try Ledger.open(path).get()
        guard case .failure(let m) = Ledger.open(path) else {
            Issue.record("a second run opened a locked ledger")
            return
        }
        #expect(m.text == "the ledger is in use by another run of mark")
        first.finish()
        let again = try Ledger.open(path).get()
        #expect(again.finish() == nil)
    }
}

extension LedgerVerification {
    func messages() -> [String] { problems.map(\.message) }
}
