import Foundation

/// Compares two versions of a ruleset by meaning, not text: the header, the evidence declaration,
/// definitions, marking points and the grading scheme. Expressions are compared by
/// `SyntaxDump` (source ranges and comments play no part), numbers, grades and marks by the
/// checked `Ruleset`s. A change of layout or comments alone gives no change at all.
///
/// Declarations are matched by name across every file of a version (the ruleset and the
/// libraries it imports), so moving a `define` into a library, renaming a library or reordering
/// declarations is not a change in meaning. A marking point that appears under a new id with
/// the same statements is reported as renamed, and the grading scheme is compared with the
/// rename applied.
public struct RulesetDiff: Sendable {
    /// Where a version of something is written, and its text.
    public struct Side: Sendable, Equatable {
        /// The file.
        public var path: String
        /// The 1-based line.
        public var line: Int
        /// The source text, on one line.
        public var text: String
    }

    /// The parts of a ruleset, in report order.
    public enum Section: String, Sendable, CaseIterable {
        case header, evidence, definitions, points, grading

        /// The heading in text reports.
        public var title: String {
            switch self {
            case .header: "Header"
            case .evidence: "Evidence declaration"
            case .definitions: "Definitions"
            case .points: "Marking points"
            case .grading: "Grading scheme"
            }
        }
    }

    /// What happened to a thing.
    public enum Kind: String, Sendable {
        case added, removed, renamed, changed
    }

    /// One change in meaning.
    public struct Change: Sendable, Equatable {
        /// The part of the ruleset.
        public var section: Section
        /// Added, removed, renamed or changed.
        public var kind: Kind
        /// What changed, e.g. `point seeks_feedback`, `grade "Merit"`, `enum channel`.
        public var subject: String
        /// What about it, e.g. `met when`, `threshold`, `marks`, `boundary`; empty for the whole thing.
        public var aspect: String
        /// One line saying what changed.
        public var summary: String
        /// The old version's text, if it has one.
        public var old: Side?
        /// The new version's text, if it has one.
        public var new: Side?
        /// Marking points (and `grading`) whose outcome may change because of this change.
        public var affects: [String]
    }

    /// One version's identity.
    public struct Version: Sendable, Equatable {
        /// The ruleset file.
        public var path: String
        /// `ruleset "id"`.
        public var id: String
        /// `version "…"`.
        public var version: String
        /// SHA-256 of the sources, as recorded in results.
        public var sha256: String
        /// The ruleset file and the libraries it imports.
        public var files: [String]
        /// The base rulesets it extends (`extends`), nearest first.
        public var bases: [String] = []
    }

    /// The old version.
    public var old: Version
    /// The new version.
    public var new: Version
    /// The changes, by section in report order.
    public var changes: [Change]
    /// Points renamed (same statements, new id): old id and new id.
    public var renamedPoints: [(old: String, new: String)]

    /// Whether anything changed in meaning.
    public var meaningChanged: Bool { !changes.isEmpty }

    /// Whether the sources are byte for byte the same.
    public var sourcesIdentical: Bool { old.sha256 == new.sha256 }

    /// Compares two checked rulesets.
    public static func compare(old: Ruleset, new: Ruleset) -> RulesetDiff {
        let a = VersionModel(old)
        let b = VersionModel(new)
        var differ = Differ(a: a, b: b)
        differ.run()
        return RulesetDiff(
            old: a.identity, new: b.identity, changes: Section.allCases.flatMap { s in differ.changes.filter { $0.section == s } },
            renamedPoints: differ.renames)
    }
}

extension RulesetDiff: Equatable {
    public static func == (l: RulesetDiff, r: RulesetDiff) -> Bool {
        l.old == r.old && l.new == r.new && l.changes == r.changes
            && l.renamedPoints.map { [$0.old, $0.new] } == r.renamedPoints.map { [$0.old, $0.new] }
    }
}

/// Where a declaration or statement is written: a file index and byte range.
struct Place {
    var file: Int
    var range: Range<Int>
}

/// One version's declarations, indexed by name across all its files.
struct VersionModel {
    let ruleset: Ruleset
    let trees: [RuleFile]
    var header: Header?
    var headerFile = 0
    var kinds: [String: Place] = [:]
    var enums: [String: (values: [String], place: Place)] = [:]
    /// Records by name (`item` included): fields by name with their type dump and place.
    var records: [String: (fields: [String: (type: String, place: Place)], order: [String], place: Place)] = [:]
    var defines: [String: (definition: Definition, place: Place)] = [:]
    var defineOrder: [String] = []
    var points: [String: (point: MarkingPoint, file: Int)] = [:]
    var pointOrder: [String] = []
    var grading: (scheme: GradingScheme, file: Int)?

