/// Grades renamed between two grade scales (`Referral=Fail`): a grade written under its old name
/// is read under the new one, so a renamed grade is not counted as a disagreement. Used by
/// `mark compare` (the old version's grades) and `mark agree` (the decisions' grades).
public struct GradeMap: Sendable, Equatable {
    /// The renamings, in the order given: old name, new name.
    public private(set) var pairs: [Pair] = []

    /// One renaming.
    public struct Pair: Sendable, Equatable {
        /// The grade's old name.
        public var from: String
        /// Its new name.
        public var to: String
    }

    /// No renaming.
    public init() {}

    /// Whether there is no renaming.
    public var isEmpty: Bool { pairs.isEmpty }

    /// Reads `OLD=NEW` specifications (one per `--grade-map` option); a message for the first bad one.
    public static func parse(_ specs: [String]) -> Result<GradeMap, GradeMapError> {
        var map = GradeMap()
        for spec in specs {
            guard let eq = spec.firstIndex(of: "=") else {
                return .failure(GradeMapError("'\(spec)' is not a renaming; write OLD=NEW, for example Referral=Fail"))
            }
            let from = String(spec[..<eq])
            let to = String(spec[spec.index(after: eq)...])
            guard !from.isEmpty, !to.isEmpty else {
                return .failure(GradeMapError("'\(spec)' needs a grade on both sides of '=' (OLD=NEW)"))
            }
            if let earlier = map.pairs.first(where: { $0.from == from }) {
                return .failure(GradeMapError("grade '\(from)' is renamed twice ('\(from)=\(earlier.to)' and '\(spec)')"))
            }
            map.pairs.append(Pair(from: from, to: to))
        }
        return .success(map)
    }

    /// The grade's name after renaming (itself when not renamed).
    public func apply(_ grade: String) -> String {
        pairs.first { $0.from == grade }?.to ?? grade
    }

    /// Each grade of a scale renamed.
    public func apply(_ grades: [String]) -> [String] {
        grades.map(apply)
    }

    /// The renamings whose old name is among `grades`, as `Referral → Fail`.
    public func applied(to grades: [String]) -> [String] {
        pairs.filter { grades.contains($0.from) }.map { "\($0.from) → \($0.to)" }
    }
}

/// A `--grade-map` specification that cannot be read.
public struct GradeMapError: Error, Sendable, Equatable {
    /// What is wrong, in words.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
}
