/// Explains a marking decision: marks a submission with the evaluator, then re-walks every
/// point's `let`s and conditions and every grade rule, asking the evaluator for the value of
/// each part, and records where each part is written, the value it took and, for a quantifier
/// or aggregate, which elements were counted and which were excluded (and by which clause).
///
/// The walk follows the evaluator's order and short-circuits, so it also records which
/// outcomes the engine itself met (`trace`), for `mark test --coverage`. It never changes how
/// a submission is marked: the verdicts and grade come from `Evaluator.markByWalkingTheTree`,
/// the tree walk that tests check against the compiled program `mark` runs.
public struct Explainer {
    /// The ruleset being explained.
    public let ruleset: Ruleset
    var evaluator: Evaluator
    let statements: StatementMap
    let ruleTexts: Set<String>
    /// Outcomes observed over every submission explained so far.
    public internal(set) var trace = ExplanationTrace()
    /// Value definitions already traced for the current submission (the engine computes each
    /// once per submission).
    var tracedValues: Set<Int> = []

    /// Creates an explainer for a ruleset.
    public init(ruleset: Ruleset) {
        self.ruleset = ruleset
        evaluator = Evaluator(ruleset: ruleset)
        statements = StatementMap(ruleset)
        ruleTexts = Explainer.texts(in: ruleset)
    }

    /// Marks and explains one submission. The explainer marks by walking the checked tree, its
    /// own path, not the compiled program that `mark` runs, so a test comparing its verdicts with
    /// the marker's checks one path against the other.
    public mutating func explain(_ submission: Submission) throws(EvaluationError) -> SubmissionExplanation {
        let result = try evaluator.markByWalkingTheTree(submission)
        tracedValues = []
        var points: [PointExplanation] = []
        for (index, point) in ruleset.points.enumerated() {
            points.append(try explainPoint(index, point, result.points[index]))
            trace.record(verdict: result.points[index].verdict, point: index)
        }
        var floors: [FloorExplanation] = []
        for (k, floor) in ruleset.grading.floors.enumerated() {
            let f = FloorExplanation(
                point: floor.point, level: floor.level, verdict: result.points[floor.point].verdict,
                location: statements.floors.count > k ? statements.floors[k] : ruleset.points[floor.point].location,
                marks: floor.marks, pointMarks: result.points[floor.point].marks)
            trace.record(.floor(k), f.passed)
            floors.append(f)
        }
        var grades: [GradeExplanation] = []
        let floorsPassed = result.floorsFailed.isEmpty
        for g in ruleset.grading.grades.indices.dropFirst() {
            let required = ruleset.points.indices.filter { ruleset.points[$0].requiredFor == g }.map { ($0, result.points[$0].verdict) }
            let tested = floorsPassed && g <= result.gradeIndex + 1
            var rule: ExplanationNode?
            if let r = ruleset.grading.rules[g] {
                rule = explainRule(r, .gradeRule(grade: g), engineTested: tested && required.allSatisfy { $0.1 == .met })
            }
            grades.append(
                GradeExplanation(
                    index: g, name: ruleset.grading.grades[g], required: required, rule: rule,
                    ruleStatement: statements.gradeRules[g], tested: tested, reached: g <= result.gradeIndex))
        }
        let components = explainComponents(result)
        var printable = ruleTexts
        for id in submission.itemIDs { printable.insert(id) }
        printable.insert(submission.learnerID)
        printable.insert(submission.unit)
        printable.insert(submission.assessor)
        return SubmissionExplanation(
            result: result, ruleset: ruleset, points: points, floors: floors, grades: grades, components: components,
            printableTexts: printable)
    }