    init(_ ruleset: Ruleset) {
        self.ruleset = ruleset
        trees = ruleset.trees.isEmpty ? ruleset.sources.map { Parser.parse($0).file } : ruleset.trees
        var additions: [(EvidenceMember, Int)] = []
        for (file, tree) in trees.enumerated() {
            for declaration in tree.declarations {
                switch declaration {
                case .header(let h):
                    if file == 0 { header = h }
                case .import: break
                case .evidence(let e) where e.extends:
                    additions += e.members.map { ($0, file) }
                case .evidence(let e):
                    for member in e.members { addEvidence(member, file: file) }
                case .define(let d):
                    if defines[d.name.name] == nil { defineOrder.append(d.name.name) }
                    defines[d.name.name] = (d, Place(file: file, range: d.range))
                case .point(let p):
                    if points[p.id.name] == nil { pointOrder.append(p.id.name) }
                    points[p.id.name] = (p, file)
                case .grading(let g):
                    if grading == nil { grading = (g, file) }
                case .extends, .removal, .gradingAmendment: break
                }
            }
        }
        for (member, file) in additions { addEvidence(member, file: file, adding: true) }
    }

    /// Reads an evidence member; `adding` (from `extend evidence`) merges it into what is declared.
    mutating func addEvidence(_ member: EvidenceMember, file: Int, adding: Bool = false) {
        switch member {
        case .kinds(let names, let range):
            for n in names { kinds[n.name] = Place(file: file, range: range) }
        case .enumeration(let name, let values, let range):
            let before = adding ? enums[name.name]?.values ?? [] : []
            enums[name.name] = (before + values.map(\.name), adding ? enums[name.name]?.place ?? Place(file: file, range: range) : Place(file: file, range: range))
        case .record(let name, let fields, let range):
            addRecord(name.name, fields, Place(file: file, range: range), file: file, adding: adding)
        case .item(let fields, let range):
            addRecord("item", fields, Place(file: file, range: range), file: file, adding: adding)
        }
    }

    mutating func addRecord(_ name: String, _ fields: [FieldDeclaration], _ place: Place, file: Int, adding: Bool = false) {
        var byName: [String: (type: String, place: Place)] = adding ? records[name]?.fields ?? [:] : [:]
        for f in fields {
            let scale = f.scale.map { " from \($0.low) to \($0.high)" } ?? ""
            byName[f.name.name] = (typeDump(f.type) + scale, Place(file: file, range: f.name.range.lowerBound..<(f.scale?.range.upperBound ?? f.type.range.upperBound)))
        }
        let order = (adding ? records[name]?.order ?? [] : []) + fields.map(\.name.name)
        records[name] = (byName, order, adding ? records[name]?.place ?? place : place)
    }

    var identity: RulesetDiff.Version {
        RulesetDiff.Version(
            path: ruleset.sources.first?.path ?? "", id: ruleset.id, version: ruleset.version, sha256: ruleset.sourceHash,
            files: ruleset.sources.map(\.path),
            bases: trees.indices.dropFirst().filter { i in
                if case .header(let h)? = trees[i].declarations.first { return h.kind == .ruleset }
                return false
            }.map { ruleset.sources[$0].path })
    }

    /// The text at a place, on one line: line breaks and the indentation after them become one space.
    func side(_ place: Place) -> RulesetDiff.Side {
        let source = ruleset.sources[place.file]
        return RulesetDiff.Side(
            path: source.path, line: source.location(of: place.range.lowerBound).line,
            text: VersionModel.oneLine(source.text(place.range)))
    }

    /// The first line of a declaration (for a point: `point id "wording" {`).
    func firstLine(_ place: Place) -> Place {
        let bytes = ruleset.sources[place.file].bytes
        var end = place.range.lowerBound
        while end < place.range.upperBound, end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
        return Place(file: place.file, range: place.range.lowerBound..<end)
    }

    static func oneLine(_ text: String) -> String {
        var out = ""
        var pendingSpace = false
        var atLineStart = false
        for c in text {
            if c == "\n" || c == "\r\n" || c == "\r" {
                pendingSpace = true
                atLineStart = true
                continue
            }
            if atLineStart && (c == " " || c == "\t") { continue }
            if pendingSpace {
                while out.last == " " { out.removeLast() }
                out += " "
                pendingSpace = false
            }
            atLineStart = false
            out.append(c)
        }
        return out
    }

    func typeDump(_ t: TypeSyntax) -> String {
        switch t {
        case .named(let id): id.name
        case .list(let e, _): "list of " + typeDump(e)
        case .optional(let w, _): "optional " + typeDump(w)
        }
    }

    func compiledPoint(_ id: String) -> CompiledPoint? {
        ruleset.points.first { $0.id == id }
    }
}

/// Builds the list of changes between two versions.
struct Differ {
    let a: VersionModel
    let b: VersionModel
    var changes: [RulesetDiff.Change] = []
    var renames: [(old: String, new: String)] = []
    /// Old point id → new point id, for points matched by id or by meaning.
    var pointMap: [String: String] = [:]

    init(a: VersionModel, b: VersionModel) {
        self.a = a
        self.b = b
    }

    mutating func run() {
        header()
        evidence()
        matchPoints()
        definitions()
        points()
        grading()
    }

    mutating func add(
        _ section: RulesetDiff.Section, _ kind: RulesetDiff.Kind, _ subject: String, aspect: String = "", _ summary: String,
        old: Place?, new: Place?, affects: [String] = []
    ) {
        changes.append(
            RulesetDiff.Change(
                section: section, kind: kind, subject: subject, aspect: aspect, summary: summary, old: old.map(a.side),
                new: new.map(b.side), affects: affects))
    }

    // MARK: Header

