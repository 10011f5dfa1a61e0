/// How each component's grade was decided: its rules explained like the overall ones, with
/// `total` the component's own, and their outcomes traced for `mark test --coverage`.
public struct ComponentExplanation: Sendable {
    /// Index into `CompiledGrading.components`.
    public var index: Int
    /// The component's id.
    public var id: String
    /// The grade it reached.
    public var grade: String
    /// Its points below a floor of the component (which held it at its lowest grade).
    public var floorsFailed: [String]
    /// The grades of its scale above the lowest, lowest first, each with its rule.
    public var grades: [GradeExplanation]
}

extension Explainer {
    /// Explains every component's rules; the evaluator has marked the submission, so the
    /// verdicts are known, and `total` is set to each component's total while its rules are read.
    mutating func explainComponents(_ result: MarkingResult) -> [ComponentExplanation] {
        var out: [ComponentExplanation] = []
        let overall = evaluator.total
        defer { evaluator.total = overall }
        for (k, c) in ruleset.grading.components.enumerated() where k < result.components.count {
            let reached = result.components[k]
            evaluator.total = reached.total
            var grades: [GradeExplanation] = []
            for g in c.grading.grades.indices.dropFirst() {
                let tested = reached.floorsFailed.isEmpty && g <= reached.gradeIndex + 1
                var rule: ExplanationNode?
                if let node = c.grading.rules[g] { rule = explainRule(node, .componentRule(component: k, grade: g), engineTested: tested) }
                grades.append(
                    GradeExplanation(
                        index: g, name: c.grading.grades[g], required: [], rule: rule, ruleStatement: statements.componentRules[k]?[g],
                        tested: tested, reached: g <= reached.gradeIndex))
            }
            out.append(ComponentExplanation(index: k, id: c.id, grade: reached.grade, floorsFailed: reached.floorsFailed, grades: grades))
        }
        return out
    }
}

extension Explainer {
    /// A grade rule explained and its outcome traced. Every grade rule is evaluated, whether or
    /// not grading reached it, so that a rule's value is known for every submission (one the
    /// engine reached has already been evaluated without error by `mark`); `engineTested` says
    /// whether the engine itself tested it.
    mutating func explainRule(_ rule: Node, _ target: ExplanationTrace.Target, engineTested: Bool) -> ExplanationNode {
        var node: ExplanationNode
        do {
            node = try explainRoot(rule, reached: true)
            trace.record(target, node.value == .boolean(true))
        } catch {
            node = ExplanationNode(
                kind: .expression, location: rule.location, text: text(rule.location), value: .missing, reached: false,
                overItems: false, elements: [], children: [])
        }
        node.reached = engineTested
        return node
    }
}

extension StatementMap {
    /// Where each component's `grade "G" when` statements are written, by component and grade.
    static func componentRules(_ c: ComponentScheme, in ruleset: Ruleset, file: Int) -> (Int, [Int: SourceRef])? {
        guard let k = ruleset.grading.components.firstIndex(where: { $0.id == c.id.name }) else { return nil }
        var rules: [Int: SourceRef] = [:]
        for case .rule(let grade, _, let range) in c.statements {
            if let g = ruleset.grading.components[k].grading.grades.firstIndex(of: grade.value) { rules[g] = SourceRef(file: file, range: range) }
        }
        return (k, rules)
    }
}