    mutating func explainPoint(_ index: Int, _ point: CompiledPoint, _ outcome: MarkingResult.PointResult) throws(EvaluationError) -> PointExplanation {
        let map = statements.points[point.id]
        var lets: [LetExplanation] = []
        for binding in point.bindings {
            let node = try explainRoot(binding.value, reached: true)
            evaluator.slots[binding.slot] = node.value
            lets.append(LetExplanation(name: binding.name, statement: map?.lets[binding.name] ?? binding.value.location, node: node))
        }
        var met = try condition(point.met, reached: true, target: .condition(point: index, level: .met))
        var partial: ExplanationNode?
        if let p = point.partiallyMet {
            partial = try condition(p, reached: met.value != .boolean(true), target: .condition(point: index, level: .partiallyMet))
        }
        if let scale = point.scale, scale.verdictFromMarks, case .compare(_, _, let full) = point.met.kind, case .constant(let units) = full.kind {
            // The conditions the checker derived from the marks, in the rules' terms.
            let counted = text(scale.count.location)
            met.text = "\(counted) >= \(units.rendered)"
            partial?.text = "\(counted) >= 1"
        }
        return PointExplanation(
            index: index, id: point.id, verdict: outcome.verdict, marks: outcome.marks, maximum: point.marks,
            location: point.location, evidence: outcome.evidence, requiredStatement: map?.required, lets: lets, met: met,
            metStatement: map?.met ?? point.met.location, partiallyMet: partial,
            partiallyMetStatement: point.partiallyMet.map { map?.partiallyMet ?? $0.location })
    }

    /// A point's condition: its value and, for an `and`/`or` chain, each operand's.
    mutating func condition(_ node: Node, reached: Bool, target: ExplanationTrace.Target) throws(EvaluationError) -> ExplanationNode {
        let explained = try explainRoot(node, reached: reached)
        if reached {
            trace.record(target, explained.value == .boolean(true))
            if explained.kind == .and || explained.kind == .or {
                for operand in explained.children where operand.reached {
                    trace.record(.operand(operand.location), operand.value == .boolean(true))
                }
            }
        }
        return explained
    }

    mutating func explainRoot(_ node: Node, reached: Bool) throws(EvaluationError) -> ExplanationNode {
        let (value, parts) = try walk(node, reached: reached, display: true)
        return wrap(node, value, parts, reached: reached)
    }

    /// One node: its own explanation when the walk returned it, else an expression node
    /// holding the parts found inside it.
    mutating func wrap(_ node: Node, _ value: Value, _ parts: [ExplanationNode], reached: Bool) -> ExplanationNode {
        if parts.count == 1, parts[0].location == node.location {
            var only = parts[0]
            only.reached = reached
            return only
        }
        var explained = ExplanationNode(
            kind: .expression, location: node.location, text: text(node.location), value: value, reached: reached,
            overItems: false, elements: [], children: parts)
        explained.inputs = inputs(node)
        return explained
    }

    /// The named values an expression reads, outside its quantifiers and calls.
    mutating func inputs(_ node: Node) -> [ExplanationInput] {
        var names: [(String, Node)] = []
        func collect(_ n: Node) {
            switch n.kind {
            case .slot(_, let name):
                if !names.contains(where: { $0.0 == name }) { names.append((name, n)) }
            case .total:
                if !names.contains(where: { $0.0 == "total" }) { names.append(("total", n)) }
            case .submission(let i):
                let name = "submission." + SubmissionFields.all[i].name
                if !names.contains(where: { $0.0 == name }) { names.append((name, n)) }
            case .quantifier, .aggregate, .call, .value:
                break
            default:
                for c in Explainer.children(n) { collect(c) }
            }
        }
        collect(node)
        var found: [ExplanationInput] = []
        for (name, n) in names {
            guard let v = try? evaluator.evaluate(n) else { continue }
            switch v {
            case .record, .list: continue
            default: found.append(ExplanationInput(name: name, value: v))
            }
        }
        return found
    }

    /// Evaluates a node the way the evaluator does, recording outcomes when `reached` (the
    /// engine evaluates it too) and building explanations when `display`. A part the engine
    /// does not evaluate may fail (a division by zero the engine never reaches): it is then
    /// shown as missing rather than stopping the explanation.
    mutating func walk(_ node: Node, reached: Bool, display: Bool) throws(EvaluationError) -> (Value, [ExplanationNode]) {
        guard reached else {
            do {
                return try step(node, reached: false, display: display)
            } catch {
                return (.missing, [])
            }
        }
        return try step(node, reached: true, display: display)
    }