    mutating func header() {
        guard let ha = a.header, let hb = b.header else { return }
        if a.ruleset.id != b.ruleset.id {
            let pa = Place(file: 0, range: ha.range.lowerBound..<ha.id.range.upperBound)
            let pb = Place(file: 0, range: hb.range.lowerBound..<hb.id.range.upperBound)
            add(.header, .changed, "id", "ruleset id \"\(a.ruleset.id)\" → \"\(b.ruleset.id)\"", old: pa, new: pb)
        }
        // A ruleset that extends another takes its title, unit and qualification from the base
        // when it does not give them (the base's header is the next ruleset header in `trees`).
        func entries(_ m: VersionModel) -> [String: (value: String, place: Place)] {
            var out: [String: (String, Place)] = [:]
            for (file, tree) in m.trees.enumerated() {
                guard case .header(let h)? = tree.declarations.first, h.kind == .ruleset else { continue }
                for case .text(let key, let value) in h.entries where out[key.name] == nil && (file == 0 || key.name != "version") {
                    out[key.name] = (value.value, Place(file: file, range: key.range.lowerBound..<value.range.upperBound))
                }
            }
            return out
        }
        let ea = entries(a)
        let eb = entries(b)
        for key in ["title", "version", "unit", "qualification"] {
            switch (ea[key], eb[key]) {
            case (nil, nil): break
            case (let x?, nil): add(.header, .removed, key, "\(key) \"\(x.value)\" removed", old: x.place, new: nil)
            case (nil, let y?): add(.header, .added, key, "\(key) \"\(y.value)\" added", old: nil, new: y.place)
            case (let x?, let y?):
                if x.value != y.value { add(.header, .changed, key, "\(key) \"\(x.value)\" → \"\(y.value)\"", old: x.place, new: y.place) }
            }
        }
        func applies(_ h: Header) -> Place? {
            for case .applies(_, _, let range) in h.entries { return Place(file: 0, range: range) }
            return nil
        }
        let ra = a.ruleset
        let rb = b.ruleset
        if ra.appliesFrom != rb.appliesFrom || ra.appliesUntil != rb.appliesUntil {
            func words(_ r: Ruleset) -> String { "from \(r.appliesFrom)" + (r.appliesUntil.map { " until \($0)" } ?? " (no end date)") }
            add(
                .header, .changed, "applies", "dates of application: learners who started \(words(ra)) → \(words(rb))",
                old: applies(ha), new: applies(hb))
        }
    }

    // MARK: Evidence

    mutating func evidence() {
        for kind in Set(a.kinds.keys).subtracting(b.kinds.keys).sorted() {
            add(.evidence, .removed, "kind \(kind)", "evidence kind '\(kind)' removed", old: a.kinds[kind], new: nil)
        }
        for kind in Set(b.kinds.keys).subtracting(a.kinds.keys).sorted() {
            add(.evidence, .added, "kind \(kind)", "evidence kind '\(kind)' added", old: nil, new: b.kinds[kind])
        }
        for name in Set(a.enums.keys).union(b.enums.keys).sorted() {
            switch (a.enums[name], b.enums[name]) {
            case (let x?, nil): add(.evidence, .removed, "enum \(name)", "enumeration '\(name)' removed", old: x.place, new: nil)
            case (nil, let y?): add(.evidence, .added, "enum \(name)", "enumeration '\(name)' added", old: nil, new: y.place)
            case (let x?, let y?):
                let removed = x.values.filter { !y.values.contains($0) }
                let added = y.values.filter { !x.values.contains($0) }
                guard !removed.isEmpty || !added.isEmpty else { continue }
                var parts: [String] = []
                if !added.isEmpty { parts.append("added " + added.joined(separator: ", ")) }
                if !removed.isEmpty { parts.append("removed " + removed.joined(separator: ", ")) }
                add(.evidence, .changed, "enum \(name)", aspect: "values", "enumeration '\(name)': " + parts.joined(separator: "; "), old: x.place, new: y.place)
            default: break
            }
        }
        for name in Set(a.records.keys).union(b.records.keys).sorted() {
            let subject = name == "item" ? "item" : "record \(name)"
            switch (a.records[name], b.records[name]) {
            case (let x?, nil): add(.evidence, .removed, subject, "\(subject) removed", old: a.firstLine(x.place), new: nil)
            case (nil, let y?): add(.evidence, .added, subject, "\(subject) added", old: nil, new: b.firstLine(y.place))
            case (let x?, let y?):
                for field in x.order where y.fields[field] == nil {
                    add(.evidence, .removed, subject, aspect: "field \(field)", "\(subject): field '\(field)' removed", old: x.fields[field]!.place, new: nil)
                }
                for field in y.order {
                    guard let new = y.fields[field] else { continue }
                    guard let old = x.fields[field] else {
                        add(.evidence, .added, subject, aspect: "field \(field)", "\(subject): field '\(field)' added (\(new.type))", old: nil, new: new.place)
                        continue
                    }
                    if old.type != new.type {
                        add(
                            .evidence, .changed, subject, aspect: "field \(field)", "\(subject): type of field '\(field)' \(old.type) → \(new.type)",
                            old: old.place, new: new.place)
                    }
                }
            default: break
            }
        }
    }

    // MARK: Points: matching and renames

