import Foundation
import Testing

/// End-to-end tests of cohort marking: the built `mark` and `mark-cohort` on generated cohorts.
@Suite struct CohortCommandTests {
    /// A generated cohort in a fresh temporary folder, removed by `remove()`.
    struct Cohort {
        let root: String
        var submissions: String { root + "/submissions" }
        var results: String { root + "/results" }

        init(count: Int, seed: Int = 1, malformed: Double = 0, items: String = "2-6") throws {
            root = NSTemporaryDirectory() + "mark-cohort-test-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            let r = try CohortCommandTests.generate([
                "--count", "\(count)", "--seed", "\(seed)", "--malformed", "\(malformed)", "--items", items, "--out", root + "/submissions",
            ])
            #expect(r.status == 0, "\(r.stderr)")
        }

        func remove() { try? FileManager.default.removeItem(atPath: root) }
    }


    /// Runs the built `mark-cohort` in the package root.
    static func generate(_ arguments: [String]) throws -> MarkProcess.Output {
        try MarkProcess.run(arguments, executable: "mark-cohort")
    }

    static func lines(_ text: String) -> [String] { text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }

    static func object(_ line: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
    }

    @Test func generatorIsDeterministicAndPrefixStable() throws {
        let a = try Self.generate(["--count", "12", "--seed", "9", "--ndjson", "--malformed", "0.3"])
        let b = try Self.generate(["--count", "12", "--seed", "9", "--ndjson", "--malformed", "0.3"])
        let c = try Self.generate(["--count", "5", "--seed", "9", "--ndjson", "--malformed", "0.3"])
        let d = try Self.generate(["--count", "12", "--seed", "10", "--ndjson"])
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stdout == b.stdout)
        #expect(Self.lines(a.stdout).count == 12)
        #expect(Array(Self.lines(a.stdout).prefix(5)) == Self.lines(c.stdout))
        #expect(a.stdout != d.stdout)
        let help = try Self.generate(["--help"])
        #expect(help.stdout.contains("--quality"))
        #expect(help.stdout.contains("--malformed"))
    }

    @Test func jobsOneAndTwoGiveTheSameBytesInInputOrder() throws {
        let cohort = try Cohort(count: 120, seed: 3, malformed: 0.15)
        defer { cohort.remove() }
        for format in ["csv", "json", "text"] {
            let one = try MarkProcess.run([cohort.submissions, "--format", format, "--jobs", "1"])
            let two = try MarkProcess.run([cohort.submissions, "--format", format, "--jobs", "2"])
            #expect(one.status == 1, "malformed submissions fail the run (\(format))")
            #expect(one.stdout == two.stdout, "\(format) output differs between --jobs 1 and 2")
            #expect(one.stderr == two.stderr, "\(format) diagnostics differ between --jobs 1 and 2")
            #expect(!one.stdout.isEmpty)
        }
        // Rows come in input order: the sorted file names.
        let csv = try MarkProcess.run([cohort.submissions, "--format", "csv", "--jobs", "2"])
        let rows = Self.lines(csv.stdout)
        #expect(rows.count == 121)
        let header = rows[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(Array(header.prefix(7)) == ["learner", "unit", "ruleset", "ruleset_version", "grade", "total", "maximum"])
        #expect(Array(header.suffix(2)) == ["path", "error"])
        let paths = rows.dropFirst().map { row -> String in
            let name = row.range(of: "submission-")!
            return String(row[name.lowerBound...].prefix(22))
        }
        #expect(paths == paths.sorted())
        #expect(paths.first == "submission-000001.json")
        #expect(csv.stderr.contains("120 submissions:"))
    }

    @Test func failuresBecomeRecordsAndTheRunGoesOn() throws {
        let cohort = try Cohort(count: 60, seed: 5, malformed: 0.25)
        defer { cohort.remove() }
        let r = try MarkProcess.run([cohort.submissions, "--format", "json"])
        #expect(r.status == 1)
        let lines = Self.lines(r.stdout)
        #expect(lines.count == 61, "one line per submission and the trailer")
        let records = lines.dropLast().compactMap(Self.object)
        #expect(records.count == 60)
        let failed = records.filter { $0["errors"] != nil }
        #expect(!failed.isEmpty)
        for f in failed {
            let errors = f["errors"] as? [[String: Any]] ?? []
            #expect(!errors.isEmpty)
            #expect(errors.allSatisfy { ($0["line"] as? Int ?? 0) >= 1 && ($0["column"] as? Int ?? 0) >= 1 })
            #expect(f["grade"] == nil)
        }
        let trailer = Self.object(lines.last!)
        #expect(trailer?["format"] as? String == "summary/1")
        #expect(trailer?["submissions"] as? Int == 60)
        #expect(trailer?["failed"] as? Int == failed.count)
        #expect(trailer?["marked"] as? Int == 60 - failed.count)
        let rulesets = trailer?["rulesets"] as? [[String: Any]] ?? []
        #expect(rulesets.reduce(0) { $0 + ($1["marked"] as? Int ?? 0) } == 60 - failed.count)
        for ruleset in rulesets {
            let grades = ruleset["grades"] as? [[String: Any]] ?? []
            #expect(grades.reduce(0) { $0 + ($1["count"] as? Int ?? 0) } == ruleset["marked"] as? Int)
            for point in ruleset["points"] as? [[String: Any]] ?? [] {
                let share = point["metShare"] as? Double ?? -1
                #expect(share >= 0 && share <= 1)
            }
        }
        // The CSV gives each failure a row with its path and error, and no learner data.
        let csv = try MarkProcess.run([cohort.submissions, "--format", "csv"])
        let errorRows = Self.lines(csv.stdout).filter { $0.hasPrefix(",,,,,,,") }
        #expect(errorRows.count == failed.count)
        #expect(errorRows.allSatisfy { $0.contains("submission-") && !$0.hasSuffix(",") })
        #expect(csv.stderr.contains("\(failed.count) failed"))
    }

    @Test func ndjsonLinesReportTheirOwnLineNumbers() throws {
        let sample = try Self.sample()
        let good = try String(contentsOfFile: MarkProcess.packageRoot + "/" + sample, encoding: .utf8)
        let compact = String(data: try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: Data(good.utf8))), encoding: .utf8)!
        let stream = [compact, "", "{\"format\": \"evidence/1\", \"learner\": 7}", compact].joined(separator: "\n") + "\n"
        let r = try MarkProcess.run(["-", "--ndjson", "--format", "json"], stdin: stream)
        #expect(r.status == 1)
        let lines = Self.lines(r.stdout)
        #expect(lines.count == 4)
        let failure = Self.object(lines[1])
        #expect((failure?["submission"] as? [String: Any])?["path"] as? String == "<stdin>:3")
        let error = (failure?["errors"] as? [[String: Any]])?.first
        #expect(error?["line"] as? Int == 3)
        #expect(r.stderr.contains("<stdin>:3:"))
        #expect((Self.object(lines[2])?["submission"] as? [String: Any])?["path"] as? String == "<stdin>:4")
        #expect(Self.object(lines[3])?["submitted"] == nil && Self.object(lines[3])?["format"] as? String == "summary/1")
        // One submission alone is still pretty JSON with no trailer.
        let one = try MarkProcess.run([sample, "--format", "json"])
        #expect(one.stdout.hasPrefix("{\n  \"format\": \"result/1\""))
        #expect(!one.stdout.contains("summary/1"))
    }

    @Test func outWritesResultFilesAndRerunsSkipWhatIsUpToDate() throws {
        let cohort = try Cohort(count: 40, seed: 7, malformed: 0.1)
        defer { cohort.remove() }
        let first = try MarkProcess.run([cohort.submissions, "--out", cohort.results, "--format", "json"])
        #expect(first.status == 1)
        let summary1 = Self.object(Self.lines(first.stdout).last ?? "")
        #expect(Self.lines(first.stdout).count == 1, "with --out only the trailer is printed")
        let marked = summary1?["marked"] as? Int ?? -1
        #expect(summary1?["markedNow"] as? Int == marked)
        let files = try FileManager.default.contentsOfDirectory(atPath: cohort.results).filter { !$0.hasPrefix(".") }.sorted()
        #expect(files.count == 40)
        #expect(files.first == "submission-000001.result.json")
        for name in files {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cohort.results + "/" + name))) as? [String: Any]
            #expect(((object?["input"] as? [String: Any])?["sha256"] as? String)?.count == 64, "\(name) records its input's digest")
        }

        let second = try MarkProcess.run([cohort.submissions, "--out", cohort.results, "--format", "json"])
        let summary2 = Self.object(Self.lines(second.stdout).last ?? "")
        #expect(summary2?["markedNow"] as? Int == 0, "nothing new to mark")
        #expect(summary2?["upToDate"] as? Int == marked)
        #expect(summary2?["failed"] as? Int == summary1?["failed"] as? Int)

        // The gradebook is the same whether results were marked now or read back.
        let csvFresh = try MarkProcess.run([cohort.submissions, "--format", "csv"])
        let csvAgain = try MarkProcess.run([cohort.submissions, "--out", cohort.results, "--format", "csv"])
        #expect(csvFresh.stdout == csvAgain.stdout)

        // Change one marked submission: only it is marked again.
        let changed = try Self.firstMarked(in: cohort.results)
        let input = cohort.submissions + "/" + changed.replacingOccurrences(of: ".result.json", with: ".json")
        var text = try String(contentsOfFile: input, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"assessor\":\"A-", with: "\"assessor\":\"B-")
        try text.write(toFile: input, atomically: true, encoding: .utf8)
        let third = try MarkProcess.run([cohort.submissions, "--out", cohort.results, "--format", "json"])
        let summary3 = Self.object(Self.lines(third.stdout).last ?? "")
        #expect(summary3?["markedNow"] as? Int == 1)
        #expect(summary3?["upToDate"] as? Int == marked - 1)
        let result = try String(contentsOfFile: cohort.results + "/" + changed, encoding: .utf8)
        #expect(result.contains("\"assessor\": \"B-"))
    }

    /// A shipped sample submission (every sample marks cleanly).
    static func sample() throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: MarkProcess.packageRoot + "/Samples")
        guard let name = names.filter({ $0.hasSuffix(".json") && !$0.hasSuffix(".result.json") }).sorted().first else {
            throw MarkProcessError(message: "no sample submissions in Samples/")
        }
        return "Samples/" + name
    }

    static func firstMarked(in folder: String) throws -> String {
        for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where !name.hasPrefix(".") {
            let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
            if text.contains("\"grade\"") { return name }
        }
        throw MarkProcessError(message: "no marked result in \(folder)")
    }

    @Test func killedRunLeavesOnlyCompleteResultsAndTheNextRunFinishes() throws {
        let cohort = try Cohort(count: 1500, seed: 11, malformed: 0.05, items: "3-8")
        defer { cohort.remove() }
        guard FileManager.default.isExecutableFile(atPath: MarkProcess.binary) else {
            throw MarkProcessError(message: "no built mark at \(MarkProcess.binary); run 'swift build' first")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: MarkProcess.binary)
        process.arguments = [cohort.submissions, "--out", cohort.results, "--format", "json", "--jobs", "2"]
        process.currentDirectoryURL = URL(fileURLWithPath: MarkProcess.packageRoot)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until some results are written, then kill it without warning.
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let written = (try? FileManager.default.contentsOfDirectory(atPath: cohort.results))?.count ?? 0
            if written >= 60 || !process.isRunning { break }
            usleep(5_000)
        }
        let killedMidRun = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        let names = try FileManager.default.contentsOfDirectory(atPath: cohort.results)
        let results = names.filter { !$0.hasPrefix(".") }
        #expect(results.allSatisfy { $0.hasSuffix(".result.json") })
        for name in results {
            let data = try Data(contentsOf: URL(fileURLWithPath: cohort.results + "/" + name))
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            #expect(object?["format"] as? String == "result/1", "\(name) is a complete result")
        }
        if killedMidRun { #expect(results.count < 1500, "the run was killed before it finished") }

        let rerun = try MarkProcess.run([cohort.submissions, "--out", cohort.results, "--format", "json"])
        let summary = Self.object(Self.lines(rerun.stdout).last ?? "")
        #expect(summary?["submissions"] as? Int == 1500)
        let after = try FileManager.default.contentsOfDirectory(atPath: cohort.results)
        #expect(after.filter { !$0.hasPrefix(".") }.count == 1500)
        #expect(after.filter { $0.hasPrefix(".") }.isEmpty, "temporary files of the killed run are cleaned up")
        #expect((summary?["upToDate"] as? Int ?? 0) > 0 || !killedMidRun)
    }

    @Test func usageErrors() throws {
        let jobs = try MarkProcess.run(["mark", "Samples", "--jobs", "0"])
        #expect(jobs.status == 64)
        #expect(jobs.stderr.contains("--jobs"))
        let format = try MarkProcess.run(["mark", "Samples", "--format", "xml"])
        #expect(format.status == 64)
        #expect(format.stderr.contains("csv"))
        let twice = try MarkProcess.run(["mark", "-", "-"])
        #expect(twice.status == 64)
        #expect(twice.stderr.contains("'-'"))
    }
}