    mutating func step(_ node: Node, reached: Bool, display: Bool) throws(EvaluationError) -> (Value, [ExplanationNode]) {
        if Explainer.isTableCell(node) { return (try evaluator.evaluate(node), []) }
        switch node.kind {
        case .constant, .slot, .items, .submission, .total, .verdict, .verdictCount, .componentCount:
            return (try evaluator.evaluate(node), [])
        case .and, .or:
            let isAnd: Bool
            if case .and = node.kind { isAnd = true } else { isAnd = false }
            var result = isAnd
            var decided = false
            var children: [ExplanationNode] = []
            for operand in Explainer.chain(node, and: isAnd) {
                let operandReached = reached && !decided
                let (v, parts) = try walk(operand, reached: operandReached, display: display)
                if display { children.append(wrap(operand, v, parts, reached: operandReached)) }
                let holds = v == .boolean(true)
                if !decided && holds != isAnd {
                    result = holds
                    decided = true
                    if !display { break }
                }
            }
            guard display else { return (.boolean(result), []) }
            return (
                .boolean(result),
                [ExplanationNode(
                    kind: isAnd ? .and : .or, location: node.location, text: text(node.location), value: .boolean(result),
                    reached: reached, overItems: false, elements: [], children: children)]
            )
        case .not(let a):
            let (v, parts) = try walk(a, reached: reached, display: display)
            let value = Value.boolean(v != .boolean(true))
            guard display else { return (value, []) }
            return (
                value,
                [ExplanationNode(
                    kind: .not, location: node.location, text: text(node.location), value: value, reached: reached,
                    overItems: false, elements: [], children: [wrap(a, v, parts, reached: reached)])]
            )
        case .call(let function, let arguments, _):
            var values: [Value] = []
            for a in arguments { values.append(try walk(a, reached: reached, display: false).0) }
            let f = ruleset.functions[function]
            for (i, slot) in f.parameterSlots.enumerated() { evaluator.slots[slot] = values[i] }
            let (v, parts) = try walk(f.body, reached: reached, display: display)
            guard display else { return (v, []) }
            return (
                v,
                [ExplanationNode(
                    kind: .call, location: node.location, text: text(node.location), value: v, reached: reached,
                    overItems: false, elements: [], children: [wrap(f.body, v, parts, reached: reached)])]
            )
        case .value(let index, _):
            let value = try evaluator.evaluate(node)
            let first = !tracedValues.contains(index)
            guard first || display else { return (value, []) }
            tracedValues.insert(index)
            let body = ruleset.values[index].body
            let (_, parts) = try walk(body, reached: reached && first, display: display)
            guard display else { return (value, []) }
            return (
                value,
                [ExplanationNode(
                    kind: .definition, location: node.location, text: text(node.location), value: value, reached: reached,
                    overItems: false, elements: [], children: [wrap(body, value, parts, reached: reached)])]
            )
        case .quantifier(let q, let slot, let collection, let filter, let tracks):
            return try range(
                node, quantifier: q, value: nil, slot: slot, collection: collection, filter: filter, tracks: tracks,
                reached: reached, display: display)
        case .aggregate(_, let value, let slot, let collection, let filter, let tracks):
            return try range(
                node, quantifier: nil, value: value, slot: slot, collection: collection, filter: filter, tracks: tracks,
                reached: reached, display: display)
        case .otherwise(let a, let b):
            guard Explainer.containsWalkable(node) else { return (try evaluator.evaluate(node), []) }
            let (va, pa) = try walk(a, reached: reached, display: display)
            var parts = pa
            if va == .missing || display {
                let (_, pb) = try walk(b, reached: reached && va == .missing, display: display)
                parts += pb
            }
            return (try evaluator.evaluate(node), parts)
        default:
            guard Explainer.containsWalkable(node) else { return (try evaluator.evaluate(node), []) }
            var parts: [ExplanationNode] = []
            for child in Explainer.children(node) {
                parts += try walk(child, reached: reached, display: display).1
            }
            return (try evaluator.evaluate(node), parts)
        }
    }