    mutating func matchPoints() {
        for id in a.pointOrder where b.points[id] != nil { pointMap[id] = id }
        let onlyOld = a.pointOrder.filter { b.points[$0] == nil }
        var onlyNew = b.pointOrder.filter { a.points[$0] == nil }
        for id in onlyOld {
            let signature = Differ.statementsDump(a.points[id]!.point)
            if let at = onlyNew.firstIndex(where: { Differ.statementsDump(b.points[$0]!.point) == signature }) {
                let newID = onlyNew.remove(at: at)
                pointMap[id] = newID
                renames.append((id, newID))
            }
        }
    }

    /// A point's statements without its id and wording: two points with the same dump mark alike.
    static func statementsDump(_ p: MarkingPoint) -> String {
        p.statements.map(statementDump).joined(separator: "\n")
    }

    static func statementDump(_ s: PointStatement) -> String {
        switch s {
        case .marks(let e, _): "marks " + SyntaxDump.dump(e)
        case .computedMarks(let m, _): "marks " + SyntaxDump.dump(m.per) + " per " + SyntaxDump.dump(m.count) + (m.maximum.map { " at most " + SyntaxDump.dump($0) } ?? "")
        case .partialMarks(let e, _): "partial " + SyntaxDump.dump(e)
        case .requiredFor(let g, _): "required " + g.value
        case .binding(let n, let e, _): "let \(n.name) " + SyntaxDump.dump(e)
        case .condition(let l, let e, _): "when \(l.words) " + SyntaxDump.dump(e)
        case .feedback(let l, let t, _): "feedback \(l.words) " + t.value
        case .advice(let t, _): "advice " + t.value
        }
    }

    // MARK: Definitions

    mutating func definitions() {
        let usesA = Usage(a)
        let usesB = Usage(b)
        func affects(_ name: String) -> [String] {
            var out = usesA.affected(by: name).map { pointMap[$0] ?? $0 }
            for p in usesB.affected(by: name) where !out.contains(p) { out.append(p) }
            if usesA.gradingUses(name) || usesB.gradingUses(name) { out.append("grading") }
            return out
        }
        var names = a.defineOrder
        for n in b.defineOrder where a.defines[n] == nil { names.append(n) }
        for name in names {
            switch (a.defines[name], b.defines[name]) {
            case (let x?, nil):
                add(.definitions, .removed, "define \(name)", "definition '\(name)' removed", old: x.place, new: nil, affects: affects(name))
            case (nil, let y?):
                add(.definitions, .added, "define \(name)", "definition '\(name)' added", old: nil, new: y.place, affects: affects(name))
            case (let x?, let y?):
                let pa = x.definition.parameters.map { $0.map { "\($0.name.name): \(a.typeDump($0.type))" } }
                let pb = y.definition.parameters.map { $0.map { "\($0.name.name): \(b.typeDump($0.type))" } }
                let da = SyntaxDump.dump(x.definition.body)
                let db = SyntaxDump.dump(y.definition.body)
                guard pa != pb || da != db else { continue }
                var summary = "definition '\(name)' changed"
                var aspect = "body"
                if pa != pb {
                    summary = "definition '\(name)': parameters changed"
                    aspect = "parameters"
                } else if let numbers = Differ.numberChanges(da, db) {
                    summary = "definition '\(name)': " + numbers
                    aspect = "threshold"
                }
                add(.definitions, .changed, "define \(name)", aspect: aspect, summary, old: x.place, new: y.place, affects: affects(name))
            default: break
            }
        }
    }

    // MARK: Points

    mutating func points() {
        for id in a.pointOrder {
            let old = a.points[id]!
            guard let newID = pointMap[id], let new = b.points[newID] else {
                add(
                    .points, .removed, "point \(id)", "marking point '\(id)' removed", old: a.firstLine(Place(file: old.file, range: old.point.range)),
                    new: nil)
                continue
            }
            if newID != id {
                let sameWording = old.point.wording.value == new.point.wording.value
                add(
                    .points, .renamed, "point \(id)",
                    "marking point '\(id)' renamed to '\(newID)' (same " + (sameWording ? "wording, conditions, marks and feedback)" : "conditions, marks and feedback; the wording changed too)"),
                    old: a.firstLine(Place(file: old.file, range: old.point.range)), new: b.firstLine(Place(file: new.file, range: new.point.range)))
            }
            comparePoint(old.point, oldFile: old.file, new.point, newFile: new.file, newID: newID)
        }
        for id in b.pointOrder where !pointMap.values.contains(id) {
            let new = b.points[id]!
            add(.points, .added, "point \(id)", "marking point '\(id)' added", old: nil, new: b.firstLine(Place(file: new.file, range: new.point.range)))
        }
    }

