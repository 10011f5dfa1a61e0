import Testing

@testable import MarkCore

/// `CounterexampleSought`: when the counterexample search may stop looking for a difference
/// (no later find could become a change's answer).
@Suite struct CounterexampleSoughtTests {
    static func submission(items: Int) -> Submission {
        Submission(
            path: "s", learnerID: "L", learnerName: nil, unit: "U", started: CalendarDate(day: 0),
            submitted: CalendarDate(day: 182), assessor: "A", items: Array(repeating: .record([]), count: items),
            itemIDs: (0..<items).map { "E\($0 + 1)" })
    }

    @Test func aOneItemFindOfThePreferredDifferenceSettlesTheOthers() {
        var sought = CounterexampleSought(orders: [["p", "grade"]])
        sought.record(["p"], Self.submission(items: 1))
        #expect(!sought.contains("grade"))
        #expect(sought.isEmpty)
        #expect(sought.first["p"]?.items.count == 1)
    }

    @Test func aOneItemFindOfALaterDifferenceLeavesThePreferredSought() {
        // A later one-item find of "p" would be the answer (preferred on a tie).
        var sought = CounterexampleSought(orders: [["p", "grade"]])
        sought.record(["grade"], Self.submission(items: 1))
        #expect(sought.contains("p"))
        #expect(!sought.contains("grade"))
    }

    @Test func aLargerFindSettlesNothing() {
        // A later one-item find of "grade" would be smaller.
        var sought = CounterexampleSought(orders: [["p", "grade"]])
        sought.record(["p"], Self.submission(items: 2))
        #expect(sought.contains("grade"))
    }

    @Test func aDifferenceStaysSoughtWhileAnyChangeMayUseIt() {
        var sought = CounterexampleSought(orders: [["p", "grade"], ["grade"]])
        sought.record(["p"], Self.submission(items: 1))
        #expect(sought.contains("grade"))
        sought.record(["grade"], Self.submission(items: 3))
        #expect(sought.isEmpty)
        #expect(sought.first["grade"]?.items.count == 3)
    }

    @Test func theEmptySubmissionSettlesEveryChangeItShows() {
        var sought = CounterexampleSought(orders: [["q", "p", "grade"]])
        sought.record(["grade"], Self.submission(items: 0))
        #expect(sought.isEmpty)
    }

    @Test func theFirstFindOfADifferenceIsKept() {
        var sought = CounterexampleSought(orders: [["p", "grade"], ["p"]])
        sought.record(["p"], Self.submission(items: 2))
        sought.record(["p", "grade"], Self.submission(items: 1))
        #expect(sought.first["p"]?.items.count == 2)
        #expect(sought.first["grade"]?.items.count == 1)
    }
}
