/// An exact number of marks: marks, totals, boundaries and floors are counted in hundredths of
/// a mark, so any sum a mark sheet can write (0.7 + 0.1 + 0.1 = 0.9) compares as a person
/// expects. Rule files write marks with at most `Marks.decimalPlaces` decimal places.
public struct Marks: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The number of hundredths of a mark.
    public var hundredths: Int64

    /// The decimal places a rule file may write in marks and in comparisons with `total`.
    public static let decimalPlaces = 2
    /// Hundredths in one mark.
    static let scale: Int64 = 100
    /// The largest number of marks a rule file may write (so that any sum of a ruleset's marks
    /// stays far inside 64 bits, and converts to a `Double` exactly).
    public static let limit = Marks(hundredths: 1_000_000_000_000)

    /// No marks.
    public static let zero = Marks(hundredths: 0)

    /// Marks from a number of hundredths.
    public init(hundredths: Int64) {
        self.hundredths = hundredths
    }

    /// A whole number of marks.
    public init(_ whole: Int) {
        hundredths = Int64(whole) * Marks.scale
    }

    /// Why a decimal literal is not a number of marks.
    public enum LiteralProblem: Error, Equatable {
        /// The text is not a plain decimal number.
        case notANumber
        /// More decimal places than `Marks.decimalPlaces`.
        case tooManyDecimalPlaces
        /// Larger than `Marks.limit`.
        case tooLarge
    }

    /// Reads a decimal literal as written in a rule file (`4`, `0.5`, `12.25`, `1e2` is not
    /// accepted), exactly.
    public static func parse(_ text: Substring) -> Result<Marks, LiteralProblem> {
        var bytes = Array(text.utf8)
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes.removeFirst()
        }
        guard !bytes.isEmpty else { return .failure(.notANumber) }
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var places = 0
        var seenPoint = false
        var digits = 0
        for b in bytes {
            if b == UInt8(ascii: ".") {
                guard !seenPoint else { return .failure(.notANumber) }
                seenPoint = true
                continue
            }
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return .failure(.notANumber) }
            let d = Int64(b - UInt8(ascii: "0"))
            digits += 1
            if seenPoint {
                places += 1
                if places > decimalPlaces {
                    // Trailing zeros beyond the allowed places change nothing.
                    if d != 0 { return .failure(.tooManyDecimalPlaces) }
                    continue
                }
                fraction = fraction * 10 + d
            } else {
                whole = whole * 10 + d
                if whole > limit.hundredths / scale { return .failure(.tooLarge) }
            }
        }
        guard digits > 0 else { return .failure(.notANumber) }
        for _ in min(places, decimalPlaces)..<decimalPlaces { fraction *= 10 }
        let value = whole * scale + fraction
        guard value <= limit.hundredths else { return .failure(.tooLarge) }
        return .success(Marks(hundredths: negative ? -value : value))
    }

    /// The marks nearest a number read from a result file (results write marks exactly, so this
    /// recovers them; anything finer than a hundredth is rounded).
    public init(nearest value: Double) {
        let scaled = (value * Double(Marks.scale)).rounded()
        hundredths = scaled.isFinite && Swift.abs(scaled) < 9e15 ? Int64(scaled) : 0
    }

    /// Reads a decimal literal, or nil when it is not exactly a number of marks.
    public init?(exactly text: String) {
        guard case .success(let m) = Marks.parse(Substring(text)) else { return nil }
        self = m
    }

    /// The nearest `Double`: exact arithmetic first, one rounding last, so comparisons of two
    /// such values agree with the exact ones.
    public var double: Double { Double(hundredths) / Double(Marks.scale) }

    /// The marks as a rule file or report writes them: `4`, `0.5`, `12.25`, `-1.5`.
    public var description: String {
        let magnitude = hundredths.magnitude
        let whole = magnitude / UInt64(Marks.scale)
        let fraction = magnitude % UInt64(Marks.scale)
        var text = hundredths < 0 ? "-" : ""
        text += String(whole)
        if fraction != 0 {
            var digits = String(fraction)
            while digits.count < Marks.decimalPlaces { digits = "0" + digits }
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text
    }

    public static func < (a: Marks, b: Marks) -> Bool { a.hundredths < b.hundredths }
    /// The sum (rule files keep marks far below overflow: see `limit`).
    public static func + (a: Marks, b: Marks) -> Marks { Marks(hundredths: a.hundredths &+ b.hundredths) }
    /// The difference.
    public static func - (a: Marks, b: Marks) -> Marks { Marks(hundredths: a.hundredths &- b.hundredths) }
    /// Adds in place.
    public static func += (a: inout Marks, b: Marks) { a.hundredths = a.hundredths &+ b.hundredths }
}