    mutating func comparePoint(_ p: MarkingPoint, oldFile: Int, _ q: MarkingPoint, newFile: Int, newID: String) {
        let subject = "point \(newID)"
        let headA = a.firstLine(Place(file: oldFile, range: p.range))
        let headB = b.firstLine(Place(file: newFile, range: q.range))
        if p.wording.value != q.wording.value {
            add(.points, .changed, subject, aspect: "wording", "\(newID): the examiner's wording changed", old: headA, new: headB)
        }
        func statement(_ point: MarkingPoint, file: Int, _ match: (PointStatement) -> Bool) -> Place? {
            point.statements.first(where: match).map { Place(file: file, range: $0.range) }
        }
        // Marks, by value in the checked rulesets (a missing `marks` is 0).
        if let ca = a.compiledPoint(p.id.name), let cb = b.compiledPoint(newID) {
            func isMarks(_ s: PointStatement) -> Bool {
                switch s {
                case .marks, .computedMarks: true
                default: false
                }
            }
            func isPartial(_ s: PointStatement) -> Bool { if case .partialMarks = s { return true } else { return false } }
            if ca.marks != cb.marks {
                add(
                    .points, .changed, subject, aspect: "marks", "\(newID): marks \(JSONWriter.format(ca.marks)) → \(JSONWriter.format(cb.marks))",
                    old: statement(p, file: oldFile, isMarks) ?? headA, new: statement(q, file: newFile, isMarks) ?? headB)
            }
            if ca.scale?.per != cb.scale?.per {
                func per(_ p: CompiledPoint) -> String { p.scale.map { "\(JSONWriter.format($0.per)) per unit" } ?? "fixed" }
                add(
                    .points, .changed, subject, aspect: "marks per unit", "\(newID): marks \(per(ca)) → \(per(cb))",
                    old: statement(p, file: oldFile, isMarks) ?? headA, new: statement(q, file: newFile, isMarks) ?? headB)
            }
            if ca.partialMarks != cb.partialMarks {
                add(
                    .points, .changed, subject, aspect: "partial marks",
                    "\(newID): partial marks \(JSONWriter.format(ca.partialMarks)) → \(JSONWriter.format(cb.partialMarks))",
                    old: statement(p, file: oldFile, isPartial) ?? headA, new: statement(q, file: newFile, isPartial) ?? headB)
            }
            let ra = ca.requiredFor.map { a.ruleset.grading.grades[$0] }
            let rb = cb.requiredFor.map { b.ruleset.grading.grades[$0] }
            if ra != rb {
                func isRequired(_ s: PointStatement) -> Bool { if case .requiredFor = s { return true } else { return false } }
                let words = { (g: String?) in g.map { "required for \"\($0)\"" } ?? "required for no grade" }
                add(
                    .points, ra == nil ? .added : rb == nil ? .removed : .changed, subject, aspect: "required for",
                    "\(newID): \(words(ra)) → \(words(rb))", old: statement(p, file: oldFile, isRequired),
                    new: statement(q, file: newFile, isRequired))
            }
        }
        // `let`s by name.
        func lets(_ point: MarkingPoint, file: Int) -> [(String, String, Place)] {
            point.statements.compactMap { s in
                if case .binding(let n, let e, let r) = s { return (n.name, SyntaxDump.dump(e), Place(file: file, range: r)) }
                return nil
            }
        }
        let la = lets(p, file: oldFile)
        let lb = lets(q, file: newFile)
        for (name, dump, place) in la {
            guard let other = lb.first(where: { $0.0 == name }) else {
                add(.points, .removed, subject, aspect: "let \(name)", "\(newID): 'let \(name)' removed", old: place, new: nil)
                continue
            }
            if other.1 != dump {
                let numbers = Differ.numberChanges(dump, other.1)
                add(
                    .points, .changed, subject, aspect: numbers == nil ? "let \(name)" : "threshold",
                    "\(newID): 'let \(name)' " + (numbers ?? "changed"), old: place, new: other.2)
            }
        }
        for (name, _, place) in lb where !la.contains(where: { $0.0 == name }) {
            add(.points, .added, subject, aspect: "let \(name)", "\(newID): 'let \(name)' added", old: nil, new: place)
        }
        // Conditions.
        for level in [VerdictLevel.met, .partiallyMet] {
            func condition(_ point: MarkingPoint, file: Int) -> (String, Place)? {
                for case .condition(let l, let e, let r) in point.statements where l == level {
                    return (SyntaxDump.dump(e), Place(file: file, range: r))
                }
                return nil
            }
            let label = "\(level.words) when"
            switch (condition(p, file: oldFile), condition(q, file: newFile)) {
            case (let x?, nil): add(.points, .removed, subject, aspect: label, "\(newID): '\(label)' removed", old: x.1, new: nil)
            case (nil, let y?): add(.points, .added, subject, aspect: label, "\(newID): '\(label)' added", old: nil, new: y.1)
            case (let x?, let y?) where x.0 != y.0:
                if let numbers = Differ.numberChanges(x.0, y.0) {
                    add(.points, .changed, subject, aspect: "threshold", "\(newID): threshold in '\(label)' " + numbers, old: x.1, new: y.1)
                } else {
                    add(.points, .changed, subject, aspect: label, "\(newID): condition '\(label)' changed", old: x.1, new: y.1)
                }
            default: break
            }
        }
        // Feedback templates.
        for level in [VerdictLevel.met, .partiallyMet, .notMet] {
            func feedback(_ point: MarkingPoint, file: Int) -> (String, Place)? {
                for case .feedback(let l, let t, let r) in point.statements where l == level {
                    return (t.value, Place(file: file, range: r))
                }
                return nil
            }
            let label = "feedback \(level.words)"
            switch (feedback(p, file: oldFile), feedback(q, file: newFile)) {
            case (let x?, nil): add(.points, .removed, subject, aspect: label, "\(newID): '\(label)' removed (the default text is used)", old: x.1, new: nil)
            case (nil, let y?): add(.points, .added, subject, aspect: label, "\(newID): '\(label)' added", old: nil, new: y.1)
            case (let x?, let y?) where x.0 != y.0:
                add(.points, .changed, subject, aspect: label, "\(newID): '\(label)' text changed", old: x.1, new: y.1)
            default: break
            }
        }
        // The advice to the learner.
        func advice(_ point: MarkingPoint, file: Int) -> (String, Place)? {
            for case .advice(let t, let r) in point.statements { return (t.value, Place(file: file, range: r)) }
            return nil
        }
        switch (advice(p, file: oldFile), advice(q, file: newFile)) {
        case (let x?, nil): add(.points, .removed, subject, aspect: "advice", "\(newID): 'advice' removed (next steps use the examiner's wording)", old: x.1, new: nil)
        case (nil, let y?): add(.points, .added, subject, aspect: "advice", "\(newID): 'advice' added", old: nil, new: y.1)
        case (let x?, let y?) where x.0 != y.0: add(.points, .changed, subject, aspect: "advice", "\(newID): 'advice' text changed", old: x.1, new: y.1)
        default: break
        }
    }

