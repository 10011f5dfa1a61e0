import Testing

@testable import MarkCore

/// Every comparison the language defines, at its threshold and one step either side, by the
/// compiled program and by the tree walk (see `BothPaths`).
@Suite struct ComparisonBoundaryTests {
    /// For each operator: whether it holds for a value just below, at and just above the threshold.
    static let table: [(op: String, below: Bool, at: Bool, above: Bool)] = [
        ("<", true, false, false),
        ("<=", true, true, false),
        (">", false, false, true),
        (">=", false, true, true),
        ("=", false, true, false),
        ("!=", true, false, true),
    ]

    func scored(_ score: String) -> [String] { [Fixtures.item("E1", extra: "\"score\": \(score)")] }

    @Test func numbersAtJustBelowAndJustAboveTheThreshold() throws {
        for row in Self.table {
            for (score, expected) in [("4", row.below), ("5", row.at), ("6", row.above), ("4.99", row.below), ("5.01", row.above)] {
                let c = "any(i in items where (i.score otherwise 0) \(row.op) 5)"
                #expect(try BothPaths.holds(c, scored(score)) == [expected, expected], "\(score) \(row.op) 5")
            }
        }
    }

    @Test func numbersWithTheThresholdOnTheLeft() throws {
        // `5 < x` is `x > 5`: the mirror of each row.
        let mirror = ["<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="]
        for row in Self.table {
            for (score, expected) in [("4", row.below), ("5", row.at), ("6", row.above)] {
                let c = "any(i in items where 5 \(mirror[row.op]!) (i.score otherwise 0))"
                #expect(try BothPaths.holds(c, scored(score)) == [expected, expected], "5 \(mirror[row.op]!) \(score)")
            }
        }
    }

    @Test func negativeNumbersAndZero() throws {
        for (score, expected) in [("-1", true), ("0", false), ("1", false)] {
            #expect(try BothPaths.holds("any(i in items where (i.score otherwise 99) < 0)", scored(score)) == [expected, expected], "\(score) < 0")
        }
        for (score, expected) in [("-2", false), ("-1", true), ("0", true)] {
            #expect(try BothPaths.holds("any(i in items where (i.score otherwise -99) >= -1)", scored(score)) == [expected, expected], "\(score) >= -1")
        }
    }

    @Test func datesAtTheDayBeforeTheDayAndTheDayAfter() throws {
        for row in Self.table {
            for (date, expected) in [("2025-03-09", row.below), ("2025-03-10", row.at), ("2025-03-11", row.above)] {
                let c = "any(i in items where i.date \(row.op) 2025-03-10)"
                #expect(try BothPaths.holds(c, [Fixtures.item("E1", date: date)]) == [expected, expected], "\(date) \(row.op) 2025-03-10")
            }
        }
    }

    @Test func datesAcrossAYearEndAndALeapDay() throws {
        for row in Self.table {
            for (date, expected) in [("2025-12-31", row.below), ("2026-01-01", row.at), ("2026-01-02", row.above)] {
                let c = "any(i in items where i.date \(row.op) 2026-01-01)"
                #expect(try BothPaths.holds(c, [Fixtures.item("E1", date: date)]) == [expected, expected], "\(date) \(row.op) 2026-01-01")
            }
            for (date, expected) in [("2028-02-28", row.below), ("2028-02-29", row.at), ("2028-03-01", row.above)] {
                let c = "any(i in items where i.date \(row.op) 2028-02-29)"
                #expect(try BothPaths.holds(c, [Fixtures.item("E1", date: date)]) == [expected, expected], "\(date) \(row.op) 2028-02-29")
            }
        }
    }

    @Test func datesBothFromTheSubmission() throws {
        // Neither side a constant: the envelope's started against the item's date.
        for row in Self.table {
            for (date, expected) in [("2025-01-31", row.below), ("2025-02-01", row.at), ("2025-02-02", row.above)] {
                let c = "any(i in items where i.date \(row.op) submission.started)"
                #expect(try BothPaths.holds(c, [Fixtures.item("E1", date: date)]) == [expected, expected], "\(date) \(row.op) started")
            }
        }
    }

    @Test func shiftedDatesAtTheThreshold() throws {
        // `submission.submitted - 90 days` on 2025-12-01 is 2025-09-02.
        for (date, expected) in [("2025-09-01", false), ("2025-09-02", true), ("2025-09-03", true)] {
            let c = "any(i in items where i.date >= submission.submitted - 90 days)"
            #expect(try BothPaths.holds(c, [Fixtures.item("E1", date: date)]) == [expected, expected], "\(date)")
        }
        #expect(try BothPaths.value("submission.submitted - 90 days") == ["2025-09-02", "2025-09-02"])
        #expect(try BothPaths.value("submission.started + 2 weeks") == ["2025-02-15", "2025-02-15"])
    }

