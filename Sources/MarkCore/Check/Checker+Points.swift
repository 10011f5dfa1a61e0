extension Checker {
    mutating func collectPoints() {
        currentFile = 0
        if !baseFiles.isEmpty {
            for (p, file) in extendedPoints {
                pointIndex[p.id.name] = points.count
                points.append(p)
                pointFiles.append(file)
            }
        }
        for case .point(let p) in trees[0].declarations where baseFiles.isEmpty {
            if let first = pointIndex[p.id.name] {
                error(
                    "duplicate-point", "marking point '\(p.id.name)' is declared twice", p.id.range, file: currentFile,
                    notes: [note("first declared here", points[first].id.range, file: currentFile)])
                continue
            }
            pointIndex[p.id.name] = points.count
            points.append(p)
            pointFiles.append(0)
        }
        if points.isEmpty {
            error("no-points", "a ruleset needs at least one marking point ('point id \"wording\" { … }')", 0..<0, file: currentFile)
        }
    }

    func gradingScheme() -> GradingScheme? {
        for case .grading(let g) in trees[gradingFile].declarations { return g }
        return nil
    }

    mutating func collectGradeNames() -> [String] {
        currentFile = gradingFile
        defer { currentFile = 0 }
        let schemes = trees[gradingFile].declarations.compactMap { d -> GradingScheme? in
            if case .grading(let g) = d { return g }
            return nil
        }
        guard let scheme = schemes.first else {
            error("missing-grading", "a ruleset needs a grading scheme: 'grading { grades \"Referral\", \"Pass\" … }'", 0..<0, file: currentFile)
            return []
        }
        for extra in schemes.dropFirst() {
            error("duplicate-grading", "a ruleset has one grading scheme; this is a second", extra.range.lowerBound..<extra.range.lowerBound + 7, file: currentFile)
        }
        var names: [String] = []
        var seenGrades = false
        for case .grades(let grades, let range) in scheme.statements {
            if seenGrades { error("duplicate-grades", "the grades are listed twice", range, file: currentFile) }
            seenGrades = true
            for g in grades {
                if names.contains(g.value) {
                    error("duplicate-grade", "grade '\(g.value)' is listed twice", g.range, file: currentFile)
                } else {
                    names.append(g.value)
                }
            }
        }
        if !seenGrades {
            error("missing-grades", "the grading scheme needs 'grades \"…\", \"…\"', lowest first", scheme.range.lowerBound..<scheme.range.lowerBound + 7, file: currentFile)
        }
        return names
    }

    mutating func gradeIndex(_ literal: StringLiteral) -> Int? {
        if let i = gradeNames.firstIndex(of: literal.value) { return i }
        if !gradeNames.isEmpty {
            error("unknown-grade", "unknown grade '\(literal.value)' (the grades are \(gradeNames.joined(separator: ", ")))" + Suggestion.didYouMean(literal.value, among: gradeNames), literal.range, file: currentFile)
        }
        return nil
    }

    /// The marks a point's `marks` or `partial marks` gives: a number, or the name of a value
    /// definition whose body is a number (`define full_marks = 4`), so that marks are named values
    /// set at the top of a ruleset like its thresholds.
    mutating func markValue(_ e: Expr, what: String) -> Marks {
        switch e.kind {
        case .number(let raw):
            return exactMarks(raw, e.range, what: what) ?? .zero
        case .name(let id):
            guard let index = definitionIndex[id.name] else {
                let numbers = numberConstants().keys
                error("unknown-name", "\(what): '\(id.name)' is not defined; marks are a number such as 4 or the name of one ('define \(id.name) = 4')" + Suggestion.didYouMean(id.name, among: numbers), id.range, file: currentFile)
                return .zero
            }
            definitions[index].used = true
            let d = definitions[index].declaration
            if d.parameters == nil, case .unary(.negate, let inner) = d.body.kind, case .number = inner.kind {
                error(
                    "bad-marks", "\(what) cannot be negative; '\(id.name)' is defined as a negative number", id.range, file: currentFile,
                    notes: [note("'\(id.name)' is defined here", d.body.range, file: definitions[index].file)])
                return .zero
            }
            guard d.parameters == nil, case .number(let raw) = d.body.kind else {
                error(
                    "bad-marks", "\(what) must be a number such as 4, or the name of one; '\(id.name)' is not defined as a number", id.range, file: currentFile,
                    notes: [note("'\(id.name)' is defined here", d.name.range, file: definitions[index].file)])
                return .zero
            }
            let pointFile = currentFile
            currentFile = definitions[index].file
            defer { currentFile = pointFile }
            return exactMarks(raw, d.body.range, what: "\(what) ('\(id.name)')") ?? .zero
        default:
            error("bad-marks", "\(what) must be a number such as 4, or the name of one defined at the top ('define full_marks = 4')", e.range, file: currentFile)
            return .zero
        }
    }

    /// A number literal read as exact marks, or an error when it has more decimal places than
    /// marks may have, or is too large.
    mutating func exactMarks(_ raw: String, _ range: Range<Int>, what: String) -> Marks? {
        switch Marks.parse(Substring(raw)) {
        case .success(let m): return m
        case .failure(.tooManyDecimalPlaces):
            error("marks-precision", "\(what) are written with at most \(Marks.decimalPlaces) decimal places, not '\(raw)'", range, file: currentFile)
        case .failure(.tooLarge):
            error("bad-marks", "\(what) must be at most \(Marks.limit), not '\(raw)'", range, file: currentFile)
        case .failure(.notANumber):
            error("bad-marks", "\(what) must be a number such as 4", range, file: currentFile)
        }
        return nil
    }

    mutating func compilePoints() -> [CompiledPoint] {
        defer { currentFile = 0 }
        return points.indices.map { i in
            currentFile = pointFiles[i]
            return compilePoint(points[i])
        }
    }

    mutating func compilePoint(_ p: MarkingPoint) -> CompiledPoint {
        var scope = Scope(context: .point, file: currentFile)
        scope.pointName = p.id.name
        var compiled = CompiledPoint(
            id: p.id.name, wording: p.wording.value, marks: .zero, partialMarks: .zero, requiredFor: nil, bindings: [],
            met: Node(.constant(.boolean(false)), SourceRef(file: currentFile, range: p.id.range)), partiallyMet: nil, feedback: [:],
            location: SourceRef(file: currentFile, range: p.range))
        var seen: [String] = []
        func once(_ checker: inout Checker, _ key: String, _ range: Range<Int>) -> Bool {
            if !seen.contains(key) {
                seen.append(key)
                return true
            }
            checker.error("duplicate-statement", "'\(key)' is given twice in point '\(p.id.name)'", range, file: checker.currentFile)
            return false
        }
        var partialMarksRange: Range<Int>?
        var computed: (scale: MarkScale, range: Range<Int>)?
        for statement in p.statements {
            switch statement {
            case .marks(let e, let range):
                if once(&self, "marks", range) { compiled.marks = markValue(e, what: "marks") }
            case .computedMarks(let scale, let range):
                if once(&self, "marks", range) { computed = (scale, range) }
            case .partialMarks(let e, let range):
                if once(&self, "partial marks", range) {
                    compiled.partialMarks = markValue(e, what: "partial marks")
                    partialMarksRange = range
                }
            case .requiredFor(let grade, let range):
                if once(&self, "required for", range), let g = gradeIndex(grade) {
                    if g == 0 {
                        error("required-for-lowest", "'\(grade.value)' is the lowest grade; every submission gets at least that", grade.range, file: currentFile)
                    } else {
                        compiled.requiredFor = g
                    }
                }
            case .binding(let name, let e, _):
                if scope.lookup(name.name) != nil || definitionIndex[name.name] != nil || Checker.builtinNames.contains(name.name) {
                    error("shadowing", "'\(name.name)' is already a name here; choose another", name.range, file: currentFile)
                }
                let t = checkExpression(e, &scope)
                let slot = newSlot()
                scope.locals.append((name.name, slot, t.type))
                compiled.bindings.append((name.name, slot, t.node))
            case .condition(let level, let e, let range):
                guard once(&self, "\(level.words) when", range) else { continue }
                let t = expectType(e, .boolean, &scope, what: "the condition of '\(level.words) when'")
                if level == .met { compiled.met = t.node } else { compiled.partiallyMet = t.node }
            case .feedback(let level, let text, let range):
                guard once(&self, "feedback \(level.words)", range) else { continue }
                compiled.feedback[level] = compileTemplate(text, &scope)
            case .advice(let text, let range):
                guard once(&self, "advice", range) else { continue }
                compiled.advice = checkAdvice(text)
            }
        }
        if let computed {
            compileMarkScale(computed.scale, computed.range, into: &compiled, &scope, hasConditions: seen.contains("met when"))
            if partialMarksRange != nil {
                error(
                    "partial-marks-computed", "point '\(p.id.name)' computes its marks ('marks … per …'), so it takes no 'partial marks'",
                    partialMarksRange!, file: currentFile)
                partialMarksRange = nil
            }
        } else if !seen.contains("met when") {
            error("missing-met", "point '\(p.id.name)' needs 'met when …' saying when it is met", p.id.range, file: currentFile)
        }
        if let partialMarksRange, compiled.partiallyMet == nil {
            warning("partial-marks-unused", "partial marks are never awarded: point '\(p.id.name)' has no 'partially met when …'", partialMarksRange, file: currentFile)
        }
        if compiled.partialMarks > compiled.marks {
            error("partial-above-full", "partial marks (\(compiled.partialMarks)) are more than the marks for meeting the point (\(compiled.marks))", partialMarksRange ?? p.id.range, file: currentFile)
        }
        return compiled
    }

    /// The advice's text: plain words for the learner, not a template, and not empty.
    mutating func checkAdvice(_ literal: StringLiteral) -> String? {
        for case .placeholder(let name, let offset) in StringLiteralDecoding.decodeTemplate(literal.raw) {
            let start = literal.range.lowerBound + offset
            error(
                "advice-placeholder", "advice is plain text for the learner: '{\(name)}' would not be filled in (write '\\{' for a brace); values belong in feedback",
                start..<(start + name.utf8.count), file: currentFile)
            return nil
        }
        guard !literal.value.trimmingCharacters(in: .whitespaces).isEmpty else {
            error("empty-advice", "the advice is empty: say in a sentence what the learner should do, or leave 'advice' out", literal.range, file: currentFile)
            return nil
        }
        return literal.value
    }

    mutating func compileTemplate(_ literal: StringLiteral, _ scope: inout Scope) -> FeedbackTemplate {
        var parts: [FeedbackTemplate.Part] = []
        for part in StringLiteralDecoding.decodeTemplate(literal.raw) {
            switch part {
            case .text(let t):
                parts.append(.text(t))
            case .placeholder(let name, let offset):
                let range = (literal.range.lowerBound + offset)..<(literal.range.lowerBound + offset + name.utf8.count)
                var trimmed = name.trimmingCharacters(in: .whitespaces)
                var words: (singular: String, plural: String)?
                if trimmed.contains("|") {
                    let pieces = trimmed.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                    guard pieces.count == 3, !pieces[1].isEmpty, !pieces[2].isEmpty else {
                        error("bad-placeholder", "write a counted placeholder as '{name|singular|plural}', e.g. '{days|day|days}'", range, file: currentFile)
                        continue
                    }
                    trimmed = pieces[0]
                    words = (pieces[1], pieces[2])
                }
                func valuePart(_ node: Node) -> FeedbackTemplate.Part {
                    if let words { return .counted(node, singular: words.singular, plural: words.plural) }
                    return .value(node)
                }
                if words != nil && (trimmed == "evidence" || trimmed == "marks") {
                    error("bad-placeholder", "'{\(trimmed)}' cannot be counted; count with a 'let' and write '{name|singular|plural}'", range, file: currentFile)
                } else if trimmed == "evidence" {
                    parts.append(.evidence)
                } else if trimmed == "marks" {
                    parts.append(.marks)
                } else if let local = scope.lookup(trimmed) {
                    parts.append(valuePart(Node(.slot(local.slot, name: trimmed), SourceRef(file: currentFile, range: range))))
                } else if let index = definitionIndex[trimmed], definitions[index].declaration.parameters == nil {
                    _ = ensureDefinition(index, usedFrom: (range, 0))
                    parts.append(valuePart(Node(.value(definitions[index].compiledIndex, name: trimmed), SourceRef(file: currentFile, range: range))))
                } else {
                    let candidates = scope.locals.map(\.name) + ["evidence", "marks"] + definitions.filter { $0.declaration.parameters == nil }.map(\.declaration.name.name)
                    error(
                        "unknown-placeholder",
                        "unknown placeholder '{\(trimmed)}' (use a 'let' name of this point, a value definition, {evidence} or {marks}; write '\\{' for a brace)"
                            + Suggestion.didYouMean(trimmed, among: candidates),
                        range, file: currentFile)
                }
            }
        }
        return FeedbackTemplate(parts: parts)
    }
}
