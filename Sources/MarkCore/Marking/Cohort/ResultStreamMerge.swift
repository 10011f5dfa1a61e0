/// Joins the NDJSON result streams of several `mark --format json` runs over shards of one
/// cohort into one stream: every result line passes through unchanged, in the order given, and
/// the shards' `summary/1` trailers become one trailer with the counts added up. For shards cut
/// from one input in order (GNU `parallel --pipe --keep-order`, a job array's numbered parts)
/// the joined stream is what one run over the whole input prints, but that each result's
/// `submission.path` names its shard's input and line.
///
/// One stream may hold several shards' outputs one after another, each ending with its trailer
/// (what `parallel --pipe --keep-order` prints). Nothing is lost silently: a shard without a
/// trailer (a run that died), a shard whose
/// trailer counts a different number of submissions than it has result lines, and a line that
/// is not a result or a trailer are errors naming the file and line.
public struct ResultStreamMerge {
    /// A problem in a shard's stream.
    public struct Problem: Error, Sendable {
        public var path: String
        public var line: Int
        public var message: String
    }

    var summary = CohortSummary(catalog: RulesetCatalog(rulesets: [], diagnostics: [], sources: [:]))
    /// Tallies by ruleset SHA-256, id and version.
    var rulesetKeys: [String: Int] = [:]
    var resultLines = 0
    var trailerSeen = false
    var path = ""

    /// Creates an empty merge.
    public init() {}

    /// Starts the next shard's stream.
    public mutating func begin(path: String) {
        self.path = path
        resultLines = 0
        trailerSeen = false
    }

    /// Reads one line of the current shard: returns true for a result line (to be passed
    /// through), false for the trailer (merged) or a blank line.
    public mutating func add(line: ArraySlice<UInt8>, number: Int) throws(Problem) -> Bool {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return false }
        let json: JSONDocument
        do {
            json = try JSONReader.parse(line)
        } catch {
            throw Problem(path: path, line: number, message: "not a JSON result line: \(error.message) (at column \(error.offset + 1))")
        }
        guard json.kind(json.root) == .object else {
            throw Problem(path: path, line: number, message: "expected a result object or a summary/1 trailer")
        }
        let format = json.member(json.root, "format").map { json.kind($0) == .string ? json.string($0) : "" }
        guard format == "summary/1" else {
            // A result after a trailer starts the next shard's results in the same stream
            // (`parallel --pipe --keep-order mark … | mark merge -`).
            if trailerSeen {
                trailerSeen = false
                resultLines = 0
            }
            resultLines += 1
            return true
        }
        if trailerSeen { resultLines = 0 }  // a shard with no submissions
        trailerSeen = true
        try absorb(json, line: number)
        return false
    }

    /// Ends the current shard's stream.
    public mutating func end(lines: Int) throws(Problem) {
        guard trailerSeen else {
            throw Problem(path: path, line: lines, message: "no summary/1 trailer: the run that wrote this shard did not finish")
        }
    }

    /// The merged trailer line (with its line feed).
    public var trailer: String { summary.json() }

    /// Whether some shard's run was interrupted.
    public var interrupted: Bool { summary.interrupted }

    private mutating func absorb(_ json: JSONDocument, line: Int) throws(Problem) {
        let root = json.root
        func count(_ object: Int, _ key: String) throws(Problem) -> Int {
            guard let n = json.member(object, key), json.kind(n) == .number, case let v = json.number(n), v >= 0, v == v.rounded(), v < 1e15 else {
                throw Problem(path: path, line: line, message: "summary/1 trailer: expected a count in \"\(key)\"")
            }
            return Int(v)
        }
        func text(_ object: Int, _ key: String) throws(Problem) -> String {
            guard let n = json.member(object, key), json.kind(n) == .string else {
                throw Problem(path: path, line: line, message: "summary/1 trailer: expected text in \"\(key)\"")
            }
            return json.string(n)
        }
        func list(_ object: Int, _ key: String) throws(Problem) -> [Int] {
            guard let n = json.member(object, key), json.kind(n) == .array else {
                throw Problem(path: path, line: line, message: "summary/1 trailer: expected a list in \"\(key)\"")
            }
            return json.elements(n)
        }
        let submissions = try count(root, "submissions")
        let failed = try count(root, "failed")
        guard submissions == resultLines else {
            throw Problem(
                path: path, line: line,
                message: "the trailer counts \(submissions) submissions but the shard has \(resultLines) result lines")
        }
        summary.submissions += submissions
        summary.markedNow += try count(root, "markedNow")
        summary.upToDate += try count(root, "upToDate")
        summary.failed += failed
        if let i = json.member(root, "interrupted"), json.bool(i) { summary.interrupted = true }
        if let o = json.member(root, "overrides") {
            func counts(_ key: String, _ name: String) throws(Problem) -> [String: Int] {
                var out: [String: Int] = [:]
                for e in try list(o, key) { out[try text(e, name), default: 0] += try count(e, "count") }
                return out
            }
            summary.overrides.add(
                count: try count(o, "count"), submissions: try count(o, "submissions"), byAssessor: try counts("byAssessor", "assessor"),
                byDecision: try counts("byDecision", "decision"))
        }
        for r in try list(root, "rulesets") {
            var facts = CohortSummary.RulesetFacts(
                id: try text(r, "id"), version: try text(r, "version"), sha256: try text(r, "sha256"), unit: try text(r, "unit"),
                grades: [], points: [], partial: [])
            var gradeCounts: [Int] = []
            for g in try list(r, "grades") {
                facts.grades.append(try text(g, "grade"))
                gradeCounts.append(try count(g, "count"))
            }
            var met: [Int] = []
            var partiallyMet: [Int] = []
            for p in try list(r, "points") {
                facts.points.append(try text(p, "id"))
                facts.partial.append(true)
                met.append(try count(p, "met"))
                partiallyMet.append(try count(p, "partiallyMet"))
            }
            let key = facts.sha256 + " " + facts.id + " " + facts.version
            let marked = try count(r, "marked")
            if let k = rulesetKeys[key] {
                let known = summary.tallies[k]!.facts
                guard known.grades == facts.grades, known.points == facts.points else {
                    throw Problem(path: path, line: line, message: "ruleset \(facts.id) \(facts.version) has other grades or points than in an earlier shard")
                }
                summary.tallies[k]!.marked += marked
                for g in gradeCounts.indices { summary.tallies[k]!.grades[g] += gradeCounts[g] }
                for p in met.indices {
                    summary.tallies[k]!.met[p] += met[p]
                    summary.tallies[k]!.partiallyMet[p] += partiallyMet[p]
                }
            } else {
                let k = summary.order.count
                rulesetKeys[key] = k
                summary.order.append(k)
                summary.tallies[k] = CohortSummary.Tally(facts: facts, marked: marked, grades: gradeCounts, met: met, partiallyMet: partiallyMet)
            }
        }
    }
}