    /// Points of 0.7, 0.1 and `last`: totals 0.89, 0.9 and 0.91, none exact in binary floating point.
    func gradeWithTotal(_ last: String, rule: String) throws -> [String] {
        let body = """
            point a "A" {
              marks 0.7
              met when count(items) >= 0
            }
            point b "B" {
              marks 0.1
              met when count(items) >= 0
            }
            point c "C" {
              marks \(last)
              met when count(items) >= 0
            }
            grading {
              grades "Fail", "Pass"
              grade "Pass" when \(rule)
            }
            """
        let (a, b) = try BothPaths.mark(Fixtures.ruleset(body), Fixtures.submissionJSON([]))
        #expect(a.total == b.total)
        return [a.grade, b.grade]
    }

    @Test func exactDecimalTotalsAtEachOperator() throws {
        for row in Self.table {
            for (last, expected) in [("0.09", row.below), ("0.1", row.at), ("0.11", row.above)] {
                let grade = expected ? "Pass" : "Fail"
                #expect(try gradeWithTotal(last, rule: "total \(row.op) 0.9") == [grade, grade], "0.8+\(last) \(row.op) 0.9")
            }
        }
    }

    @Test func exactDecimalTotalsAreTheSumOnPaper() throws {
        let body = """
            point a "A" {
              marks 0.7
              met when count(items) >= 0
            }
            point b "B" {
              marks 0.1
              met when count(items) >= 0
            }
            point c "C" {
              marks 0.11
              met when count(items) >= 0
            }
            grading {
              grades "Fail", "Pass"
              grade "Pass" when total >= 0.91
            }
            """
        let (a, b) = try BothPaths.mark(Fixtures.ruleset(body), Fixtures.submissionJSON([]))
        #expect(a.total == Marks(hundredths: 91))
        #expect(b.total == Marks(hundredths: 91))
        #expect(a.grade == "Pass")
    }
}

/// `within N days of`, `days between`, `weeks between`, `span` and `week_of` at their edges.
@Suite struct DateFunctionBoundaryTests {
    /// One item dated `date` with a follow-up dated `followUp`.
    func item(_ date: String, _ followUp: String) -> [String] {
        [Fixtures.item("E1", date: date, extra: "\"follow_up\": {\"personalised\": true, \"date\": \"\(followUp)\"}")]
    }

    @Test func withinAtExactlyNDaysAndOneEitherSide() throws {
        // 2025-03-01 to 2025-03-07 is 6 days, to 03-08 is 7, to 03-09 is 8.
        for (followUp, expected) in [("2025-03-07", true), ("2025-03-08", true), ("2025-03-09", false)] {
            let forward = "any(i in items where i.date within 7 days of (i.follow_up.date otherwise i.date))"
            let backward = "any(i in items where (i.follow_up.date otherwise i.date) within 7 days of i.date)"
            #expect(try BothPaths.holds(forward, item("2025-03-01", followUp)) == [expected, expected], "03-01 within 7 of \(followUp)")
            #expect(try BothPaths.holds(backward, item("2025-03-01", followUp)) == [expected, expected], "\(followUp) within 7 of 03-01")
        }
        // The later date first in the evidence: 2025-02-23 is 6 days before 03-01, 02-22 is 7, 02-21 is 8.
        for (followUp, expected) in [("2025-02-23", true), ("2025-02-22", true), ("2025-02-21", false)] {
            let forward = "any(i in items where i.date within 7 days of (i.follow_up.date otherwise i.date))"
            let backward = "any(i in items where (i.follow_up.date otherwise i.date) within 7 days of i.date)"
            #expect(try BothPaths.holds(forward, item("2025-03-01", followUp)) == [expected, expected], "03-01 within 7 of \(followUp)")
            #expect(try BothPaths.holds(backward, item("2025-03-01", followUp)) == [expected, expected], "\(followUp) within 7 of 03-01")
        }
    }

