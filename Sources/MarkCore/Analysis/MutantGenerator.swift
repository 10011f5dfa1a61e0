import Foundation

/// Makes every mutant of a ruleset that its rule tests should notice: each threshold moved by
/// one both ways, each comparison flipped, each `and`/`or` operand dropped, each verdict level
/// swapped. Only rules that decide a verdict or a grade are changed (a `let` that only feedback
/// reads, or a definition no point uses, cannot change what a test checks).
struct MutantGenerator {
    let ruleset: Ruleset

    /// One textual change to a node: what it is, where, and the text before and after.
    struct Change {
        var kind: RuleMutant.Operator
        var node: Node
        var original: String
        var mutated: String
    }

    /// Every mutant, in file and source order.
    func mutants() -> [RuleMutant] {
        let uses = RuleDependencies(ruleset)
        var out: [RuleMutant] = []
        func add(_ root: Node, _ site: (Node) -> RuleMutant.Site) {
            for (node, change) in changes(root) {
                out.append(mutant(change, site(node), replacement: node, at: change.node.location))
            }
        }
        for v in uses.values.sorted() { add(ruleset.values[v].body) { _ in .value(v) } }
        for f in uses.functions.sorted() { add(ruleset.functions[f].body) { _ in .function(f) } }
        for (p, point) in ruleset.points.enumerated() {
            for i in uses.bindings[p].sorted() { add(point.bindings[i].value) { _ in .binding(point: p, index: i) } }
            out += markScaleMutants(p)
            // A computed mark's own conditions follow from its marks: its scale is mutated instead.
            if point.scale?.verdictFromMarks == true { continue }
            add(point.met) { _ in .met(point: p) }
            if let partial = point.partiallyMet {
                add(partial) { _ in .partiallyMet(point: p) }
                let a = squeeze(text(point.met)), b = squeeze(text(partial))
                let change = Change(
                    kind: .verdictLevel, node: point.met, original: "met when \(a), partially met when \(b)",
                    mutated: "met when \(b), partially met when \(a)")
                out.append(mutant(change, .swapConditions(point: p), replacement: nil, at: point.met.location))
            }
        }
        for (g, rule) in ruleset.grading.rules.enumerated() {
            if let rule { add(rule) { _ in .gradeRule(g) } }
        }
        for (c, component) in ruleset.grading.components.enumerated() {
            for (g, rule) in component.grading.rules.enumerated() {
                if let rule { add(rule) { _ in .componentRule(component: c, grade: g) } }
            }
        }
        out += floorMutants()
        var seen: Set<String> = []
        return out.filter { seen.insert("\($0.path)|\($0.range)|\($0.mutated)").inserted }
            .sorted { ($0.path == $1.path) ? ($0.range.lowerBound, $0.kind.rawValue) < ($1.range.lowerBound, $1.kind.rawValue) : order($0.path) < order($1.path) }
    }

    func order(_ path: String) -> Int { ruleset.sources.firstIndex { $0.path == path } ?? Int.max }

    func mutant(_ c: Change, _ site: RuleMutant.Site, replacement: Node?, at ref: SourceRef) -> RuleMutant {
        let source = ruleset.sources[ref.file]
        let loc = source.location(of: ref.range.lowerBound)
        return RuleMutant(
            kind: c.kind, path: source.path, line: loc.line, column: loc.column, range: ref.range,
            original: shorten(squeeze(c.original)), mutated: shorten(squeeze(c.mutated)), site: site, replacement: replacement)
    }

