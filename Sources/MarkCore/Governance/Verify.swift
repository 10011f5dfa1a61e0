import Foundation

/// An appeal's check of one result: re-mark the evidence the result records (by path and
/// SHA-256) with the ruleset it records (by SHA-256), and say whether the decision is
/// reproduced or exactly what differs and why (docs/governance.md).
public struct ResultVerification: Sendable {
    /// The result file.
    public var path: String
    /// Whether the re-mark gives the recorded decision from the recorded evidence and rules,
    /// and the file is as `mark` wrote it.
    public var reproduced = false
    /// What the recorded decision was, for the "reproduced" line.
    public var decision = ""
    /// Why the result may not reproduce: evidence changed or missing, ruleset changed or
    /// missing, engine version changed, result file edited.
    public var causes: [String] = []
    /// What differs between the recorded decision and the re-mark.
    public var differences: [String] = []
    /// Things worth knowing that do not stop a result reproducing.
    public var notes: [String] = []

    /// The report: one line, then the causes, differences and notes indented.
    public var text: String {
        let shown = TerminalText.escaped(path)
        var out = reproduced ? "\(shown): reproduced: \(TerminalText.escaped(decision))\n" : "\(shown): not reproduced\n"
        for line in causes + differences + notes { out += "  " + TerminalText.escaped(line) + "\n" }
        return out
    }
}

/// Re-marks recorded results (`mark verify`).
public enum ResultVerifier {
    /// The rulesets of several rules folders or files together (the current rules and an
    /// archive of earlier versions, say), to find a result's ruleset by SHA-256.
    public static func rules(_ paths: [String]) -> RulesetCatalog {
        var catalog = RulesetCatalog(rulesets: [], diagnostics: [], sources: [:])
        for path in paths {
            let loaded = RulesetCatalog.load(path)
            catalog.rulesets += loaded.rulesets
            catalog.diagnostics += loaded.diagnostics
            catalog.sources.merge(loaded.sources) { a, _ in a }
        }
        return catalog
    }

