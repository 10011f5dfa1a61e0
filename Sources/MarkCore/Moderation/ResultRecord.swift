import Foundation

/// A marking result as moderation reads it: from a `MarkingResult` just made, or from a
/// `result/1` JSON record written earlier (docs/result-format.md).
public struct ResultRecord: Sendable, Equatable {
    /// One marking point's outcome.
    public struct Point: Sendable, Equatable {
        /// The point's id.
        public var id: String
        /// Its verdict.
        public var verdict: VerdictLevel
        /// Marks awarded.
        public var marks: Double
        /// Marks available.
        public var maximum: Double
        /// The grade it is required for, if any.
        public var requiredFor: String?

        /// Creates a point outcome.
        public init(id: String, verdict: VerdictLevel, marks: Double, maximum: Double, requiredFor: String?) {
            self.id = id
            self.verdict = verdict
            self.marks = marks
            self.maximum = maximum
            self.requiredFor = requiredFor
        }
    }

    /// Where the record was read (`file:line`), for messages.
    public var origin: String
    /// The ruleset's id, version and SHA-256.
    public var rulesetID: String
    public var rulesetVersion: String
    public var rulesetSHA256: String
    /// The submission's path as recorded (personal data may be in it).
    public var path: String
    /// The learner's id.
    public var learner: String
    /// The unit.
    public var unit: String
    /// The assessor's id.
    public var assessor: String
    /// The grade awarded, and its index in the scheme (lowest 0).
    public var grade: String
    public var gradeIndex: Int
    /// Marks awarded and available.
    public var total: Double
    public var maximum: Double
    /// Whether the result carries marks: false for a competency unit (maximum 0, recorded as
    /// null), whose total is written as null or an empty cell.
    public var carriesMarks: Bool { maximum > 0 }
    /// Points below their floor.
    public var floorsFailed: [String]
    /// Per-point outcomes, in ruleset order.
    public var points: [Point]
    /// The next grade up, if any.
    public var nextGrade: String?
    /// What the learner must still show for the next grade.
    public var nextSteps: [String]
    /// Assessors' overrides recorded beside the engine's decisions (docs/governance.md).
    public var overrides: [ResultOverride] = []
    /// The assessment methods (evidence item kinds) of the submission, when the record names them
    /// (`submission.methods`); empty otherwise.
    public var methods: [String] = []
    /// The centre or site (assessment location), when the record names it (`submission.centre`).
    public var centre: String?
    /// The learner's group, when the record names it (`submission.group`).
    public var group: String?

    /// A record from a result just marked (its overrides too).
    public init(_ r: MarkingResult, origin: String) {
        self.origin = origin
        rulesetID = r.ruleset.id
        rulesetVersion = r.ruleset.version
        rulesetSHA256 = r.ruleset.sha256
        path = r.path
        learner = r.learnerID
        unit = r.unit
        assessor = r.assessor
        grade = r.grade
        gradeIndex = r.gradeIndex
        total = r.total.double
        maximum = r.maximum.double
        floorsFailed = r.floorsFailed
        points = r.points.map { Point(id: $0.id, verdict: $0.verdict, marks: $0.marks.double, maximum: $0.maximum.double, requiredFor: $0.requiredFor) }
        nextGrade = r.nextGrade
        nextSteps = r.nextSteps
        overrides = r.overrides
    }

    /// A record with every field given (for tests and tools).
    public init(
        origin: String, rulesetID: String, rulesetVersion: String, rulesetSHA256: String, path: String, learner: String,
        unit: String, assessor: String, grade: String, gradeIndex: Int, total: Double, maximum: Double,
        floorsFailed: [String], points: [Point], nextGrade: String?, nextSteps: [String]
    ) {
        self.origin = origin
        self.rulesetID = rulesetID
        self.rulesetVersion = rulesetVersion
        self.rulesetSHA256 = rulesetSHA256
        self.path = path
        self.learner = learner
        self.unit = unit
        self.assessor = assessor
        self.grade = grade
        self.gradeIndex = gradeIndex
        self.total = total
        self.maximum = maximum
        self.floorsFailed = floorsFailed
        self.points = points
        self.nextGrade = nextGrade
        self.nextSteps = nextSteps
    }

    /// The verdict of a point, if the result has it.
    public func verdict(of point: String) -> VerdictLevel? {
        points.first { $0.id == point }?.verdict
    }
}

/// Results read from files: the records, and what was skipped.
public struct ResultSet: Sendable {
    /// Results of marked submissions, in the order read.
    public var records: [ResultRecord] = []
    /// Error records (submissions that could not be marked), skipped.
    public var errorRecords = 0
    /// JSON objects of another format (not `result/1`), skipped.
    public var otherRecords = 0
    /// Files read.
    public var files = 0
    /// Problems: unreadable files, invalid JSON, records missing a field.
    public var diagnostics: [Diagnostic] = []
    /// The files read, for rendering diagnostics.
    public var sources: [String: SourceFile] = [:]