    /// A floor's level swapped (`at partially met` ↔ `at met`), located by its statement.
    func floorMutants() -> [RuleMutant] {
        var out: [RuleMutant] = []
        for (k, floor) in ruleset.grading.floors.enumerated() {
            guard let (ref, written) = ruleset.floorStatement(k) else { continue }
            let source = ruleset.sources[ref.file]
            let loc = source.location(of: ref.range.lowerBound)
            if let marks = floor.marks {
                for moved in [marks + Marks(1), marks - Marks(1)] where moved > .zero {
                    out.append(
                        RuleMutant(
                            kind: .threshold, path: source.path, line: loc.line, column: loc.column, range: ref.range,
                            original: written, mutated: "floor \(ruleset.points[floor.point].id) at \(JSONWriter.format(moved)) marks",
                            site: .markFloor(k, moved), replacement: nil))
                }
                continue
            }
            let other: VerdictLevel = floor.level == .met ? .partiallyMet : .met
            out.append(
                RuleMutant(
                    kind: .verdictLevel, path: source.path, line: loc.line, column: loc.column, range: ref.range,
                    original: written, mutated: "floor \(ruleset.points[floor.point].id) at \(other.words)", site: .floor(k, other), replacement: nil))
        }
        return out
    }

    /// A computed mark's marks per unit and its maximum each moved by one mark, when written as
    /// numbers (`marks 5 per n, at most 20` → `marks 6 per …`, `… at most 19`).
    func markScaleMutants(_ p: Int) -> [RuleMutant] {
        let point = ruleset.points[p]
        guard let scale = point.scale, let at = scale.location else { return [] }
        let source = ruleset.sources[at.file]
        let written = squeeze(source.text(at.range))
        let one = Marks(1)
        var out: [RuleMutant] = []
        let prefix = "marks \(JSONWriter.format(scale.per)) per "
        func add(_ per: Marks, _ maximum: Marks) {
            let mutated = "marks \(JSONWriter.format(per)) per " + written.dropFirst(prefix.count)
            let text = replaceLast("at most \(JSONWriter.format(point.marks))", "at most \(JSONWriter.format(maximum))", in: mutated)
            guard text != written else { return }
            let change = Change(kind: .threshold, node: point.met, original: written, mutated: text)
            out.append(mutant(change, .markScale(point: p, per: per, maximum: maximum), replacement: nil, at: at))
        }
        guard written.hasPrefix(prefix), written.contains("at most \(JSONWriter.format(point.marks))") else { return [] }
        for per in [scale.per + one, scale.per - one] where per > .zero && per <= point.marks { add(per, point.marks) }
        for maximum in [point.marks + one, point.marks - one] where maximum >= scale.per { add(scale.per, maximum) }
        return out
    }

    /// Every single change of a node or a node below it, with the node rebuilt around it.
    func changes(_ node: Node) -> [(Node, Change)] {
        var out = own(node)
        let children = node.children
        for (i, child) in children.enumerated() {
            for (changed, change) in changes(child) {
                var c = children
                c[i] = changed
                out.append((node.replacingChildren(c), change))
            }
        }
        return out
    }

