/// A name written in the source, with where it was written.
public struct Identifier: Sendable, Equatable {
    /// The name.
    public var name: String
    /// Its byte range.
    public var range: Range<Int>
}

/// A string literal: its source text (with quotes and escapes) and its decoded value.
public struct StringLiteral: Sendable, Equatable {
    /// The literal as written, quotes included.
    public var raw: String
    /// Its range.
    public var range: Range<Int>
    /// The decoded value.
    public var value: String { StringLiteralDecoding.decode(raw) }
}

/// A calendar date (proleptic Gregorian), as written `2025-09-01`.
public struct CalendarDate: Sendable, Equatable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var day: Int

    /// Creates a date from a day number.
    public init(day: Int) { self.day = day }

    /// Parses `YYYY-MM-DD`, or returns nil when the text is not a real date.
    public init?(_ text: some StringProtocol) {
        var text = String(text)
        guard let day = text.withUTF8({ CalendarDate.day(utf8: $0) }) else { return nil }
        self.day = day
    }

    /// The day number of `YYYY-MM-DD` bytes (a real date), or nil: the one date reader, used by
    /// the rule checker and, straight from JSON bytes, by the evidence reader.
    static func day(utf8 u: UnsafeBufferPointer<UInt8>) -> Int? {
        guard isDateShaped(utf8: u) else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard u[i] >= 48, u[i] <= 57 else { return nil }
                v = v * 10 + Int(u[i] - 48)
            }
            return v
        }
        guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10), (1...12).contains(m), d >= 1,
            d <= CalendarDate.daysIn(month: m, year: y)
        else { return nil }
        return CalendarDate.daysFromCivil(y, m, d)
    }

    /// Whether bytes have the shape `YYYY-MM-DD` (four, two and two digits), a real date or not:
    /// what tells "not a real date" (2025-02-30) from "not a date as YYYY-MM-DD" (2025-2-3).
    static func isDateShaped(utf8 u: UnsafeBufferPointer<UInt8>) -> Bool {
        guard u.count == 10 else { return false }
        for i in 0..<10 {
            let isDash = i == 4 || i == 7
            if isDash ? u[i] != UInt8(ascii: "-") : !(u[i] >= 48 && u[i] <= 57) { return false }
        }
        return true
    }

    /// Whether text has the shape `YYYY-MM-DD`, a real date or not.
    public static func isDateShaped(_ text: some StringProtocol) -> Bool {
        var text = String(text)
        return text.withUTF8 { isDateShaped(utf8: $0) }
    }

    static func daysIn(month m: Int, year y: Int) -> Int {
        switch m {
        case 2: (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Howard Hinnant's days-from-civil algorithm.
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The date as `YYYY-MM-DD`.
    public var description: String {
        let z = day + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func pad(_ v: Int, _ n: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, n - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool { a.day < b.day }
}

/// A type written in an evidence declaration or a definition's parameter list.
public indirect enum TypeSyntax: Sendable, Equatable {
    /// `text`, `number`, `boolean`, `date`, or the name of a declared enum or record.
    case named(Identifier)
    /// `list of T`.
    case list(TypeSyntax, range: Range<Int>)
    /// `optional T`.
    case optional(TypeSyntax, range: Range<Int>)

    /// Where the type is written.
    public var range: Range<Int> {
        switch self {
        case .named(let id): id.range
        case .list(_, let r), .optional(_, let r): r
        }
    }
}

/// An expression: a condition, a count, a value.
public struct Expr: Sendable, Equatable {
    /// What the expression is.
    public var kind: Kind
    /// Where it is written.
    public var range: Range<Int>

    /// Creates an expression.
    public init(_ kind: Kind, _ range: Range<Int>) {
        self.kind = kind
        self.range = range
    }

    /// The forms an expression takes.
    public indirect enum Kind: Sendable, Equatable {
        /// A number as written (`3`, `2.5`).
        case number(String)
        /// A duration: a number of days or weeks, as a number of days (`14 days`, `3 weeks`).
        case duration(String, DurationUnit)
        /// A string literal.
        case string(StringLiteral)
        /// A date literal.
        case date(String)
        /// `true` or `false`.
        case boolean(Bool)
        /// A name: a definition, a binder, `items`, `submission`, `total`, a point id.
        case name(Identifier)
        /// `base.field`.
        case member(Expr, Identifier)
        /// `name(arguments)`: a call of a definition or a built-in function.
        case call(Identifier, [Expr])
        /// `[a, b, c]`.
        case list([Expr])
        /// `not e` or `-e`.
        case unary(UnaryOperator, Expr)
        /// `a op b`.
        case binary(BinaryOperator, Expr, Expr)
        /// `e is missing`, `e is present`, `point is met` and the like.
        case test(Expr, TestKind)
        /// `a within n of b`: the dates are at most `n` days apart.
        case within(Expr, Expr, Expr)
        /// `days between a and b` or `weeks between a and b`.
        case between(DurationUnit, Expr, Expr)
        /// `any(x in c where p)`, `all(…)`, `none(…)`, `count(x in c where p)`.
        case quantifier(Quantifier, Identifier, Expr, Expr?)
        /// `sum(e for x in c where p)` and the other aggregates.
        case aggregate(Aggregate, Expr, Identifier, Expr, Expr?)
        /// `at least N of (p, q, r) are met` (or `partially met`, `not met`): counting over
        /// points in the grading scheme; the count is the number as written.
        case atLeast(Expr, [Identifier], TestKind)
        /// `observation is "Pass"`: a component reached at least that grade (grading only).
        case gradeTest(Identifier, StringLiteral)
        /// `at least N of (a, b) are "Pass"`, or `at least N components are "Pass"` (nil list):
        /// counting over components' grades.
        case atLeastGrade(Expr, [Identifier]?, StringLiteral)
        /// `every component is "Pass"`.
        case everyComponent(StringLiteral)
        /// `every point in observation is met` (or `partially met`, `not met`).
        case everyPoint(Identifier, TestKind)
        /// `(e)`: kept so the formatter keeps the author's parentheses.
        case group(Expr)
        /// Stands where an expression was expected but could not be parsed; already reported.
        case missing
    }
}

/// Units of a duration literal or `between`.
public enum DurationUnit: String, Sendable, Equatable {
    case days, weeks
}

/// Prefix operators.
public enum UnaryOperator: String, Sendable, Equatable {
    case not, negate = "-"
}

/// Infix operators, loosest-binding first in the grammar.
public enum BinaryOperator: String, Sendable, Equatable {
    case or, and
    case equal = "=", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case `in`, notIn = "not in", mentions
    case plus = "+", minus = "-", times = "*", divide = "/"
    case otherwise
}

/// What an `is` test asks.
public enum TestKind: String, Sendable, Equatable {
    case missing, present
    case met, partiallyMet = "partially met", notMet = "not met"
}

/// Quantifiers over a list, binding one name.
public enum Quantifier: String, Sendable, Equatable {
    case any, all, none, count
}

/// Aggregates over a list: `AGG(value for x in list where filter)`.
public enum Aggregate: String, Sendable, Equatable {
    /// Number of distinct values.
    case countDistinct = "count distinct"
    /// The distinct values, as a list.
    case distinct
    case sum, min, max
    /// Days from the earliest to the latest date.
    case span
}

/// A verdict level named in the source: `met`, `partially met`, `not met`.
public enum VerdictLevel: Int, Sendable, Equatable, Comparable {
    case notMet = 0, partiallyMet = 1, met = 2

    /// The words used in rule files and reports.
    public var words: String {
        switch self {
        case .notMet: "not met"
        case .partiallyMet: "partially met"
        case .met: "met"
        }
    }

    public static func < (a: VerdictLevel, b: VerdictLevel) -> Bool { a.rawValue < b.rawValue }
}
