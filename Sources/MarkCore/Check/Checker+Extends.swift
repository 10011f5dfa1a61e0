/// `extends`: a ruleset that is a later version of another keeps the base's declarations and
/// replaces, adds or removes points and definitions (see docs/language.md, "Versions").
extension Checker {
    /// Header entries a ruleset takes from its base when it does not give them.
    static let inheritedHeaderEntries = ["title", "unit", "qualification"]

    /// Loads the base ruleset that file `file` extends, then that base's base, nearest first.
    mutating func loadBase(of file: Int, loader: inout RuleLoader, chain: inout [String]) {
        let extensions = trees[file].declarations.compactMap { d -> Extension? in
            if case .extends(let e) = d { return e }
            return nil
        }
        guard let ext = extensions.first else { return }
        for extra in extensions.dropFirst() {
            error("duplicate-extends", "a ruleset extends one base; this is a second 'extends'", extra.range, file: file)
        }
        if case .header(let h)? = trees[file].declarations.first, h.kind == .library {
            error("extends-in-library", "a library cannot extend a ruleset; only a ruleset has a base", ext.range, file: file)
            return
        }
        let resolved: String
        switch loader.resolve(ext.path.value, from: sources[file].path, what: "base ruleset") {
        case .failure(let message):
            error("bad-extends", message.text, ext.path.range, file: file)
            return
        case .success(let r): resolved = r
        }
        if let at = chain.firstIndex(of: resolved) {
            let cycle = (chain[at...] + [resolved]).joined(separator: " → ")
            error("extends-cycle", "extends cycle: \(cycle); a ruleset cannot be its own base", ext.path.range, file: file)
            return
        }
        switch loader.load(resolved) {
        case .failure(let d):
            error("bad-extends", "cannot extend '\(ext.path.value)': \(d.message)", ext.path.range, file: file)
        case .success(let loaded):
            guard case .header(let h)? = loaded.tree.declarations.first, h.kind == .ruleset else {
                error("extends-library", "'\(ext.path.value)' is not a ruleset; 'extends' names the earlier version of a ruleset (a library is imported with 'import')", ext.path.range, file: file)
                return
            }
            sources.append(loaded.source)
            trees.append(loaded.tree)
            diagnostics += loaded.diagnostics
            let index = sources.count - 1
            baseFiles.append(index)
            chain.append(resolved)
            loadBase(of: index, loader: &loader, chain: &chain)
        }
    }

    /// The version written after `extends "…"` must be the base's.
    mutating func checkBaseVersions() {
        for (level, file) in ([0] + baseFiles).enumerated() where level < baseFiles.count {
            for case .extends(let ext) in trees[file].declarations {
                guard let wanted = ext.version, let actual = headerText("version", file: baseFiles[level]), wanted.value != actual else { continue }
                error(
                    "extends-version", "'\(ext.path.value)' is version \(actual), not \(wanted.value); extend the version you mean, or update the version written here",
                    wanted.range, file: file)
            }
        }
    }

    /// A `title`, `version`, `unit` or `qualification` entry of the header of file `file`.
    func headerText(_ key: String, file: Int) -> String? {
        guard case .header(let h)? = trees[file].declarations.first else { return nil }
        for case .text(let k, let value) in h.entries where k.name == key { return value.value }
        return nil
    }

    /// Applies every `replace` and `remove`, from the oldest base to this ruleset: replaced and
    /// removed definitions leave the base's trees, `extendedPoints` lists the points left, and
    /// the grading scheme used (the nearest file's block) takes the later files' amendments.
    mutating func applyAmendments(_ main: Header) {
        checkBaseVersions()
        let levels = ([0] + baseFiles).reversed()
        guard baseFiles.isEmpty == false else {
            for (file, tree) in trees.enumerated() { refuseAmendments(tree, file: file) }
            return
        }
        var older: [Int] = trees.indices.filter { !levels.contains($0) }
        var scheme: GradingScheme?
        for (depth, level) in levels.enumerated() {
            if depth == 0 {
                extendedPoints = trees[level].declarations.compactMap { d in
                    if case .point(let p) = d { return (p, level) }
                    return nil
                }
                refuseAmendments(trees[level], file: level)
            } else {
                amend(level, older: older)
            }
            for case .grading(let g) in trees[level].declarations {
                gradingFile = level
                scheme = g
                break
            }
            if depth > 0, scheme != nil { amendGrading(&scheme!, of: gradingFile, by: level) }
            older.append(level)
        }
        let kept = Set(extendedPoints.map { "\($0.1)|\($0.0.id.name)" })
        for file in levels {
            trees[file].declarations.removeAll { d in
                switch d {
                case .point(let p): !kept.contains("\(file)|\(p.id.name)")
                case .grading: file != gradingFile
                case .extends, .removal, .gradingAmendment: true
                default: false
                }
            }
        }
        // The amended scheme takes the place of the grading block it was read from.
        if let scheme, let at = trees[gradingFile].declarations.firstIndex(where: { if case .grading = $0 { true } else { false } }) {
            trees[gradingFile].declarations[at] = .grading(scheme)
        }
    }

