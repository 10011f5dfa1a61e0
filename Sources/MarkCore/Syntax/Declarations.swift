/// One parsed `.rules` file: a ruleset or a library, its declarations in source order, and its
/// comments.
public struct RuleFile: Sendable, Equatable {
    /// The declarations, in the order written.
    public var declarations: [Declaration]
    /// Every comment in the file, in order.
    public var comments: [Comment]
}

/// A top-level declaration.
public enum Declaration: Sendable, Equatable {
    case header(Header)
    case `import`(Import)
    case evidence(EvidenceDeclaration)
    case define(Definition)
    case point(MarkingPoint)
    case grading(GradingScheme)
    /// `extends "base.rules" version "…"`.
    case extends(Extension)
    /// `remove point id`, `remove define name`, `remove grade "G"`, `remove floor id`.
    case removal(Removal)
    /// `replace grade "G" when …`, `replace floor id at …`, or a bare `grade`/`floor` adding one.
    case gradingAmendment(GradingAmendment)

    /// Where the declaration is written.
    public var range: Range<Int> {
        switch self {
        case .header(let d): d.range
        case .import(let d): d.range
        case .evidence(let d): d.range
        case .define(let d): d.range
        case .point(let d): d.range
        case .grading(let d): d.range
        case .extends(let d): d.range
        case .removal(let d): d.range
        case .gradingAmendment(let d): d.range
        }
    }
}

/// `ruleset "id" { … }` or `library "id"`.
public struct Header: Sendable, Equatable {
    /// Whether this file is a ruleset or a library.
    public enum Kind: String, Sendable, Equatable { case ruleset, library }
    /// Ruleset or library.
    public var kind: Kind
    /// The id in quotes.
    public var id: StringLiteral
    /// The entries inside the braces (libraries have none).
    public var entries: [HeaderEntry]
    /// Where it is written.
    public var range: Range<Int>
}

/// One line of a ruleset header.
public enum HeaderEntry: Sendable, Equatable {
    /// `title "…"`, `version "…"`, `unit "…"`, `qualification "…"`.
    case text(Identifier, StringLiteral)
    /// `applies from DATE until DATE` (until is optional).
    case applies(from: Expr, until: Expr?, range: Range<Int>)
}

/// `import "path.rules"`.
public struct Import: Sendable, Equatable {
    /// The path, relative to the importing file.
    public var path: StringLiteral
    /// Where it is written.
    public var range: Range<Int>
}

/// `evidence { … }`: the shape of the evidence a ruleset reads.
public struct EvidenceDeclaration: Sendable, Equatable {
    /// Members in source order.
    public var members: [EvidenceMember]
    /// Where it is written.
    public var range: Range<Int>
    /// Whether it is `extend evidence { … }`, adding to the declaration read from elsewhere.
    public var extends = false
}

/// A member of an evidence declaration.
public enum EvidenceMember: Sendable, Equatable {
    /// `kinds a, b, c`: the item kinds.
    case kinds([Identifier], range: Range<Int>)
    /// `enum name { a, b }`.
    case enumeration(Identifier, [Identifier], range: Range<Int>)
    /// `record name { field: type … }`.
    case record(Identifier, [FieldDeclaration], range: Range<Int>)
    /// `item { field: type … }`: the fields of every evidence item besides id, kind and date.
    case item([FieldDeclaration], range: Range<Int>)

    /// Where the member is written.
    public var range: Range<Int> {
        switch self {
        case .kinds(_, let r), .enumeration(_, _, let r), .record(_, _, let r), .item(_, let r): r
        }
    }
}

/// `name: type`, optionally with a scale: `csat: optional number from 0 to 10`.
public struct FieldDeclaration: Sendable, Equatable {
    /// The field's name.
    public var name: Identifier
    /// The field's type.
    public var type: TypeSyntax
    /// The scale a number field's values must lie on, if declared.
    public var scale: ScaleSyntax? = nil
}

/// `from LOW to HIGH` after a number field's type: the values a submission may give.
public struct ScaleSyntax: Sendable, Equatable {
    /// The lowest value as written (`0`, `-100`, `0.5`).
    public var low: String
    /// The highest value as written.
    public var high: String
    /// Where `from … to …` is written.
    public var range: Range<Int>
}

/// `define name = expr` or `define name(p: type, …) = expr`.
public struct Definition: Sendable, Equatable {
    /// The defined name.
    public var name: Identifier
    /// The parameters, or nil for a value definition.
    public var parameters: [FieldDeclaration]?
    /// The body.
    public var body: Expr
    /// Where it is written.
    public var range: Range<Int>
    /// Where `replace` is written, when it replaces a definition of the base ruleset.
    public var replaces: Range<Int>? = nil
}

