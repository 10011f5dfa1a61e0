import Foundation

/// The grade scale (grades lowest first, with their mark boundaries) of each ruleset version
/// that produced a set of results: from the checked ruleset when it is at hand (same id,
/// version and SHA-256), otherwise inferred from the results themselves.
public struct GradeScale: Sendable, Equatable {
    /// Grade names, lowest first; an unknown grade between known ones is `(grade N)`.
    public var grades: [String]
    /// The mark boundary of each grade (`total >= N` in its rule), when known.
    public var boundaries: [Double?]
    /// Whether every grade of the scheme is known (always, when read from the ruleset).
    public var complete: Bool
    /// Where the scale came from: a rules path, or "the results".
    public var origin: String

    /// The index of a grade, matched ignoring case and surrounding spaces.
    public func index(of grade: String) -> Int? {
        let wanted = grade.trimmingCharacters(in: .whitespaces).lowercased()
        return grades.firstIndex { $0.lowercased() == wanted }
    }
}

/// Grade scales by ruleset, for results that may come from several rulesets.
public struct GradeScales: Sendable {
    /// Scales by `id version`.
    public private(set) var scales: [String: GradeScale] = [:]
    /// Notes on rulesets found but not used (a different SHA-256: the rules changed since marking).
    public private(set) var notes: [String] = []

    /// The key of a ruleset version.
    public static func key(_ id: String, _ version: String) -> String { id + " " + version }

    /// Builds the scales for the rulesets of `results`, preferring `rulesets` (from `origin`).
    public init(results: [ResultRecord], rulesets: [Ruleset] = [], origin: String = "") {
        var inferred: [String: (names: [Int: String], top: Int?, boundaries: [String: Double])] = [:]
        var hashes: [String: String] = [:]
        for r in results {
            let key = GradeScales.key(r.rulesetID, r.rulesetVersion)
            hashes[key] = r.rulesetSHA256
            var entry = inferred[key] ?? ([:], nil, [:])
            entry.names[r.gradeIndex] = r.grade
            if let next = r.nextGrade {
                entry.names[r.gradeIndex + 1] = next
            } else {
                entry.top = r.gradeIndex
            }
            for step in r.nextSteps {
                if let (grade, boundary) = GradeScales.markStep(step) { entry.boundaries[grade] = boundary }
            }
            inferred[key] = entry
        }
        for (key, entry) in inferred {
            if let ruleset = rulesets.first(where: { GradeScales.key($0.id, $0.version) == key }) {
                if let hash = hashes[key], !hash.isEmpty, hash != ruleset.sourceHash {
                    notes.append(
                        "\(key): the ruleset in \(origin) has a different SHA-256 (\(ruleset.sourceHash.prefix(12)) against \(hash.prefix(12)) in the results), so the grade list is taken from the results")
                } else {
                    scales[key] = GradeScale(
                        grades: ruleset.grading.grades, boundaries: ruleset.grading.boundaries.map { $0?.double }, complete: true, origin: origin)
                    continue
                }
            }
            let top = entry.top ?? (entry.names.keys.max() ?? 0)
            let grades = (0...max(top, entry.names.keys.max() ?? 0)).map { entry.names[$0] ?? "(grade \($0))" }
            let complete = entry.top != nil && (0...top).allSatisfy { entry.names[$0] != nil }
            scales[key] = GradeScale(
                grades: grades, boundaries: grades.map { entry.boundaries[$0] }, complete: complete, origin: "the results")
        }
    }

    /// The scale of the ruleset that produced a result.
    public func scale(for r: ResultRecord) -> GradeScale {
        scales[GradeScales.key(r.rulesetID, r.rulesetVersion)]
            ?? GradeScale(grades: [r.grade], boundaries: [nil], complete: false, origin: "the results")
    }

    /// Reads "Gain N more marks: GRADE needs B and you have …" (the engine's next step for a mark
    /// boundary) as (GRADE, B).
    public static func markStep(_ step: String) -> (String, Double)? {
        guard step.hasPrefix("Gain "), let colon = step.range(of: ": "), let needs = step.range(of: " needs ", range: colon.upperBound..<step.endIndex)
        else { return nil }
        let grade = String(step[colon.upperBound..<needs.lowerBound])
        let rest = step[needs.upperBound...]
        let number = rest.prefix { $0.isNumber || $0 == "." }
        guard let boundary = Double(number) else { return nil }
        return (grade, boundary)
    }

    /// Reads the number of marks short from "Gain N more marks: …".
    public static func marksShort(_ step: String) -> Double? {
        guard step.hasPrefix("Gain ") else { return nil }
        let number = step.dropFirst(5).prefix { $0.isNumber || $0 == "." }
        return Double(number)
    }
}
