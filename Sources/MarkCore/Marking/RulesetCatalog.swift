import Foundation

/// The rulesets available for marking, loaded from a rules folder, and the choice of one for a
/// submission by its unit and the learner's start date.
public struct RulesetCatalog: Sendable {
    /// The rulesets that checked cleanly.
    public var rulesets: [Ruleset]
    /// Problems found while loading (errors make the catalog unusable).
    public var diagnostics: [Diagnostic]
    /// Sources read, by path, for rendering diagnostics.
    public var sources: [String: SourceFile]

    /// Whether loading found errors.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Loads every ruleset in a folder (libraries are read through imports), or one file.
    public static func load(_ path: String) -> RulesetCatalog {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return RulesetCatalog(
                rulesets: [], diagnostics: [Diagnostic(.error, id: "file-not-found", "no such rules file or folder", path: path, range: 0..<0)],
                sources: [:])
        }
        let files: [String]
        let root: String
        if isDirectory.boolValue {
            root = path
            files = listRuleFiles(path)
        } else {
            let parent = (path as NSString).deletingLastPathComponent
            root = parent.isEmpty ? "." : parent
            files = [path]
        }
        var loader = RuleLoader(root: root)
        var catalog = RulesetCatalog(rulesets: [], diagnostics: [], sources: [:])
        var seen: Set<String> = []
        for file in files {
            let outcome = Checker.check(path: file, loader: &loader)
            for s in outcome.sources { catalog.sources[s.path] = s }
            for d in outcome.diagnostics where d.severity == .error && seen.insert("\(d.path)|\(d.range)|\(d.message)").inserted {
                catalog.diagnostics.append(d)
            }
            if let r = outcome.ruleset { catalog.rulesets.append(r) }
        }
        if catalog.rulesets.isEmpty && !catalog.hasErrors {
            catalog.diagnostics.append(Diagnostic(.error, id: "no-rulesets", "no rulesets found", path: path, range: 0..<0))
        }
        return catalog
    }

    static func listRuleFiles(_ folder: String) -> [String] {
        var out: [String] = []
        let all = FileManager.default.enumerator(atPath: folder)
        while let name = all?.nextObject() as? String {
            if name.hasSuffix(".rules") { out.append(folder.hasSuffix("/") ? folder + name : folder + "/" + name) }
        }
        return out.sorted()
    }

    /// Why ruleset `index`, named with `--rules FILE`, should not mark a submission of `unit`
    /// for a learner who started on `started`: the envelope field at fault (`unit` or
    /// `started`) and a message; nil when it covers them.
    public func mismatch(forced index: Int, unit: String, started: CalendarDate) -> (field: String, message: Message)? {
        let r = rulesets[index]
        if r.unit != unit {
            return ("unit", Message("ruleset \(r.id) \(r.version) marks unit \"\(r.unit)\", not \"\(unit)\"; give --force to mark with it anyway"))
        }
        if !r.applies(toStart: started) {
            let range = "from \(r.appliesFrom)" + (r.appliesUntil.map { " until \($0)" } ?? "")
            return (
                "started",
                Message("ruleset \(r.id) \(r.version) applies to learners who started \(range), not on \(started); give --force to mark with it anyway")
            )
        }
        return nil
    }

    /// The one ruleset for a unit and start date, or a message saying why there is none. When
    /// the submission names its ruleset (`"ruleset"` in the envelope), only that id is chosen;
    /// when several variants apply and it names none, the message lists them.
    public func select(unit: String, started: CalendarDate, ruleset named: String? = nil) -> Result<Int, Message> {
        var candidates = rulesets.indices.filter { rulesets[$0].unit == unit && rulesets[$0].applies(toStart: started) }
        if let named {
            let ids = Set(rulesets.filter { $0.unit == unit }.map(\.id)).sorted()
            guard ids.contains(named) else {
                let known = ids.isEmpty ? "" : " (unit \"\(unit)\" is marked by \(ids.joined(separator: ", ")))"
                return .failure(Message("no ruleset '\(named)' marks unit \"\(unit)\"\(known)" + Suggestion.didYouMean(named, among: ids)))
            }
            candidates = candidates.filter { rulesets[$0].id == named }
            if candidates.isEmpty {
                let ranges = rulesets.filter { $0.id == named && $0.unit == unit }.map { "\($0.version) from \($0.appliesFrom)" + ($0.appliesUntil.map { " until \($0)" } ?? "") }
                return .failure(Message("ruleset '\(named)' does not apply to a learner who started on \(started) (\(ranges.joined(separator: "; ")))"))
            }
        }
        if candidates.count == 1 { return .success(candidates[0]) }
        if candidates.isEmpty {
            let forUnit = rulesets.filter { $0.unit == unit }
            if forUnit.isEmpty {
                let units = Set(rulesets.map(\.unit)).sorted()
                return .failure(Message("no ruleset marks unit \"\(unit)\" (rulesets cover: \(units.joined(separator: ", ")))" + Suggestion.didYouMean(unit, among: units)))
            }
            let ranges = forUnit.map { "\($0.id) \($0.version) from \($0.appliesFrom)" + ($0.appliesUntil.map { " until \($0)" } ?? "") }
            return .failure(Message("no ruleset for unit \"\(unit)\" applies to a learner who started on \(started) (\(ranges.joined(separator: "; ")))"))
        }
        let names = candidates.map { "\(rulesets[$0].id) \(rulesets[$0].version)" }
        if candidates.allSatisfy({ rulesets[$0].variant != nil }) && named == nil {
            let variants = candidates.map { "'\(rulesets[$0].id)' (\(rulesets[$0].variant!))" }
            return .failure(Message("unit \"\(unit)\" has \(candidates.count) variants for a learner who started on \(started): \(variants.joined(separator: ", ")); say which marks this submission with \"ruleset\": \"\(rulesets[candidates[0]].id)\" (or another) in the submission"))
        }
        return .failure(Message("\(candidates.count) rulesets claim unit \"\(unit)\" for a learner who started on \(started): \(names.joined(separator: ", ")); their dates must not overlap"))
    }
}
