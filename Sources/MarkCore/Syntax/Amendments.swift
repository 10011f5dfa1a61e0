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

/// `remove point id` or `remove define name`: drops a declaration of the base ruleset.
public struct Removal: Sendable, Equatable {
    /// What is removed.
    public enum Kind: String, Sendable, Equatable { case point, define }
    /// A marking point or a definition.
    public var kind: Kind
    /// Its id or name.
    public var name: Identifier
    /// Where it is written.
    public var range: Range<Int>
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

    /// `replace point …` or `replace define …`: the declaration, marked as a replacement.
    mutating func parseReplacement() throws(Recovery) -> Declaration {
        let keyword = advance().range
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
        try fail("'point' or 'define' after 'replace'")
    }

    /// `remove point id` or `remove define name`.
    mutating func parseRemoval() throws(Recovery) -> Removal {
        let start = advance().range.lowerBound
        guard at("point") || at("define") else { try fail("'point' or 'define' after 'remove'") }
        let kind: Removal.Kind = at("point") ? .point : .define
        advance()
        let name = try expectIdentifier("the \(kind == .point ? "marking point's id" : "definition's name") to remove")
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
