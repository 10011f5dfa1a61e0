import MarkCore

/// The names of the evidence fields a ruleset reads (`i.follow_up.date` reads `follow_up` and
/// `date`), following the definitions marking reaches. The generator makes these fields
/// present, and good, in proportion to a submission's quality, so every unit gets a grade mix.
func fieldsRead(by ruleset: Ruleset) -> Set<String> {
    var names: Set<String> = []
    var seenValues: Set<Int> = []
    var seenFunctions: Set<Int> = []
    func walk(_ node: Node) {
        switch node.kind {
        case .field(let base, _, let name, _):
            names.insert(name)
            walk(base)
        case .value(let i, _):
            if seenValues.insert(i).inserted { walk(ruleset.values[i].body) }
        case .call(let f, let args, _):
            if seenFunctions.insert(f).inserted { walk(ruleset.functions[f].body) }
            args.forEach(walk)
        case .builtin(_, let args), .list(let args): args.forEach(walk)
        case .not(let a), .negate(let a), .isMissing(let a), .isPresent(let a): walk(a)
        case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b), .arithmetic(_, let a, let b),
            .member(let a, let b, _), .mentions(let a, let b), .otherwise(let a, let b), .between(_, let a, let b):
            walk(a)
            walk(b)
        case .within(let a, let d, let b):
            walk(a)
            walk(d)
            walk(b)
        case .quantifier(_, _, let c, let f, _):
            walk(c)
            if let f { walk(f) }
        case .aggregate(_, let v, _, let c, let f, _):
            walk(v)
            walk(c)
            if let f { walk(f) }
        case .constant, .slot, .items, .submission, .total, .verdict, .verdictCount, .componentCount: break
        }
    }
    for p in ruleset.points {
        p.bindings.forEach { walk($0.value) }
        walk(p.met)
        if let q = p.partiallyMet { walk(q) }
        if let s = p.scale { walk(s.count) }
    }
    for case let rule? in ruleset.grading.rules { walk(rule) }
    return names
}