/// `point id "examiner's wording" { … }`.
public struct MarkingPoint: Sendable, Equatable {
    /// The point's id.
    public var id: Identifier
    /// The examiner's wording, kept with the point.
    public var wording: StringLiteral
    /// The statements of the point, in order.
    public var statements: [PointStatement]
    /// Where it is written.
    public var range: Range<Int>
    /// Where `replace` is written, when it replaces a point of the base ruleset.
    public var replaces: Range<Int>? = nil
}

/// A statement inside a marking point.
public enum PointStatement: Sendable, Equatable {
    /// `marks N`: marks when met.
    case marks(Expr, range: Range<Int>)
    /// `marks 5 per qualifying, at most 20`: marks computed from a value of the point.
    case computedMarks(MarkScale, range: Range<Int>)
    /// `partial marks N`: marks when partially met.
    case partialMarks(Expr, range: Range<Int>)
    /// `required for "Grade"`.
    case requiredFor(StringLiteral, range: Range<Int>)
    /// `let name = expr`.
    case binding(Identifier, Expr, range: Range<Int>)
    /// `met when expr` or `partially met when expr`.
    case condition(VerdictLevel, Expr, range: Range<Int>)
    /// `feedback met "…"` (and partially met, not met).
    case feedback(VerdictLevel, StringLiteral, range: Range<Int>)
    /// `advice "…"`: what the learner should do to meet the point, in the learner's terms.
    case advice(StringLiteral, range: Range<Int>)

    /// Where the statement is written.
    public var range: Range<Int> {
        switch self {
        case .marks(_, let r), .computedMarks(_, let r), .partialMarks(_, let r), .requiredFor(_, let r), .binding(_, _, let r),
            .condition(_, _, let r), .feedback(_, _, let r), .advice(_, let r):
            r
        }
    }
}

/// `marks 5 per qualifying, at most 20`: so many marks for each unit of a count, capped.
public struct MarkScale: Sendable, Equatable {
    /// The marks for each unit (`5`).
    public var per: Expr
    /// What is counted (`qualifying`, or any number expression).
    public var count: Expr
    /// The cap (`at most 20`); the checker requires it, so the maximum is known statically.
    public var maximum: Expr?
}

/// `grading { … }`.
public struct GradingScheme: Sendable, Equatable {
    /// Statements in order.
    public var statements: [GradingStatement]
    /// Where it is written.
    public var range: Range<Int>
    /// With an extending ruleset's amendments applied (`replace grade …`): the file of each
    /// statement, by index; empty when every statement is written in the scheme's own file.
    public var statementFiles: [Int] = []

    /// The file statement `index` is written in: `file` (the scheme's) unless amended.
    public func file(ofStatement index: Int, default file: Int) -> Int {
        index < statementFiles.count ? statementFiles[index] : file
    }
}

/// A statement of a grading scheme.
public enum GradingStatement: Sendable, Equatable {
    /// `grades "Referral", "Pass", …`: lowest first.
    case grades([StringLiteral], range: Range<Int>)
    /// `floor point at partially met`: below this, the lowest grade whatever the total.
    case floor(Identifier, VerdictLevel, range: Range<Int>)
    /// `floor point at 10 marks`: fewer marks on the point than this, the lowest grade.
    case markFloor(Identifier, Expr, range: Range<Int>)
    /// `grade "Merit" when expr`.
    case rule(StringLiteral, Expr, range: Range<Int>)
    /// `component id "title" { points a, b … grades … grade … when … }`: a group of points
    /// with its own grade scale and rules.
    case component(ComponentScheme, range: Range<Int>)
    /// `combine a, b { "Pass", any gives "Pass" … otherwise "Fail" }`: the overall grade by a
    /// table of the components' grades.
    case combine(CombineTable, range: Range<Int>)

    /// Where the statement is written.
    public var range: Range<Int> {
        switch self {
        case .grades(_, let r), .floor(_, _, let r), .markFloor(_, _, let r), .rule(_, _, let r), .component(_, let r), .combine(_, let r): r
        }
    }
}

/// A component of the grading scheme: named points graded on their own scale (an end-point
/// assessment's observation, discussion, portfolio).
public struct ComponentScheme: Sendable, Equatable {
    /// The component's id.
    public var id: Identifier
    /// Its title, shown in reports.
    public var title: StringLiteral
    /// `points a, b, c`: the marking points it groups.
    public var points: [Identifier]
    /// Where `points …` is written, if it is.
    public var pointsRange: Range<Int>?
    /// Its `grades`, `floor` and `grade … when` statements.
    public var statements: [GradingStatement]
}