    // MARK: Grading

    mutating func grading() {
        guard let ga = a.grading, let gb = b.grading else { return }
        let gradesA = a.ruleset.grading.grades
        let gradesB = b.ruleset.grading.grades
        func gradesPlace(_ g: GradingScheme, file: Int) -> Place? {
            for case .grades(_, let r) in g.statements { return Place(file: file, range: r) }
            return nil
        }
        if gradesA != gradesB {
            var parts: [String] = []
            let added = gradesB.filter { !gradesA.contains($0) }
            let removed = gradesA.filter { !gradesB.contains($0) }
            if !added.isEmpty { parts.append("added " + added.map { "\"\($0)\"" }.joined(separator: ", ")) }
            if !removed.isEmpty { parts.append("removed " + removed.map { "\"\($0)\"" }.joined(separator: ", ")) }
            if added.isEmpty && removed.isEmpty { parts.append("reordered") }
            add(
                .grading, .changed, "grades", aspect: "grade list", "grade list changed (\(parts.joined(separator: "; "))): \(gradesA.joined(separator: ", ")) → \(gradesB.joined(separator: ", "))",
                old: gradesPlace(ga.scheme, file: ga.file), new: gradesPlace(gb.scheme, file: gb.file))
        }
        // Grade rules, by grade name, with renamed points mapped.
        func rules(_ g: GradingScheme, file: Int, map: [String: String]) -> [String: (String, Place)] {
            var out: [String: (String, Place)] = [:]
            for (i, statement) in g.statements.enumerated() {
                guard case .rule(let grade, let e, let r) = statement, out[grade.value] == nil else { continue }
                out[grade.value] = (SyntaxDump.dump(Differ.renamingPoints(e, map)), Place(file: g.file(ofStatement: i, default: file), range: r))
            }
            return out
        }
        let renameMap = Dictionary(uniqueKeysWithValues: renames.map { ($0.old, $0.new) })
        let ra = rules(ga.scheme, file: ga.file, map: renameMap)
        let rb = rules(gb.scheme, file: gb.file, map: [:])
        var gradeOrder = gradesA
        for g in gradesB where !gradeOrder.contains(g) { gradeOrder.append(g) }
        for grade in gradeOrder {
            let subject = "grade \"\(grade)\""
            let boundaryA = gradesA.firstIndex(of: grade).flatMap { a.ruleset.grading.boundaries[$0] }
            let boundaryB = gradesB.firstIndex(of: grade).flatMap { b.ruleset.grading.boundaries[$0] }
            switch (ra[grade], rb[grade]) {
            case (let x?, nil): add(.grading, .removed, subject, aspect: "rule", "rule for \"\(grade)\" removed", old: x.1, new: nil)
            case (nil, let y?): add(.grading, .added, subject, aspect: "rule", "rule for \"\(grade)\" added", old: nil, new: y.1)
            case (let x?, let y?) where x.0 != y.0:
                if boundaryA != boundaryB, let ba = boundaryA, let bb = boundaryB, Differ.numberTokens(x.0, y.0)?.count == 1 {
                    // Only the `total >= N` number differs: a boundary change.
                    add(
                        .grading, .changed, subject, aspect: "boundary",
                        "boundary of \"\(grade)\": \(JSONWriter.format(ba)) → \(JSONWriter.format(bb)) marks", old: x.1, new: y.1)
                } else if let numbers = Differ.numberChanges(x.0, y.0) {
                    add(.grading, .changed, subject, aspect: "threshold", "rule for \"\(grade)\": \(numbers)", old: x.1, new: y.1)
                } else {
                    let boundary =
                        boundaryA != boundaryB
                        ? " (mark boundary \(boundaryA.map(JSONWriter.format) ?? "none") → \(boundaryB.map(JSONWriter.format) ?? "none"))" : ""
                    add(.grading, .changed, subject, aspect: "rule", "rule for \"\(grade)\" changed\(boundary)", old: x.1, new: y.1)
                }
            default: break
            }
        }
        // Components, by id: added, removed, or any of their statements changed.
        func components(_ g: GradingScheme, file: Int) -> [(String, String, Place)] {
            g.statements.compactMap { s in
                guard case .component(let c, let r) = s else { return nil }
                return (c.id.name, SyntaxDump.dump(RuleFile(declarations: [.grading(GradingScheme(statements: [s], range: r))], comments: [])), Place(file: file, range: r))
            }
        }
        let ca = components(ga.scheme, file: ga.file)
        let cb = components(gb.scheme, file: gb.file)
        for (id, dump, place) in ca {
            guard let other = cb.first(where: { $0.0 == id }) else {
                add(.grading, .removed, "component \(id)", "component '\(id)' removed", old: place, new: nil)
                continue
            }
            if other.1 != dump { add(.grading, .changed, "component \(id)", "component '\(id)' changed", old: place, new: other.2) }
        }
        for (id, _, place) in cb where !ca.contains(where: { $0.0 == id }) {
            add(.grading, .added, "component \(id)", "component '\(id)' added", old: nil, new: place)
        }
        // The combine table: added, removed, or changed (its rows or their grades).
        func table(_ g: GradingScheme, file: Int) -> (String, Place)? {
            for case .combine(let t, let r) in g.statements {
                return (SyntaxDump.dump(RuleFile(declarations: [.grading(GradingScheme(statements: [.combine(t, range: r)], range: r))], comments: [])), Place(file: file, range: r))
            }
            return nil
        }
        switch (table(ga.scheme, file: ga.file), table(gb.scheme, file: gb.file)) {
        case (let x?, nil): add(.grading, .removed, "combine table", "combine table removed", old: x.1, new: nil)
        case (nil, let y?): add(.grading, .added, "combine table", "combine table added", old: nil, new: y.1)
        case (let x?, let y?) where x.0 != y.0: add(.grading, .changed, "combine table", "combine table changed", old: x.1, new: y.1)
        default: break
        }
        // Floors, by point (renamed points mapped): at a verdict or at a number of marks.
        func floors(_ g: GradingScheme, file: Int, map: [String: String]) -> [(String, String, Place)] {
            g.statements.enumerated().compactMap { i, s in
                let place = { Place(file: g.file(ofStatement: i, default: file), range: $0) }
                switch s {
                case .floor(let id, let level, let r): return (map[id.name] ?? id.name, level.words, place(r))
                case .markFloor(let id, let marks, let r): return (map[id.name] ?? id.name, ExpressionPrinter.flat(marks) + " marks", place(r))
                default: return nil
                }
            }
        }
        let fa = floors(ga.scheme, file: ga.file, map: renameMap)
        let fb = floors(gb.scheme, file: gb.file, map: [:])
        for (point, level, place) in fa {
            guard let other = fb.first(where: { $0.0 == point }) else {
                add(.grading, .removed, "floor \(point)", "floor on '\(point)' (at \(level)) removed", old: place, new: nil)
                continue
            }
            if other.1 != level {
                add(.grading, .changed, "floor \(point)", "floor on '\(point)': at \(level) → at \(other.1)", old: place, new: other.2)
            }
        }
        for (point, level, place) in fb where !fa.contains(where: { $0.0 == point }) {
            add(.grading, .added, "floor \(point)", "floor on '\(point)' (at \(level)) added", old: nil, new: place)
        }
    }