    /// `replace` or `remove` in a file that extends nothing is an error.
    mutating func refuseAmendments(_ tree: RuleFile, file: Int) {
        for d in tree.declarations {
            var range: Range<Int>?
            switch d {
            case .point(let p): range = p.replaces
            case .define(let def): range = def.replaces
            case .removal(let r): range = r.range
            case .gradingAmendment(let a) where a.replaces == nil:
                error(
                    "statement-outside-grading",
                    "a '\(a.target?.kind == .floor ? "floor" : "grade")' statement belongs inside 'grading { … }'; outside it, only a ruleset that extends another adds one to the base's grading scheme",
                    a.range, file: file)
            case .gradingAmendment(let a): range = a.range
            default: break
            }
            if let range {
                error("amendment-without-base", "only a ruleset that extends another can replace or remove what the base declares; add 'extends \"….rules\"'", range, file: file)
            }
        }
    }

    /// Applies the amendments of ruleset file `level` to the points so far and to the trees of `older` files.
    mutating func amend(_ level: Int, older: [Int]) {
        for d in trees[level].declarations {
            switch d {
            case .point(let p):
                let at = extendedPoints.firstIndex { $0.0.id.name == p.id.name }
                if p.replaces != nil {
                    guard let at else {
                        error("unknown-point", "there is no marking point '\(p.id.name)' in the base ruleset to replace" + Suggestion.didYouMean(p.id.name, among: extendedPoints.map(\.0.id.name)), p.id.range, file: level)
                        continue
                    }
                    extendedPoints[at] = (p, level)
                } else if let at {
                    let (first, file) = extendedPoints[at]
                    error(
                        "duplicate-point", "the base ruleset already has marking point '\(p.id.name)'; write 'replace point \(p.id.name)' to change it", p.id.range, file: level,
                        notes: [note("the base's point is here", first.id.range, file: file)])
                } else {
                    extendedPoints.append((p, level))
                }
            case .define(let def) where def.replaces != nil:
                removeDefinition(def.name, from: older, file: level, verb: "replace")
            case .removal(let r):
                switch r.kind {
                case .point:
                    guard let at = extendedPoints.firstIndex(where: { $0.0.id.name == r.name.name }) else {
                        error("unknown-point", "there is no marking point '\(r.name.name)' in the base ruleset to remove" + Suggestion.didYouMean(r.name.name, among: extendedPoints.map(\.0.id.name)), r.name.range, file: level)
                        continue
                    }
                    extendedPoints.remove(at: at)
                case .define:
                    removeDefinition(r.name, from: older, file: level, verb: "remove")
                case .grade, .floor: break  // the grading scheme's, in `amendGrading`
                }
            default: break
            }
        }
    }

    /// Removes the definition `name` from the trees of `files`; an error when none has it.
    mutating func removeDefinition(_ name: Identifier, from files: [Int], file: Int, verb: String) {
        var names: [String] = []
        for f in files {
            let before = trees[f].declarations.count
            trees[f].declarations.removeAll { d in
                guard case .define(let def) = d else { return false }
                names.append(def.name.name)
                return def.name.name == name.name
            }
            if trees[f].declarations.count < before { return }
        }
        error("unknown-definition", "there is no definition '\(name.name)' in the base ruleset or its libraries to \(verb)" + Suggestion.didYouMean(name.name, among: names), name.range, file: file)
    }
}
