/// An extending ruleset's changes to single statements of the base's grading scheme:
/// `replace grade "G" when …`, `remove grade "G"`, `replace floor id at …`, `remove floor id`,
/// and a bare `grade "G" when …` or `floor id at …` that adds one (see docs/language.md,
/// "Versions").
extension Checker {
    /// The grading amendments and grade/floor removals written in file `file`, in order.
    func gradingAmendments(in file: Int) -> [Declaration] {
        trees[file].declarations.filter { d in
            switch d {
            case .gradingAmendment: true
            case .removal(let r): r.kind == .grade || r.kind == .floor
            default: false
            }
        }
    }

    /// Applies file `level`'s grading amendments to `scheme` (read from the nearer base, its
    /// statements' files in `scheme.statementFiles`). A file with a grading block of its own
    /// replaces the scheme as a whole, so amending it there is an error.
    mutating func amendGrading(_ scheme: inout GradingScheme, of schemeFile: Int, by level: Int) {
        let amendments = gradingAmendments(in: level)
        guard !amendments.isEmpty else { return }
        if level == schemeFile {
            for d in amendments {
                error(
                    "amendment-with-grading", "this ruleset replaces the base's grading scheme as a whole with its own 'grading { … }'; change the statement there",
                    d.range, file: level)
            }
            return
        }
        if scheme.statementFiles.isEmpty { scheme.statementFiles = Array(repeating: schemeFile, count: scheme.statements.count) }
        for d in amendments {
            switch d {
            case .gradingAmendment(let a):
                guard let target = a.target else { continue }
                let at = statementIndex(of: target.kind, target.name, in: scheme)
                if a.replaces != nil {
                    guard let at else {
                        if target.kind == .grade, hasGradeWithoutRule(target.name, in: scheme) {
                            // The grade is on the scale with no rule written: the rule it has is
                            // the implicit one, and `replace` gives it a written one.
                            scheme.statements.append(a.statement)
                            scheme.statementFiles.append(level)
                            continue
                        }
                        missingGradingStatement(target.kind, target.name, target.range, in: scheme, file: level, verb: "replace")
                        continue
                    }
                    if scheme.statementFiles[at] == level {
                        let what = target.kind == .grade ? "the rule for grade '\(target.name)'" : "the floor on '\(target.name)'"
                        error(
                            target.kind == .grade ? "duplicate-grade-rule" : "duplicate-floor", "\(what) is replaced twice in this ruleset; keep one",
                            target.range, file: level, notes: [note("first replaced here", scheme.statements[at].range, file: level)])
                        continue
                    }
                    scheme.statements[at] = a.statement
                    scheme.statementFiles[at] = level
                } else if let at {
                    let what = target.kind == .grade ? "a rule for grade '\(target.name)'" : "a floor on '\(target.name)'"
                    let write = target.kind == .grade ? "replace grade \"\(target.name)\" when …" : "replace floor \(target.name) at …"
                    error(
                        target.kind == .grade ? "duplicate-grade-rule" : "duplicate-floor", "the base's grading scheme already has \(what); write '\(write)' to change it",
                        target.range, file: level, notes: [note("the base's is here", scheme.statements[at].range, file: scheme.file(ofStatement: at, default: schemeFile))])
                } else {
                    scheme.statements.append(a.statement)
                    scheme.statementFiles.append(level)
                }
            case .removal(let r):
                guard let at = statementIndex(of: r.kind, r.name.name, in: scheme) else {
                    missingGradingStatement(r.kind, r.name.name, r.name.range, in: scheme, file: level, verb: "remove")
                    continue
                }
                scheme.statements.remove(at: at)
                scheme.statementFiles.remove(at: at)
            default: break
            }
        }
    }

    /// The index of the overall rule for grade `name` (kind `.grade`) or of the floor on point
    /// `name` (kind `.floor`) in `scheme`.
    func statementIndex(of kind: Removal.Kind, _ name: String, in scheme: GradingScheme) -> Int? {
        scheme.statements.firstIndex { s in
            switch (kind, s) {
            case (.grade, .rule(let grade, _, _)): grade.value == name
            case (.floor, .floor(let id, _, _)), (.floor, .markFloor(let id, _, _)): id.name == name
            default: false
            }
        }
    }

    /// Whether `name` is a grade above the lowest on the scheme's scale (one with no rule
    /// written, since `statementIndex` found none).
    func hasGradeWithoutRule(_ name: String, in scheme: GradingScheme) -> Bool {
        for case .grades(let list, _) in scheme.statements {
            guard let i = list.firstIndex(where: { $0.value == name }) else { return false }
            return i > 0
        }
        return false
    }

    /// The error for replacing or removing a grade's rule or a floor the base does not have.
    mutating func missingGradingStatement(_ kind: Removal.Kind, _ name: String, _ range: Range<Int>, in scheme: GradingScheme, file: Int, verb: String) {
        if kind == .floor {
            let floored = scheme.statements.compactMap { s -> String? in
                switch s {
                case .floor(let id, _, _), .markFloor(let id, _, _): id.name
                default: nil
                }
            }
            let suggestion = Suggestion.didYouMean(name, among: floored)
            let known = floored.isEmpty ? " (it has none)" : suggestion.isEmpty ? " (its floors are on \(floored.joined(separator: ", ")))" : suggestion
            error("unknown-floor", "the base's grading scheme has no floor on '\(name)' to \(verb)" + known, range, file: file)
            return
        }
        var grades: [String] = []
        for case .grades(let list, _) in scheme.statements { grades = list.map(\.value) }
        if let i = grades.firstIndex(of: name) {
            let why = i == 0 ? "'\(name)' is the lowest grade, awarded when no other is reached, and has no rule" : "grade '\(name)' has no rule written in the base's grading scheme"
            error("unknown-grade-rule", "\(why) to \(verb)", range, file: file)
        } else {
            error(
                "unknown-grade", "unknown grade '\(name)' (the base's grades are \(grades.joined(separator: ", ")))" + Suggestion.didYouMean(name, among: grades), range,
                file: file)
        }
    }
}