    @Test func withinOfTheEnvelopeAndZeroDays() throws {
        // started 2025-02-01; submitted 30, 31 and 32 days later.
        for (submitted, expected) in [("2025-03-03", true), ("2025-03-04", true), ("2025-03-05", false)] {
            #expect(try BothPaths.holds("submission.started within 31 days of submission.submitted", submitted: submitted) == [expected, expected], "\(submitted)")
            #expect(try BothPaths.holds("submission.submitted within 31 days of submission.started", submitted: submitted) == [expected, expected], "\(submitted)")
        }
        #expect(try BothPaths.holds("submission.started within 0 days of submission.submitted", submitted: "2025-02-01") == [true, true])
        #expect(try BothPaths.holds("submission.started within 0 days of submission.submitted", submitted: "2025-02-02") == [false, false])
        // `within 1 weeks` is within 7 days.
        #expect(try BothPaths.holds("submission.started within 1 weeks of submission.submitted", submitted: "2025-02-08") == [true, true])
        #expect(try BothPaths.holds("submission.started within 1 weeks of submission.submitted", submitted: "2025-02-09") == [false, false])
    }

    @Test func withinAcrossAYearEnd() throws {
        for (followUp, expected) in [("2026-01-03", true), ("2026-01-04", true), ("2026-01-05", false)] {
            let c = "any(i in items where i.date within 7 days of (i.follow_up.date otherwise i.date))"
            #expect(try BothPaths.holds(c, item("2025-12-28", followUp)) == [expected, expected], "\(followUp)")
        }
    }

    /// `days between` and `weeks between` over the envelope, both orders.
    func between(_ unit: String, started: String, submitted: String) throws -> [String] {
        let forward = try BothPaths.value("\(unit) between submission.started and submission.submitted", started: started, submitted: submitted)
        let backward = try BothPaths.value("\(unit) between submission.submitted and submission.started", started: started, submitted: submitted)
        #expect(forward == backward, "\(unit) between is never negative: \(forward) vs \(backward)")
        return forward
    }

    @Test func daysAndWeeksBetweenAroundOneAndTwoWeeks() throws {
        // From 2025-03-01: 6, 7, 8, 13, 14 and 15 days.
        let cases: [(String, String, String)] = [
            ("2025-03-07", "6", "0"), ("2025-03-08", "7", "1"), ("2025-03-09", "8", "1"),
            ("2025-03-14", "13", "1"), ("2025-03-15", "14", "2"), ("2025-03-16", "15", "2"),
        ]
        for (submitted, days, weeks) in cases {
            #expect(try between("days", started: "2025-03-01", submitted: submitted) == [days, days], "days to \(submitted)")
            #expect(try between("weeks", started: "2025-03-01", submitted: submitted) == [weeks, weeks], "weeks to \(submitted)")
        }
        #expect(try between("days", started: "2025-03-01", submitted: "2025-03-01") == ["0", "0"])
        #expect(try between("weeks", started: "2025-03-01", submitted: "2025-03-01") == ["0", "0"])
    }

    @Test func daysAndWeeksBetweenItemDatesInBothOrders() throws {
        // The follow-up before the item's date: the same, never negative.
        for (followUp, days, weeks) in [("2025-02-22", "7", "1"), ("2025-02-23", "6", "0"), ("2025-02-15", "14", "2"), ("2025-02-16", "13", "1")] {
            for expression in ["days between i.date and (i.follow_up.date otherwise i.date)", "days between (i.follow_up.date otherwise i.date) and i.date"] {
                #expect(try BothPaths.value("sum(\(expression) for i in items)", item("2025-03-01", followUp)) == [days, days], "\(expression) \(followUp)")
            }
            for expression in ["weeks between i.date and (i.follow_up.date otherwise i.date)", "weeks between (i.follow_up.date otherwise i.date) and i.date"] {
                #expect(try BothPaths.value("sum(\(expression) for i in items)", item("2025-03-01", followUp)) == [weeks, weeks], "\(expression) \(followUp)")
            }
        }
    }

    @Test func daysBetweenAcrossAYearEndAndALeapYear() throws {
        #expect(try between("days", started: "2025-12-31", submitted: "2026-01-01") == ["1", "1"])
        #expect(try between("days", started: "2025-12-25", submitted: "2026-01-08") == ["14", "14"])
        #expect(try between("weeks", started: "2025-12-25", submitted: "2026-01-08") == ["2", "2"])
        #expect(try between("days", started: "2028-02-28", submitted: "2028-03-01") == ["2", "2"])
        #expect(try between("days", started: "2027-02-28", submitted: "2027-03-01") == ["1", "1"])
        #expect(try between("days", started: "2025-01-01", submitted: "2026-01-01") == ["365", "365"])
        #expect(try between("days", started: "2028-01-01", submitted: "2029-01-01") == ["366", "366"])
    }

    func dated(_ dates: [String]) -> [String] {
        dates.enumerated().map { Fixtures.item("E\($0.offset + 1)", date: $0.element) }
    }