    /// A quantifier or aggregate: the collection, then each element in turn, following the
    /// evaluator's early exits for what is recorded, while explaining every element.
    mutating func range(
        _ node: Node, quantifier q: Quantifier?, value: Node?, slot: Int, collection: Node, filter: Node?, tracks: Bool,
        reached: Bool, display: Bool
    ) throws(EvaluationError) -> (Value, [ExplanationNode]) {
        let (list, parts) = try walk(collection, reached: reached, display: display)
        var elements: [ExplanationElement] = []
        if case .list(let values) = list {
            var engine = reached
            for (i, element) in values.enumerated() {
                if !display && !engine { break }
                evaluator.slots[slot] = element
                var holds = true
                if let filter {
                    holds = try walk(filter, reached: engine, display: false).0 == .boolean(true)
                    if engine { trace.record(.filter(node.location), holds) }
                }
                var contributed: Value?
                if holds, let value {
                    evaluator.slots[slot] = element
                    contributed = try walk(value, reached: engine, display: false).0
                }
                if display {
                    var reasons: [ExplanationClause] = []
                    if !holds, let filter {
                        evaluator.slots[slot] = element
                        reasons = (try? why(filter)) ?? []
                    }
                    var shown = contributed
                    if shown == nil, !tracks, !Explainer.isRecord(element) { shown = element }
                    elements.append(
                        ExplanationElement(
                            label: tracks && i < evaluator.currentItemIDs.count ? evaluator.currentItemIDs[i] : "#\(i + 1)",
                            counted: holds, value: shown, excludedBy: reasons))
                }
                switch q {
                case .any? where holds && !tracks: engine = false
                case .all? where !holds: engine = false
                case .none? where holds: engine = false
                default: break
                }
            }
        }
        let result = try evaluator.evaluate(node)
        guard display else { return (result, []) }
        return (
            result,
            [ExplanationNode(
                kind: q == nil ? .aggregate : .quantifier, location: node.location, text: text(node.location), value: result,
                reached: reached, overItems: tracks, elements: elements, children: parts)]
        )
    }

    /// Why a filter is false for the element in its slot: its first false `and`-clause, and
    /// when that clause calls a definition, the definition's first false clause, and so on.
    mutating func why(_ filter: Node) throws(EvaluationError) -> [ExplanationClause] {
        var chain: [ExplanationClause] = []
        var current = filter
        for _ in 0..<64 {
            var culprit: Node?
            for operand in Explainer.chain(current, and: true) where try evaluator.evaluate(operand) != .boolean(true) {
                culprit = operand
                break
            }
            guard let culprit else { break }
            var clause = ExplanationClause(location: culprit.location, text: text(culprit.location))
            guard case .call(let function, let arguments, _) = culprit.kind else {
                clause.inputs = fields(culprit)
                chain.append(clause)
                break
            }
            chain.append(clause)
            var values: [Value] = []
            for a in arguments { values.append(try evaluator.evaluate(a)) }
            let f = ruleset.functions[function]
            for (i, slot) in f.parameterSlots.enumerated() { evaluator.slots[slot] = values[i] }
            current = f.body
        }
        return chain
    }

    /// The fields and named values a clause reads (outside its quantifiers and calls), with
    /// their values: `i.greeted_within_seconds = 45`.
    mutating func fields(_ node: Node) -> [ExplanationInput] {
        var found: [Node] = []
        func collect(_ n: Node) {
            switch n.kind {
            case .field, .slot, .total, .submission: found.append(n)
            case .quantifier, .aggregate, .call, .value, .constant: break
            default: for c in Explainer.children(n) { collect(c) }
            }
        }
        collect(node)
        var inputs: [ExplanationInput] = []
        for n in found {
            let name = text(n.location)
            guard !inputs.contains(where: { $0.name == name }), let v = try? evaluator.evaluate(n) else { continue }
            switch v {
            case .record, .list: continue
            default: inputs.append(ExplanationInput(name: name, value: v))
            }
        }
        return inputs
    }

