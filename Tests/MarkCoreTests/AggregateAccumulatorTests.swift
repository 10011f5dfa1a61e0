import Testing

@testable import MarkCore

/// `count(distinct …)` keeps dates and numbers as sorted keys and everything else in a set:
/// both must count the values that differ by `==`, whatever the order and mix.
@Suite struct AggregateAccumulatorTests {
    func countDistinct(_ values: [Value]) -> Value {
        var a = AggregateAccumulator(.countDistinct)
        for v in values { a.add(v) }
        return a.result()
    }

    /// What the set of values alone gives.
    func bySet(_ values: [Value]) -> Value { .number(Double(Set(values).count)) }

    @Test func datesAndNumbersCountAsTheSetDoes() {
        let d = { (n: Int) in Value.date(CalendarDate(day: n)) }
        let cases: [[Value]] = [
            [],
            [d(3), d(1), d(3), d(2), d(1)],
            [.number(2), .number(-0.0), .number(0), .number(2), .number(7.5)],
            [d(5), .number(5), d(5), .number(5)],
            [.number(1), d(1), .missing, .missing, .text("a"), .text("a"), .boolean(true)],
            [.missing, d(4), d(4), .number(4)],
        ]
        for values in cases {
            #expect(countDistinct(values) == bySet(values), "\(values)")
        }
        #expect(countDistinct([d(3), d(1), d(3), d(2), d(1)]) == .number(3))
        #expect(countDistinct([.number(0), .number(-0.0)]) == .number(1))
        #expect(countDistinct([d(5), .number(5)]) == .number(2))
    }

    @Test func aNaNIsNeverEqualToAnother() {
        let values: [Value] = [.number(.nan), .number(.nan), .number(1)]
        #expect(countDistinct(values) == bySet(values))
    }
}