    @Test func spanOfNoneOneAndTwoDates() throws {
        #expect(try BothPaths.value("span(i.date for i in items)", []) == ["0", "0"])
        #expect(try BothPaths.value("span(i.date for i in items)", dated(["2025-03-01"])) == ["0", "0"])
        #expect(try BothPaths.value("span(i.date for i in items)", dated(["2025-03-01", "2025-03-01"])) == ["0", "0"])
        #expect(try BothPaths.value("span(i.date for i in items)", dated(["2025-03-01", "2025-03-02"])) == ["1", "1"])
        #expect(try BothPaths.value("span(i.date for i in items)", dated(["2025-03-08", "2025-03-01"])) == ["7", "7"])
        // The earliest to the latest, whatever the order and whatever lies between.
        #expect(try BothPaths.value("span(i.date for i in items)", dated(["2025-03-05", "2025-03-21", "2025-03-01", "2025-03-10"])) == ["20", "20"])
        // Only the items the `where` keeps.
        #expect(try BothPaths.value("span(i.date for i in items where i.date > 2025-03-01)", dated(["2025-03-01", "2025-03-05", "2025-03-09"])) == ["4", "4"])
    }

    @Test func spanAcrossAYearEnd() throws {
        #expect(try BothPaths.value("span(i.date for i in items)", dated(["2025-12-30", "2026-01-02"])) == ["3", "3"])
        #expect(try BothPaths.value("span(i.date for i in items)", dated(["2026-01-02", "2025-12-31", "2025-12-30"])) == ["3", "3"])
        #expect(try BothPaths.value("span(i.date for i in items)", dated(["2025-12-31", "2026-12-31"])) == ["365", "365"])
    }

    @Test func spanAgainstWeeksAtTheThreshold() throws {
        // `span >= 3 weeks` first holds at 21 days.
        for (last, expected) in [("2025-03-21", false), ("2025-03-22", true), ("2025-03-23", true)] {
            #expect(try BothPaths.holds("span(i.date for i in items) >= 3 weeks", dated(["2025-03-01", last])) == [expected, expected], "\(last)")
        }
    }

    func distinctWeeks(_ dates: [String]) throws -> [String] {
        try BothPaths.value("count(distinct week_of(i.date) for i in items)", dated(dates))
    }

    @Test func weekOfStartsOnMonday() throws {
        // 2025-12-28 is a Sunday, 2025-12-29 a Monday, 2026-01-04 a Sunday, 2026-01-05 a Monday.
        #expect(try distinctWeeks(["2025-12-28", "2025-12-29"]) == ["2", "2"])
        #expect(try distinctWeeks(["2025-12-29", "2026-01-04"]) == ["1", "1"])
        #expect(try distinctWeeks(["2026-01-04", "2026-01-05"]) == ["2", "2"])
        #expect(try distinctWeeks(["2025-12-29", "2025-12-30", "2025-12-31", "2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04"]) == ["1", "1"])
        #expect(try distinctWeeks(["2025-12-28", "2025-12-29", "2026-01-04", "2026-01-05"]) == ["3", "3"])
        // Monday to Monday is one week later; Sunday to Monday the next week.
        #expect(try BothPaths.holds("week_of(submission.started) + 1 = week_of(submission.submitted)", started: "2025-12-29", submitted: "2026-01-05") == [true, true])
        #expect(try BothPaths.holds("week_of(submission.started) + 1 = week_of(submission.submitted)", started: "2025-12-28", submitted: "2025-12-29") == [true, true])
        #expect(try BothPaths.holds("week_of(submission.started) = week_of(submission.submitted)", started: "2025-12-29", submitted: "2026-01-04") == [true, true])
    }

    @Test func weekOfAroundTheEpoch() throws {
        // 1970-01-01 was a Thursday: 1969-12-28 (Sun), 12-29 (Mon), 1970-01-04 (Sun), 01-05 (Mon).
        #expect(try distinctWeeks(["1969-12-28", "1969-12-29"]) == ["2", "2"])
        #expect(try distinctWeeks(["1969-12-29", "1970-01-01", "1970-01-04"]) == ["1", "1"])
        #expect(try distinctWeeks(["1970-01-04", "1970-01-05"]) == ["2", "2"])
        #expect(try BothPaths.holds("week_of(submission.started) + 1 = week_of(submission.submitted)", started: "1969-12-22", submitted: "1969-12-29") == [true, true])
        #expect(try BothPaths.holds("week_of(submission.started) + 1 = week_of(submission.submitted)", started: "1969-12-29", submitted: "1970-01-05") == [true, true])
    }
}
