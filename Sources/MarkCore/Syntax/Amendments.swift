/// `extends "base.rules" version "1.0.3"`: this ruleset is a later version of the ruleset in
/// that file, and keeps everything of it that it does not replace or remove.
public struct Extension: Sendable, Equatable {
    /// The base ruleset's path, relative to this file (or found on the library path).
    public var path: StringLiteral
    /// The base's version as written here; it must match the base's header.
    public var version: StringLiteral?
    /// Where it is written.
    public var range: Range<Int>
}

/// `remove point id`, `remove define name`, `remove grade "G"` or `remove floor id`: drops a
/// declaration of the base ruleset, or a grade's rule or a floor of the base's grading scheme.
public struct Removal: Sendable, Equatable {
    /// What is removed.
    public enum Kind: String, Sendable, Equatable { case point, define, grade, floor }
    /// A marking point, a definition, a grade's rule or a floor.
    public var kind: Kind
    /// Its id or name; for a grade, the grade's name without quotes (its range covers them).
    public var name: Identifier
    /// A grade's name as written, quotes and all.
    public var grade: StringLiteral? = nil
    /// Where it is written.
    public var range: Range<Int>

    /// The removed thing as written after `remove`: `point id`, `grade "Merit"`.
    public var target: String { kind.rawValue + " " + (grade?.raw ?? name.name) }
}

/// One statement of the base's grading scheme changed by an extending ruleset:
/// `replace grade "Merit" when …` or `replace floor id at …` replaces the base's; a bare
/// `grade "G" when …` or `floor id at …` outside any grading block adds one.
public struct GradingAmendment: Sendable, Equatable {
    /// The new statement: a `.rule`, `.floor` or `.markFloor`.
    public var statement: GradingStatement
    /// Where `replace` is written; nil when the statement is added.
    public var replaces: Range<Int>?
    /// Where it is written, `replace` included.
    public var range: Range<Int>

    /// The grade whose rule, or the point whose floor, this statement is.
    public var target: (kind: Removal.Kind, name: String, range: Range<Int>)? {
        switch statement {
        case .rule(let grade, _, _): (.grade, grade.value, grade.range)
        case .floor(let id, _, _), .markFloor(let id, _, _): (.floor, id.name, id.range)
        default: nil
        }
    }
}

extension Parser {
    /// The words that start a declaration only a ruleset extending another (or, for `extend
    /// evidence`, any file) writes.
    static let amendmentKeywords = ["extends", "replace", "remove", "extend"]

    /// `extends "path" [version "v"]`.
    mutating func parseExtension() throws(Recovery) -> Extension {
        let start = advance().range.lowerBound
        let path = try expectString("the base ruleset's file in quotes after 'extends'")
        var version: StringLiteral?
        if at("version") {
            advance()
            version = try expectString("the base ruleset's version in quotes after 'version'")
        }
        return Extension(path: path, version: version, range: start..<previousEnd)
    }

    /// `replace point …`, `replace define …`, `replace grade … when …` or `replace floor …`:
    /// the declaration, marked as a replacement.
    mutating func parseReplacement() throws(Recovery) -> Declaration {
        let keyword = advance().range
        if at("grade") || at("floor") {
            let statement = try parseGradingStatement()
            return .gradingAmendment(GradingAmendment(statement: statement, replaces: keyword, range: keyword.lowerBound..<statement.range.upperBound))
        }
        if at("point") {
            var point = try parseMarkingPoint()
            point.replaces = keyword
            point.range = keyword.lowerBound..<point.range.upperBound
            return .point(point)
        }
        if at("define") {
            var definition = try parseDefinition()
            definition.replaces = keyword
            definition.range = keyword.lowerBound..<definition.range.upperBound
            return .define(definition)
        }
        try fail("'point', 'define', 'grade' or 'floor' after 'replace'")
    }

    /// A bare `grade "G" when …` or `floor id at …` outside a grading block: one statement added
    /// to the base's grading scheme (the checker refuses it in a ruleset that extends nothing).
    mutating func parseGradingAddition() throws(Recovery) -> Declaration {
        let statement = try parseGradingStatement()
        return .gradingAmendment(GradingAmendment(statement: statement, replaces: nil, range: statement.range))
    }

    /// `remove point id`, `remove define name`, `remove grade "G"` or `remove floor id`.
    mutating func parseRemoval() throws(Recovery) -> Removal {
        let start = advance().range.lowerBound
        let kind: Removal.Kind
        if at("point") { kind = .point } else if at("define") { kind = .define } else if at("grade") { kind = .grade } else if at("floor") {
            kind = .floor
        } else {
            try fail("'point', 'define', 'grade' or 'floor' after 'remove'")
        }
        advance()
        if kind == .grade {
            let grade = try expectString("the grade's name in quotes after 'remove grade'")
            return Removal(kind: kind, name: Identifier(name: grade.value, range: grade.range), grade: grade, range: start..<previousEnd)
        }
        let what = ["point": "marking point's id", "define": "definition's name", "floor": "marking point's id whose floor"][kind.rawValue]!
        let name = try expectIdentifier("the \(what) to remove")
        return Removal(kind: kind, name: name, range: start..<previousEnd)
    }

    /// `extend evidence { … }`: members added to the evidence declaration read from a library
    /// or a base ruleset.
    mutating func parseEvidenceExtension() throws(Recovery) -> EvidenceDeclaration {
        let start = advance().range.lowerBound
        guard at("evidence") else { try fail("'evidence' after 'extend' (write 'extend evidence { … }')") }
        var evidence = try parseEvidence()
        evidence.range = start..<evidence.range.upperBound
        evidence.extends = true
        return evidence
    }
}