    // MARK: Expression helpers

    /// Replaces renamed point ids in `id is met` tests.
    static func renamingPoints(_ e: Expr, _ map: [String: String]) -> Expr {
        guard !map.isEmpty else { return e }
        func r(_ e: Expr) -> Expr { renamingPoints(e, map) }
        var out = e
        switch e.kind {
        case .test(let subject, let test):
            if case .name(var id) = subject.kind, let renamed = map[id.name], [.met, .partiallyMet, .notMet].contains(test) {
                id.name = renamed
                out.kind = .test(Expr(.name(id), subject.range), test)
            } else {
                out.kind = .test(r(subject), test)
            }
        case .member(let base, let field): out.kind = .member(r(base), field)
        case .call(let callee, let args): out.kind = .call(callee, args.map(r))
        case .list(let elements): out.kind = .list(elements.map(r))
        case .unary(let op, let x): out.kind = .unary(op, r(x))
        case .binary(let op, let x, let y): out.kind = .binary(op, r(x), r(y))
        case .within(let x, let n, let y): out.kind = .within(r(x), r(n), r(y))
        case .between(let u, let x, let y): out.kind = .between(u, r(x), r(y))
        case .quantifier(let q, let binder, let c, let f): out.kind = .quantifier(q, binder, r(c), f.map(r))
        case .aggregate(let g, let v, let binder, let c, let f): out.kind = .aggregate(g, r(v), binder, r(c), f.map(r))
        case .group(let x): out.kind = .group(r(x))
        case .atLeast(let n, let ids, let test):
            out.kind = .atLeast(n, ids.map { id in Identifier(name: map[id.name] ?? id.name, range: id.range) }, test)
        case .number, .duration, .string, .date, .boolean, .name, .missing, .gradeTest, .atLeastGrade, .everyComponent, .everyPoint: break
        }
        return out
    }

    /// When two dumps differ only in number literals: "2 → 3" (several joined with ", ").
    static func numberChanges(_ a: String, _ b: String) -> String? {
        guard let pairs = numberTokens(a, b), !pairs.isEmpty else { return nil }
        return pairs.map { "\($0.0) → \($0.1)" }.joined(separator: ", ")
    }

