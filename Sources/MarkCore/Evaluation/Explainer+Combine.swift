/// How explain reads the rules a combine table is written into: each cell's test ("exactly
/// Pass": at least Pass and not Distinction) is one line, the cell as written.
extension Explainer {
    /// Whether `node` is the test of one cell of a combine table: `and`/`not` over component
    /// grades, all written at the cell's place.
    static func isTableCell(_ node: Node) -> Bool {
        func within(_ n: Node) -> Bool {
            guard n.location == node.location else { return false }
            switch n.kind {
            case .componentCount: return true
            case .not(let a): return within(a)
            case .and(let a, let b): return within(a) && within(b)
            default: return false
            }
        }
        switch node.kind {
        case .not, .and: return within(node)
        default: return false
        }
    }
}