    /// The source text of a location, white space collapsed.
    func text(_ location: SourceRef) -> String {
        Explainer.collapse(ruleset.sources[location.file].text(location.range))
    }

    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }

    static func isRecord(_ v: Value) -> Bool {
        if case .record = v { return true }
        return false
    }

    /// The operands of a chain of `and` (or `or`) in evaluation order.
    static func chain(_ node: Node, and isAnd: Bool) -> [Node] {
        if isTableCell(node) { return [node] }
        switch node.kind {
        case .and(let a, let b) where isAnd: return chain(a, and: true) + chain(b, and: true)
        case .or(let a, let b) where !isAnd: return chain(a, and: false) + chain(b, and: false)
        default: return [node]
        }
    }

    /// The direct sub-expressions of a node, in the order the evaluator reads them.
    static func children(_ node: Node) -> [Node] {
        switch node.kind {
        case .constant, .slot, .value, .items, .submission, .total, .verdict, .verdictCount, .componentCount: return []
        case .field(let b, _, _, _): return [b]
        case .call(_, let args, _), .builtin(_, let args): return args
        case .list(let elements): return elements
        case .not(let a), .negate(let a), .isMissing(let a), .isPresent(let a): return [a]
        case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b), .arithmetic(_, let a, let b),
            .otherwise(let a, let b), .between(_, let a, let b):
            return [a, b]
        case .member(let a, let list, _): return [a, list]
        case .mentions(let a, let phrases): return [a, phrases]
        case .within(let a, let days, let b): return [a, b, days]
        case .quantifier(_, _, let c, let f, _): return [c] + (f.map { [$0] } ?? [])
        case .aggregate(_, let v, _, let c, let f, _): return [c] + (f.map { [$0] } ?? []) + [v]
        }
    }

    /// Whether a node contains anything the walk explains or records: a quantifier, an
    /// aggregate, a call or a value definition.
    static func containsWalkable(_ node: Node) -> Bool {
        switch node.kind {
        case .quantifier, .aggregate, .call, .value, .and, .or, .not: return true
        default: return children(node).contains { containsWalkable($0) }
        }
    }

    /// Every text written in the rules, and every enumeration value: texts that are safe to
    /// print in an explanation.
    static func texts(in ruleset: Ruleset) -> Set<String> {
        var found: Set<String> = Set(ruleset.schema.kinds)
        for values in ruleset.schema.enumerations.values { found.formUnion(values) }
        func walk(_ n: Node) {
            if case .constant(let v) = n.kind { collect(v) }
            for c in children(n) { walk(c) }
        }
        func collect(_ v: Value) {
            switch v {
            case .text(let t): found.insert(t)
            case .list(let l): l.forEach(collect)
            default: break
            }
        }
        for v in ruleset.values { walk(v.body) }
        for f in ruleset.functions { walk(f.body) }
        for p in ruleset.points {
            for b in p.bindings { walk(b.value) }
            walk(p.met)
            if let pm = p.partiallyMet { walk(pm) }
        }
        for case let r? in ruleset.grading.rules { walk(r) }
        found.insert("")
        return found
    }
}

/// Where the statements of a ruleset are written (the compiled ruleset keeps the locations of
/// expressions, not of the statements that hold them).
struct StatementMap: Sendable {
    struct PointStatements: Sendable {
        var lets: [String: SourceRef] = [:]
        var required: SourceRef?
        var met: SourceRef?
        var partiallyMet: SourceRef?
    }
    var points: [String: PointStatements] = [:]
    var floors: [SourceRef] = []
    var gradeRules: [Int: SourceRef] = [:]
    /// Each component's grade rules, by component index and grade.
    var componentRules: [Int: [Int: SourceRef]] = [:]

    init(_ ruleset: Ruleset) {
        guard let source = ruleset.sources.first else { return }
        // An extending ruleset's points and grading scheme may be written in its bases (and a
        // grading statement in the extension that amends it): each tree is read with its file.
        let trees = ruleset.trees.isEmpty ? [Parser.parse(source).file] : ruleset.trees
        for (file, tree) in trees.enumerated() {
            for declaration in tree.declarations { read(declaration, file: file, ruleset) }
        }
    }

    private mutating func read(_ declaration: Declaration, file: Int, _ ruleset: Ruleset) {
        switch declaration {
        case .point(let p):
            var s = PointStatements()
            for statement in p.statements {
                switch statement {
                case .binding(let name, _, let range): s.lets[name.name] = SourceRef(file: file, range: range)
                case .requiredFor(_, let range): s.required = SourceRef(file: file, range: range)
                case .condition(.met, _, let range): s.met = SourceRef(file: file, range: range)
                case .condition(_, _, let range): s.partiallyMet = SourceRef(file: file, range: range)
                default: break
                }
            }
            points[p.id.name] = s
        case .grading(let g):
            for (i, statement) in g.statements.enumerated() {
                let ref = SourceRef(file: g.file(ofStatement: i, default: file), range: statement.range)
                switch statement {
                case .floor, .markFloor: floors.append(ref)
                case .rule(let grade, _, _):
                    if let i = ruleset.grading.grades.firstIndex(of: grade.value) { gradeRules[i] = ref }
                case .combine(let t, _):
                    // The table gives every grade above the lowest.
                    for i in ruleset.grading.grades.indices.dropFirst() { gradeRules[i] = SourceRef(file: ref.file, range: t.headRange) }
                case .component(let c, _):
                    if let (k, rules) = StatementMap.componentRules(c, in: ruleset, file: ref.file) { componentRules[k] = rules }
                case .grades: break
                }
            }
        default: break
        }
    }
}
