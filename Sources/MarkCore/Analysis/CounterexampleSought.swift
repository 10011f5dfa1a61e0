/// What the counterexample search still looks for and what it has found: for each difference
/// ("grade", or a point's new id) the first submission that showed it.
///
/// A change's finding is the smallest submission among its differences, the one it prefers
/// first among equally small ones (see `Counterexamples.finding`). So a difference stops being
/// looked for once, for every change that may show it, a difference that change prefers has a
/// submission no later find can beat: every later find has at least one item (the empty
/// submission is the first one marked), so a one-item submission of a difference preferred to
/// it, or an empty one, settles it. When nothing is looked for any more the search stops.
struct CounterexampleSought {
    /// The differences still looked for.
    private(set) var wanted: Set<String>
    /// The first submission that showed each difference found.
    private(set) var first: [String: Submission] = [:]
    /// For each change that can act, its differences, the preferred first.
    let orders: [[String]]

    /// The fewest items of a submission found after the first (empty) one.
    static let leastLater = 1

    /// Looks for every difference of `orders`.
    init(orders: [[String]]) {
        self.orders = orders
        wanted = Set(orders.joined())
    }

    /// Whether nothing is looked for any more.
    var isEmpty: Bool { wanted.isEmpty }

    /// Whether `key` is still looked for.
    func contains(_ key: String) -> Bool { wanted.contains(key) }

    /// Keeps `submission` for each difference of `keys` still looked for.
    mutating func record(_ keys: [String], _ submission: @autoclosure () -> Submission) {
        var kept = false
        for key in keys where wanted.contains(key) {
            first[key] = submission()
            wanted.remove(key)
            kept = true
        }
        if kept { wanted = wanted.filter { key in orders.contains { $0.contains(key) && !settled($0, key) } } }
    }

    /// Whether no later find of `key` can be the finding of the change with differences `order`.
    func settled(_ order: [String], _ key: String) -> Bool {
        guard let at = order.firstIndex(of: key) else { return true }
        for (i, other) in order.enumerated() {
            guard let n = first[other]?.items.count else { continue }
            if n < Self.leastLater || (n == Self.leastLater && i < at) { return true }
        }
        return false
    }
}