    /// The changes made to this node itself.
    func own(_ node: Node) -> [(Node, Change)] {
        var out: [(Node, Change)] = []
        let whole = text(node)
        func change(_ kind: RuleMutant.Operator, _ to: Node.Kind, _ mutated: String) {
            var n = node
            n.kind = to
            out.append((n, Change(kind: kind, node: node, original: whole, mutated: mutated)))
        }
        switch node.kind {
        case .compare(let op, let a, let b):
            for (side, other, isLeft) in [(b, a, false), (a, b, true)] {
                guard case .constant(.number(let n)) = side.kind else { continue }
                for moved in [n + 1, n - 1] {
                    var c = side
                    c.kind = .constant(.number(moved))
                    change(.threshold, isLeft ? .compare(op, c, other) : .compare(op, other, c), replace(side, with: JSONWriter.format(moved), in: node))
                }
            }
            let flipped = Self.opposite(op)
            change(.comparison, .compare(flipped, a, b), replaceOperator(op.rawValue, flipped.rawValue, between: a, b, in: node))
        case .and(let a, let b), .or(let a, let b):
            change(.operand, a.kind, text(a))
            change(.operand, b.kind, text(b))
        case .verdict(let p, let test) where test == .met || test == .partiallyMet:
            let other: TestKind = test == .met ? .partiallyMet : .met
            change(.verdictLevel, .verdict(point: p, test: other), replaceLast(test.rawValue, other.rawValue, in: whole))
        case .verdictCount(let points, let test, let atLeast):
            // `every point in c is met` counts every point: it has no count written to move.
            for moved in [atLeast + 1, atLeast - 1] where moved >= 0 && moved <= points.count + 1 && whole.contains("at least \(atLeast)") {
                change(.threshold, .verdictCount(points: points, test: test, atLeast: moved), replaceFirst("at least \(atLeast)", "at least \(moved)", in: whole))
            }
            if test == .met || test == .partiallyMet {
                let other: TestKind = test == .met ? .partiallyMet : .met
                change(.verdictLevel, .verdictCount(points: points, test: other, atLeast: atLeast), replaceLast(test.rawValue, other.rawValue, in: whole))
            }
        case .componentCount(let components, let grades, let atLeast):
            // Only as written: a grade without a rule of its own counts every component too.
            guard whole.contains("at least \(atLeast)") else { break }
            for moved in [atLeast + 1, atLeast - 1] where moved >= 1 && moved <= components.count {
                change(.threshold, .componentCount(components: components, grades: grades, atLeast: moved), replaceFirst("at least \(atLeast)", "at least \(moved)", in: whole))
            }
            if let c = components.first, components.count == 1 || Set(grades).count == 1, let g = grades.first {
                let scale = ruleset.grading.components[c].grading.grades
                for moved in [g + 1, g - 1] where moved >= 1 && moved < scale.count && whole.contains("\"\(scale[g])\"") {
                    change(
                        .verdictLevel, .componentCount(components: components, grades: grades.map { _ in moved }, atLeast: atLeast),
                        replaceLast("\"\(scale[g])\"", "\"\(scale[moved])\"", in: whole))
                }
            }
        default: break
        }
        return out
    }

    /// The comparison that holds exactly when `op` does not.
    static func opposite(_ op: Comparison) -> Comparison {
        switch op {
        case .equal: .notEqual
        case .notEqual: .equal
        case .less: .greaterEqual
        case .greaterEqual: .less
        case .greater: .lessEqual
        case .lessEqual: .greater
        }
    }

    func text(_ node: Node) -> String { ruleset.sources[node.location.file].text(node.location.range) }

    /// The text of `node` with the part written for `part` replaced.
    func replace(_ part: Node, with new: String, in node: Node) -> String {
        let source = ruleset.sources[node.location.file]
        let r = node.location.range, p = part.location.range
        guard part.location.file == node.location.file, r.lowerBound <= p.lowerBound, p.upperBound <= r.upperBound else { return text(node) }
        return source.text(r.lowerBound..<p.lowerBound) + new + source.text(p.upperBound..<r.upperBound)
    }

    /// The text of `node` with its operator (written between `a` and `b`) replaced.
    func replaceOperator(_ old: String, _ new: String, between a: Node, _ b: Node, in node: Node) -> String {
        let source = ruleset.sources[node.location.file]
        let r = node.location.range
        let lo = max(r.lowerBound, min(a.location.range.upperBound, b.location.range.upperBound))
        let hi = min(r.upperBound, max(a.location.range.lowerBound, b.location.range.lowerBound))
        guard lo <= hi else { return text(node) }
        let middle = source.text(lo..<hi)
        return source.text(r.lowerBound..<lo) + replaceFirst(old, new, in: middle) + source.text(hi..<r.upperBound)
    }

    func replaceFirst(_ old: String, _ new: String, in text: String) -> String {
        guard let r = text.range(of: old) else { return text }
        return text.replacingCharacters(in: r, with: new)
    }

    func replaceLast(_ old: String, _ new: String, in text: String) -> String {
        guard let r = text.range(of: old, options: .backwards) else { return text }
        return text.replacingCharacters(in: r, with: new)
    }

    /// Runs of white space (line breaks, indentation) as one space.
    func squeeze(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }

    func shorten(_ text: String) -> String { text.count <= 90 ? text : String(text.prefix(87)) + "…" }
}