    /// Verifies a result file's bytes with the rulesets of `catalog`; `engineVersion` is this
    /// engine's. The evidence is read from the path the result records.
    public static func verify(path: String, bytes: [UInt8], catalog: RulesetCatalog, engineVersion: String) -> ResultVerification {
        var v = ResultVerification(path: path)
        switch ResultIntegrity.check(bytes) {
        case .intact: break
        case .mismatch: v.causes.append("result file edited: its integrity digest does not match its content")
        case .missing: v.notes.append("note: the result file has no integrity digest (only 'mark --out' writes one), so an edit to it shows only as a difference below")
        }
        guard let json = try? JSONReader.parse(bytes), json.kind(json.root) == .object,
            let format = json.member(json.root, "format"), json.string(format, equals: ResultJSON.format)
        else {
            v.notes = []
            v.causes.append("not a result record (\(ResultJSON.format)) that can be read: nothing to re-mark")
            return v
        }
        let root = json.root
        func text(_ object: Int?, _ key: String) -> String? {
            guard let object, let n = json.member(object, key), json.kind(n) == .string else { return nil }
            return json.string(n)
        }
        if json.member(root, "errors") != nil {
            v.causes.append("the result records a submission that could not be marked: there is no decision to reproduce")
            return v
        }
        let rulesetNode = json.member(root, "ruleset"), submission = json.member(root, "submission")
        guard let rulesetSHA = text(rulesetNode, "sha256"), let evidencePath = text(submission, "path") else {
            v.causes.append("the result does not record its ruleset's SHA-256 and its evidence's path: it cannot be re-marked")
            return v
        }
        let rulesetName = "\(text(rulesetNode, "id") ?? "?") \(text(rulesetNode, "version") ?? "?")"
        let recordedEngine = text(json.member(root, "engine"), "version") ?? "?"
        if recordedEngine != engineVersion {
            v.causes.append("engine version changed: the result was made by mark \(recordedEngine), this is mark \(engineVersion)")
        }

        // The ruleset, by SHA-256; else say which version is missing and what there is instead.
        var index = catalog.rulesets.firstIndex { $0.sourceHash == rulesetSHA }
        if index == nil {
            let id = text(rulesetNode, "id")
            let others = catalog.rulesets.enumerated().filter { $0.element.id == id }
            let listed = others.map { "\($0.element.version) (sha256 \($0.element.sourceHash.prefix(12)))" }.joined(separator: ", ")
            if let same = others.first(where: { $0.element.version == text(rulesetNode, "version") }) {
                v.causes.append("ruleset changed: \(rulesetName) in the rules now has sha256 \(same.element.sourceHash.prefix(12)), the result was marked by sha256 \(rulesetSHA.prefix(12)); the differences below are with the rules as they are now")
                index = same.offset
            } else {
                v.causes.append("ruleset missing: \(rulesetName) (sha256 \(rulesetSHA.prefix(12))) is not among the rules" + (listed.isEmpty ? "" : ", which have \(listed)") + "; name the folder or file that holds it with --rules")
                return v
            }
        }

        // The evidence, by path and SHA-256.
        let evidence: [UInt8]
        switch readEvidence(evidencePath) {
        case .failure(let message):
            v.causes.append("evidence missing: cannot read \(evidencePath): \(message)")
            return v
        case .success(let b): evidence = b
        }
        let digest = SHA256.hex(evidence)
        if let recorded = text(json.member(root, "input"), "sha256") {
            if recorded != digest {
                v.causes.append("evidence changed: \(evidencePath) has sha256 \(digest.prefix(12)), the result records \(recorded.prefix(12)); the differences below are with the evidence as it is now")
            }
        } else {
            v.notes.append("note: the result does not record its evidence's SHA-256 (only 'mark --out' does), so the evidence is taken as it is now")
        }

        var marker = Marker(catalog: catalog, forced: index)
        marker.force = true
        var source = SourceFile(path: evidencePath, bytes: evidence)
        if let (file, line) = ndjsonLine(evidencePath) {
            source = SourceFile(path: file, bytes: evidence)
            source.lineOffset = line - 1
        }
        switch marker.mark(source) {
        case .failed(_, let diagnostics, _):
            v.differences.append("re-marking failed: \(diagnostics.first?.message ?? "no reason given")")
        case .marked(let result):
            v.differences = ResultComparison.differences(recorded: json, remarked: result)
            if v.differences.isEmpty && v.causes.contains(where: { !$0.hasPrefix("engine version changed") }) {
                v.notes.append("the re-mark gives the recorded decision all the same")
            }
            let marks = result.carriesMarks ? "\(JSONWriter.format(result.total)) of \(JSONWriter.format(result.maximum)) marks, " : ""
            v.decision = "\(result.grade), \(marks)\(result.points.count) points (ruleset \(rulesetName), evidence sha256 \(digest.prefix(12)))"
        }
        if let overrides = json.member(root, "overrides"), json.count(overrides) > 0 {
            let n = json.count(overrides)
            v.notes.append("note: \(n) override\(n == 1 ? "" : "s") recorded beside the engine's decision (the assessor's: compared as the engine's decision, not re-marked)")
        }
        if v.differences.isEmpty && !v.causes.isEmpty && v.causes.allSatisfy({ $0.hasPrefix("engine version changed") }) {
            // A newer engine that gives the same decision reproduces it.
            v.notes.insert("note: " + v.causes.removeFirst(), at: 0)
        }
        v.reproduced = v.causes.isEmpty && v.differences.isEmpty
        if !v.reproduced && v.causes.isEmpty {
            v.causes.append("no cause found: the evidence, the ruleset, the engine version and the file are as recorded")
        }
        return v
    }

    /// `FILE:LINE` for a submission read from an NDJSON line, when FILE exists.
    static func ndjsonLine(_ path: String) -> (String, Int)? {
        guard let colon = path.lastIndex(of: ":"), let line = Int(path[path.index(after: colon)...]), line > 0 else { return nil }
        let file = String(path[..<colon])
        return FileManager.default.fileExists(atPath: path) || !FileManager.default.fileExists(atPath: file) ? nil : (file, line)
    }

    /// The evidence's bytes: the file, or line N of FILE for `FILE:N`.
    static func readEvidence(_ path: String) -> Result<[UInt8], Message> {
        if let (file, line) = ndjsonLine(path) {
            switch InputFile.contents(file, limit: RuleLoader.maxModerationSize) {
            case .failure(let d): return .failure(Message(d.message))
            case .success(let bytes):
                let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                guard line <= lines.count else { return .failure(Message("the file has no line \(line)")) }
                return .success(Array(lines[line - 1]))
            }
        }
        switch InputFile.contents(path, limit: InputFile.defaultLimit) {
        case .failure(let d): return .failure(Message(d.message))
        case .success(let bytes): return .success(bytes)
        }
    }
}