    /// The differing number tokens of two dumps that are otherwise the same, or nil.
    static func numberTokens(_ a: String, _ b: String) -> [(String, String)]? {
        let ta = tokens(a)
        let tb = tokens(b)
        guard ta.count == tb.count else { return nil }
        var pairs: [(String, String)] = []
        for (x, y) in zip(ta, tb) where x != y {
            guard let nx = Double(x), let ny = Double(y), isNumber(x), isNumber(y) else { return nil }
            if nx != ny { pairs.append((x, y)) }
        }
        return pairs
    }

    static func isNumber(_ token: String) -> Bool {
        guard let first = token.utf8.first else { return false }
        return (first >= 48 && first <= 57) && token.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: ".") }
    }

    /// Splits an S-expression dump into parentheses, string literals and atoms.
    static func tokens(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var inString = false
        var escaped = false
        for c in text {
            if inString {
                current.append(c)
                if escaped {
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else if c == "\"" {
                    inString = false
                    out.append(current)
                    current = ""
                }
                continue
            }
            switch c {
            case "\"":
                if !current.isEmpty { out.append(current) }
                current = "\""
                inString = true
            case "(", ")":
                if !current.isEmpty { out.append(current) }
                current = ""
                out.append(String(c))
            case " ", "\n":
                if !current.isEmpty { out.append(current) }
                current = ""
            default:
                current.append(c)
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}

/// Which definitions each marking point and the grading scheme use, directly or through other
/// definitions, so a changed definition can name the points it may change.
struct Usage {
    /// Definitions each definition names.
    var defineUses: [String: Set<String>] = [:]
    /// Definitions each point names (in lets, conditions, marks and feedback placeholders).
    var pointUses: [String: Set<String>] = [:]
    var gradingDirect: Set<String> = []
    var pointOrder: [String] = []

    init(_ model: VersionModel) {
        let defined = Set(model.defines.keys)
        for (name, d) in model.defines {
            defineUses[name] = Usage.names(in: d.definition.body).intersection(defined)
        }
        pointOrder = model.pointOrder
        for id in model.pointOrder {
            var uses: Set<String> = []
            for s in model.points[id]!.point.statements {
                switch s {
                case .marks(let e, _), .partialMarks(let e, _), .binding(_, let e, _), .condition(_, let e, _):
                    uses.formUnion(Usage.names(in: e))
                case .computedMarks(let m, _):
                    uses.formUnion(Usage.names(in: m.count))
                case .feedback(_, let t, _):
                    uses.formUnion(Usage.placeholders(t.raw))
                case .requiredFor, .advice: break
                }
            }
            pointUses[id] = uses.intersection(defined)
        }
        if let g = model.grading {
            for case .rule(_, let e, _) in g.scheme.statements { gradingDirect.formUnion(Usage.names(in: e).intersection(defined)) }
        }
    }

    /// Every definition reachable from `start`.
    func closure(_ start: Set<String>) -> Set<String> {
        var seen = start
        var stack = Array(start)
        while let n = stack.popLast() {
            for m in defineUses[n] ?? [] where seen.insert(m).inserted { stack.append(m) }
        }
        return seen
    }

    /// Points whose outcome depends on the definition, in point order.
    func affected(by name: String) -> [String] {
        pointOrder.filter { closure(pointUses[$0] ?? []).contains(name) }
    }

    /// Whether a grade rule depends on the definition.
    func gradingUses(_ name: String) -> Bool {
        closure(gradingDirect).contains(name)
    }

    /// Names and callees in an expression.
    static func names(in e: Expr) -> Set<String> {
        var out: Set<String> = []
        func walk(_ e: Expr) {
            switch e.kind {
            case .name(let id): out.insert(id.name)
            case .call(let callee, let args):
                out.insert(callee.name)
                args.forEach(walk)
            case .member(let base, _): walk(base)
            case .list(let xs): xs.forEach(walk)
            case .unary(_, let x), .group(let x), .test(let x, _): walk(x)
            case .binary(_, let x, let y), .between(_, let x, let y):
                walk(x)
                walk(y)
            case .within(let x, let n, let y):
                walk(x)
                walk(n)
                walk(y)
            case .quantifier(_, _, let c, let f):
                walk(c)
                if let f { walk(f) }
            case .aggregate(_, let v, _, let c, let f):
                walk(v)
                walk(c)
                if let f { walk(f) }
            case .atLeast(_, let ids, _): for id in ids { out.insert(id.name) }
            case .number, .duration, .string, .date, .boolean, .missing, .gradeTest, .atLeastGrade, .everyComponent, .everyPoint: break
            }
        }
        walk(e)
        return out
    }

    /// `{name}` placeholders in a feedback template as written (`\{` is a literal brace).
    static func placeholders(_ raw: String) -> Set<String> {
        var out: Set<String> = []
        let chars = Array(raw)
        var i = 0
        while i < chars.count {
            if chars[i] == "\\" {
                i += 2
                continue
            }
            if chars[i] == "{", let close = chars[(i + 1)...].firstIndex(of: "}") {
                out.insert(String(chars[(i + 1)..<close]).trimmingCharacters(in: .whitespaces))
                i = close + 1
                continue
            }
            i += 1
        }
        return out
    }
}