extension ResultStreamMerge {
    /// Merges the shard streams at `paths` (`-` for standard input), in order, writing each
    /// result line (with its line feed) and then the merged trailer through `write`, which
    /// returns false when the output failed. Returns the first problem, or nil. After a problem
    /// nothing more is written, and no trailer, so a partial merge never looks complete.
    public static func merge(_ paths: [String], lineLimit: Int = InputFile.defaultLimit, write: ([UInt8]) -> Bool) -> Problem? {
        var merge = ResultStreamMerge()
        let writeFailed = Problem(path: "-", line: 0, message: "cannot write the merged results")
        var line: [UInt8] = []
        for path in paths {
            let reader: CohortLineReader
            if path == "-" {
                reader = CohortLineReader(fd: 0, closeWhenDone: false, limit: lineLimit)
            } else {
                switch InputFile.openRegular(path, readAs: "result streams") {
                case .failure(let d): return Problem(path: path, line: 0, message: d.message)
                case .success(let file): reader = CohortLineReader(fd: file.fd, closeWhenDone: true, limit: lineLimit)
                }
            }
            merge.begin(path: path)
            do throws(Problem) {
                while let (bytes, number, oversized) = reader.next() {
                    if oversized {
                        throw Problem(path: path, line: number, message: "line longer than \(InputFile.describe(lineLimit))")
                    }
                    if try merge.add(line: bytes[...], number: number) {
                        line.removeAll(keepingCapacity: true)
                        line += bytes
                        line.append(0x0A)
                        guard write(line) else { return writeFailed }
                    }
                }
                if reader.failed { return Problem(path: path, line: reader.lineNumber, message: "cannot read the whole stream") }
                try merge.end(lines: reader.lineNumber)
            } catch {
                return error
            }
        }
        guard write(Array(merge.trailer.utf8)) else { return writeFailed }
        return nil
    }
}