    /// Creates an empty set.
    public init() {}

    /// Whether any problem is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Reads `result/1` records: a folder of result JSON files (searched recursively for `.json` and
/// `.ndjson`), an NDJSON file (one result per line, as `mark --format json` writes for several
/// submissions), a file holding one (indented) result, or `-` for standard input.
public enum ResultsReader {
    /// Reads every path; `standardInput` supplies the bytes for `-`.
    public static func read(_ paths: [String], standardInput: () -> [UInt8] = { [] }) -> ResultSet {
        var set = ResultSet()
        for path in paths {
            if path == "-" {
                read(SourceFile(path: "<stdin>", bytes: standardInput()), into: &set)
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                set.diagnostics.append(Diagnostic(.error, id: "file-not-found", "no such file or folder", path: path, range: 0..<0))
                continue
            }
            let files = isDirectory.boolValue ? ModerationFiles.list(path, suffixes: [".json", ".ndjson"]) : [path]
            for file in files {
                switch RuleLoader.readFile(file, limit: RuleLoader.maxModerationSize, readAs: "result files") {
                case .failure(let d): set.diagnostics.append(d)
                case .success(let bytes): read(SourceFile(path: file, bytes: bytes), into: &set)
                }
            }
        }
        return set
    }

    /// Reads one file's records into the set.
    public static func read(_ source: SourceFile, into set: inout ResultSet) {
        set.files += 1
        set.sources[source.path] = source
        // One JSON value (an indented result), else one value per line (NDJSON).
        if let document = try? JSONReader.parse(source.bytes) {
            record(document, base: 0, source: source, into: &set)
            return
        }
        var lineStart = 0
        let bytes = source.bytes
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            let line = bytes[lineStart..<lineEnd]
            if line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) {
                do {
                    let document = try JSONReader.parse(line)
                    record(document, base: lineStart, source: source, into: &set)
                } catch {
                    set.diagnostics.append(
                        Diagnostic(
                            .error, id: "invalid-json", "not a result record: invalid JSON: \(error.message)", path: source.path,
                            range: lineStart + error.offset..<lineStart + error.offset + 1))
                }
            }
            lineStart = lineEnd + 1
        }
    }

    /// Reads one JSON value: a result, an error record (counted), or another format (counted).
    static func record(_ json: JSONDocument, base: Int, source: SourceFile, into set: inout ResultSet) {
        let root = json.root
        let origin = "\(source.path):\(source.location(of: base).line)"
        func fail(_ node: Int, _ message: String) {
            let at = base + json.offset(node)
            set.diagnostics.append(Diagnostic(.error, id: "bad-result", "not a result record: \(message)", path: source.path, range: at..<at + 1))
        }
        guard json.kind(root) == .object else {
            fail(root, "expected a JSON object (docs/result-format.md)")
            return
        }
        guard let format = json.member(root, "format"), json.kind(format) == .string else {
            fail(root, "missing \"format\": expected \"format\": \"\(ResultJSON.format)\"")
            return
        }
        guard json.string(format) == ResultJSON.format else {
            set.otherRecords += 1
            return
        }
        if json.member(root, "errors") != nil {
            set.errorRecords += 1
            return
        }
        func text(_ node: Int, _ key: String, _ where_: String) -> String? {
            guard let v = json.member(node, key) else {
                fail(node, "\(where_) has no \"\(key)\"")
                return nil
            }
            guard json.kind(v) == .string else {
                fail(v, "\(where_).\(key) should be text")
                return nil
            }
            return json.string(v)
        }
        func number(_ node: Int, _ key: String, _ where_: String) -> Double? {
            guard let v = json.member(node, key) else {
                fail(node, "\(where_) has no \"\(key)\"")
                return nil
            }
            guard json.kind(v) == .number else {
                fail(v, "\(where_).\(key) should be a number")
                return nil
            }
            return json.number(v)
        }
        /// Marks are a number, or null in a competency unit (which carries none: 0 here).
        func marks(_ node: Int, _ key: String, _ where_: String) -> Double? {
            guard json.member(node, key).map({ json.kind($0) == .null }) == true else { return number(node, key, where_) }
            return 0
        }
        func texts(_ node: Int, _ key: String) -> [String] {
            guard let v = json.member(node, key), json.kind(v) == .array else { return [] }
            return json.elements(v).filter { json.kind($0) == .string }.map { json.string($0) }
        }
        func object(_ key: String) -> Int? {
            guard let v = json.member(root, key), json.kind(v) == .object else {
                fail(root, "missing the \"\(key)\" object")
                return nil
            }
            return v
        }
        guard let ruleset = object("ruleset"), let submission = object("submission"),
            let rulesetID = text(ruleset, "id", "ruleset"), let version = text(ruleset, "version", "ruleset"),
            let learner = text(submission, "learner", "submission"), let unit = text(submission, "unit", "submission"),
            let assessor = text(submission, "assessor", "submission"), let grade = text(root, "grade", "the result"),
            let gradeIndex = number(root, "gradeIndex", "the result"), let total = marks(root, "total", "the result"),
            let maximum = marks(root, "maximum", "the result")
        else { return }
        var points: [ResultRecord.Point] = []
        if let list = json.member(root, "points"), json.kind(list) == .array {
            for p in json.elements(list) {
                guard let id = text(p, "id", "a point"), let verdictText = text(p, "verdict", "a point") else { return }
                guard let verdict = VerdictWords.parse(verdictText) else {
                    fail(p, "point '\(id)' has the verdict \"\(verdictText)\"; expected met, partially met or not met")
                    return
                }
                let marks = json.member(p, "marks").map { json.number($0) } ?? 0
                let max = json.member(p, "maximum").map { json.number($0) } ?? 0
                let required = json.member(p, "requiredFor").flatMap { json.kind($0) == .string ? json.string($0) : nil }
                points.append(ResultRecord.Point(id: id, verdict: verdict, marks: marks.isNaN ? 0 : marks, maximum: max.isNaN ? 0 : max, requiredFor: required))
            }
        } else {
            fail(root, "missing the \"points\" list")
            return
        }
        let next = json.member(root, "nextGrade").flatMap { json.kind($0) == .string ? json.string($0) : nil }
        var overrides: [ResultOverride] = []
        if let list = json.member(root, "overrides"), json.kind(list) == .array {
            for o in json.elements(list) {
                guard let target = text(o, "target", "an override"), let engine = text(o, "engine", "an override"),
                    let decision = text(o, "override", "an override")
                else { return }
                let point = target == "point" ? text(o, "point", "an override") : nil
                if target == "point" && point == nil { return }
                overrides.append(
                    ResultOverride(
                        target: point.map { .point($0) } ?? .grade, engine: engine, decision: decision,
                        assessor: json.member(o, "assessor").map { json.string($0) } ?? "", date: json.member(o, "date").map { json.string($0) } ?? "",
                        rationale: json.member(o, "rationale").map { json.string($0) } ?? ""))
            }
        }
        set.records.append(
            ResultRecord(
                origin: origin, rulesetID: rulesetID, rulesetVersion: version,
                rulesetSHA256: json.member(ruleset, "sha256").map { json.string($0) } ?? "",
                path: json.member(submission, "path").map { json.string($0) } ?? "", learner: learner, unit: unit,
                assessor: assessor, grade: grade, gradeIndex: Int(gradeIndex), total: total, maximum: maximum,
                floorsFailed: texts(root, "floorsFailed"), points: points, nextGrade: next, nextSteps: texts(root, "nextSteps")))
        set.records[set.records.count - 1].overrides = overrides
        set.records[set.records.count - 1].methods = texts(submission, "methods")
        func optionalText(_ key: String) -> String? {
            json.member(submission, key).flatMap { json.kind($0) == .string ? json.string($0) : nil }
        }
        set.records[set.records.count - 1].centre = optionalText("centre")
        set.records[set.records.count - 1].group = optionalText("group")
    }
}

/// Verdict words as people write them in spreadsheets and as results write them.
public enum VerdictWords {
    /// `met`, `partially met`, `not met` (any case; `_` or `-` for spaces; `partial`, `partly met`,
    /// `not yet met` accepted), or nil.
    public static func parse(_ text: String) -> VerdictLevel? {
        let words = text.lowercased().replacing("_", with: " ").replacing("-", with: " ")
            .split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        switch words {
        case "met": return .met
        case "partially met", "partial", "partly met": return .partiallyMet
        case "not met", "not yet met", "unmet": return .notMet
        default: return nil
        }
    }
}

/// Files under a folder, for moderation inputs.
public enum ModerationFiles {
    /// Files under `folder` (recursively) whose names end with one of the suffixes, sorted.
    public static func list(_ folder: String, suffixes: [String]) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String {
            guard suffixes.contains(where: { relative.hasSuffix($0) }) else { continue }
            let full = folder.hasSuffix("/") ? folder + relative : folder + "/" + relative
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                found.append(full)
            }
        }
        return found.sorted()
    }
}
